package postgres

import (
	"testing"

	"github.com/schemaguard/schemaguard/schema"
)

func TestIndexesTypesViews(t *testing.T) {
	runTranslate(t, []translateCase{
		{"unique concurrent partial expression index", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email ON s.users USING btree (org_id, lower(email), (a + 1) DESC) INCLUDE (name) WHERE deleted_at IS NULL",
			changes(&schema.CreateIndex{At: at(0), Table: qs("s", "users"), Concurrently: true, IfNotExists: true,
				Index: &schema.Index{Name: "users_email", Columns: []string{"org_id", "lower(email)", "a + 1"}, Unique: true, Partial: true,
					Where: []string{"deleted_at IS NULL"}}})},
		{"partial index with conjuncts, nulls not distinct", "CREATE UNIQUE INDEX u ON t (a, b) NULLS NOT DISTINCT WHERE (a > 0 AND b IS NOT NULL) AND lower(c) = 'x'",
			changes(&schema.CreateIndex{At: at(0), Table: q("t"), Index: &schema.Index{Name: "u", Columns: []string{"a", "b"}, Unique: true, Partial: true,
				NullsNotDistinct: true, Where: []string{"a > 0", "b IS NOT NULL", "lower(c) = 'x'"}}})},
		{"unnamed index", "CREATE INDEX ON t (a)", changes(&schema.CreateIndex{At: at(0), Table: q("t"), Index: &schema.Index{Columns: []string{"a"}}})},
		{"enum", "CREATE TYPE s.mood AS ENUM ('sad', 'ok')", changes(&schema.CreateEnum{At: at(0), Enum: &schema.Enum{Name: qs("s", "mood"), Values: []string{"sad", "ok"}}})},
		{"enum add value", "ALTER TYPE mood ADD VALUE 'happy'", changes(&schema.AddEnumValue{At: at(0), Type: q("mood"), Value: "happy"})},
		{"enum add value before", "ALTER TYPE s.mood ADD VALUE IF NOT EXISTS 'meh' BEFORE 'ok'", changes(&schema.AddEnumValue{At: at(0), Type: qs("s", "mood"), Value: "meh", Before: "ok", IfNotExists: true})},
		{"enum add value after", "ALTER TYPE mood ADD VALUE 'meh' AFTER 'sad'", changes(&schema.AddEnumValue{At: at(0), Type: q("mood"), Value: "meh", After: "sad"})},
		{"composite type is not tracked", "CREATE TYPE pair AS (a int, b int)", nil},
		{"view", "CREATE VIEW v AS SELECT 1", changes(&schema.CreateView{At: at(0), Name: q("v")})},
		{"or replace view", "CREATE OR REPLACE VIEW s.v AS SELECT 1", changes(&schema.CreateView{At: at(0), Name: qs("s", "v"), OrReplace: true})},
	})
}

func TestMaintenance(t *testing.T) {
	m := func(kind string, targets ...schema.QName) *schema.Maintenance {
		return &schema.Maintenance{At: at(0), Kind: kind, Targets: targets}
	}
	conc := func(c *schema.Maintenance) *schema.Maintenance { c.Concurrently = true; return c }
	scope := func(c *schema.Maintenance, s string) *schema.Maintenance { c.ReindexScope = s; return c }
	runTranslate(t, []translateCase{
		{"refresh", "REFRESH MATERIALIZED VIEW s.mv", changes(m("refresh", qs("s", "mv")))},
		{"refresh concurrently", "REFRESH MATERIALIZED VIEW CONCURRENTLY mv", changes(conc(m("refresh", q("mv"))))},
		{"vacuum full", "VACUUM FULL t, u", changes(m("vacuum_full", q("t"), q("u")))},
		{"vacuum full option", "VACUUM (FULL, ANALYZE) t", changes(m("vacuum_full", q("t")))},
		{"vacuum full off", "VACUUM (FULL false) t", changes(m("vacuum", q("t")))},
		{"vacuum", "VACUUM", changes(m("vacuum"))},
		{"analyze", "ANALYZE t", changes(m("analyze", q("t")))},
		{"cluster", "CLUSTER t USING t_pkey", changes(m("cluster", q("t")))},
		{"cluster all", "CLUSTER", changes(m("cluster"))},
		{"reindex index", "REINDEX INDEX s.i", changes(scope(m("reindex", qs("s", "i")), "index"))},
		{"reindex table concurrently", "REINDEX TABLE CONCURRENTLY t", changes(scope(conc(m("reindex", q("t"))), "table"))},
		{"reindex option concurrently", "REINDEX (CONCURRENTLY) SCHEMA app", changes(scope(conc(m("reindex", q("app"))), "schema"))},
		{"reindex database", "REINDEX DATABASE d", changes(scope(m("reindex", q("d")), "database"))},
		{"reindex system", "REINDEX SYSTEM", changes(scope(m("reindex"), "system"))},
	})
}

