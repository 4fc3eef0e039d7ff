package apply

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/schemaguard/schemaguard/internal/dbtest"
	"github.com/schemaguard/schemaguard/internal/dburl"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/migrate/split"
)

// target is a private database on one of the real servers.
type target struct {
	url *dburl.URL
	pg  *pgx.Conn // PostgreSQL
	my  *sql.DB   // MySQL/MariaDB
}

func pgTarget(t *testing.T) *target {
	raw, conn := dbtest.PostgresURL(t)
	u, err := dburl.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return &target{url: u, pg: conn}
}

func mysqlTarget(t *testing.T) *target {
	raw, db := dbtest.MySQLURL(t)
	u, err := dburl.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return &target{url: u, my: db}
}

// bothTargets runs f on PostgreSQL and on MariaDB/MySQL.
func bothTargets(t *testing.T, f func(t *testing.T, tg *target)) {
	t.Run("postgres", func(t *testing.T) { t.Parallel(); f(t, pgTarget(t)) })
	t.Run("mysql", func(t *testing.T) { t.Parallel(); f(t, mysqlTarget(t)) })
}

func (tg *target) dialect() split.Dialect {
	if tg.pg != nil {
		return split.Postgres
	}
	return split.MySQL
}

// exec runs statements on the target from the test's own connection.
func (tg *target) exec(t *testing.T, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		var err error
		if tg.pg != nil {
			_, err = tg.pg.Exec(context.Background(), s)
		} else {
			_, err = tg.my.Exec(s)
		}
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// strings runs a query whose rows are one text column.
func (tg *target) strings(t *testing.T, q string) []string {
	t.Helper()
	var out []string
	if tg.pg != nil {
		rows, err := tg.pg.Query(context.Background(), q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		out, err = pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return out
	}
	rows, err := tg.my.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// catalog describes every table and column of the target, to compare a
// database before and after a run that must change nothing.
func (tg *target) catalog(t *testing.T) string {
	q := `SELECT table_schema || '.' || table_name || '.' || column_name || ' ' || data_type
		FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`
	if tg.my != nil {
		q = `SELECT CONCAT(table_name, '.', column_name, ' ', column_type) FROM information_schema.columns
			WHERE table_schema = DATABASE()`
	}
	cols := tg.strings(t, q)
	sort.Strings(cols)
	return strings.Join(cols, "\n")
}

// revisions lists "migration applied/total state" for every row.
func (tg *target) revisions(t *testing.T) []string {
	q := `SELECT migration || ' ' || applied || '/' || total || ' ' || kind ||
		CASE WHEN finished_at IS NULL THEN ' unfinished' ELSE '' END FROM schemaguard_revisions ORDER BY started_at, migration`
	if tg.my != nil {
		q = `SELECT CONCAT(migration, ' ', applied, '/', total, ' ', kind,
		IF(finished_at IS NULL, ' unfinished', '')) FROM schemaguard_revisions ORDER BY started_at, migration`
	}
	return tg.strings(t, q)
}

// dir writes files into a fresh directory and reads it as format.
func (tg *target) dir(t *testing.T, format string, files map[string]string) *migrate.Dir {
	t.Helper()
	path := t.TempDir()
	writeFiles(t, path, files)
	d, err := migrate.Open(path, migrate.Options{Format: format, Dialect: tg.dialect()})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func writeFiles(t *testing.T, path string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(path, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// apply runs Apply with the test's defaults and returns its log.
func (tg *target) apply(t *testing.T, d *migrate.Dir, opts Options) (string, *Summary, error) {
	t.Helper()
	var log bytes.Buffer
	opts.URL, opts.Log = tg.url, &log
	if opts.LockTimeout == 0 {
		opts.LockTimeout = time.Minute
	}
	opts.ToolVersion = "test"
	sum, err := Apply(context.Background(), d, opts)
	return log.String(), sum, err
}

// mustApply applies and fails the test on an error.
func (tg *target) mustApply(t *testing.T, d *migrate.Dir, opts Options) string {
	t.Helper()
	log, _, err := tg.apply(t, d, opts)
	if err != nil {
		t.Fatalf("apply: %v\n%s", err, log)
	}
	return log
}

func wantStrings(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("%s:\n got %q\nwant %q", what, got, want)
	}
}
