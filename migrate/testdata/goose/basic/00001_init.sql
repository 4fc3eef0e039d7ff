-- lint:ignore PG101 file-level: above the Up marker
-- +goose Up
CREATE TABLE items (id bigint PRIMARY KEY, name text);
-- lint:ignore DS103,MF103 statement-level
ALTER TABLE items ADD COLUMN price int NOT NULL;

-- +goose Down
DROP TABLE items;
