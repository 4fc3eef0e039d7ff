-- +goose no transaction
-- +goose Up
CREATE INDEX CONCURRENTLY items_name ON items (name);

-- +goose Down
DROP INDEX items_name;