func TestDataAndSession(t *testing.T) {
	runTranslate(t, []translateCase{
		{"truncate", "TRUNCATE a, ONLY s.b RESTART IDENTITY CASCADE", changes(&schema.Truncate{At: at(0), Tables: []schema.QName{q("a"), qs("s", "b")}})},
		{"delete all", "DELETE FROM t", changes(&schema.Truncate{At: at(0), Tables: []schema.QName{q("t")}, Delete: true})},
		{"delete using all", "DELETE FROM t USING u", changes(&schema.Truncate{At: at(0), Tables: []schema.QName{q("t")}, Delete: true})},
		{"delete where", "DELETE FROM s.t WHERE id = 1", changes(&schema.Delete{At: at(0), Table: qs("s", "t"), WhereColumns: []string{"id"}})},
		{"dedup delete", "DELETE FROM users a USING users b WHERE a.id > b.id AND a.email = b.email",
			changes(&schema.Delete{At: at(0), Table: q("users"), WhereColumns: []string{"id", "email"}})},
		{"update", "UPDATE t SET a = 1, (b, c) = (2, 3), a = 4 WHERE d", changes(&schema.Update{At: at(0), Table: q("t"), Columns: []string{"a", "b", "c"}, HasWhere: true, WhereColumns: []string{"d"}})},
		{"update all", "UPDATE t SET a = NULL", changes(&schema.Update{At: at(0), Table: q("t"), Columns: []string{"a"}, NullColumns: []string{"a"}})},
		{"update backfill", "UPDATE t SET a = 'x' WHERE a IS NULL", changes(&schema.Update{At: at(0), Table: q("t"), Columns: []string{"a"}, HasWhere: true, WhereNull: "a", WhereColumns: []string{"a"}})},
		{"update backfill or", "UPDATE t SET a = 'x' WHERE a IS NULL OR a = ''", changes(&schema.Update{At: at(0), Table: q("t"), Columns: []string{"a"}, HasWhere: true, WhereNull: "a", WhereColumns: []string{"a"}})},
		{"update null cast", "UPDATE t SET a = NULL::text", changes(&schema.Update{At: at(0), Table: q("t"), Columns: []string{"a"}, NullColumns: []string{"a"}})},
		{"delete in cte", "WITH d AS (DELETE FROM t WHERE a RETURNING *) INSERT INTO arch SELECT * FROM d", changes(&schema.Delete{At: at(0), Table: q("t"), WhereColumns: []string{"a"}})},
		{"set lock_timeout", "SET lock_timeout = '5s'", changes(&schema.SetConfig{At: at(0), Name: "lock_timeout", Value: "5s"})},
		{"set local", "SET LOCAL statement_timeout TO 1000", changes(&schema.SetConfig{At: at(0), Name: "statement_timeout", Value: "1000", Local: true})},
		{"set_config local", "SELECT set_config('lock_timeout', '5s', true)", changes(&schema.SetConfig{At: at(0), Name: "lock_timeout", Value: "5s", Local: true})},
		{"set_config session", "SELECT pg_catalog.set_config('Lock_Timeout', '2s', false)", changes(&schema.SetConfig{At: at(0), Name: "lock_timeout", Value: "2s"})},
		{"set_config computed", "SELECT set_config(name, '2s', false) FROM settings", changes()},
		{"set list", "SET search_path = app, public", changes(&schema.SetConfig{At: at(0), Name: "search_path", Value: "app, public"})},
		{"set default", "SET lock_timeout TO DEFAULT", changes(&schema.SetConfig{At: at(0), Name: "lock_timeout", Value: "DEFAULT"})},
		{"reset", "RESET lock_timeout", changes(&schema.SetConfig{At: at(0), Name: "lock_timeout", Value: "DEFAULT"})},
		{"reset all", "RESET ALL", changes(&schema.SetConfig{At: at(0), Name: "all", Value: "DEFAULT"})},
		{"begin", "BEGIN", changes(&schema.TxControl{At: at(0), Op: "begin"})},
		{"start transaction", "START TRANSACTION ISOLATION LEVEL SERIALIZABLE", changes(&schema.TxControl{At: at(0), Op: "begin"})},
		{"commit", "COMMIT", changes(&schema.TxControl{At: at(0), Op: "commit"})},
		{"end", "END", changes(&schema.TxControl{At: at(0), Op: "commit"})},
		{"rollback", "ROLLBACK", changes(&schema.TxControl{At: at(0), Op: "rollback"})},
		{"commit and chain", "COMMIT AND CHAIN", changes(&schema.TxControl{At: at(0), Op: "commit"}, &schema.TxControl{At: at(0), Op: "begin"})},
		{"savepoint", "SAVEPOINT a", nil},
		{"lock", "LOCK TABLE t, s.u IN SHARE ROW EXCLUSIVE MODE", changes(&schema.LockTable{At: at(0), Tables: []schema.QName{q("t"), qs("s", "u")}, Mode: "SHARE ROW EXCLUSIVE"})},
		{"lock default mode", "LOCK t", changes(&schema.LockTable{At: at(0), Tables: []schema.QName{q("t")}, Mode: "ACCESS EXCLUSIVE"})},
	})
}

// TestNoChange: statements the model does not track parse without error
// and without Changes; a DELETE inside a function body or DO block is the
// body's text, never a Change.
func TestNoChange(t *testing.T) {
	runTranslate(t, []translateCase{
		{"insert", "INSERT INTO t (a) VALUES (1)", nil},
		{"select", "SELECT * FROM t", nil},
		{"copy", "COPY t FROM STDIN", nil},
		{"function", "CREATE FUNCTION f() RETURNS void AS $$ DELETE FROM t $$ LANGUAGE sql", nil},
		{"plpgsql function", "CREATE OR REPLACE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN DELETE FROM t; RETURN NEW; END $f$", nil},
		{"procedure", "CREATE PROCEDURE p() LANGUAGE sql AS 'TRUNCATE t'", nil},
		{"do", "DO $$ BEGIN DROP TABLE t; END $$", nil},
		{"trigger", "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()", nil},
		{"grant", "GRANT SELECT ON t TO bob", nil},
		{"comment", "COMMENT ON TABLE t IS 'x'", nil},
		{"extension", "CREATE EXTENSION IF NOT EXISTS pgcrypto", nil},
		{"sequence", "CREATE SEQUENCE s START 1", nil},
		{"empty", "", nil},
		{"comment only", "-- nothing here\n/* nor here */", nil},
	})
}
