package split

import (
	"errors"
	"testing"
)

var my = Options{Dialect: MySQL}

const procedure = `CREATE DEFINER=` + "`root`@`%`" + ` PROCEDURE p(IN n INT)
BEGIN
  DECLARE i INT DEFAULT 0;
  DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN SET @err = 1; END;
  outer_blk: BEGIN
    IF n > 10 THEN
      SET i = IF(n > 100, 100, n);
    ELSEIF n < 0 THEN
      SET i = 0;
    ELSE
      BEGIN
        SELECT CASE WHEN n = 1 THEN 'one' ELSE 'many' END;
      END;
    END IF;
    CASE i
      WHEN 0 THEN SELECT 'zero';
      ELSE SELECT REPEAT('x', i);
    END CASE;
  END outer_blk;
  lbl: LOOP
    SET i = i + 1;
    IF i > n THEN LEAVE lbl; END IF;
  END LOOP lbl;
  WHILE i > 0 DO
    SET i = i - 1;
  END WHILE;
  REPEAT
    SET i = i + 1;
  UNTIL i >= 3 END REPEAT;
END`

func TestSplitMySQL(t *testing.T) {
	runCases(t, withOptions(my, []splitCase{
		{
			name: "procedure without DELIMITER",
			src:  "-- up\n" + procedure + ";\nCALL p(3);\n",
			want: []string{procedure, "CALL p(3)"},
			pos:  [][4]int{{2, 1, 31, 3}, {32, 1, 32, 9}},
		},
		{
			name: "function with RETURN CASE and IF()",
			src: "CREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC\nBEGIN\n  DECLARE y INT;\n  SET y = IF(x > 0, 1, 2);\n" +
				"  RETURN CASE WHEN y = 1 THEN 10 ELSE 20 END;\nEND;\nSELECT f(1);",
			want: []string{
				"CREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC\nBEGIN\n  DECLARE y INT;\n  SET y = IF(x > 0, 1, 2);\n  RETURN CASE WHEN y = 1 THEN 10 ELSE 20 END;\nEND",
				"SELECT f(1)",
			},
		},
		{
			name: "single-statement function bodies",
			src:  "CREATE FUNCTION g() RETURNS INT RETURN CASE WHEN 1 THEN 2 END;\nCREATE PROCEDURE IF NOT EXISTS q() SELECT 1;\nSELECT 2;",
			want: []string{"CREATE FUNCTION g() RETURNS INT RETURN CASE WHEN 1 THEN 2 END", "CREATE PROCEDURE IF NOT EXISTS q() SELECT 1", "SELECT 2"},
		},
		{
			name: "trigger body",
			src: "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n  IF NEW.a < 0 THEN\n    SET NEW.a = 0;\n  END IF;\n  SET NEW.begin = NEW.end;\nEND;\n" +
				"CREATE TRIGGER trg2 AFTER UPDATE ON t FOR EACH ROW IF NEW.a > 1 THEN INSERT INTO log VALUES (1); END IF;\n" +
				"CREATE TRIGGER trg3 BEFORE INSERT ON t FOR EACH ROW SET NEW.b = IF(NEW.a, 1, 2);\nINSERT INTO t VALUES (1);",
			want: []string{
				"CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n  IF NEW.a < 0 THEN\n    SET NEW.a = 0;\n  END IF;\n  SET NEW.begin = NEW.end;\nEND",
				"CREATE TRIGGER trg2 AFTER UPDATE ON t FOR EACH ROW IF NEW.a > 1 THEN INSERT INTO log VALUES (1); END IF",
				"CREATE TRIGGER trg3 BEFORE INSERT ON t FOR EACH ROW SET NEW.b = IF(NEW.a, 1, 2)",
				"INSERT INTO t VALUES (1)",
			},
		},
		{
			name: "event body",
			src:  "CREATE EVENT IF NOT EXISTS e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t; INSERT INTO log VALUES (NOW()); END;SELECT 1;",
			want: []string{"CREATE EVENT IF NOT EXISTS e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t; INSERT INTO log VALUES (NOW()); END", "SELECT 1"},
		},
		{
			name: "MariaDB anonymous block",
			src:  "BEGIN NOT ATOMIC\n  DECLARE x INT;\n  SET x = 1;\nEND;\nSELECT 1;",
			want: []string{"BEGIN NOT ATOMIC\n  DECLARE x INT;\n  SET x = 1;\nEND", "SELECT 1"},
		},
		{
			name: "transaction statements",
			src:  "BEGIN;\nINSERT INTO t VALUES (1);\nCOMMIT;\nBEGIN WORK;\nROLLBACK;\nSTART TRANSACTION;\nEND;",
			want: []string{"BEGIN", "INSERT INTO t VALUES (1)", "COMMIT", "BEGIN WORK", "ROLLBACK", "START TRANSACTION", "END"},
		},
		{
			name: "BEGIN, EVENT and CASE as column words",
			src: "CREATE TABLE countdown (event VARCHAR(10), begin_at INT, `begin` INT);\n" +
				"SELECT CASE WHEN begin_at > 0 THEN 1 END AS x FROM countdown;\n" +
				"UPDATE countdown SET event = 'procedure';",
			want: []string{
				"CREATE TABLE countdown (event VARCHAR(10), begin_at INT, `begin` INT)",
				"SELECT CASE WHEN begin_at > 0 THEN 1 END AS x FROM countdown",
				"UPDATE countdown SET event = 'procedure'",
			},
		},
		{
			name: "DELIMITER $$",
			src:  "DELIMITER $$\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND$$\n\nCREATE FUNCTION f() RETURNS INT RETURN 1 $$\nDELIMITER ;\nSELECT 2;\n",
			want: []string{"CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND", "CREATE FUNCTION f() RETURNS INT RETURN 1", "SELECT 2"},
			pos:  [][4]int{{2, 1, 5, 3}, {7, 1, 7, 40}, {9, 1, 9, 8}},
		},
		{
			name: "DELIMITER // and ;; with leading whitespace and lower case",
			src:  "  delimiter //\nCREATE TRIGGER t1 BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END //\nDelimiter ;;\nSELECT 1;;\nDELIMITER ;\nSELECT 2; SELECT 3",
			want: []string{"CREATE TRIGGER t1 BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END", "SELECT 1", "SELECT 2", "SELECT 3"},
		},
		{
			name: "custom delimiter is not looked for inside quotes and comments",
			src:  "DELIMITER $$\nSELECT '$$', `a$$` /* $$ */ -- $$\n$$",
			want: []string{"SELECT '$$', `a$$`"},
		},
		{
			name: "hash comments",
			src:  "# setup; really\nSELECT 1; # done; yes\nSELECT a#b;c\nFROM t;",
			want: []string{"SELECT 1", "SELECT a#b;c\nFROM t"},
			pos:  [][4]int{{2, 1, 2, 8}, {3, 1, 4, 6}},
		},
		{
			name: "backslash escapes",
			src:  `SELECT 'it\'s; here', "a\";b", 'c:\\';SELECT 2;`,
			want: []string{`SELECT 'it\'s; here', "a\";b", 'c:\\'`, "SELECT 2"},
		},
		{
			name: "-- needs a space in mysql",
			src:  "SELECT 1--1;\nSELECT 2 -- c;\n;SELECT 3 --\t;\n;SELECT 4 --",
			want: []string{"SELECT 1--1", "SELECT 2", "SELECT 3", "SELECT 4"},
		},
		{
			name: "backticks",
			src:  "SELECT `a;b`, `x``;y` FROM t;SELECT 2",
			want: []string{"SELECT `a;b`, `x``;y` FROM t", "SELECT 2"},
		},
		{
			name: "executable comments are kept",
			src:  "/*!40101 SET NAMES utf8mb4 */;\n/* plain; */ SELECT /*+ BKA(t) */ 1;\n/*!50003 CREATE*/ /*!50003 TRIGGER x */;",
			want: []string{"/*!40101 SET NAMES utf8mb4 */", "SELECT /*+ BKA(t) */ 1", "/*!50003 CREATE*/ /*!50003 TRIGGER x */"},
		},
		{
			name: "block comments do not nest",
			src:  "/* a /* b */ SELECT 1;",
			want: []string{"SELECT 1"},
		},
		{
			name: "dollar is an identifier character",
			src:  "SELECT $$a, b$ FROM t;SELECT 2;",
			want: []string{"SELECT $$a, b$ FROM t", "SELECT 2"},
		},
		{
			name: "DELIMITER word not at a line start",
			src:  "SELECT delimiter FROM t;\nSELECT a,\ndelimiter\nFROM t;",
			want: []string{"SELECT delimiter FROM t", "SELECT a,\ndelimiter\nFROM t"},
		},
		{
			name: "CRLF and BOM",
			src:  "\xef\xbb\xbfDELIMITER $$\r\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\r\nDELIMITER ;\r\nSELECT 'ü';\r\n",
			want: []string{"CREATE PROCEDURE p() BEGIN SELECT 1; END", "SELECT 'ü'"},
			pos:  [][4]int{{2, 1, 2, 40}, {4, 1, 4, 10}},
		},
	}))
}

