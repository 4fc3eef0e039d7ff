package migrate

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/schemaguard/schemaguard/migrate/split"
)

// TestDirectiveLevels checks, in every format, that a directive separated
// from the first statement by a blank line is file-level and one directly
// above a statement is statement-level (and only that).
func TestDirectiveLevels(t *testing.T) {
	body := "-- lint:ignore DS103 file reason\n\n-- atlas:nolint PG101, MF103\nDROP INDEX x;\nSELECT 1;\n"
	cases := []struct {
		format, name, head, tail string
		fileLine, stmtLine       int
	}{
		{FormatAtlas, "20230101_x.sql", "", "", 1, 3},
		{FormatPlain, "1_x.sql", "", "", 1, 3},
		{FormatGolangMigrate, "1_x.up.sql", "", "", 1, 3},
		{FormatFlyway, "V1__x.sql", "", "", 1, 3},
		{FormatGoose, "1_x.sql", "-- +goose Up\n", "-- +goose Down\nSELECT 2;\n", 2, 4},
		{FormatDbmate, "1_x.sql", "-- migrate:up\n", "-- migrate:down\n", 2, 4},
		{FormatLiquibase, "1_x.sql", "--liquibase formatted sql\n--changeset a:1\n", "", 3, 5},
	}
	for _, c := range cases {
		fsys := fstest.MapFS{c.name: {Data: []byte(c.head + body + c.tail)}}
		d, err := OpenFS(fsys, ".", Options{Format: c.format})
		if err != nil {
			t.Errorf("%s: %v", c.format, err)
			continue
		}
		f := d.Files[0]
		eq(t, c.format+" file-level", directiveStrings(f.Directives), []string{"lint:ignore DS103 file reason@" + strconv.Itoa(c.fileLine) + ":1"})
		if len(f.Statements) != 2 {
			t.Errorf("%s: statements %q", c.format, texts(f))
			continue
		}
		eq(t, c.format+" statement-level", directiveStrings(f.Statements[0].Directives), []string{"atlas:nolint PG101 MF103@" + strconv.Itoa(c.stmtLine) + ":1"})
		eq(t, c.format+" next statement", directiveStrings(f.Statements[1].Directives), []string(nil))
	}
}

// TestDirectiveWalk covers the edges of the upward walk.
func TestDirectiveWalk(t *testing.T) {
	cases := []struct {
		name, src string
		file      []string   // file-level
		stmts     [][]string // per statement
	}{
		{"several lines, other comments walked over", "-- lint:ignore DS102\n-- why: legacy\n-- atlas:nolint DS103\nDROP TABLE t;\n",
			nil, [][]string{{"lint:ignore DS102@1:1", "atlas:nolint DS103@3:1"}}},
		{"blank line detaches", "SELECT 1;\n-- lint:ignore DS102\n\nDROP TABLE t;\n",
			nil, [][]string{nil, nil}},
		{"second statement on the same line gets none", "-- lint:ignore DS102\nDROP TABLE a; DROP TABLE b;\n",
			nil, [][]string{{"lint:ignore DS102@1:1"}, nil}},
		{"indented directive, case-insensitive name", "  --  LINT:IGNORE ds102\nDROP TABLE t;\n",
			nil, [][]string{{"lint:ignore ds102@1:3"}}},
		{"bare file-level directive", "-- lint:ignore\n\nDROP TABLE t;\n",
			[]string{"lint:ignore@1:1"}, [][]string{nil}},
		{"not a directive", "-- lint:ignored DS102\n-- lint: ignore\nDROP TABLE t;\n",
			nil, [][]string{nil}},
		{"CRLF", "-- lint:ignore DS102\r\nDROP TABLE t;\r\n",
			nil, [][]string{{"lint:ignore DS102@1:1"}}},
		{"BOM, column excludes it", "\xef\xbb\xbf-- x\n\n  -- lint:ignore DS102\nDROP TABLE t;\n",
			nil, [][]string{{"lint:ignore DS102@3:3"}}},
	}
	for _, c := range cases {
		d, err := OpenFS(fstest.MapFS{"1_x.sql": {Data: []byte(c.src)}}, ".", Options{Format: FormatPlain})
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		f := d.Files[0]
		eq(t, c.name+": file", directiveStrings(f.Directives), c.file)
		if len(f.Statements) != len(c.stmts) {
			t.Errorf("%s: statements %q", c.name, texts(f))
			continue
		}
		for i, want := range c.stmts {
			eq(t, c.name+": statement "+strconv.Itoa(i), directiveStrings(f.Statements[i].Directives), want)
		}
	}
}

// Hash comments are directives on MySQL only.
func TestDirectiveHashMySQL(t *testing.T) {
	src := []byte("# lint:ignore DS102\nDROP TABLE t;\n")
	for dialect, want := range map[split.Dialect][]string{split.MySQL: {"lint:ignore DS102@1:1"}, split.Postgres: nil} {
		fsys := fstest.MapFS{"1_x.sql": {Data: src}}
		if dialect == split.Postgres {
			fsys["1_x.sql"] = &fstest.MapFile{Data: []byte("-- x\n# lint:ignore DS102\nDROP TABLE t;\n")}
		}
		d, err := OpenFS(fsys, ".", Options{Format: FormatPlain, Dialect: dialect})
		if err != nil {
			// On PostgreSQL "#" is not a comment, so the line is part of the statement.
			t.Fatalf("%s: %v", dialect, err)
		}
		eq(t, string(dialect), directiveStrings(d.Files[0].Statements[0].Directives), want)
	}
}

