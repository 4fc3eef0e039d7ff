ALTER TABLE accounts ADD COLUMN nine int;
