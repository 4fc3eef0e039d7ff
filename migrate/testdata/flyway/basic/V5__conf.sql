ALTER TABLE accounts ADD COLUMN five int;
