package apply

import (
	"errors"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/migrate"
)

func TestOutOfOrderPendingMigration(t *testing.T) {
	tg := pgTarget(t)
	files := map[string]string{
		"1_a.sql": gooseFile("CREATE TABLE a (id int);\n"),
		"3_c.sql": gooseFile("CREATE TABLE c (id int);\n"),
	}
	tg.mustApply(t, tg.dir(t, migrate.FormatGoose, files), Options{})
	files["2_b.sql"] = gooseFile("CREATE TABLE b (id int);\n")
	d := tg.dir(t, migrate.FormatGoose, files)
	_, _, err := tg.apply(t, d, Options{})
	if !errors.Is(err, ErrOutOfOrder) || !strings.Contains(err.Error(), "2_b.sql sorts before the last applied migration") {
		t.Fatalf("got %v", err)
	}
	tg.mustApply(t, d, Options{AllowOutOfOrder: true})
	wantStrings(t, "revisions", tg.revisions(t), "1 1/1 versioned", "3 1/1 versioned", "2 1/1 versioned")
}

// dbmate runs every migration not applied yet, wherever it sorts.
func TestDbmateAppliesOutOfOrder(t *testing.T) {
	tg := pgTarget(t)
	up := func(table string) string {
		return "-- migrate:up\nCREATE TABLE " + table + " (id int);\n-- migrate:down\n"
	}
	files := map[string]string{"1_a.sql": up("a"), "3_c.sql": up("c")}
	tg.mustApply(t, tg.dir(t, migrate.FormatDbmate, files), Options{})
	files["2_b.sql"] = up("b")
	tg.mustApply(t, tg.dir(t, migrate.FormatDbmate, files), Options{})
	wantStrings(t, "revisions", tg.revisions(t), "1 1/1 versioned", "3 1/1 versioned", "2 1/1 versioned")
}

func TestToVersion(t *testing.T) {
	tg := mysqlTarget(t)
	files := map[string]string{
		"1_a.up.sql": "CREATE TABLE a (id int);\n",
		"2_b.up.sql": "CREATE TABLE b (id int);\n",
		"3_c.up.sql": "CREATE TABLE c (id int);\n",
	}
	d := tg.dir(t, migrate.FormatGolangMigrate, files)
	var ue *usageError
	if _, _, err := tg.apply(t, d, Options{ToVersion: "4"}); !errors.As(err, &ue) || !strings.Contains(err.Error(), "--to-version 4") {
		t.Fatalf("unknown version: %v", err)
	}
	log := tg.mustApply(t, d, Options{ToVersion: "0002"}) // golang-migrate compares numbers
	if !strings.Contains(log, "1 pending migration left") || !strings.Contains(log, "database at version 2") {
		t.Errorf("log:\n%s", log)
	}
	wantStrings(t, "revisions", tg.revisions(t), "1 1/1 versioned", "2 1/1 versioned")
	tg.mustApply(t, d, Options{})
	wantStrings(t, "revisions", tg.revisions(t), "1 1/1 versioned", "2 1/1 versioned", "3 1/1 versioned")
}

// Flyway repeatable migrations run after the versioned ones, and again
// whenever their checksum changes.
func TestFlywayRepeatable(t *testing.T) {
	tg := pgTarget(t)
	files := map[string]string{
		"V1__t.sql":    "CREATE TABLE t (id int, name text);\n",
		"R__names.sql": "CREATE OR REPLACE VIEW names AS SELECT name FROM t;\n",
	}
	tg.mustApply(t, tg.dir(t, migrate.FormatFlyway, files), Options{})
	if log := tg.mustApply(t, tg.dir(t, migrate.FormatFlyway, files), Options{}); !strings.Contains(log, "nothing to apply") {
		t.Errorf("unchanged repeatable ran again:\n%s", log)
	}
	files["R__names.sql"] = "CREATE OR REPLACE VIEW names AS SELECT name, id FROM t;\n"
	files["V2__u.sql"] = "CREATE TABLE u (id int);\n"
	log := tg.mustApply(t, tg.dir(t, migrate.FormatFlyway, files), Options{})
	if !strings.Contains(log, "re-applied") || strings.Index(log, "V2__u.sql") > strings.Index(log, "R__names.sql") {
		t.Errorf("log:\n%s", log)
	}
	wantStrings(t, "view columns", tg.strings(t, "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'names' ORDER BY ordinal_position"), "name", "id")
	wantStrings(t, "revisions", tg.revisions(t), "1 1/1 versioned", "2 1/1 versioned", "R__names 1/1 repeatable")
}

