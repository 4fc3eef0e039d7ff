package migrate

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/schemaguard/schemaguard/migrate/split"
)

// Files the tool would fail to run are input errors at the exact line, even
// where the dialect splitter alone would read them cleanly.
func TestToolWouldFail(t *testing.T) {
	delimiterMsg := func(tool string) string {
		return "DELIMITER is a command of the mysql client; " + tool + " sends the file to the server, which rejects it: " +
			"remove the DELIMITER lines (the server reads procedure bodies without them)"
	}
	cases := []struct {
		dir, format string
		dialect     split.Dialect
		file        string
		line, col   int
		msg         string // the whole message when exact, else a substring
		exact       bool
	}{
		// goose cuts after "RETURN 1;" (line 5) outside StatementBegin.
		{"goose/bad_function_noblock", FormatGoose, "", "00001_f.sql", 5, 0,
			"goose ends a statement at this line (it ends in ';') in the middle of CREATE FUNCTION ... starting at line 3: " +
				"wrap the statement in -- +goose StatementBegin / -- +goose StatementEnd", true},
		{"goose/bad_mysql_procedure", FormatGoose, split.MySQL, "00001_p.sql", 6, 0,
			"in the middle of CREATE PROCEDURE ... starting at line 4", false},
		// goose parses the Down section too and refuses the file.
		{"goose/bad_down_semicolon", FormatGoose, "", "00001_x.sql", 7, 0, "in the -- +goose Down section: missing semicolon?", false},
		// The server gets the text as written: DELIMITER is its syntax error.
		{"goose/bad_delimiter", FormatGoose, split.MySQL, "00001_p.sql", 5, 1, delimiterMsg("goose"), true},
		{"golang-migrate/bad_delimiter", FormatGolangMigrate, split.MySQL, "1_p.up.sql", 2, 1, delimiterMsg("golang-migrate"), true},
		{"dbmate/bad_delimiter", FormatDbmate, split.MySQL, "20240101000000_p.sql", 4, 3, delimiterMsg("dbmate"), true},
	}
	for _, c := range cases {
		e := openErrDialect(t, c.dir, c.format, c.dialect)
		if e.File != c.file || e.Line != c.line || e.Column != c.col ||
			c.exact && e.Msg != c.msg || !c.exact && !strings.Contains(e.Msg, c.msg) {
			t.Errorf("%s: got %s:%d:%d %q\nwant %s:%d:%d %q", c.dir, e.File, e.Line, e.Column, e.Msg, c.file, c.line, c.col, c.msg)
		}
	}
}

// The valid counterparts read as before.
func TestToolWouldRun(t *testing.T) {
	// Function in a StatementBegin block, multi-line statements ending on a
	// ';' line, two statements on a line, a down section with semicolons.
	d := openTD(t, "goose/cuts_agree", FormatGoose, "")
	f := d.Files[0]
	if len(f.Statements) != 6 {
		t.Fatalf("statements: %q", texts(f))
	}
	if s := f.Statements[4].Text; !strings.HasPrefix(s, "CREATE FUNCTION f()") || !strings.HasSuffix(s, "$$ LANGUAGE plpgsql") {
		t.Errorf("block statement = %q", s)
	}
	eq(t, "one-line dollar body", f.Statements[5].Text, "CREATE FUNCTION g() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql")
	checkPositions(t, "cuts_agree", f)

	my := openTD(t, "goose/mysql_procedure_block", FormatGoose, split.MySQL)
	eq(t, "mysql procedure in a block", len(my.Files[0].Statements), 3)
	if s := my.Files[0].Statements[1].Text; !strings.HasPrefix(s, "CREATE PROCEDURE fill_t()") || !strings.HasSuffix(s, "END") {
		t.Errorf("procedure statement = %q", s)
	}

	// Atlas, Flyway and plain directories implement DELIMITER themselves.
	for _, c := range []struct{ dir, format string }{
		{"atlas/mysql_delimiter", FormatAtlas},
		{"flyway/mysql_delimiter", FormatFlyway},
		{"plain/mysql_delimiter", FormatPlain},
	} {
		d := openTD(t, c.dir, c.format, split.MySQL)
		f := d.Files[0]
		if len(f.Statements) != 3 || !strings.HasSuffix(f.Statements[1].Text, "END") || f.Statements[2].Text != "CALL fill_t()" {
			t.Errorf("%s: statements %q", c.dir, texts(f))
		}
	}
	// Liquibase's own splitter knows ";", "go" and "/" but not DELIMITER:
	// the line reaches the server. endDelimiter is its way.
	lb := fstest.MapFS{"1.sql": {Data: []byte("--liquibase formatted sql\n--changeset a:1\nDELIMITER $$\n" +
		"CREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\nCALL p();\n")}}
	_, err := OpenFS(lb, ".", Options{Format: FormatLiquibase, Dialect: split.MySQL})
	var me *Error
	if !errors.As(err, &me) || me.Line != 3 || !strings.Contains(me.Msg, "endDelimiter") {
		t.Errorf("liquibase DELIMITER: %v", err)
	}
	lbEnd := fstest.MapFS{"1.sql": {Data: []byte("--liquibase formatted sql\n--changeset a:1 endDelimiter:$$\n" +
		"CREATE PROCEDURE p() BEGIN SELECT 1; END$$\nCALL p()$$\n")}}
	if d, err := OpenFS(lbEnd, ".", Options{Format: FormatLiquibase, Dialect: split.MySQL}); err != nil || len(d.Files[0].Statements) != 2 {
		t.Errorf("liquibase endDelimiter: %v", err)
	}
}

