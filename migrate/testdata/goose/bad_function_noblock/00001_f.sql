-- +goose Up
CREATE TABLE t (id int);
CREATE FUNCTION f() RETURNS int AS $$
BEGIN
  RETURN 1;
END
$$ LANGUAGE plpgsql;

-- +goose Down
DROP FUNCTION f();
DROP TABLE t;