// Goose: a directive above the Up marker is file-level, the Up marker ends
// the statement walk; dbmate and liquibase markers likewise.
func TestDirectiveMarkersEndWalk(t *testing.T) {
	cases := map[string]struct{ format, src string }{
		"goose":     {FormatGoose, "-- lint:ignore DS102\n-- +goose Up\nDROP TABLE t;\n"},
		"dbmate":    {FormatDbmate, "-- lint:ignore DS102\n-- migrate:up\nDROP TABLE t;\n-- migrate:down\n"},
		"liquibase": {FormatLiquibase, "-- liquibase formatted sql\n-- lint:ignore DS102\n--changeset a:1\nDROP TABLE t;\n"},
	}
	for name, c := range cases {
		d, err := OpenFS(fstest.MapFS{"1_x.sql": {Data: []byte(c.src)}}, ".", Options{Format: c.format})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		f := d.Files[0]
		if len(f.Directives) != 1 || f.Directives[0].Name != dirLintIgnore || len(f.Statements[0].Directives) != 0 {
			t.Errorf("%s: file %v, statement %v", name, f.Directives, f.Statements[0].Directives)
		}
	}
}

// atlas:txmode is Atlas's: it counts in the atlas format (and plain, which is
// an Atlas directory before its first hash) and only at file level;
// schemaguard:txmode counts in every format.
func TestTxModeDirectives(t *testing.T) {
	cases := []struct {
		format, name, src string
		want              TxMode
	}{
		{FormatAtlas, "1_x.sql", "-- atlas:txmode none\nCREATE INDEX CONCURRENTLY i ON t (a);\n", TxFile}, // no blank line: Atlas ignores it
		{FormatAtlas, "1_x.sql", "-- atlas:txmode file\n\nSELECT 1;\n", TxFile},
		{FormatPlain, "1_x.sql", "-- atlas:txmode none\n\nSELECT 1;\n", TxNone}, // plain is often Atlas before its first hash
		{FormatGoose, "1_x.sql", "-- atlas:txmode none\n-- +goose Up\nSELECT 1;\n", TxFile},
		{FormatGoose, "1_x.sql", "-- schemaguard:txmode none\n-- +goose Up\nSELECT 1;\n", TxNone},
		{FormatGolangMigrate, "1_x.up.sql", "-- schemaguard:txmode NONE\n\nSELECT 1;\nSELECT 2;\n", TxNone},
		{FormatPlain, "1_x.sql", "SELECT 1;\n-- schemaguard:txmode none\nSELECT 2;\n", TxFile}, // not in the leading block
	}
	for i, c := range cases {
		d, err := OpenFS(fstest.MapFS{c.name: {Data: []byte(c.src)}}, ".", Options{Format: c.format})
		if err != nil {
			t.Errorf("#%d: %v", i, err)
			continue
		}
		eq(t, "case "+strconv.Itoa(i), d.Files[0].TxMode, c.want)
	}
	// liquibase: the override reaches every changeset.
	src := "--liquibase formatted sql\n-- schemaguard:txmode none\n\n--changeset a:1\nSELECT 1;\n--changeset a:2\nSELECT 2;\n"
	d, err := OpenFS(fstest.MapFS{"1.sql": {Data: []byte(src)}}, ".", Options{Format: FormatLiquibase})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range d.Files[0].Units {
		eq(t, "unit "+u.ID, u.TxMode, TxNone)
	}
}

// TestPositionsEverywhere is the round trip over every testdata directory
// that opens: Raw[Pos:End] == Text and positions recomputed independently.
func TestPositionsEverywhere(t *testing.T) {
	n := 0
	err := filepath.WalkDir("testdata", func(p string, e fs.DirEntry, err error) error {
		if err != nil || !e.IsDir() {
			return err
		}
		entries, _ := os.ReadDir(p)
		hasFile := false
		for _, x := range entries {
			hasFile = hasFile || !x.IsDir()
		}
		if !hasFile {
			return nil
		}
		rel, _ := filepath.Rel("testdata", p)
		format := strings.Split(filepath.ToSlash(rel), "/")[0]
		for _, dialect := range []split.Dialect{split.Postgres, split.MySQL} {
			for _, f := range []string{"", format} {
				if _, ok := formatReaders[f]; !ok && f != "" {
					continue
				}
				d, err := Open(p, Options{Format: f, Dialect: dialect})
				if err != nil {
					continue // the bad_* and ambiguous directories
				}
				for _, file := range d.Files {
					checkPositions(t, rel+"/"+string(dialect), file)
					n += len(file.Statements)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Errorf("only %d statements checked", n)
	}
}
