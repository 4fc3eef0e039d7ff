package migrate

import (
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// Read leniently, a file its tool would refuse does not stop the directory:
// it records the problem and keeps the statements before the problem's line.
func TestLenientKeepsWhatPrecedesTheProblem(t *testing.T) {
	cases := []struct {
		dir, format  string
		line         int
		msg          string
		statements   []string
		unitsPresent bool
	}{
		// The Down section is never run: the Up statements are all there.
		{"goose/bad_down_semicolon", FormatGoose, 7, "missing semicolon?",
			[]string{"CREATE TABLE t (id int)", "CREATE TABLE u (id int)"}, true},
		// goose would cut the function: the statement before it stays.
		{"goose/bad_function_noblock", FormatGoose, 5, "in the middle of CREATE FUNCTION",
			[]string{"CREATE TABLE t (id int)"}, true},
		// The malformed header is the second line: nothing before it runs.
		{"liquibase/bad_changeset_colon", FormatLiquibase, 2, "malformed changeset line", nil, false},
	}
	for _, c := range cases {
		d, err := Open(filepath.Join("testdata", c.dir), Options{Format: c.format, Lenient: true})
		if err != nil {
			t.Fatalf("%s: lenient Open failed: %v", c.dir, err)
		}
		f := d.Files[0]
		if f.Problem == nil || f.Problem.Line != c.line || !strings.Contains(f.Problem.Msg, c.msg) {
			t.Errorf("%s: problem %v, want line %d %q", c.dir, f.Problem, c.line, c.msg)
			continue
		}
		var got []string
		for _, s := range f.Statements {
			got = append(got, s.Text)
		}
		if strings.Join(got, "|") != strings.Join(c.statements, "|") {
			t.Errorf("%s: statements %q, want %q", c.dir, got, c.statements)
		}
		if (len(f.Units) > 0) != c.unitsPresent {
			t.Errorf("%s: units %v", c.dir, f.Units)
		}
		// Strict reading still refuses the directory with the same error.
		if e := openErr(t, c.dir, c.format); e.Line != c.line {
			t.Errorf("%s: strict error at line %d, want %d", c.dir, e.Line, c.line)
		}
	}
}

// Problems of the directory itself (duplicate versions, an ambiguous
// format) stay errors when reading leniently: no file can be blamed alone.
func TestLenientDirectoryProblemsStayErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"m/00001_a.sql": {Data: []byte("-- +goose Up\nSELECT 1;\n")},
		"m/01_b.sql":    {Data: []byte("-- +goose Up\nSELECT 2;\n")},
	}
	if _, err := OpenFS(fsys, "m", Options{Format: FormatGoose, Lenient: true}); err == nil || !strings.Contains(err.Error(), "duplicate goose version 1") {
		t.Fatalf("want the duplicate version error, got %v", err)
	}
}

// The other files of a leniently read directory are read as always.
func TestLenientOtherFilesUntouched(t *testing.T) {
	fsys := fstest.MapFS{
		"m/00001_a.sql": {Data: []byte("-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a\n")},
		"m/00002_b.sql": {Data: []byte("-- +goose Up\nCREATE TABLE b (id int);\n")},
	}
	d, err := OpenFS(fsys, "m", Options{Format: FormatGoose, Lenient: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.Files[0].Problem == nil || d.Files[1].Problem != nil || len(d.Files[1].Statements) != 1 || d.Files[1].TxMode != TxFile {
		t.Fatalf("files: %+v / %+v", d.Files[0].Problem, d.Files[1])
	}
}
