-- migrate:up transaction:false
-- lint:ignore PG101
CREATE INDEX CONCURRENTLY countdown_n ON countdown (n);

-- migrate:down
DROP INDEX countdown_n;