// In memory: the edges of each check.
func TestToolWouldFailInMemory(t *testing.T) {
	cases := []struct {
		format  string
		dialect split.Dialect
		name    string
		src     string
		line    int // 0: no error expected
		msg     string
	}{
		// A ';' line inside a string literal: goose cuts it.
		{FormatGoose, "", "1_x.sql", "-- +goose Up\nINSERT INTO t VALUES ('a;\nb');\n", 2, "in the middle of INSERT INTO ... starting at line 2"},
		// The cut on the statement's first line, after another statement.
		{FormatGoose, "", "1_x.sql", "-- +goose Up\nSELECT 1; DO $$ BEGIN PERFORM 1;\nEND $$;\n", 2, "in the middle of DO $$ ... starting at line 2"},
		{FormatGoose, "", "1_x.sql", "-- +goose Up\nCREATE OR REPLACE FUNCTION f() RETURNS int\nLANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\nEND;\n", 5, "CREATE OR REPLACE FUNCTION ... starting at line 2"},
		// A trailing "--" word hides the ';' from goose: no cut, no error.
		{FormatGoose, "", "1_x.sql", "-- +goose Up\nCREATE FUNCTION f() RETURNS int AS $$ -- body;\nSELECT 1 $$ LANGUAGE sql;\n", 0, ""},
		// A down block closes an unfinished statement; a down with its ';' is fine.
		{FormatGoose, "", "1_x.sql", "-- +goose Up\nSELECT 1;\n-- +goose Down\nDROP TABLE\n-- +goose StatementBegin\nt\n-- +goose StatementEnd\n", 0, ""},
		{FormatGoose, "", "1_x.sql", "-- +goose Up\nSELECT 1;\n-- +goose Down\n-- +goose StatementBegin\nDROP TABLE t\n-- +goose StatementEnd\nSELECT\n  2\n", 7, "Down section: missing semicolon?"},
		// DELIMITER on postgres is no client command (and on MySQL inside a statement a word).
		{FormatGolangMigrate, split.MySQL, "1_x.up.sql", "SELECT a,\ndelimiter\nFROM t;\n", 0, ""},
		{FormatGolangMigrate, split.MySQL, "1_x.up.sql", "-- procs\n\ndelimiter ;;\n", 3, "golang-migrate sends the file to the server"},
	}
	for _, c := range cases {
		_, err := OpenFS(fstest.MapFS{c.name: {Data: []byte(c.src)}}, ".", Options{Format: c.format, Dialect: c.dialect})
		if c.line == 0 {
			if err != nil {
				t.Errorf("%s %q: %v", c.format, c.src, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.File != c.name || e.Line != c.line || !strings.Contains(e.Msg, c.msg) {
			t.Errorf("%s %q: got %v, want %s:%d containing %q", c.format, c.src, err, c.name, c.line, c.msg)
		}
	}
}
