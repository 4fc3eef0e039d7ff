-- header
CREATE TABLE x (id int);
-- +goose Up
SELECT 1;
