package apply

import (
	"errors"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/migrate"
)

// goose files run in one transaction on both servers.
func gooseFile(body string) string { return "-- +goose Up\n" + body }

func TestApplyRunsEachMigrationOnce(t *testing.T) {
	bothTargets(t, func(t *testing.T, tg *target) {
		d := tg.dir(t, migrate.FormatGoose, map[string]string{
			"1_users.sql":  gooseFile("CREATE TABLE users (id int PRIMARY KEY, email varchar(100));\nINSERT INTO users VALUES (1, 'a');\n"),
			"2_orders.sql": gooseFile("CREATE TABLE orders (id int PRIMARY KEY);\n"),
		})
		log := tg.mustApply(t, d, Options{})
		for _, want := range []string{"applied    ", "1_users.sql", "2 statements", "applied 2 migrations (3 statements)", "database at version 2"} {
			if !strings.Contains(log, want) {
				t.Errorf("log lacks %q:\n%s", want, log)
			}
		}
		wantStrings(t, "revisions", tg.revisions(t), "1 2/2 versioned", "2 1/1 versioned")
		if log := tg.mustApply(t, d, Options{}); !strings.Contains(log, "nothing to apply; database at version 2") {
			t.Errorf("second run:\n%s", log)
		}
		wantStrings(t, "users", tg.strings(t, "SELECT email FROM users"), "a")
	})
}

func TestFailedMigrationNamesFileLineAndServerError(t *testing.T) {
	bothTargets(t, func(t *testing.T, tg *target) {
		files := map[string]string{
			"1_users.sql": gooseFile("CREATE TABLE users (id int PRIMARY KEY, email varchar(100));\n"),
			"2_fill.sql":  gooseFile("INSERT INTO users VALUES (1, 'a');\nINSERT INTO users (id, email)\n  VALUES (2, nope);\n"),
		}
		d := tg.dir(t, migrate.FormatGoose, files)
		log, sum, err := tg.apply(t, d, Options{})
		var me *MigrationError
		if !errors.As(err, &me) || !errors.Is(err, ErrFailed) {
			t.Fatalf("want a MigrationError, got %v", err)
		}
		wantCode := "SQLSTATE 42703"
		if tg.my != nil {
			wantCode = "Error 1054 (42S22)"
		}
		wantLine := 4 // PostgreSQL points at "nope"
		if tg.my != nil {
			wantLine = 3 // MySQL names no position: the statement's first line
		}
		if !strings.HasSuffix(me.Path, "2_fill.sql") || me.Line != wantLine || !strings.Contains(err.Error(), wantCode) ||
			!strings.Contains(err.Error(), "nothing of it is applied") {
			t.Errorf("error %q: path %s line %d", err, me.Path, me.Line)
		}
		if sum.Applied != 1 || !strings.Contains(log, "FAILED") {
			t.Errorf("summary %+v, log:\n%s", sum, log)
		}
		// The file's transaction took its first INSERT with it, on MySQL too.
		wantStrings(t, "users", tg.strings(t, "SELECT email FROM users"))
		wantStrings(t, "revisions", tg.revisions(t), "1 1/1 versioned", "2 0/2 versioned unfinished")
		errText := tg.strings(t, "SELECT error FROM schemaguard_revisions WHERE migration = '2'")
		if len(errText) != 1 || !strings.Contains(errText[0], "nope") {
			t.Errorf("recorded error %q", errText)
		}

		files["2_fill.sql"] = gooseFile("INSERT INTO users VALUES (1, 'a');\nINSERT INTO users (id, email)\n  VALUES (2, 'b');\n")
		tg.mustApply(t, tg.dir(t, migrate.FormatGoose, files), Options{})
		wantStrings(t, "users", tg.strings(t, "SELECT email FROM users ORDER BY id"), "a", "b")
		wantStrings(t, "revisions", tg.revisions(t), "1 1/1 versioned", "2 2/2 versioned")
	})
}

