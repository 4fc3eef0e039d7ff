-- +goose Up
-- Multi-line statements whose last line ends in ';' are cut where goose cuts.
CREATE TABLE t (
  id int PRIMARY KEY, -- the key; not a cut
  note text DEFAULT 'a;b'
);
SELECT 1; SELECT 2;
INSERT INTO t (id, note)
VALUES (1, 'x');
-- +goose StatementBegin
CREATE FUNCTION f() RETURNS int AS $$
BEGIN
  RETURN 1;
END
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE FUNCTION g() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;

-- +goose Down
-- +goose StatementBegin
DROP FUNCTION f()
-- +goose StatementEnd
DROP FUNCTION g();
DROP TABLE
  t;
