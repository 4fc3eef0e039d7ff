-- atlas:nolint DS103

CREATE TABLE products (id bigint PRIMARY KEY, name text);
-- atlas:nolint MF103
ALTER TABLE products ADD COLUMN sku text NOT NULL;
