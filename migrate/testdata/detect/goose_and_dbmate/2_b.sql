-- migrate:up
SELECT 2;
-- migrate:down
