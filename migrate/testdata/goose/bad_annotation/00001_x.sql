-- +goose Up
CREATE TABLE x (id int);
-- +goose Upgrade
