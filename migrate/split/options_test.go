package split

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSplitOptions(t *testing.T) {
	runCases(t, []splitCase{
		{
			name: "slash alone on a line",
			src:  "CREATE PROCEDURE p AS BEGIN x := 1; y := 2; END;\n  /  \nSELECT 1 / 2 FROM t;\n/\nSELECT 3",
			opts: Options{Delimiter: "/"},
			want: []string{"CREATE PROCEDURE p AS BEGIN x := 1; y := 2; END;", "SELECT 1 / 2 FROM t;", "SELECT 3"},
			pos:  [][4]int{{1, 1, 1, 48}, {3, 1, 3, 20}, {5, 1, 5, 8}},
		},
		{
			name: "GO alone on a line, any case, any depth",
			src:  "SELECT (1;\ngo\nSELECT good FROM t GO\nGo\r\nSELECT '\nGO\n'",
			opts: Options{Delimiter: " GO ", Dialect: MySQL},
			want: []string{"SELECT (1;", "SELECT good FROM t GO", "SELECT '\nGO\n'"},
		},
		{
			name: "$$ anywhere outside quotes",
			src:  "SELECT 1$$SELECT '$$' $$ SELECT 2 -- $$\n$$",
			opts: Options{Delimiter: "$$"},
			want: []string{"SELECT 1", "SELECT '$$'", "SELECT 2"},
		},
		{
			name: "non-ASCII delimiter",
			src:  "SELECT 1§SELECT 'a§b'§ SELECT 2",
			opts: Options{Delimiter: "§"},
			want: []string{"SELECT 1", "SELECT 'a§b'", "SELECT 2"},
		},
		{
			name: "delimiter never matches half a character",
			src:  "SELECT 1 §\nSELECT 2\xa7",
			opts: Options{Delimiter: "\xa7"},
			want: []string{"SELECT 1 §\nSELECT 2"},
		},
		{
			name: "explicit semicolon is the default",
			src:  "CREATE FUNCTION f() RETURNS int BEGIN ATOMIC SELECT 1; END; SELECT 2;",
			opts: Options{Delimiter: ";"},
			want: []string{"CREATE FUNCTION f() RETURNS int BEGIN ATOMIC SELECT 1; END", "SELECT 2"},
		},
		{
			name: "user delimiter disables DELIMITER lines",
			src:  "DELIMITER $$\nSELECT 1//",
			opts: Options{Dialect: MySQL, Delimiter: "//"},
			want: []string{"DELIMITER $$\nSELECT 1"},
		},
		{
			name: "whole",
			src:  "-- lead\nSELECT 1;\nSELECT ';';  -- tail\n",
			opts: Options{Whole: true},
			want: []string{"SELECT 1;\nSELECT ';'"},
			pos:  [][4]int{{2, 1, 3, 10}},
		},
		{
			name: "whole strips one semicolon only",
			src:  "SELECT 1;;",
			opts: Options{Whole: true},
			want: []string{"SELECT 1;"},
		},
		{
			name: "whole without semicolon",
			src:  "SELECT 1",
			opts: Options{Whole: true, Delimiter: "GO"},
			want: []string{"SELECT 1"},
		},
		{
			name: "whole of nothing",
			src:  " ; -- x\n",
			opts: Options{Whole: true},
			want: nil,
		},
	})
	runErrCases(t, []errCase{
		{name: "whole still lexes", src: "SELECT 1;\nSELECT $$", opts: Options{Whole: true}, msg: "dollar-quoted string $$", line: 2, col: 8},
		{name: "custom delimiter still lexes", src: "SELECT '/\n/", opts: Options{Delimiter: "/"}, msg: "quoted string", line: 1, col: 8},
	})
}

// A goose file: only the up section is split; positions are those of the file.
func TestSplitRegion(t *testing.T) {
	src := []byte("-- +goose Up\nCREATE TABLE ü (a int);\nSELECT 'é'; SELECT 2;\n-- +goose Down\nDROP TABLE ü;\n")
	start := bytes.IndexByte(src, '\n') + 1
	end := bytes.Index(src, []byte("-- +goose Down"))
	got, err := Split(src, start, end, pg)
	if err != nil {
		t.Fatal(err)
	}
	checkStatements(t, src, start, end, got)
	want := [][5]any{
		{"CREATE TABLE ü (a int)", 2, 1, 2, 22},
		{"SELECT 'é'", 3, 1, 3, 10},
		{"SELECT 2", 3, 13, 3, 20},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d statements: %+v", len(got), got)
	}
	for i, w := range want {
		st := got[i]
		if g := [5]any{st.Text, st.Line, st.Column, st.EndLine, st.EndColumn}; g != w {
			t.Errorf("statement %d = %v, want %v", i, g, w)
		}
	}

	// A region ending inside a quote is an error: the quote is not closed
	// within the section.
	end = bytes.Index(src, []byte("é'"))
	if _, err := Split(src, start, end, pg); err == nil {
		t.Fatal("quote cut by the region end: no error")
	} else if e := checkError(t, src, err); e.Line != 3 || e.Column != 8 {
		t.Fatalf("error at %d:%d, want 3:8", e.Line, e.Column)
	}
}

func TestSplitBadArguments(t *testing.T) {
	src := []byte("SELECT 1;")
	for _, r := range [][2]int{{-1, 3}, {0, 10}, {5, 4}} {
		if _, err := Split(src, r[0], r[1], pg); err == nil || errors.As(err, new(*Error)) {
			t.Errorf("region %v: error %v, want a plain error", r, err)
		}
	}
	if _, err := Split(src, 0, len(src), Options{Dialect: "oracle"}); err == nil || !strings.Contains(err.Error(), "oracle") {
		t.Errorf("unknown dialect: error %v", err)
	}
	if got, err := Split(nil, 0, 0, pg); err != nil || len(got) != 0 {
		t.Errorf("empty source: %v, %v", got, err)
	}
}

// Many statements on one very long line: a column computed by rescanning the
// line for every statement would make this quadratic (minutes, not
// milliseconds).
func TestSplitLongLineIsLinear(t *testing.T) {
	src := bytes.Repeat([]byte("SELECT 'é'; "), 200_000)
	begin := time.Now()
	got, err := Split(src, 0, len(src), pg)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 200_000 {
		t.Fatalf("got %d statements", len(got))
	}
	last := got[len(got)-1]
	if last.Line != 1 || last.Column != 199_999*12+1 || last.EndColumn != 199_999*12+10 {
		t.Fatalf("last statement at %d:%d-%d", last.Line, last.Column, last.EndColumn)
	}
	if d := time.Since(begin); d > 20*time.Second {
		t.Fatalf("took %v", d)
	}
}

func TestBlankLineDelimiter(t *testing.T) {
	src := []byte("CREATE TABLE a (\n  id int\n)\n\nCREATE TABLE b (id int)\n")
	stmts, err := Split(src, 0, len(src), Options{Dialect: Postgres, Delimiter: "\n\n"})
	if err != nil {
		t.Fatal(err)
	}
	if len(stmts) != 2 || stmts[0].Text != "CREATE TABLE a (\n  id int\n)" || stmts[1].Text != "CREATE TABLE b (id int)" {
		t.Fatalf("got %+v", stmts)
	}
}
