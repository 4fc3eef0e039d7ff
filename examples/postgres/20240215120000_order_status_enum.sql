-- atlas:txmode none

CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped');

CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_created_at_idx ON orders (created_at);
