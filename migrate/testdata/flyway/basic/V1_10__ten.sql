ALTER TABLE accounts ADD COLUMN ten int;
