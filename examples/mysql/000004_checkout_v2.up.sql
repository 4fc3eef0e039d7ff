-- Checkout v2: written in a hurry. `schemaguard lint --dialect mysql` explains
-- what each statement would do to production tables that already hold rows.
-- MySQL commits every DDL statement on its own: if one of them fails, the
-- ones above it stay applied and the migration is left half-done.

ALTER TABLE users DROP COLUMN legacy_ref;

ALTER TABLE orders ADD COLUMN currency char(3) NOT NULL;

ALTER TABLE orders
  MODIFY status enum('new', 'pending', 'paid', 'shipped') NOT NULL DEFAULT 'new';

ALTER TABLE users CHANGE COLUMN display_name full_name varchar(100) NULL;

ALTER TABLE orders MODIFY note varchar(140) NULL;

ALTER TABLE orders ADD COLUMN shipped_on date NOT NULL;

ALTER TABLE orders DROP FOREIGN KEY fk_orders_user;

-- lint:ignore DS102 the audit table was never used in production
DROP TABLE IF EXISTS audit_log;

-- Created here, so nothing below is flagged: the table holds no rows yet.
CREATE TABLE coupons (
  id   bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code varchar(32) NOT NULL
) ENGINE=InnoDB;
CREATE UNIQUE INDEX ux_coupons_code ON coupons (code);
