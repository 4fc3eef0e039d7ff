DROP TABLE coupons;
ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id);
ALTER TABLE orders DROP COLUMN shipped_on;
ALTER TABLE orders MODIFY note varchar(500) NULL;
ALTER TABLE users CHANGE COLUMN full_name display_name varchar(100) NULL;
ALTER TABLE orders
  MODIFY status enum('new', 'paid', 'shipped', 'cancelled') NOT NULL DEFAULT 'new';
ALTER TABLE orders DROP COLUMN currency;
ALTER TABLE users ADD COLUMN legacy_ref varchar(40) NULL;
