package mysql

import (
	"reflect"
	"testing"

	"github.com/schemaguard/schemaguard/schema"
)

func TestStatements(t *testing.T) {
	tq := q("t")
	cases := []struct {
		sql  string
		want []schema.Change
	}{
		{"CREATE DATABASE IF NOT EXISTS shop", []schema.Change{&schema.CreateSchema{Name: "shop"}}},
		{"CREATE SCHEMA `Shop` DEFAULT CHARACTER SET utf8mb4", []schema.Change{&schema.CreateSchema{Name: "Shop"}}},
		{"DROP DATABASE IF EXISTS shop", []schema.Change{&schema.DropSchema{Names: []string{"shop"}}}},
		{"DROP SCHEMA shop", []schema.Change{&schema.DropSchema{Names: []string{"shop"}}}},
		{"DROP TABLE IF EXISTS a, db.b", []schema.Change{&schema.DropTable{Names: []schema.QName{q("a"), {Schema: "db", Name: "b"}}, IfExists: true}}},
		{"DROP TEMPORARY TABLE tmp", []schema.Change{&schema.DropTable{Names: []schema.QName{q("tmp")}}}},
		{"TRUNCATE TABLE t", []schema.Change{&schema.Truncate{Tables: []schema.QName{tq}}}},
		{"TRUNCATE t", []schema.Change{&schema.Truncate{Tables: []schema.QName{tq}}}},
		{"DELETE FROM t", []schema.Change{&schema.Truncate{Tables: []schema.QName{tq}, Delete: true}}},
		{"DELETE FROM db.t AS x", []schema.Change{&schema.Truncate{Tables: []schema.QName{{Schema: "db", Name: "t"}}, Delete: true}}},
		{"DELETE FROM t WHERE id = 1", []schema.Change{&schema.Delete{Table: tq, WhereColumns: []string{"id"}}}},
		{"DELETE FROM t ORDER BY id LIMIT 1000", []schema.Change{&schema.Delete{Table: tq}}},
		{"DELETE t FROM t JOIN u ON t.id = u.id", []schema.Change{&schema.Delete{Table: tq, WhereColumns: []string{"id"}}}},
		// The de-duplicating DELETE: a self-join on the key's columns.
		{"DELETE a FROM users a JOIN users b ON a.email = b.email AND a.org = b.org WHERE a.id > b.id",
			[]schema.Change{&schema.Delete{Table: q("users"), WhereColumns: []string{"id", "email", "org"}}}},
		{"DELETE t, u FROM t, u", []schema.Change{
			&schema.Truncate{Tables: []schema.QName{tq}, Delete: true}, &schema.Truncate{Tables: []schema.QName{q("u")}, Delete: true}}},
		{"UPDATE t SET a = 1, b = 'x', a = 2", []schema.Change{&schema.Update{Table: tq, Columns: []string{"a", "b"}}}},
		{"UPDATE t SET a = NULL WHERE a = ''", []schema.Change{&schema.Update{Table: tq, Columns: []string{"a"}, HasWhere: true, NullColumns: []string{"a"}, WhereColumns: []string{"a"},
			WhereValuesColumn: "a", WhereValues: []string{""}}}},
		{"UPDATE t SET s = 'a' WHERE s IN ('b', 'c') OR (s = 'd')", []schema.Change{&schema.Update{Table: tq, Columns: []string{"s"}, HasWhere: true,
			WhereColumns: []string{"s"}, WhereValuesColumn: "s", WhereValues: []string{"b", "c", "d"}}}},
		{"UPDATE t SET s = 'a' WHERE s IN ('b') OR k = 'd'", []schema.Change{&schema.Update{Table: tq, Columns: []string{"s"}, HasWhere: true,
			WhereColumns: []string{"s", "k"}}}},
		{"UPDATE t SET a = 'x' WHERE a IS NULL", []schema.Change{&schema.Update{Table: tq, Columns: []string{"a"}, HasWhere: true, WhereNull: "a", WhereColumns: []string{"a"}}}},
		{"UPDATE t SET a = 'x' WHERE (a IS NULL OR a = '')", []schema.Change{&schema.Update{Table: tq, Columns: []string{"a"}, HasWhere: true, WhereNull: "a", WhereColumns: []string{"a"}}}},
		{"UPDATE t SET a = CAST(NULL AS CHAR)", []schema.Change{&schema.Update{Table: tq, Columns: []string{"a"}, NullColumns: []string{"a"}}}},
		{"UPDATE t AS x JOIN u ON x.id = u.id SET x.a = u.a, u.b = 2 WHERE u.c = 'y'", []schema.Change{
			&schema.Update{Table: tq, Columns: []string{"a"}, HasWhere: true, WhereColumns: []string{"c"}},
			&schema.Update{Table: q("u"), Columns: []string{"b"}, HasWhere: true, WhereColumns: []string{"c"}, WhereValuesColumn: "c", WhereValues: []string{"y"}}}},
		{"SET SESSION lock_wait_timeout = 5", []schema.Change{&schema.SetConfig{Name: "lock_wait_timeout", Value: "5"}}},
		{"SET lock_wait_timeout = '10', @@session.innodb_lock_wait_timeout = 3, GLOBAL x = 1, @u = 1, foreign_key_checks = OFF",
			[]schema.Change{
				&schema.SetConfig{Name: "lock_wait_timeout", Value: "10"},
				&schema.SetConfig{Name: "innodb_lock_wait_timeout", Value: "3"},
				&schema.SetConfig{Name: "foreign_key_checks", Value: "OFF"}}},
		{"SET @@LOCAL.max_execution_time = DEFAULT", []schema.Change{&schema.SetConfig{Name: "max_execution_time", Value: "DEFAULT"}}},
		{"SET NAMES utf8mb4", nil},
		{"SET PERSIST max_connections = 500", nil},
		// TiDB reads SET TRANSACTION as the session variable it sets.
		{"SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED", []schema.Change{&schema.SetConfig{Name: "tx_isolation", Value: "READ-COMMITTED"}}},
		{"/*!40101 SET NAMES utf8mb4 */", nil},
		{"START TRANSACTION", []schema.Change{&schema.TxControl{Op: "begin"}}},
		{"BEGIN", []schema.Change{&schema.TxControl{Op: "begin"}}},
		{"BEGIN WORK", []schema.Change{&schema.TxControl{Op: "begin"}}},
		{"COMMIT", []schema.Change{&schema.TxControl{Op: "commit"}}},
		{"COMMIT WORK", []schema.Change{&schema.TxControl{Op: "commit"}}},
		{"ROLLBACK", []schema.Change{&schema.TxControl{Op: "rollback"}}},
		{"ROLLBACK TO SAVEPOINT s1", nil},
		{"LOCK TABLES t WRITE, u READ", []schema.Change{
			&schema.LockTable{Tables: []schema.QName{tq}, Mode: "WRITE"}, &schema.LockTable{Tables: []schema.QName{q("u")}, Mode: "READ"}}},
		{"UNLOCK TABLES", nil},
		{"CREATE OR REPLACE VIEW v AS SELECT 1", []schema.Change{&schema.CreateView{Name: q("v"), OrReplace: true}}},
		{"CREATE ALGORITHM=MERGE DEFINER=`a`@`%` SQL SECURITY DEFINER VIEW v AS SELECT 1", []schema.Change{&schema.CreateView{Name: q("v")}}},
		{"DROP VIEW IF EXISTS v, w", []schema.Change{&schema.DropView{Names: []schema.QName{q("v"), q("w")}}}},
		{"INSERT INTO t (a) VALUES ('x')", nil},
		{"INSERT INTO t (a) VALUES (1) AS new ON DUPLICATE KEY UPDATE a = new.a", nil},
		{"SELECT data->>'$.name' FROM t", nil},
		{"CREATE SEQUENCE s START WITH 1", nil},
		{"OPTIMIZE TABLE t", nil},
		{"ALTER DATABASE d CHARACTER SET utf8mb4", nil},
		{"PREPARE stmt FROM @s", nil},
		{"CALL p()", nil},
		{"-- only a comment", nil},
	}
	for _, c := range cases {
		expectChanges(t, mysqlParser, c.sql, c.want...)
	}
}

