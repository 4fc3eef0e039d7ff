-- +goose Up
CREATE TABLE x (id int)

-- +goose Down
DROP TABLE x;
