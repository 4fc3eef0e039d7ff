-- atlas:txmode none

CREATE INDEX CONCURRENTLY products_name ON products (name);