// Without a transaction, a re-run resumes after the last applied statement
// and the fixed rest of the file runs; an edit of the applied part stops it.
func TestResumeAfterTheLastAppliedStatement(t *testing.T) {
	bothTargets(t, func(t *testing.T, tg *target) {
		format, name, head := migrate.FormatGolangMigrate, "1_t.up.sql", "" // MySQL: no transaction
		if tg.pg != nil {
			format, name, head = migrate.FormatGoose, "1_t.sql", "-- +goose NO TRANSACTION\n-- +goose Up\n"
		}
		body := func(last string) string {
			return head + "CREATE TABLE t (id int PRIMARY KEY);\nINSERT INTO t VALUES (1);\n" + last
		}
		d := tg.dir(t, format, map[string]string{name: body("INSERT INTO t VALUES (nope);\n")})
		_, _, err := tg.apply(t, d, Options{})
		if !strings.Contains(fmtErr(err), "statements 1-2 of 3 are applied") {
			t.Fatalf("error %v", err)
		}
		wantStrings(t, "revisions", tg.revisions(t), "1 2/3 versioned unfinished")

		edited := tg.dir(t, format, map[string]string{name: strings.Replace(body("INSERT INTO t VALUES (2);\n"), "(1)", "(7)", 1)})
		if _, _, err := tg.apply(t, edited, Options{AllowEdited: true}); !errors.Is(err, ErrEdited) {
			t.Fatalf("an edit of applied statements must stop the resume, got %v", err)
		}

		fixed := tg.dir(t, format, map[string]string{name: body("INSERT INTO t VALUES (2);\n")})
		log := tg.mustApply(t, fixed, Options{})
		if !strings.Contains(log, "resumed") || !strings.Contains(log, "statements 3-3 of 3") {
			t.Errorf("log:\n%s", log)
		}
		wantStrings(t, "rows", tg.strings(t, "SELECT concat(id, '') FROM t ORDER BY id"), "1", "2")
		wantStrings(t, "revisions", tg.revisions(t), "1 3/3 versioned")
	})
}

