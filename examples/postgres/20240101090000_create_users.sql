-- Accounts and their orders.
CREATE TABLE users (
  id         bigserial PRIMARY KEY,
  email      text NOT NULL,
  name       varchar(200),
  legacy_ref varchar(40),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id         bigserial PRIMARY KEY,
  user_id    bigint NOT NULL,
  status     text NOT NULL DEFAULT 'new',
  total      numeric(12,2) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_log (
  id    bigserial PRIMARY KEY,
  event text NOT NULL
);
