package postgres

import "testing"

func TestModelStatement(t *testing.T) {
	for text, want := range map[string]bool{
		"CREATE TABLE t (id int)":                           true,
		"  -- note\n/* c */ alter table t add column b int": true,
		"DROP INDEX i":                                                          true,
		"SELECT a INTO new_table FROM t":                                        true,
		"WITH x AS (SELECT 1) SELECT * INTO t2 FROM x":                          true,
		"(SELECT 1 INTO t3)":                                                    true,
		"INSERT INTO t VALUES (1); CREATE TABLE u (id int)":                     true,
		"INSERT INTO t VALUES ('CREATE TABLE x')":                               false,
		"INSERT INTO t SELECT * FROM u":                                         false,
		"UPDATE t SET a = 1":                                                    false,
		"COMMENT ON TABLE t IS 'drop me; CREATE later'":                         false,
		"SELECT set_config('lock_timeout', '1s', false)":                        false,
		"DO $$ BEGIN CREATE TABLE z (id int); END $$":                           false,
		"GRANT SELECT ON t TO r":                                                false,
		"SELECT 'into' FROM t":                                                  false,
		"-- CREATE TABLE commented (id int)\nSELECT 1":                          false,
		"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 INTO x $$ LANGUAGE sql": false,
		"CREATE OR REPLACE TRIGGER tr BEFORE INSERT ON t EXECUTE FUNCTION f()":  false,
		"CREATE SEQUENCE s":                                                     false,
		"CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)":                           true,
		"CREATE OR REPLACE RECURSIVE VIEW v (n) AS SELECT 1":                    true,
		"CREATE TEMP TABLE tt (id int)":                                         true,
		"create materialized view mv as select 1":                               true,
		"CREATE TYPE mood AS ENUM ('a')":                                        true,
		"CREATE SCHEMA s":                                                       true,
		"CREATE FOREIGN TABLE ft (id int) SERVER s":                             false,
		"ALTER SEQUENCE s RESTART":                                              false,
		"ALTER MATERIALIZED VIEW mv RENAME TO mv2":                              true,
		"DROP FUNCTION f()":                                                     false,
		"DROP VIEW v":                                                           true,
		"CREATE EXTENSION pgcrypto; ALTER TABLE t ADD c int":                    true,
	} {
		if got := modelStatement(text); got != want {
			t.Errorf("modelStatement(%q) = %v, want %v", text, got, want)
		}
	}
}

// ParseModel gives what Parse gives for the statements it parses, without
// literals or tree, and nothing for the others.
func TestParseModel(t *testing.T) {
	p := New()
	full, err := p.Parse("ALTER TABLE t ADD COLUMN s text DEFAULT 'x'")
	if err != nil {
		t.Fatal(err)
	}
	model, err := p.ParseModel("ALTER TABLE t ADD COLUMN s text DEFAULT 'x'")
	if err != nil {
		t.Fatal(err)
	}
	if len(model.Changes) != len(full.Changes) || model.Tree != nil || model.Literals != nil || len(full.Literals) == 0 {
		t.Errorf("model %+v, full %+v", model, full)
	}
	skipped, err := p.ParseModel("INSERT INTO t VALUES (1,")
	if err != nil || len(skipped.Changes) != 0 {
		t.Errorf("an INSERT is not parsed at all: %+v %v", skipped, err)
	}
	if _, err := p.ParseModel("CREATE TABLE t (id int,)"); err == nil {
		t.Error("a model statement that does not parse is an error")
	}
}