func fmtErr(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// A file with its own BEGIN/COMMIT runs as written; a failure inside its
// transaction takes the transaction back and progress stays at its BEGIN.
func TestFileWithItsOwnTransaction(t *testing.T) {
	bothTargets(t, func(t *testing.T, tg *target) {
		files := map[string]string{"1_t.sql": "CREATE TABLE t (id int PRIMARY KEY);\nBEGIN;\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (nope);\nCOMMIT;\n"}
		_, _, err := tg.apply(t, tg.dir(t, migrate.FormatPlain, files), Options{})
		var me *MigrationError
		if !errors.As(err, &me) || me.Line != 4 || me.Applied != 1 {
			t.Fatalf("got %#v (%v)", me, err)
		}
		wantStrings(t, "rows", tg.strings(t, "SELECT concat(id, '') FROM t"))
		wantStrings(t, "revisions", tg.revisions(t), "1 1/5 versioned unfinished")

		files["1_t.sql"] = strings.Replace(files["1_t.sql"], "nope", "2", 1)
		tg.mustApply(t, tg.dir(t, migrate.FormatPlain, files), Options{})
		wantStrings(t, "rows", tg.strings(t, "SELECT concat(id, '') FROM t ORDER BY id"), "1", "2")
		wantStrings(t, "revisions", tg.revisions(t), "1 5/5 versioned")
	})
}

// golang-migrate on PostgreSQL: a file alone with CREATE INDEX CONCURRENTLY
// runs (no transaction block), and a multi-statement one fails as the
// server fails it in golang-migrate's implicit transaction.
func TestGolangMigrateImplicitTransaction(t *testing.T) {
	tg := pgTarget(t)
	files := map[string]string{
		"1_t.up.sql":   "CREATE TABLE t (id int, v text);\n",
		"2_idx.up.sql": "CREATE INDEX CONCURRENTLY t_v ON t (v);\n",
		"3_bad.up.sql": "CREATE INDEX CONCURRENTLY t_id ON t (id);\nINSERT INTO t VALUES (1, 'a');\n",
	}
	_, _, err := tg.apply(t, tg.dir(t, migrate.FormatGolangMigrate, files), Options{})
	if !errors.Is(err, ErrFailed) || !strings.Contains(err.Error(), "3_bad.up.sql:1:1") ||
		!strings.Contains(err.Error(), "cannot run inside a transaction block") {
		t.Fatalf("got %v", err)
	}
	wantStrings(t, "indexes", tg.strings(t, "SELECT indexname FROM pg_indexes WHERE tablename = 't'"), "t_v")
}

func TestDryRunWritesNothing(t *testing.T) {
	bothTargets(t, func(t *testing.T, tg *target) {
		files := map[string]string{"1_a.sql": gooseFile("CREATE TABLE a (id int);\n")}
		tg.mustApply(t, tg.dir(t, migrate.FormatGoose, files), Options{})
		files["2_b.sql"] = gooseFile("CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);\n")
		before, revs := tg.catalog(t), tg.revisions(t)
		log := tg.mustApply(t, tg.dir(t, migrate.FormatGoose, files), Options{DryRun: true})
		if tg.catalog(t) != before {
			t.Errorf("catalog changed:\n%s\n---\n%s", before, tg.catalog(t))
		}
		wantStrings(t, "revisions", tg.revisions(t), revs...)
		for _, want := range []string{"-- would apply", "2_b.sql: runs 2 statements", "2_b.sql:3\nINSERT INTO b VALUES (1);", "nothing was written"} {
			if !strings.Contains(log, want) {
				t.Errorf("log lacks %q:\n%s", want, log)
			}
		}
		if strings.Contains(log, "CREATE TABLE a") {
			t.Errorf("dry run lists an applied file:\n%s", log)
		}
	})
}

// A fresh database writes no revision table on a dry run either.
func TestDryRunOnAFreshDatabaseCreatesNoTable(t *testing.T) {
	tg := pgTarget(t)
	tg.mustApply(t, tg.dir(t, migrate.FormatGoose, map[string]string{"1_a.sql": gooseFile("CREATE TABLE a (id int);\n")}), Options{DryRun: true})
	if got := tg.catalog(t); got != "" {
		t.Errorf("catalog after a dry run: %s", got)
	}
}

func TestNonEmptyDatabaseNeedsBaseline(t *testing.T) {
	bothTargets(t, func(t *testing.T, tg *target) {
		tg.exec(t, "CREATE TABLE users (id int PRIMARY KEY)", "CREATE TABLE orders (id int PRIMARY KEY)")
		files := map[string]string{
			"1_users.sql":  gooseFile("CREATE TABLE users (id int PRIMARY KEY);\n"),
			"2_orders.sql": gooseFile("CREATE TABLE orders (id int PRIMARY KEY);\n"),
			"3_notes.sql":  gooseFile("CREATE TABLE notes (id int PRIMARY KEY);\n"),
		}
		d := tg.dir(t, migrate.FormatGoose, files)
		_, _, err := tg.apply(t, d, Options{})
		var ue *usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "--baseline") || !strings.Contains(err.Error(), "orders") {
			t.Fatalf("got %v", err)
		}
		if _, _, err := tg.apply(t, d, Options{Baseline: "9"}); !errors.As(err, &ue) || !strings.Contains(err.Error(), "versions: 1, 2, 3") {
			t.Fatalf("unknown baseline version: %v", err)
		}
		log := tg.mustApply(t, d, Options{Baseline: "2"})
		if !strings.Contains(log, "baseline") || !strings.Contains(log, "recorded as applied, not run") {
			t.Errorf("log:\n%s", log)
		}
		wantStrings(t, "revisions", tg.revisions(t), "1 0/1 baseline", "2 0/1 baseline", "3 1/1 versioned")
		if _, _, err := tg.apply(t, d, Options{Baseline: "2"}); !errors.As(err, &ue) {
			t.Fatalf("a second baseline must be refused, got %v", err)
		}
	})
}

func TestEditedAppliedMigration(t *testing.T) {
	tg := pgTarget(t)
	files := map[string]string{"1_a.sql": gooseFile("CREATE TABLE a (id int);\n")}
	tg.mustApply(t, tg.dir(t, migrate.FormatGoose, files), Options{})

	files["1_a.sql"] = "-- a comment and CRLF line ends are no edit\r\n" + gooseFile("CREATE TABLE a (id int);\r\n")
	tg.mustApply(t, tg.dir(t, migrate.FormatGoose, files), Options{})

	files["1_a.sql"] = gooseFile("CREATE TABLE a (id bigint);\n")
	files["2_b.sql"] = gooseFile("CREATE TABLE b (id int);\n")
	d := tg.dir(t, migrate.FormatGoose, files)
	_, _, err := tg.apply(t, d, Options{})
	if !errors.Is(err, ErrEdited) || !strings.Contains(err.Error(), "1_a.sql") {
		t.Fatalf("got %v", err)
	}
	wantStrings(t, "revisions", tg.revisions(t), "1 1/1 versioned")
	log := tg.mustApply(t, d, Options{AllowEdited: true})
	if !strings.Contains(log, "warning: ") || !strings.Contains(log, "1_a.sql was edited") {
		t.Errorf("log:\n%s", log)
	}
	wantStrings(t, "revisions", tg.revisions(t), "1 1/1 versioned", "2 1/1 versioned")
}
