ALTER TABLE accounts ADD COLUMN two int;
