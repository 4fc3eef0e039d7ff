-- migrate:up
CREATE TABLE x (id int);
