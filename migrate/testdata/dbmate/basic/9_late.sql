-- migrate:up
SELECT 9;
-- migrate:down
