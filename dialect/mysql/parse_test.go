package mysql

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/schemaguard/schemaguard/dialect"
	"github.com/schemaguard/schemaguard/schema"
)

// MySQL 8 syntax that must parse on both dialects.
func TestMySQL8Syntax(t *testing.T) {
	for _, sql := range []string{
		"SELECT data->>'$.name', data->'$.id' FROM t",
		"CREATE INDEX i ON t ((lower(email)))",
		"CREATE TABLE t (id int, tags json, INDEX ix ((CAST(tags->'$.t' AS UNSIGNED ARRAY))))",
		"ALTER TABLE t ADD COLUMN x int, ALGORITHM=INPLACE, LOCK=NONE",
		"ALTER TABLE t ADD COLUMN x int, ALGORITHM=INSTANT",
		"ALTER TABLE t RENAME COLUMN a TO b",
		"ALTER TABLE t CHANGE COLUMN a b varchar(10) NOT NULL DEFAULT ''",
		"ALTER TABLE t MODIFY c enum('a','b') NOT NULL",
		"CREATE TABLE t (a int, b int AS (a+1) STORED, c int GENERATED ALWAYS AS (a*2) VIRTUAL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
		"CREATE TABLE t (id int) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci",
		"ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0) NOT ENFORCED",
		"ALTER TABLE t ADD COLUMN b binary(16) NOT NULL DEFAULT (uuid_to_bin(uuid()))",
		"ALTER TABLE t ALTER INDEX i INVISIBLE",
		"CREATE TABLE t (c int INVISIBLE, d int VISIBLE)",
		"ALTER TABLE t ADD COLUMN c int INVISIBLE, ALTER COLUMN d SET INVISIBLE",
		"CREATE TABLE g (id int, loc POINT NOT NULL SRID 4326, SPATIAL INDEX (loc))",
		"ALTER TABLE g ADD COLUMN area POLYGON, ADD SPATIAL KEY sk (area)",
		"INSERT INTO t (a) VALUES (1) AS new ON DUPLICATE KEY UPDATE a = new.a",
		"SET PERSIST max_connections = 500",
		"ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
		"WITH RECURSIVE c AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM c WHERE n < 3) SELECT * FROM c",
		"/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */",
	} {
		for _, p := range []*Parser{mysqlParser, mariadbParser} {
			parseOK(t, p, sql)
		}
	}
	// The rewritten column keeps its definition and the statement its other
	// changes.
	sql := "ALTER TABLE t ADD COLUMN c int INVISIBLE, ALTER COLUMN d SET INVISIBLE, DROP COLUMN e"
	expectChanges(t, mysqlParser, sql,
		&schema.AddColumn{At: off(t, sql, "ADD"), Table: q("t"), Column: col("c", typ("int"))},
		&schema.DropColumn{At: off(t, sql, "DROP"), Table: q("t"), Columns: []string{"e"}})
	if tree := parseOK(t, mysqlParser, sql).Tree.(*Tree); !tree.Rewritten {
		t.Error("Tree.Rewritten not set")
	}
}

