-- lint:ignore DS102 reviewed in #12

CREATE TABLE users (id bigint PRIMARY KEY, name text);
-- lint:ignore PG101
CREATE INDEX users_name ON users (name);
