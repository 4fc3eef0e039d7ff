-- only statements Flyway runs outside a transaction
CREATE INDEX CONCURRENTLY accounts_nine ON accounts (nine);
/* second */ DROP INDEX CONCURRENTLY IF EXISTS old_idx;
