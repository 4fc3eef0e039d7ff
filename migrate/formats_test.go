package migrate

import (
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/schemaguard/schemaguard/migrate/split"
)

func TestGolangMigrate(t *testing.T) {
	d := openTD(t, "golang-migrate/unpadded", FormatGolangMigrate, "")
	// Numeric order (2_ before 10_), .down. files and other names skipped,
	// the down-only version 3 yields no file, the greedy title keeps dots.
	eq(t, "names", fileNames(d), []string{"1_init.up.sql", "2_add_email.up.sql", "10_index.up.sql", "11_1.9.0_schema.up.sql"})
	eq(t, "versions", fileVersions(d), []string{"1", "2", "10", "11"})
	eq(t, "description", d.Files[3].Description, "1.9.0_schema")
	for _, f := range d.Files {
		eq(t, f.Name+" txmode", f.TxMode, TxImplicit)
		eq(t, f.Name+" unit txmode", f.Units[0].TxMode, TxImplicit)
	}
	init := d.Files[0]
	eq(t, "init statements", texts(init), []string{
		"CREATE TABLE users (id bigint PRIMARY KEY, name text)",
		"CREATE INDEX users_name ON users (name)",
	})
	eq(t, "init file directives", directiveStrings(init.Directives), []string{"lint:ignore DS102 reviewed in #12@1:1"})
	eq(t, "stmt 0 directives", directiveStrings(init.Statements[0].Directives), []string(nil))
	eq(t, "stmt 1 directives", directiveStrings(init.Statements[1].Directives), []string{"lint:ignore PG101@4:1"})
	// CRLF file: the statement is on line 2 and its text has no "\r".
	crlf := d.Files[2]
	eq(t, "crlf statements", texts(crlf), []string{"CREATE INDEX CONCURRENTLY users_email ON users (email)"})
	eq(t, "crlf line", crlf.Statements[0].Line, 2)
	// No trailing newline: the last statement ends at the end of the file.
	last := d.Files[3]
	eq(t, "no-newline statements", texts(last), []string{"CREATE TABLE versions (v text)", "INSERT INTO versions VALUES ('1.9.0')"})
	eq(t, "no-newline end", last.Statements[1].End, len(last.Raw)-1)
}

func TestGolangMigrateMySQL(t *testing.T) {
	d := openTD(t, "golang-migrate/mysql", FormatGolangMigrate, split.MySQL)
	f := d.Files[0]
	eq(t, "txmode", f.TxMode, TxNone)
	// The procedure body's semicolons stay inside one statement, without DELIMITER.
	if len(f.Statements) != 3 {
		t.Fatalf("statements: %q", texts(f))
	}
	if s := f.Statements[1].Text; !strings.HasPrefix(s, "CREATE PROCEDURE fill_t()") || !strings.HasSuffix(s, "END") {
		t.Errorf("procedure statement = %q", s)
	}
	eq(t, "procedure directives (# comment)", directiveStrings(f.Statements[1].Directives), []string{"lint:ignore MY101 legacy table@3:1"})
}

func TestGolangMigrateDuplicate(t *testing.T) {
	e := openErr(t, "golang-migrate/dup", FormatGolangMigrate)
	if e.File != "1_a.up.sql" || !strings.Contains(e.Msg, "duplicate migration version 1") || !strings.Contains(e.Msg, "01_b.up.sql") {
		t.Errorf("error = %v", e)
	}
}

func TestFlyway(t *testing.T) {
	d := openTD(t, "flyway/basic", FormatFlyway, "")
	// V1_9 before V1_10 (numeric parts), recursion into sub/, repeatables last
	// by description; U, B, callbacks, invalid names, .conf and README skipped.
	eq(t, "names", fileNames(d), []string{
		"V1__init.sql", "V1_9__nine.sql", "V1_10__ten.sql", "sub/V2__in_subdir.sql",
		"V3__concurrent.sql", "V4__mixed.sql", "V5__conf.sql", "R__a_funcs.sql", "R__views.sql",
	})
	eq(t, "versions", fileVersions(d), []string{"1", "1.9", "1.10", "2", "3", "4", "5", "", ""})
	eq(t, "description", file(t, d, "R__a_funcs.sql").Description, "a funcs")
	eq(t, "kind", file(t, d, "R__views.sql").Kind, KindRepeatable)
	eq(t, "kind", file(t, d, "V1__init.sql").Kind, KindVersioned)
	modes := map[string]TxMode{
		"V1__init.sql":       TxFile,
		"V3__concurrent.sql": TxNone, // only non-transactional statements
		"V4__mixed.sql":      TxFile, // mixed: Flyway refuses, the linter reports
		"V5__conf.sql":       TxNone, // executeInTransaction=false in V5__conf.sql.conf
		"R__views.sql":       TxFile,
	}
	for name, m := range modes {
		f := file(t, d, name)
		eq(t, name+" txmode", f.TxMode, m)
		eq(t, name+" unit txmode", f.Units[0].TxMode, m)
	}
	fn := file(t, d, "R__a_funcs.sql")
	if len(fn.Statements) != 1 || !strings.HasSuffix(fn.Statements[0].Text, "$body$ LANGUAGE plpgsql") {
		t.Errorf("$body$ function statements = %q", texts(fn))
	}
}

