-- +goose Up
CREATE TABLE t (id int);
CREATE TABLE u (id int);

-- +goose Down
DROP TABLE u;
DROP TABLE t
