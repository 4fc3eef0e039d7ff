-- Liquibase Formatted SQL
--property name:schema value:public

--changeset bob:fn splitStatements:false
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT count(*) FROM pg_proc WHERE proname = 'f'
CREATE FUNCTION f() RETURNS int AS $body$
BEGIN
  RETURN 1;
END;
$body$ LANGUAGE plpgsql;
--validCheckSum: 9:any

--changeset bob:delim endDelimiter:/
INSERT INTO orders VALUES (1);
INSERT INTO orders VALUES (2)
/
INSERT INTO orders VALUES (3)
/
/* liquibase rollback
DELETE FROM orders;
*/