func TestFlywayDuplicate(t *testing.T) {
	e := openErr(t, "flyway/dup", FormatFlyway)
	if !strings.Contains(e.Msg, "more than one migration with version") {
		t.Errorf("error = %v", e)
	}
	if !(e.File == "V1.0__b.sql" && strings.Contains(e.Msg, "V1__a.sql") || e.File == "V1__a.sql" && strings.Contains(e.Msg, "V1.0__b.sql")) {
		t.Errorf("error does not name both files: %v", e)
	}
}

func TestGoose(t *testing.T) {
	d := openTD(t, "goose/basic", FormatGoose, "")
	// The Go migration keeps its place; _test.go and main.go are skipped.
	eq(t, "names", fileNames(d), []string{"00001_init.sql", "00002_func.sql", "00003_backfill.go", "00004_concurrent.sql", "00005_lower.sql"})
	eq(t, "versions", fileVersions(d), []string{"1", "2", "3", "4", "5"})

	init := d.Files[0]
	eq(t, "init statements (down excluded)", texts(init), []string{
		"CREATE TABLE items (id bigint PRIMARY KEY, name text)",
		"ALTER TABLE items ADD COLUMN price int NOT NULL",
	})
	eq(t, "init txmode", init.TxMode, TxFile)
	eq(t, "init unit line (Up marker)", init.Units[0].Line, 2)
	eq(t, "file directive above Up", directiveStrings(init.Directives), []string{"lint:ignore PG101 file-level: above the Up marker@1:1"})
	eq(t, "stmt 0 directives", directiveStrings(init.Statements[0].Directives), []string(nil))
	eq(t, "stmt 1 directives", directiveStrings(init.Statements[1].Directives), []string{"lint:ignore DS103 MF103 statement-level@4:1"})

	fn := d.Files[1]
	if len(fn.Statements) != 4 {
		t.Fatalf("func statements: %q", texts(fn))
	}
	if s := fn.Statements[0].Text; !strings.HasPrefix(s, "CREATE FUNCTION touch()") || !strings.HasSuffix(s, "$$ LANGUAGE plpgsql") {
		t.Errorf("block statement = %q", s)
	}
	eq(t, "block directive (walk passes StatementBegin)", directiveStrings(fn.Statements[0].Directives), []string{"atlas:nolint PG301@3:1"})
	eq(t, "block without final ;", fn.Statements[2].Text, "ALTER TABLE items ADD COLUMN mood mood")
	eq(t, "after block", fn.Statements[3].Text, "SELECT 1")
	for _, s := range fn.Statements {
		if strings.Contains(s.Text, "DROP FUNCTION") {
			t.Errorf("down section on the up path: %q", s.Text)
		}
	}

	gofile := d.Files[2]
	eq(t, "go kind", gofile.Kind, KindGo)
	eq(t, "go statements", len(gofile.Statements), 0)
	if !strings.Contains(gofile.NotReplayable, "00003_backfill.go") || !strings.Contains(gofile.NotReplayable, "cannot be replayed") {
		t.Errorf("NotReplayable = %q", gofile.NotReplayable)
	}
	eq(t, "lower-case no transaction before Up", d.Files[3].TxMode, TxNone)
	eq(t, "NO TRANSACTION inside a block, --+goose up", d.Files[4].TxMode, TxNone)
	eq(t, "unit follows file", d.Files[4].Units[0].TxMode, TxNone)
	eq(t, "statement in lower-case file", texts(d.Files[4]), []string{"CREATE INDEX CONCURRENTLY items_price ON items (price)"})
}

