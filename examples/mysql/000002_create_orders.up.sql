-- Orders, one user each.
CREATE TABLE orders (
  id         bigint unsigned NOT NULL AUTO_INCREMENT,
  user_id    bigint unsigned NOT NULL,
  status     enum('new', 'paid', 'shipped', 'cancelled') NOT NULL DEFAULT 'new',
  note       varchar(500) NULL,
  total      decimal(12,2) NOT NULL,
  created_at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  KEY idx_orders_user (user_id),
  CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
