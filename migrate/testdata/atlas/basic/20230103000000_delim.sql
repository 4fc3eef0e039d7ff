-- atlas:delimiter //
CREATE FUNCTION g() RETURNS int AS 'SELECT 1; SELECT 2' LANGUAGE sql//
SELECT g()//
