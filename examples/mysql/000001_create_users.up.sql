-- Accounts.
CREATE TABLE users (
  id           bigint unsigned NOT NULL AUTO_INCREMENT,
  email        varchar(255) NOT NULL,
  display_name varchar(100) NULL,
  legacy_ref   varchar(40) NULL,
  profile      json NULL,
  created_at   datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  UNIQUE KEY ux_users_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
