ALTER TABLE accounts ADD COLUMN four int;
CREATE INDEX CONCURRENTLY accounts_four ON accounts (four);