func TestDbmate(t *testing.T) {
	d := openTD(t, "dbmate/basic", FormatDbmate, "")
	// String order: "9_late" sorts after "2020...".
	eq(t, "names", fileNames(d), []string{"20200101000000_init.sql", "20200102000000_idx.sql", "20200103000000_multi.sql", "9_late.sql"})
	eq(t, "versions", fileVersions(d), []string{"20200101000000", "20200102000000", "20200103000000", "9"})
	init := d.Files[0]
	eq(t, "countdown table and comment are SQL, down excluded", texts(init), []string{
		"CREATE TABLE countdown (id bigint PRIMARY KEY, n int)",
		"CREATE TABLE downloads (id bigint)",
	})
	eq(t, "init units", len(init.Units), 1)
	eq(t, "init txmode", init.TxMode, TxFile)

	idx := d.Files[1]
	eq(t, "transaction:false on postgres", idx.Units[0].TxMode, TxImplicit)
	eq(t, "file mode", idx.TxMode, TxImplicit)
	eq(t, "statement directive", directiveStrings(idx.Statements[0].Directives), []string{"lint:ignore PG101@2:1"})

	multi := d.Files[2]
	if len(multi.Units) != 2 || multi.Units[0].TxMode != TxFile || multi.Units[1].TxMode != TxImplicit || multi.Units[1].Line != 5 {
		t.Errorf("multi units = %+v", multi.Units)
	}
	eq(t, "multi statements", texts(multi), []string{"ALTER TABLE countdown ADD COLUMN a int", "VACUUM countdown"})
	eq(t, "unit of second statement", multi.Statements[1].Unit, 1)
	eq(t, "mixed file mode", multi.TxMode, TxFile)

	my := openTD(t, "dbmate/basic", FormatDbmate, split.MySQL)
	eq(t, "transaction:false on mysql", my.Files[1].Units[0].TxMode, TxNone)
}

func TestLiquibase(t *testing.T) {
	d := openTD(t, "liquibase/basic", FormatLiquibase, "")
	// includeAll order: paths as strings, recursive; the YAML master is not SQL.
	eq(t, "names", fileNames(d), []string{"001_init.sql", "002_funcs.sql", "004_dbms.sql", "sub/003_raw.sql"})
	eq(t, "versions", fileVersions(d), []string{"001", "002", "004", "003"})

	init := d.Files[0]
	if len(init.Units) != 2 || init.Units[0].ID != "alice:1" || init.Units[1].ID != "alice:2" {
		t.Fatalf("units = %+v", init.Units)
	}
	eq(t, "changeset 1 tx", init.Units[0].TxMode, TxFile)
	eq(t, "runInTransaction:false", init.Units[1].TxMode, TxNone)
	eq(t, "unit line", init.Units[1].Line, 9)
	eq(t, "statements (rollback and comment excluded)", texts(init), []string{
		"CREATE TABLE orders (id bigint PRIMARY KEY)",
		"CREATE INDEX orders_id ON orders (id)",
		"CREATE INDEX CONCURRENTLY orders_id2 ON orders (id)",
	})
	eq(t, "units of statements", []string{strconv.Itoa(init.Statements[0].Unit), strconv.Itoa(init.Statements[2].Unit)}, []string{"0", "1"})
	eq(t, "statement directive", directiveStrings(init.Statements[1].Directives), []string{"lint:ignore PG101 small table@5:1"})

	fn := d.Files[1] // CRLF, "-- Liquibase Formatted SQL" header
	if len(fn.Units) != 2 || fn.Units[0].ID != "bob:fn" || fn.Units[1].ID != "bob:delim" {
		t.Fatalf("units = %+v", fn.Units)
	}
	if len(fn.Statements) != 3 {
		t.Fatalf("statements = %q", texts(fn))
	}
	if s := fn.Statements[0].Text; !strings.HasPrefix(s, "CREATE FUNCTION f()") || !strings.Contains(s, "$body$ LANGUAGE plpgsql") {
		t.Errorf("splitStatements:false statement = %q", s)
	}
	eq(t, "endDelimiter:/ keeps the ; inside", fn.Statements[1].Text, "INSERT INTO orders VALUES (1);\r\nINSERT INTO orders VALUES (2)")
	eq(t, "endDelimiter:/ second", fn.Statements[2].Text, "INSERT INTO orders VALUES (3)")
	for _, s := range fn.Statements {
		if strings.Contains(s.Text, "DELETE") || strings.Contains(s.Text, "pg_proc") {
			t.Errorf("rollback/precondition text on the up path: %q", s.Text)
		}
	}

	dbms := d.Files[2]
	eq(t, "dbms filter (postgres)", texts(dbms), []string{"ALTER TABLE orders ADD COLUMN pg int"})
	eq(t, "dbms unit", dbms.Units[0].ID, "carol:pg")
	my := openTD(t, "liquibase/basic", FormatLiquibase, split.MySQL)
	eq(t, "dbms filter (mysql)", texts(my.Files[2]), []string{"ALTER TABLE orders ENGINE=InnoDB"})

	raw := d.Files[3]
	eq(t, "raw changeset id", raw.Units[0].ID, "includeAll:raw")
	eq(t, "raw statements", len(raw.Statements), 2)
}

