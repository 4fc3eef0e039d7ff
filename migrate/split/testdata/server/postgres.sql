-- Every statement below must run on a real PostgreSQL server once cut by Split.
CREATE TABLE countdown (id int PRIMARY KEY, "begin" text, note text DEFAULT 'it''s; fine');
INSERT INTO countdown VALUES (1, 'a', E'back\'slash; \\ still one string');
CREATE FUNCTION touch() RETURNS trigger AS $body$
BEGIN
  NEW.note := $$nested; dollar$$ || ';';
  RETURN NEW;
END;
$body$ LANGUAGE plpgsql;
CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT a + b;
END;
/* a block comment; with a semicolon /* nested */ still comment */
CREATE TRIGGER countdown_touch BEFORE INSERT ON countdown FOR EACH ROW EXECUTE FUNCTION touch();
DO $$ BEGIN PERFORM add(1, 2); END $$;
SELECT CASE WHEN id > 0 THEN 'pos' ELSE 'neg' END FROM countdown; SELECT 2