// A Liquibase changeset is the migration: one appended to an applied file
// is applied on its own, in its own transaction.
func TestLiquibaseChangesets(t *testing.T) {
	tg := pgTarget(t)
	head := "--liquibase formatted sql\n--changeset ann:1\nCREATE TABLE t (id int);\n"
	files := map[string]string{"changelog.sql": head}
	tg.mustApply(t, tg.dir(t, migrate.FormatLiquibase, files), Options{})
	files["changelog.sql"] = head + "--changeset ann:2 runInTransaction:false\nCREATE INDEX CONCURRENTLY t_id ON t (id);\n"
	log := tg.mustApply(t, tg.dir(t, migrate.FormatLiquibase, files), Options{})
	if !strings.Contains(log, "changelog.sql changeset ann:2") || strings.Contains(log, "changeset ann:1 ") {
		t.Errorf("log:\n%s", log)
	}
	wantStrings(t, "revisions", tg.revisions(t), "changelog.sql::ann:1 1/1 versioned", "changelog.sql::ann:2 1/1 versioned")
}

// goose Go migrations cannot be replayed from SQL: a pending one stops the
// run before anything runs; one covered by --baseline is fine.
func TestGooseGoMigration(t *testing.T) {
	tg := pgTarget(t)
	files := map[string]string{
		"1_a.sql":  gooseFile("CREATE TABLE a (id int);\n"),
		"2_fix.go": "package migrations\n",
		"3_c.sql":  gooseFile("CREATE TABLE c (id int);\n"),
	}
	d := tg.dir(t, migrate.FormatGoose, files)
	_, _, err := tg.apply(t, d, Options{})
	var ue *usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "2_fix.go is pending and cannot be applied") {
		t.Fatalf("got %v", err)
	}
	if got := tg.catalog(t); got != "" {
		t.Fatalf("something ran: %s", got)
	}
	tg.exec(t, "CREATE TABLE a (id int)")
	tg.mustApply(t, d, Options{Baseline: "2"})
	wantStrings(t, "revisions", tg.revisions(t), "1 0/1 baseline", "2 0/0 baseline", "3 1/1 versioned")
}

// A migration that changes search_path (or the current database) does not
// move the revision table, which is resolved once, qualified.
func TestRevisionTableStaysPut(t *testing.T) {
	tg := pgTarget(t)
	files := map[string]string{
		"1_schema.sql": gooseFile("CREATE SCHEMA app;\nSET search_path TO app;\n"),
		"2_t.sql":      gooseFile("CREATE TABLE t (id int);\n"),
	}
	tg.mustApply(t, tg.dir(t, migrate.FormatGoose, files), Options{})
	wantStrings(t, "revisions", tg.revisions(t), "1 2/2 versioned", "2 1/1 versioned")
	wantStrings(t, "t", tg.strings(t, "SELECT table_schema::text FROM information_schema.tables WHERE table_name = 't'"), "app")
}

func TestOtherRevisionTable(t *testing.T) {
	bothTargets(t, func(t *testing.T, tg *target) {
		tg.exec(t, "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean)")
		d := tg.dir(t, migrate.FormatGoose, map[string]string{"1_a.sql": gooseFile("CREATE TABLE a (id int);\n")})
		_, _, err := tg.apply(t, d, Options{Table: "schema_migrations"})
		if err == nil || !strings.Contains(err.Error(), "is not a schemaguard revision table") {
			t.Fatalf("got %v", err)
		}
		schema := "public"
		if tg.my != nil {
			schema = tg.url.Database()
		}
		tg.mustApply(t, d, Options{Table: schema + ".deploys", Baseline: "1"})
		wantStrings(t, "rows", tg.strings(t, "SELECT migration FROM deploys"), "1")
	})
}

func TestRecordedMigrationMissingFromTheDirectory(t *testing.T) {
	tg := pgTarget(t)
	files := map[string]string{"1_a.sql": gooseFile("CREATE TABLE a (id int);\n"), "2_b.sql": gooseFile("CREATE TABLE b (id int);\n")}
	tg.mustApply(t, tg.dir(t, migrate.FormatGoose, files), Options{})
	delete(files, "2_b.sql")
	log := tg.mustApply(t, tg.dir(t, migrate.FormatGoose, files), Options{})
	if !strings.Contains(log, "warning: 2_b.sql (2) is recorded as applied but is not in the directory") ||
		!strings.Contains(log, "nothing to apply; database at version 2") {
		t.Errorf("log:\n%s", log)
	}
}

// Under LOCK TABLES MySQL refuses the progress update: the error says why.
func TestMySQLLockTablesIsExplained(t *testing.T) {
	tg := mysqlTarget(t)
	d := tg.dir(t, migrate.FormatGolangMigrate, map[string]string{
		"1_t.up.sql": "CREATE TABLE t (id int);\nLOCK TABLES t WRITE;\nINSERT INTO t VALUES (1);\nUNLOCK TABLES;\n",
	})
	_, _, err := tg.apply(t, d, Options{})
	if err == nil || !strings.Contains(err.Error(), "take LOCK TABLES out of the file") {
		t.Fatalf("got %v", err)
	}
}
