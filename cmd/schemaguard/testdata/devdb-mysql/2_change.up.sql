ALTER TABLE orders MODIFY total bigint NOT NULL;
ALTER TABLE nowhere ADD COLUMN x int;
