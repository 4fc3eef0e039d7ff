-- Every statement below must run on a real MariaDB/MySQL server once cut by Split.
CREATE TABLE countdown (id int PRIMARY KEY, `begin` text, note varchar(50) DEFAULT 'it''s; fine'); # a hash comment;
INSERT INTO countdown VALUES (1, 'a', 'back\'slash; still one string');
CREATE PROCEDURE purge_rows(IN keep int)
BEGIN
  DECLARE n int DEFAULT 0;
  IF keep > 0 THEN
    DELETE FROM countdown WHERE id > keep;
  ELSE
    lbl: LOOP
      SET n = n + 1;
      IF n > 3 THEN LEAVE lbl; END IF;
    END LOOP lbl;
  END IF;
END;
CREATE TRIGGER countdown_bi BEFORE INSERT ON countdown FOR EACH ROW
BEGIN
  SET NEW.note = CONCAT(NEW.note, ';');
END;
DELIMITER $$
CREATE FUNCTION twice(x int) RETURNS int DETERMINISTIC
BEGIN
  RETURN x * 2;
END$$
DELIMITER ;
CALL purge_rows(10);
SELECT CASE WHEN id > 0 THEN 'pos' ELSE 'neg' END, twice(id) FROM countdown
