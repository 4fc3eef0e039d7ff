-- migrate:up
CREATE TABLE t (id int);

  delimiter //
CREATE PROCEDURE fill_t()
BEGIN
  INSERT INTO t VALUES (1);
END //
delimiter ;

-- migrate:down
DROP PROCEDURE fill_t;
DROP TABLE t;