func TestSplitMySQLErrors(t *testing.T) {
	runErrCases(t, withErrOptions(my, []errCase{
		{name: "string ending in backslash", src: "SELECT 1;\nSELECT 'abc\\';", msg: "unterminated quoted string", line: 2, col: 8},
		{name: "double-quoted string", src: `SELECT "a`, msg: "unterminated quoted string", line: 1, col: 8},
		{name: "backtick", src: "SELECT 1;\n  SELECT `a;\nSELECT 2;", msg: "unterminated quoted identifier", line: 2, col: 10},
		{name: "comment", src: "SELECT 1; /*! SET x", msg: "unterminated block comment", line: 1, col: 11},
		{name: "DELIMITER without delimiter", src: "SELECT 1;\nDELIMITER\nSELECT 2;", msg: "DELIMITER must be followed", line: 2, col: 1},
	}))
}

// With NoClientCommands the text goes to the server as written: a statement
// starting with DELIMITER is the server's syntax error, and no DELIMITER
// word ever switches the terminator.
func TestSplitMySQLNoClientCommands(t *testing.T) {
	server := Options{Dialect: MySQL, NoClientCommands: true}
	runCases(t, withOptions(server, []splitCase{
		{
			name: "procedure without DELIMITER",
			src:  procedure + ";\nCALL p(3);\n",
			want: []string{procedure, "CALL p(3)"},
		},
		{
			name: "DELIMITER inside a statement is a word",
			src:  "SELECT a,\ndelimiter\nFROM t;\nCREATE TABLE d (\n  delimiter varchar(10)\n);",
			want: []string{"SELECT a,\ndelimiter\nFROM t", "CREATE TABLE d (\n  delimiter varchar(10)\n)"},
		},
		{
			name: "DELIMITER in quotes and comments",
			src:  "-- DELIMITER $$\n/* DELIMITER // */ SELECT 'DELIMITER ;', `delimiter`;\n# DELIMITER ;;\nSELECT 2;",
			want: []string{"SELECT 'DELIMITER ;', `delimiter`", "SELECT 2"},
		},
		{
			name: "postgres has no DELIMITER command",
			src:  "DELIMITER //\nSELECT 1;",
			opts: Options{Dialect: Postgres, NoClientCommands: true},
			want: []string{"DELIMITER //\nSELECT 1"},
		},
	}))
	runErrCases(t, withErrOptions(server, []errCase{
		{name: "first line", src: "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\n", msg: "command of the mysql client", line: 1, col: 1},
		{name: "after a statement, indented, lower case", src: "CREATE TABLE t (a int);\n\n  delimiter //\n", msg: "command of the mysql client", line: 3, col: 3},
		{name: "after a comment on the line", src: "SELECT 1; /* x */ DELIMITER ;;", msg: "command of the mysql client", line: 1, col: 19},
		{name: "bare", src: "SELECT 1;\nDELIMITER\nSELECT 2;", msg: "command of the mysql client", line: 2, col: 1},
		{name: "with a BOM and CRLF", src: "\xef\xbb\xbf-- procs\r\nDELIMITER $$\r\n", msg: "command of the mysql client", line: 2, col: 1},
	}))
	src := []byte("DELIMITER $$\n")
	_, err := Split(src, 0, len(src), server)
	if !errors.Is(err, ErrClientCommand) {
		t.Errorf("error %v does not wrap ErrClientCommand", err)
	}
	if _, err := Split(src, 0, len(src), my); errors.Is(err, ErrClientCommand) {
		t.Errorf("without NoClientCommands: %v", err)
	}
}

func TestDelimiterColumnInsideStatement(t *testing.T) {
	src := []byte("CREATE TABLE csv_formats (\n  id int,\n  delimiter varchar(10)\n);\nDELIMITER //\nSELECT 1//\n")
	stmts, err := Split(src, 0, len(src), Options{Dialect: MySQL})
	if err != nil {
		t.Fatal(err)
	}
	if len(stmts) != 2 || stmts[0].Text != "CREATE TABLE csv_formats (\n  id int,\n  delimiter varchar(10)\n)" || stmts[1].Text != "SELECT 1" {
		t.Fatalf("got %+v", stmts)
	}
}
