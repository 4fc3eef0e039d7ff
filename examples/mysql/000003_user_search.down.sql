DROP INDEX idx_users_tags ON users;
DROP INDEX idx_users_email_lower ON users;
DROP INDEX idx_users_city ON users;
ALTER TABLE users DROP COLUMN city;
