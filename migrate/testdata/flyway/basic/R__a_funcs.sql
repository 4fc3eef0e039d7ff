CREATE OR REPLACE FUNCTION bump(x int) RETURNS int AS $body$
BEGIN
  RETURN x + 1; -- a semicolon inside the body
END;
$body$ LANGUAGE plpgsql;
