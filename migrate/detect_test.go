package migrate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/schemaguard/schemaguard/migrate/split"
)

func TestDetect(t *testing.T) {
	cases := []struct {
		dir     string
		dialect split.Dialect
		format  string
		by      string // DetectedBy must contain this (signal and file)
	}{
		{"golang-migrate/unpadded", "", FormatGolangMigrate, "golang-migrate file name 10_index.down.sql"},
		{"golang-migrate/mysql", split.MySQL, FormatGolangMigrate, "1_procs.down.sql"},
		{"flyway/basic", "", FormatFlyway, "flyway"},
		{"goose/basic", "", FormatGoose, `goose annotation "-- +goose Up" in 00001_init.sql:2`},
		{"dbmate/basic", "", FormatDbmate, `"-- migrate:up" line in 20200101000000_init.sql:4`},
		{"liquibase/basic", "", FormatLiquibase, "liquibase formatted SQL header in 001_init.sql"},
		{"atlas/basic", "", FormatAtlas, "atlas.sum"},
		{"plain/basic", "", FormatPlain, "numbered .sql files without tool markers (e.g. 003.sql)"},
		// The header decides, not the flyway-like name.
		{"detect/liquibase_flyway_names", "", FormatLiquibase, "V1__a.sql"},
	}
	for _, c := range cases {
		d := openTD(t, c.dir, "", c.dialect)
		if d.Format != c.format || !d.Detected || !strings.Contains(d.DetectedBy, c.by) {
			t.Errorf("%s: format %q detected=%v by %q; want %q by ...%q...", c.dir, d.Format, d.Detected, d.DetectedBy, c.format, c.by)
		}
	}
	// An explicit format is not "detected".
	if d := openTD(t, "plain/basic", FormatPlain, ""); d.Detected || d.DetectedBy != "" {
		t.Errorf("explicit format reported as detected: %+v", d)
	}
}

func TestDetectAmbiguous(t *testing.T) {
	for dir, want := range map[string][]string{
		"detect/goose_and_dbmate": {"goose", "1_a.sql", "dbmate", "2_b.sql"},
		"detect/flyway_and_gm":    {"flyway", "V1__a.sql", "golang-migrate", "1_a.up.sql"},
	} {
		e := openErr(t, dir, "")
		if !strings.Contains(e.Msg, "ambiguous directory format") || !strings.Contains(e.Msg, "pass --dir-format") {
			t.Errorf("%s: %v", dir, e)
		}
		for _, w := range want {
			if !strings.Contains(e.Msg, w) {
				t.Errorf("%s: error %q does not name %q", dir, e.Msg, w)
			}
		}
	}
}

func TestDetectNothing(t *testing.T) {
	e := openErr(t, "detect/nothing", "")
	if !strings.Contains(e.Msg, "no migration files") || e.File != filepath.Join("testdata", "detect/nothing") {
		t.Errorf("no migrations: %v", e)
	}
	empty := t.TempDir()
	_, err := Open(empty, Options{})
	if err == nil || !strings.Contains(err.Error(), "empty") || !strings.Contains(err.Error(), empty) {
		t.Errorf("empty dir: %v", err)
	}
	if _, err := Open(filepath.Join(empty, "missing"), Options{}); err == nil {
		t.Error("missing dir: no error")
	}
	f := filepath.Join(empty, "f.sql")
	if err := os.WriteFile(f, []byte("SELECT 1;"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(f, Options{}); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("file as dir: %v", err)
	}
}

func TestUnknownNames(t *testing.T) {
	_, err := Open(filepath.Join("testdata", "plain/basic"), Options{Format: "rails"})
	if err == nil {
		t.Fatal("no error for an unknown format")
	}
	for _, f := range append(Formats(), "auto") {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not list %q", err, f)
		}
	}
	if _, err := Open(filepath.Join("testdata", "plain/basic"), Options{Dialect: "oracle"}); err == nil || !strings.Contains(err.Error(), "dialect") {
		t.Errorf("unknown dialect: %v", err)
	}
}

// OpenFS works on an in-memory tree and names files relative to the directory.
func TestOpenFS(t *testing.T) {
	fsys := fstest.MapFS{
		"db/migrations/1_a.sql":          {Data: []byte("-- +goose Up\nSELECT 1;\n")},
		"db/migrations/2_b.sql":          {Data: []byte("-- +goose Up\nSELECT 2;\n")},
		"db/migrations/.git/x/V1__x.sql": {Data: []byte("SELECT 1;\n")}, // hidden dirs are not entered
	}
	d, err := OpenFS(fsys, "db/migrations", Options{})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "format", d.Format, FormatGoose)
	eq(t, "names", fileNames(d), []string{"1_a.sql", "2_b.sql"})
	eq(t, "path", d.Path, "db/migrations")
	eq(t, "dialect default", d.Dialect, split.Postgres)
}

// Directories a tool would read only in part, or not as schemaguard would,
// are refused with the reason instead of being linted half: numbered files
// golang-migrate skips beside its own, and sql-migrate's annotations.
func TestDetectRefusesPartialReadings(t *testing.T) {
	for _, c := range []struct {
		files map[string]string
		msg   string
	}{
		{map[string]string{
			"201701261850_create_users.up.sql":   "CREATE TABLE users (id int);\n",
			"201701261850_create_users.down.sql": "DROP TABLE users;\n",
			"201806191904_drop_legacy.sql":       "ALTER TABLE users DROP COLUMN legacy;\n",
		}, "ambiguous directory format: golang-migrate (golang-migrate file name 201701261850_create_users.down.sql) and plain (numbered .sql file 201806191904_drop_legacy.sql, which golang-migrate does not read); pass --dir-format"},
		{map[string]string{
			"1_init.sql": "-- +migrate Up\nCREATE TABLE users (id int);\n-- +migrate Down\nDROP TABLE users;\n",
		}, `sql-migrate annotations ("-- +migrate Up" in 1_init.sql:1)`},
	} {
		fsys := fstest.MapFS{}
		for n, b := range c.files {
			fsys[n] = &fstest.MapFile{Data: []byte(b)}
		}
		_, err := OpenFS(fsys, ".", Options{})
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("got %v\nwant …%s…", err, c.msg)
		}
	}
	// golang-migrate's down files alone are no stray: the directory reads.
	fsys := fstest.MapFS{"1_a.up.sql": {Data: []byte("SELECT 1;\n")}, "1_a.down.sql": {Data: []byte("SELECT 2;\n")}}
	if d, err := OpenFS(fsys, ".", Options{}); err != nil || d.Format != FormatGolangMigrate {
		t.Errorf("up and down files: %v", err)
	}
	// A plain directory runs neither rollbacks nor unnumbered files, and
	// reads "<digits>.<name>.sql".
	fsys = fstest.MapFS{"0156.sql": {Data: []byte("SELECT 1;\n")}, "0157.up.sql": {Data: []byte("SELECT 2;\n")},
		"0157.down.sql": {Data: []byte("SELECT 3;\n")}}
	d, err := OpenFS(fsys, ".", Options{Format: FormatPlain})
	if err != nil || len(d.Files) != 2 || d.Files[1].Name != "0157.up.sql" || d.Files[1].Version != "0157" {
		t.Errorf("plain: %v %+v", err, d)
	}
}
