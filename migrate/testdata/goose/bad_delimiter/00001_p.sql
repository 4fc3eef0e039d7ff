-- +goose Up
CREATE TABLE t (id int);

-- +goose StatementBegin
DELIMITER $$
CREATE PROCEDURE fill_t()
BEGIN
  INSERT INTO t VALUES (1);
END$$
DELIMITER ;
-- +goose StatementEnd

-- +goose Down
DROP PROCEDURE fill_t;
DROP TABLE t;
