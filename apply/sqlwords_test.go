package apply

import "testing"

func TestControlsTransaction(t *testing.T) {
	for text, want := range map[string]bool{
		"BEGIN":                                true,
		"begin work":                           true,
		"BEGIN ISOLATION LEVEL SERIALIZABLE":   true,
		"START TRANSACTION":                    true,
		"-- open\nSTART TRANSACTION READ ONLY": true,
		"COMMIT":                               true,
		"END":                                  true,
		"ROLLBACK":                             true,
		"ABORT":                                true,
		"BEGIN NOT ATOMIC SELECT 1; END":       false, // MariaDB compound statement
		"START SLAVE":                          false,
		"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END": false,
		"SELECT 1":             false,
		"/* BEGIN */ SELECT 1": false,
	} {
		if got := controlsTransaction(text); got != want {
			t.Errorf("controlsTransaction(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestOutsideTransaction(t *testing.T) {
	for text, want := range map[string]bool{
		"CREATE INDEX CONCURRENTLY i ON t (a)":                      true,
		"create unique index concurrently if not exists i on t (a)": true,
		"DROP INDEX CONCURRENTLY i":                                 true,
		"REINDEX INDEX CONCURRENTLY i":                              true,
		"REINDEX DATABASE app":                                      true,
		"VACUUM":                                                    true,
		"VACUUM (ANALYZE) t":                                        true,
		"CREATE DATABASE x":                                         true,
		"ALTER SYSTEM SET work_mem = '8MB'":                         true,
		"CALL archive_orders()":                                     true,
		"CREATE INDEX i ON t (a)":                                   false,
		"REINDEX TABLE t":                                           false,
		"ALTER TABLE t ADD COLUMN concurrently int":                 false,
		"INSERT INTO t VALUES ('CREATE INDEX CONCURRENTLY')":        false,
	} {
		if got := outsideTransaction(text); got != want {
			t.Errorf("outsideTransaction(%q) = %v, want %v", text, got, want)
		}
	}
}
