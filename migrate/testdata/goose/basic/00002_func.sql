-- +goose Up
-- +goose StatementBegin
-- atlas:nolint PG301
CREATE FUNCTION touch() RETURNS trigger AS $$
BEGIN
  NEW.updated = now();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TYPE mood AS ENUM ('sad', 'ok');
ALTER TABLE items ADD COLUMN mood mood
-- +goose StatementEnd
SELECT 1;

-- +goose Down
-- +goose StatementBegin
DROP FUNCTION touch();
-- +goose StatementEnd
