-- +goose Up
CREATE TABLE t (id int);

CREATE PROCEDURE fill_t()
BEGIN
  INSERT INTO t VALUES (1);
  INSERT INTO t VALUES (2);
END;

-- +goose Down
DROP PROCEDURE fill_t;
DROP TABLE t;
