--liquibase formatted sql

--changeset alice:1
CREATE TABLE orders (id bigint PRIMARY KEY);
-- lint:ignore PG101 small table
CREATE INDEX orders_id ON orders (id);
--rollback DROP TABLE orders;

-- changeset alice:2 runInTransaction:false
--comment: build the index online
CREATE INDEX CONCURRENTLY orders_id2 ON orders (id);
