package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/lint"
)

// unescapeCommand inverts the runner's escaping in one left-to-right pass, as
// the runner does, so "%250A" comes back as the literal "%0A".
var unescapeCommand = strings.NewReplacer("%25", "%", "%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",").Replace

// parsedCommand is a workflow command split the way the runner splits it:
// "::name props::data", props separated by ',' and each "key=value".
type parsedCommand struct {
	name  string
	props map[string]string
	data  string
}

func parseCommand(t *testing.T, line string) parsedCommand {
	t.Helper()
	if !strings.HasPrefix(line, "::") {
		t.Fatalf("not a workflow command: %q", line)
	}
	head, data, ok := strings.Cut(line[2:], "::")
	if !ok {
		t.Fatalf("no '::' before the message: %q", line)
	}
	name, props, _ := strings.Cut(head, " ")
	c := parsedCommand{name: name, props: map[string]string{}, data: unescapeCommand(data)}
	for _, p := range strings.Split(props, ",") {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			t.Fatalf("property %q without '=' in %q", p, line)
		}
		if _, dup := c.props[k]; dup {
			t.Fatalf("property %q twice in %q", k, line)
		}
		c.props[k] = unescapeCommand(v)
	}
	return c
}

func renderGitHub(t *testing.T, res *lint.Result) []string {
	t.Helper()
	var buf bytes.Buffer
	if err := GitHub(&buf, res, Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasSuffix(out, "\n") {
		t.Fatalf("output does not end in a newline: %q", out)
	}
	return strings.Split(strings.TrimSuffix(out, "\n"), "\n")
}

func TestGitHubAnnotations(t *testing.T) {
	res := &lint.Result{
		Files: []lint.FileResult{{Path: "./db/migrations/001_init.sql", Diagnostics: []lint.Diagnostic{
			{Code: "PG101", Name: "index-not-concurrent", Severity: lint.Error, Message: "CREATE INDEX without CONCURRENTLY",
				File: "./db/migrations/001_init.sql", Line: 3, Column: 1, EndLine: 3, EndColumn: 40},
			{Code: "PG104", Name: "add-primary-key-locks", Severity: lint.Warning, Message: "ADD PRIMARY KEY builds an index",
				File: "./db/migrations/001_init.sql", Line: 5, Column: 3, EndLine: 7, EndColumn: 2},
			{Code: "IN104", Name: "out-of-order", Severity: lint.Notice, Message: "sorts before the base",
				File: "./db/migrations/001_init.sql", Line: 1, Column: 1, EndLine: 1, EndColumn: 1},
		}}},
		Summary: lint.Summary{Files: 1, Errors: 1, Warnings: 1, Notices: 1},
	}
	got := renderGitHub(t, res)
	want := []string{
		"::error file=db/migrations/001_init.sql,line=3,endLine=3,col=1,endColumn=40,title=PG101 index-not-concurrent::CREATE INDEX without CONCURRENTLY",
		// Multi-line: col/endColumn left out, GitHub would drop them.
		"::warning file=db/migrations/001_init.sql,line=5,endLine=7,title=PG104 add-primary-key-locks::ADD PRIMARY KEY builds an index",
		"::notice file=db/migrations/001_init.sql,line=1,endLine=1,col=1,endColumn=1,title=IN104 out-of-order::sorts before the base",
		"1 file linted: 1 error, 1 warning, 1 notice",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestGitHubEscapingRoundTrips(t *testing.T) {
	const file = "db/we,ird:dir/0%1_x.sql"
	msg := "100% sure: a,b\r\nsecond line %0A literal\nthird :: not a command"
	fix := "CREATE INDEX CONCURRENTLY i ON t (a, b);\nSELECT 1;\n"
	d := lint.Diagnostic{Code: "PG101", Name: "index-not-concurrent", Severity: lint.Error, Message: msg, Fix: fix,
		File: file, Line: 2, Column: 4, EndLine: 2, EndColumn: 9}
	res := &lint.Result{Files: []lint.FileResult{{Path: file, Diagnostics: []lint.Diagnostic{d}}},
		Summary: lint.Summary{Files: 1, Errors: 1}}
	lines := renderGitHub(t, res)
	if len(lines) != 2 {
		t.Fatalf("want one annotation and the summary, got %q", lines)
	}
	line := lines[0]
	if strings.ContainsAny(line, "\r\n") {
		t.Fatalf("raw CR/LF in the command: %q", line)
	}
	if !strings.Contains(line, "file=db/we%2Cird%3Adir/0%251_x.sql,") {
		t.Errorf("file property not escaped: %q", line)
	}
	c := parseCommand(t, line)
	if c.name != "error" {
		t.Errorf("command = %q, want error", c.name)
	}
	wantMsg := msg + "\n\nFix: " + strings.TrimRight(fix, "\n")
	if c.data != wantMsg {
		t.Errorf("message round trip:\n got %q\nwant %q", c.data, wantMsg)
	}
	wantProps := map[string]string{"file": file, "line": "2", "endLine": "2", "col": "4", "endColumn": "9",
		"title": "PG101 index-not-concurrent"}
	for k, v := range wantProps {
		if c.props[k] != v {
			t.Errorf("property %s = %q, want %q", k, c.props[k], v)
		}
	}
	if len(c.props) != len(wantProps) {
		t.Errorf("properties = %v, want %v", c.props, wantProps)
	}
}

func TestEscapeDifferBetweenDataAndProperty(t *testing.T) {
	in := "a:b,c%d\re\nf"
	if got, want := escapeData(in), "a:b,c%25d%0De%0Af"; got != want {
		t.Errorf("escapeData = %q, want %q", got, want)
	}
	if got, want := escapeProperty(in), "a%3Ab%2Cc%25d%0De%0Af"; got != want {
		t.Errorf("escapeProperty = %q, want %q", got, want)
	}
	for _, s := range []string{in, "%25", "%%0A%", "", "::"} {
		if got := unescapeCommand(escapeProperty(s)); got != s {
			t.Errorf("property round trip of %q = %q", s, got)
		}
		if got := unescapeCommand(escapeData(s)); got != s {
			t.Errorf("data round trip of %q = %q", s, got)
		}
	}
}

func TestGitHubNoDiagnostics(t *testing.T) {
	res := &lint.Result{Files: []lint.FileResult{{Path: "db/001.sql"}}, Summary: lint.Summary{Files: 1}}
	got := renderGitHub(t, res)
	if len(got) != 1 || got[0] != "1 file linted: 0 errors, 0 warnings" {
		t.Errorf("got %q", got)
	}
}