func TestMariaDBSyntax(t *testing.T) {
	tq := q("t")
	cases := []struct {
		sql  string
		want []schema.Change
	}{
		{"CREATE OR REPLACE TABLE t (a int)", []schema.Change{&schema.CreateTable{Table: &schema.Table{Name: tq, Columns: []*schema.Column{col("a", typ("int"))}}}}},
		{"ALTER TABLE t WAIT 5 ADD COLUMN IF NOT EXISTS x uuid NOT NULL", []schema.Change{
			&schema.AddColumn{At: schema.At{Offset: 21}, Table: tq, Column: notNull(col("x", typ("uuid"))), IfNotExists: true}}},
		{"ALTER TABLE t NOWAIT DROP COLUMN IF EXISTS c", []schema.Change{&schema.DropColumn{At: schema.At{Offset: 21}, Table: tq, Columns: []string{"c"}}}},
		{"ALTER ONLINE TABLE t ADD INDEX i (a)", []schema.Change{&schema.CreateIndex{At: schema.At{Offset: 21}, Table: tq, Index: &schema.Index{Name: "i", Columns: []string{"a"}}}}},
		{"ALTER TABLE t DROP FOREIGN KEY IF EXISTS fk", []schema.Change{&schema.DropConstraint{At: schema.At{Offset: 14}, Table: tq, Name: "fk", Kind: schema.ForeignKey}}},
		{"ALTER TABLE t DROP CONSTRAINT IF EXISTS c", []schema.Change{&schema.DropConstraint{At: schema.At{Offset: 14}, Table: tq, Name: "c"}}},
		{"ALTER TABLE t RENAME COLUMN IF EXISTS a TO b", []schema.Change{&schema.RenameColumn{At: schema.At{Offset: 14}, Table: tq, From: "a", To: "b"}}},
		{"ALTER TABLE IF EXISTS t ADD COLUMN x int", []schema.Change{&schema.AddColumn{At: schema.At{Offset: 24}, Table: tq, Column: col("x", typ("int"))}}},
		{"ALTER TABLE t ADD COLUMN x int, ALGORITHM=NOCOPY", []schema.Change{&schema.AddColumn{At: schema.At{Offset: 14}, Table: tq, Column: col("x", typ("int"))}}},
		{"ALTER TABLE t MODIFY c text COMPRESSED", []schema.Change{&schema.AlterColumnType{At: schema.At{Offset: 14}, Table: tq, Column: "c", Type: typ("text"), NewDef: col("c", typ("text"))}}},
		{"DROP TABLE t WAIT 10", []schema.Change{&schema.DropTable{Names: []schema.QName{tq}}}},
		{"CREATE TABLE h (a int) WITH SYSTEM VERSIONING", []schema.Change{&schema.CreateTable{Table: &schema.Table{Name: q("h"), Columns: []*schema.Column{col("a", typ("int"))}}}}},
		{"ALTER TABLE h ADD SYSTEM VERSIONING", nil},
		{"DELETE FROM t WHERE a = 1 RETURNING id", []schema.Change{&schema.Delete{Table: tq, WhereColumns: []string{"a"}}}},
		{"DELETE FROM t RETURNING id", []schema.Change{&schema.Truncate{Tables: []schema.QName{tq}, Delete: true}}},
		{"CREATE TABLE h2 (a int, s timestamp(6) GENERATED ALWAYS AS ROW START, e timestamp(6) GENERATED ALWAYS AS ROW END, " +
			"PERIOD FOR SYSTEM_TIME(s, e)) WITH SYSTEM VERSIONING", nil},
		{"SELECT * FROM h FOR SYSTEM_TIME AS OF TIMESTAMP '2024-01-01'", nil},
		{"EXECUTE IMMEDIATE 'SELECT 1'", nil},
		{"CREATE SEQUENCE s START WITH 1 INCREMENT BY 1 NOCACHE", nil},
		{"BEGIN NOT ATOMIC DELETE FROM t; END", nil},
	}
	for _, c := range cases {
		expectChanges(t, mariadbParser, c.sql, c.want...)
	}
	// None of that is MySQL.
	for _, sql := range []string{
		"CREATE OR REPLACE TABLE t (a int)", "ALTER TABLE t WAIT 5 ADD COLUMN x int", "ALTER TABLE t DROP FOREIGN KEY IF EXISTS fk",
		"CREATE TABLE t (id uuid)", "BEGIN NOT ATOMIC DELETE FROM t; END", "EXECUTE IMMEDIATE 'SELECT 1'",
	} {
		if _, err := mysqlParser.Parse(sql); err == nil {
			t.Errorf("MySQL parser accepted MariaDB-only %q", sql)
		}
	}
	if tree := parseOK(t, mariadbParser, "EXECUTE IMMEDIATE 'SELECT 1'").Tree.(*Tree); tree.Skipped != "mariadb" {
		t.Errorf("Skipped %q, want mariadb", tree.Skipped)
	}
}

