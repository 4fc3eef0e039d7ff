-- Checkout v2: written in a hurry. `schemaguard lint` explains what each
-- statement would do to a production table that already holds rows.

ALTER TABLE users DROP COLUMN legacy_ref;

ALTER TABLE orders ADD COLUMN currency char(3) NOT NULL;

CREATE INDEX orders_user_id_idx ON orders (user_id);

ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);

ALTER TABLE users ALTER COLUMN name SET NOT NULL;

ALTER TABLE orders ALTER COLUMN total TYPE numeric(14,4);

ALTER TABLE users RENAME COLUMN email TO email_address;

-- lint:ignore DS102 the audit table was never used in production
DROP TABLE IF EXISTS audit_log;

-- Created here, so nothing below is flagged: the table holds no rows yet.
CREATE TABLE coupons (id bigserial PRIMARY KEY, code text NOT NULL);
CREATE UNIQUE INDEX coupons_code_key ON coupons (code);
