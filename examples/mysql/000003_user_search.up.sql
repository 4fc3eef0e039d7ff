-- Search by city, case-insensitive e-mail and profile tags (MySQL 8.0.17+).
ALTER TABLE users
  ADD COLUMN city varchar(100) AS (profile->>'$.address.city') VIRTUAL,
  ALGORITHM=INPLACE, LOCK=NONE;

CREATE INDEX idx_users_city ON users (city);

CREATE INDEX idx_users_email_lower ON users ((lower(email)));

CREATE INDEX idx_users_tags ON users ((CAST(profile->'$.tags' AS UNSIGNED ARRAY)));
