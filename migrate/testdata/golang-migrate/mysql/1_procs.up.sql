CREATE TABLE t (id int);

# lint:ignore MY101 legacy table
CREATE PROCEDURE fill_t()
BEGIN
  DECLARE i INT DEFAULT 0;
  WHILE i < 10 DO
    INSERT INTO t VALUES (i);
    SET i = i + 1;
  END WHILE;
END;

CALL fill_t();