func TestLiquibaseMalformed(t *testing.T) {
	for dir, line := range map[string]int{
		"liquibase/bad_changeset_colon": 2,
		"liquibase/bad_changeset_noid":  2,
		"liquibase/bad_changeset_space": 3,
	} {
		e := openErr(t, dir, FormatLiquibase)
		if e.File != "001.sql" || e.Line != line || !strings.Contains(e.Msg, "changeset") {
			t.Errorf("%s: error = %v (line %d)", dir, e, e.Line)
		}
	}
}

func TestAtlas(t *testing.T) {
	d := openTD(t, "atlas/basic", FormatAtlas, "")
	eq(t, "versions", fileVersions(d), []string{"20230101000000", "20230102000000", "20230103000000", "20230104000000", "20230105000000"})
	eq(t, "description", d.Files[0].Description, "init")
	if !strings.HasPrefix(string(d.Sum), "h1:") {
		t.Errorf("Sum = %q", d.Sum)
	}
	init := d.Files[0]
	eq(t, "file nolint", directiveStrings(init.Directives), []string{"atlas:nolint DS103@1:1"})
	eq(t, "statement nolint", directiveStrings(init.Statements[1].Directives), []string{"atlas:nolint MF103@4:1"})
	eq(t, "default tx", init.TxMode, TxFile)
	eq(t, "atlas:txmode none", d.Files[1].TxMode, TxNone)
	eq(t, "atlas:txmode none unit", d.Files[1].Units[0].TxMode, TxNone)
	eq(t, "custom delimiter", texts(d.Files[2]), []string{"CREATE FUNCTION g() RETURNS int AS 'SELECT 1; SELECT 2' LANGUAGE sql", "SELECT g()"})
	bom := d.Files[3]
	eq(t, "bom statements", texts(bom), []string{"DROP TABLE legacy", "SELECT 'é'"})
	eq(t, "bom directive column", directiveStrings(bom.Statements[0].Directives), []string{"lint:ignore DS102@1:1"})
	eq(t, "no newline", texts(d.Files[4]), []string{"SELECT 1", "SELECT 'no newline at end'"})
}

func TestPlain(t *testing.T) {
	d := openTD(t, "plain/basic", FormatPlain, "")
	eq(t, "names", fileNames(d), []string{"1_a.sql", "2_b.sql", "003.sql", "10_c.sql"})
	eq(t, "versions", fileVersions(d), []string{"1", "2", "003", "10"})
	eq(t, "default", d.Files[0].TxMode, TxFile)
	// schemaguard:txmode directly above the first statement still counts.
	eq(t, "schemaguard:txmode none", d.Files[1].TxMode, TxNone)
	eq(t, "unit", d.Files[1].Units[0].TxMode, TxNone)
}

func TestBadInputs(t *testing.T) {
	cases := []struct {
		dir, format, file string
		line              int
		msg               string
	}{
		{"goose/bad_noup", FormatGoose, "00001_x.sql", 3, "must follow -- +goose Up"},
		{"goose/bad_empty", FormatGoose, "00001_x.sql", 1, "no -- +goose Up annotation"},
		{"goose/bad_annotation", FormatGoose, "00001_x.sql", 3, "unknown goose annotation"},
		{"goose/bad_sql_before_up", FormatGoose, "00001_x.sql", 2, "SQL before"},
		{"goose/bad_missing_end", FormatGoose, "00001_x.sql", 3, "without -- +goose StatementEnd"},
		{"goose/bad_semicolon", FormatGoose, "00001_x.sql", 2, "missing semicolon"},
		{"dbmate/bad_nodown", FormatDbmate, "1_x.sql", 1, "migrate:down"},
		{"dbmate/bad_stmt_before", FormatDbmate, "1_x.sql", 1, "before -- migrate:up"},
		{"atlas/bad_txmode", FormatAtlas, "20230101000000_x.sql", 1, "unknown atlas:txmode value"},
		{"plain/bad_txmode", FormatPlain, "1_x.sql", 1, "unknown schemaguard:txmode value"},
	}
	for _, c := range cases {
		e := openErr(t, c.dir, c.format)
		if e.File != c.file || e.Line != c.line || !strings.Contains(e.Msg, c.msg) {
			t.Errorf("%s: got %q (file %q line %d), want %s:%d containing %q", c.dir, e.Msg, e.File, e.Line, c.file, c.line, c.msg)
		}
	}
	e := openErr(t, "goose/dup", FormatGoose)
	if e.File != "1_b.sql" || !strings.Contains(e.Msg, "00001_a.sql") {
		t.Errorf("goose dup: %v", e)
	}
}