// Stored programs arrive whole (golang-migrate sends files without
// DELIMITER): no changes, no error, and the DML in a body is not the
// migration's.
func TestStoredPrograms(t *testing.T) {
	cases := map[string]string{
		"CREATE PROCEDURE p() BEGIN DELETE FROM t; UPDATE u SET a = 1; END":                                                                     "procedure",
		"CREATE DEFINER=`root`@`localhost` PROCEDURE p(IN a INT)\nBEGIN\n  DECLARE x INT;\n  IF a > 0 THEN\n    DELETE FROM t;\n  END IF;\nEND": "procedure",
		"CREATE DEFINER=CURRENT_USER() PROCEDURE p() SQL SECURITY INVOKER BEGIN TRUNCATE TABLE t; END":                                          "procedure",
		"CREATE OR REPLACE PROCEDURE p() BEGIN DROP TABLE t; END":                                                                               "procedure",
		"CREATE FUNCTION f(a INT) RETURNS INT DETERMINISTIC BEGIN DELETE FROM t; RETURN a + 1; END":                                             "function",
		"CREATE AGGREGATE FUNCTION g(x INT) RETURNS INT BEGIN RETURN 1; END":                                                                    "function",
		"CREATE DEFINER = 'admin'@'%' TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; DELETE FROM log; END":                     "trigger",
		"CREATE TRIGGER tr AFTER DELETE ON t FOR EACH ROW DELETE FROM u WHERE u.id = OLD.id":                                                    "trigger",
		"CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM sessions":                                                                        "event",
		"ALTER DEFINER=root EVENT e DISABLE":                                                                                                    "event",
		"ALTER PROCEDURE p COMMENT 'x'":                                                                                                         "procedure",
		"DROP PROCEDURE IF EXISTS p":                                                                                                            "procedure",
		"DROP FUNCTION IF EXISTS f":                                                                                                             "function",
		"DROP TRIGGER IF EXISTS tr":                                                                                                             "trigger",
		"DROP EVENT e":                                                                                                                          "event",
		"-- a comment first\nCREATE PROCEDURE p() BEGIN END":                                                                                    "procedure",
	}
	for sql, kind := range cases {
		for _, p := range []*Parser{mysqlParser, mariadbParser} {
			st := parseOK(t, p, sql)
			if len(st.Changes) != 0 || len(st.Literals) != 0 {
				t.Errorf("%q: changes %s literals %q", sql, dump(st.Changes), st.Literals)
			}
			if tree := st.Tree.(*Tree); tree.Skipped != kind {
				t.Errorf("%q: Skipped %q, want %q", sql, tree.Skipped, kind)
			}
		}
	}
	// Not stored programs.
	for _, sql := range []string{"CREATE TABLE procedure_log (a int)", "CREATE VIEW v AS SELECT 1", "CREATE TABLE `function` (a int)"} {
		if tree := parseOK(t, mysqlParser, sql).Tree.(*Tree); tree.Skipped != "" {
			t.Errorf("%q skipped as %q", sql, tree.Skipped)
		}
	}
}

func TestSyntaxErrors(t *testing.T) {
	cases := []struct {
		sql, at string // at: the text the offset must point at ("" = end)
	}{
		{"SELECT * FROM WHERE", "WHERE"},
		{"CREATE TABLE t (a int,)", ")"},
		{"ALTER TABLE t ADD COLUMN", ""},
		{"CREATE TABLE t (\n  a int\n  b int\n)", "b int"},
		{"CREATE TABLE café (a int, b nonsense_type(3))", "nonsense_type"}, // offsets count bytes
		{"DROP TABLE t WAIT 5", "WAIT"},                                    // MariaDB syntax on MySQL
		{"CREATE OR REPLACE TABLE t (a int)", "TABLE"},
	}
	for _, c := range cases {
		_, err := mysqlParser.Parse(c.sql)
		var se *dialect.SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: error %v, want a *dialect.SyntaxError", c.sql, err)
			continue
		}
		want := len(c.sql)
		if c.at != "" {
			want = strings.Index(c.sql, c.at)
		}
		if se.Offset != want {
			t.Errorf("%q: offset %d, want %d (%s)", c.sql, se.Offset, want, se.Msg)
		}
		if !strings.HasPrefix(se.Msg, "syntax error") {
			t.Errorf("%q: message %q", c.sql, se.Msg)
		}
	}
	// Long statements: TiDB cuts its excerpt and gives the total length.
	long := "CREATE TABLE t (" + strings.Repeat("c int, ", 500) + "x int int)"
	_, err := mysqlParser.Parse(long)
	var se *dialect.SyntaxError
	if !errors.As(err, &se) || se.Offset != strings.LastIndex(long, "int)") {
		t.Errorf("long statement: %v", err)
	}
	// An error TiDB reports without a position.
	if _, err := mysqlParser.Parse("ALTER TABLE t ADD COLUMN x int, ALGORITHM=NOCOPY"); !errors.As(err, &se) || se.Offset != -1 {
		t.Errorf("NOCOPY on MySQL: %v", err)
	}
}