func TestMultipleStatements(t *testing.T) {
	sql := "DELETE FROM a WHERE x = 1; /* next */ DELETE FROM b"
	expectChanges(t, mysqlParser, sql,
		&schema.Delete{Table: q("a"), WhereColumns: []string{"x"}},
		&schema.Truncate{At: off(t, sql, "DELETE FROM b"), Tables: []schema.QName{q("b")}, Delete: true})
}

func TestLiterals(t *testing.T) {
	st := parseOK(t, mysqlParser, `UPDATE t SET status = 'archived', note = "x" WHERE status IN ('old', 'archived') AND n > 3`)
	if want := []string{"archived", "x", "old"}; !reflect.DeepEqual(st.Literals, want) {
		t.Errorf("literals %q, want %q", st.Literals, want)
	}
	if st := parseOK(t, mysqlParser, "DROP TABLE t"); len(st.Literals) != 0 {
		t.Errorf("literals %q, want none", st.Literals)
	}
}

func TestParseModel(t *testing.T) {
	p := New(false)
	for text, want := range map[string]int{
		"CREATE TABLE t (id int)":                 1,
		"/* c */ ALTER TABLE t ADD COLUMN b int":  1,
		"RENAME TABLE a TO b":                     1,
		"INSERT INTO t VALUES ('CREATE TABLE x')": 0,
		"UPDATE t SET a = 1":                      0,
		"INSERT INTO t VALUES (1); DROP TABLE u":  1,
		"SELECT a INTO @v FROM t":                 0,
	} {
		st, err := p.ParseModel(text)
		if err != nil || len(st.Changes) != want || st.Tree != nil || st.Literals != nil {
			t.Errorf("ParseModel(%q) = %+v, %v; want %d changes, no tree or literals", text, st, err, want)
		}
	}
}