// More input errors, in memory: each names the file and the line.
func TestBadInputsInMemory(t *testing.T) {
	cases := []struct {
		format, name, src string
		line              int
		msg               string
	}{
		{FormatLiquibase, "1.sql", "--liquibase formatted sql\n--changeset a:1\n\n--changeset a:2\nSELECT 1;\n", 2, "no SQL for changeset a:1"},
		{FormatLiquibase, "1.sql", "--liquibase formatted sql\n--comment: file comment\n--changeset a:1\nSELECT 1;\n", 2, "--comment outside a changeset"},
		{FormatLiquibase, "1.sql", "--liquibase formatted sql\n-- changeset for the orders table\n", 2, "malformed changeset line"},
		{FormatLiquibase, "1.sql", "--liquibase formatted sql\n--changeset a:1\nSELECT 1;\n/* liquibase rollback\nDELETE FROM t;\n", 4, "not closed"},
		{FormatDbmate, "1_x.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n-- migrate:down\n", 4, "second -- migrate:down"},
		{FormatDbmate, "1_x.sql", "-- migrate:down\n-- migrate:up\n", 1, "before any -- migrate:up"},
		{FormatDbmate, "1_x.sql", "-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 2;\n-- migrate:down\n", 1, "without a following -- migrate:down"},
		{FormatGoose, "1_x.sql", "-- +goose Up\nSELECT 1;\n-- +goose Up\n", 3, "duplicate -- +goose Up"},
		{FormatGoose, "1_x.sql", "-- +goose Up\nSELECT 1;\n-- +goose StatementEnd\n", 3, "without -- +goose StatementBegin"},
		{FormatGoose, "1_x.sql", " -- +goose Up\nSELECT 1;\n", 1, "beginning of the line"},
		{FormatGoose, "1_x.sql", "-- +goose Up\n-- the +goose tool runs this\nSELECT 1;\n", 2, "unknown goose annotation"},
		{FormatGoose, "1_x.sql", "-- +goose Up -- +goose Down\n", 1, "more than one"},
		{FormatAtlas, "1_x.sql", "-- atlas:delimiter //", 1, "no input found after atlas:delimiter"},
		{FormatAtlas, "1_x.sql", "-- atlas:delimiter\nSELECT 1;\n", 1, "needs a delimiter"},
		{FormatPlain, "1_x.sql", "-- schemaguard:txmode\n\nSELECT 1;\n", 1, "needs a value"},
	}
	for _, c := range cases {
		_, err := OpenFS(fstest.MapFS{c.name: {Data: []byte(c.src)}}, ".", Options{Format: c.format})
		e, ok := err.(*Error)
		if !ok || e.File != c.name || e.Line != c.line || !strings.Contains(e.Msg, c.msg) {
			t.Errorf("%s %q: got %v, want %s:%d containing %q", c.format, c.src, err, c.name, c.line, c.msg)
		}
	}
	// A directory without files of the chosen format is an error, not an empty run.
	e := openErr(t, "flyway/basic", FormatDbmate)
	if !strings.Contains(e.Msg, "no dbmate migration files") {
		t.Errorf("no files: %v", e)
	}
}

// An explicit executeInTransaction=true in a .conf keeps the transaction even
// when every statement is one Flyway would otherwise run outside it.
func TestFlywayConfExplicitTrue(t *testing.T) {
	fsys := fstest.MapFS{
		"V1__idx.sql":      {Data: []byte("CREATE INDEX CONCURRENTLY i ON t (a);\n")},
		"V1__idx.sql.conf": {Data: []byte("executeInTransaction=true\n")},
		"V2__idx.sql":      {Data: []byte("VACUUM t;\n")},
	}
	d, err := OpenFS(fsys, ".", Options{Format: FormatFlyway})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "explicit true", d.Files[0].TxMode, TxFile)
	eq(t, "detected", d.Files[1].TxMode, TxNone)
	my, err := OpenFS(fsys, ".", Options{Format: FormatFlyway, Dialect: split.MySQL})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "no detection on mysql", my.Files[1].TxMode, TxFile)
}