func TestNearOffset(t *testing.T) {
	text := `SELECT "a" FROM`
	if got := nearOffset(text, `line 1 column 15 near "FROM" `); got != 11 {
		t.Errorf("got %d", got)
	}
	if got := nearOffset(text, `line 1 column 15 near "" `); got != len(text) {
		t.Errorf("end: got %d", got)
	}
	if got := nearOffset(text, "something else"); got != -1 {
		t.Errorf("other message: got %d", got)
	}
}

// Odd input must never panic or hang, and the parser is safe for
// concurrent use.
func TestRobustness(t *testing.T) {
	inputs := []string{"", ";", "(", ")", "'", "`", "/*", "/*!", "--", "#", "\x00", "CREATE", "ALTER TABLE",
		"ALTER TABLE t ADD", "CREATE TABLE t (a enum())", "SET", "BEGIN NOT", "CREATE DEFINER=", "DROP",
		"ALTER TABLE t WAIT", "INSERT INTO t VALUES (1) AS", "CREATE TABLE t (p point", strings.Repeat("(", 5000),
		"SELECT '\xff\xfe'", "ALTER TABLE t ALTER COLUMN c SET", "ALTER TABLE t CHANGE a", "UPDATE t SET", "DELETE"}
	var wg sync.WaitGroup
	for _, p := range []*Parser{New(false), New(true)} {
		for _, in := range inputs {
			wg.Add(1)
			go func(p *Parser, in string) {
				defer wg.Done()
				st, err := p.Parse(in)
				if err == nil && st == nil {
					t.Errorf("%q: no statement and no error", in)
				}
			}(p, in)
		}
	}
	wg.Wait()
}

// TiDB takes MariaDB's IF [NOT] EXISTS on ALTER TABLE clauses and indexes in
// MySQL mode too; MySQL 8 refuses them, so the MySQL parser must as well.
func TestMySQLRefusesMariaDBIfExists(t *testing.T) {
	for _, sql := range []string{
		"ALTER TABLE users ADD COLUMN IF NOT EXISTS nick varchar(20)",
		"ALTER TABLE users DROP COLUMN IF EXISTS legacy",
		"ALTER TABLE users ADD COLUMN a int, DROP COLUMN IF EXISTS legacy",
		"ALTER TABLE users MODIFY COLUMN IF EXISTS a bigint",
		"ALTER TABLE users CHANGE COLUMN IF EXISTS a b bigint",
		"ALTER TABLE users ADD INDEX IF NOT EXISTS i (a)",
		"ALTER TABLE users ADD KEY IF NOT EXISTS i (a)",
		"ALTER TABLE users DROP INDEX IF EXISTS i",
		"ALTER TABLE users ADD COLUMN IF NOT EXISTS g POINT", // parsed only after a rewrite
		"ALTER TABLE users DROP PARTITION IF EXISTS p1",
		"CREATE INDEX IF NOT EXISTS i ON users (a)",
		"CREATE UNIQUE INDEX IF NOT EXISTS i ON users (a)",
		"DROP INDEX IF EXISTS i ON users",
		"SELECT 1; ALTER TABLE users DROP COLUMN IF EXISTS legacy",
		"/*!80000 ALTER TABLE users DROP COLUMN IF EXISTS legacy */",
	} {
		_, err := mysqlParser.Parse(sql)
		var se *dialect.SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: error %v, want a *dialect.SyntaxError", sql, err)
			continue
		}
		if want := strings.Index(sql, " IF ") + 1; se.Offset != want || !strings.HasPrefix(se.Msg, `syntax error at or near "IF"`) {
			t.Errorf("%q: offset %d (%s), want %d", sql, se.Offset, se.Msg, want)
		}
		parseOK(t, mariadbParser, sql)
	}
	// MySQL has IF [NOT] EXISTS for whole objects, and IF() is a function.
	for _, sql := range []string{
		"CREATE TABLE IF NOT EXISTS t (a int, INDEX i (a))",
		"DROP TABLE IF EXISTS t",
		"DROP VIEW IF EXISTS v",
		"CREATE DATABASE IF NOT EXISTS d",
		"DROP DATABASE IF EXISTS d",
		"ALTER TABLE t ADD COLUMN c int AS (IF(a > 0, 1, 0)) VIRTUAL, ADD CHECK (IF(a, b, c) > 0)",
		"ALTER TABLE t ALTER COLUMN c SET DEFAULT (IF(1, 2, 3))",
		"CREATE INDEX i ON t ((IF(a, b, c)))",
		"CREATE PROCEDURE IF NOT EXISTS p() SELECT 1",
	} {
		parseOK(t, mysqlParser, sql)
	}
}
