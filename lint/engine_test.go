package lint_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/schemaguard/schemaguard/dialect/postgres"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/schema"
)

func openDir(t *testing.T, format string, files map[string]string) *migrate.Dir {
	t.Helper()
	fsys := fstest.MapFS{}
	for n, b := range files {
		fsys["m/"+n] = &fstest.MapFile{Data: []byte(b)}
	}
	d, err := migrate.OpenFS(fsys, "m", migrate.Options{Format: format})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// probe reports every statement with its transaction state and whether the
// tables it touches existed before the file.
var probe = &lint.Analyzer{
	Code: "ZZ001", Name: "probe", Severity: lint.Warning, Dialects: []string{lint.Postgres},
	Run: func(p *lint.Pass) {
		s := p.Stmt()
		existing := ""
		for _, c := range p.Changes() {
			if d, ok := c.(*schema.DropTable); ok {
				existing = fmt.Sprintf(" existing=%v", p.Existing(d.Names[0]))
			}
		}
		p.Reportf(nil, "", "tx=%v id=%d%s", s.InTx, s.Tx, existing)
	},
}

func run(t *testing.T, d *lint.Config, dir *migrate.Dir, sel lint.Selection) *lint.Result {
	t.Helper()
	d.Parser = postgres.New()
	if d.Dialect == "" {
		d.Dialect = lint.Postgres
	}
	if d.Analyzers == nil {
		d.Analyzers = []*lint.Analyzer{lint.SyntaxError, probe}
	}
	return lint.Run(dir, sel, *d)
}

func messages(res *lint.Result) []string {
	var out []string
	for _, f := range res.Files {
		for _, d := range f.Diagnostics {
			out = append(out, fmt.Sprintf("%s %d:%d %s", d.Code, d.Line, d.Column, d.Message))
		}
	}
	return out
}

func TestTransactionModel(t *testing.T) {
	cases := []struct {
		name, format, file, body string
		want                     []string
	}{
		{"atlas file tx", migrate.FormatAtlas, "1_a.sql", "SELECT 1;\nSELECT 2;\n",
			[]string{"tx=true id=1", "tx=true id=1"}},
		{"atlas txmode none then explicit BEGIN", migrate.FormatAtlas, "1_a.sql",
			"-- atlas:txmode none\n\nSELECT 1;\nBEGIN;\nSELECT 2;\nCOMMIT;\nSELECT 3;\n",
			[]string{"tx=false id=0", "tx=true id=1", "tx=true id=1", "tx=true id=1", "tx=false id=0"}},
		{"golang-migrate single statement", migrate.FormatGolangMigrate, "1_a.up.sql", "SELECT 1;\n",
			[]string{"tx=false id=0"}},
		{"golang-migrate implicit, new implicit tx after COMMIT", migrate.FormatGolangMigrate, "1_a.up.sql",
			"BEGIN;\nSELECT 1;\nCOMMIT;\nSELECT 2;\n",
			[]string{"tx=true id=1", "tx=true id=1", "tx=true id=1", "tx=true id=2"}},
		{"goose no transaction", migrate.FormatGoose, "1_a.sql", "-- +goose NO TRANSACTION\n-- +goose Up\nSELECT 1;\n",
			[]string{"tx=false id=0"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := run(t, &lint.Config{}, openDir(t, c.format, map[string]string{c.file: c.body}), lint.All)
			var got []string
			for _, m := range messages(res) {
				got = append(got, m[strings.Index(m, "tx="):])
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Fatalf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestExistingMeansBeforeThisFile(t *testing.T) {
	dir := openDir(t, migrate.FormatAtlas, map[string]string{
		"1_a.sql": "CREATE TABLE a (id int);\n",
		"2_b.sql": "CREATE TABLE b (id int);\nDROP TABLE b;\nDROP TABLE a;\nDROP TABLE never_created;\n",
	})
	res := run(t, &lint.Config{}, dir, lint.Latest(1, dir))
	got := strings.Join(messages(res), "\n")
	for _, want := range []string{"3:1 tx=true id=1 existing=true", "2:1 tx=true id=1 existing=false", "4:1 tx=true id=1 existing=true"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

func TestSuppressionGrammar(t *testing.T) {
	body := strings.Join([]string{
		"-- lint:ignore zz001 reason words follow",
		"SELECT 1;",
		"-- atlas:nolint PROBE,ZZ999 the first unknown word starts the reason",
		"SELECT 2;",
		"-- lint:ignore SY101 other rule only",
		"SELECT 3;",
		"-- lint:ignore ZZ001",
		"",
		"SELECT 4;",
		"-- lint:ignore",
		"SELECT 5;",
		"-- lint:ignore ZZ01 a mistyped code silences nothing",
		"SELECT 6;",
		"-- lint:ignore SY101 because ZZ001 and probe are named in the reason only",
		"SELECT 7;",
	}, "\n")
	res := run(t, &lint.Config{}, openDir(t, migrate.FormatAtlas, map[string]string{"1_a.sql": body}), lint.All)
	got := messages(res)
	// SELECT 2 is suppressed by name (PROBE); ZZ999 is the reason. A blank line
	// detaches the directive above SELECT 4. Only a bare directive silences
	// all; one whose first word is no rule is all reason and silences nothing.
	// Once the reason has started, codes in it are words of the reason.
	if len(got) != 4 || !strings.HasPrefix(got[0], "ZZ001 6:1") || !strings.HasPrefix(got[1], "ZZ001 9:1") ||
		!strings.HasPrefix(got[2], "ZZ001 13:1") || !strings.HasPrefix(got[3], "ZZ001 15:1") {
		t.Fatalf("got %q", got)
	}
	if res.Summary.Suppressed != 3 {
		t.Fatalf("suppressed = %d, want 3", res.Summary.Suppressed)
	}

	fileLevel := "-- lint:ignore probe applies to the whole file\n\nSELECT 1;\nSELECT 2;\n"
	res = run(t, &lint.Config{}, openDir(t, migrate.FormatAtlas, map[string]string{"1_a.sql": fileLevel}), lint.All)
	if len(messages(res)) != 0 || res.Summary.Suppressed != 2 {
		t.Fatalf("file-level directive: %q", messages(res))
	}
}

func TestSeverityOverrideAndThreshold(t *testing.T) {
	dir := openDir(t, migrate.FormatAtlas, map[string]string{"1_a.sql": "SELECT 1;\n"})
	res := run(t, &lint.Config{FailOn: lint.Error}, dir, lint.All)
	if res.Failed || res.Summary.Warnings != 1 {
		t.Fatalf("a warning must not fail at threshold error: %+v", res.Summary)
	}
	res = run(t, &lint.Config{FailOn: lint.Error, Severity: map[string]lint.Severity{"ZZ001": lint.Error}}, dir, lint.All)
	if !res.Failed || res.Summary.Errors != 1 {
		t.Fatalf("raised to error must fail: %+v", res.Summary)
	}
	res = run(t, &lint.Config{FailOn: lint.Warning, Severity: map[string]lint.Severity{"ZZ001": lint.Off}}, dir, lint.All)
	if res.Failed || len(messages(res)) != 0 {
		t.Fatalf("off must silence: %+v", messages(res))
	}
}

func TestSyntaxErrorSuppressedAboveStatement(t *testing.T) {
	body := "-- lint:ignore SY101 uses syntax of our server\nCREATE FOOBAR x;\n"
	res := run(t, &lint.Config{Analyzers: []*lint.Analyzer{lint.SyntaxError}}, openDir(t, migrate.FormatAtlas, map[string]string{"1_a.sql": body}), lint.All)
	if len(messages(res)) != 0 || res.Summary.Suppressed != 1 {
		t.Fatalf("SY101 must honour the statement's directive: %q", messages(res))
	}
}

func TestSyntaxErrorPosition(t *testing.T) {
	body := "CREATE TABLE a (id int);\n\nALTER TABLE a\n  ADD COLUMNN b int;\n"
	res := run(t, &lint.Config{}, openDir(t, migrate.FormatAtlas, map[string]string{"1_a.sql": body}), lint.All)
	var sy []string
	for _, m := range messages(res) {
		if strings.HasPrefix(m, "SY101") {
			sy = append(sy, m)
		}
	}
	// pg_query stops at "b" (the word after the misspelt keyword), line 4.
	// The message says "syntax error" once, and not the byte offset: the
	// position is the diagnostic's own.
	if len(sy) != 1 || !strings.HasPrefix(sy[0], "SY101 4:17 Syntax error at or near \"int\"") ||
		strings.Count(strings.ToLower(sy[0]), "syntax error") != 1 || strings.Contains(sy[0], "at byte") {
		t.Fatalf("got %q", sy)
	}
}

// More files than the parse-ahead window: every file must still be linted.
func TestManyFiles(t *testing.T) {
	files := map[string]string{}
	for i := 1; i <= 100; i++ {
		files[fmt.Sprintf("%03d_t.sql", i)] = fmt.Sprintf("SELECT %d;\n", i)
	}
	res := run(t, &lint.Config{}, openDir(t, migrate.FormatAtlas, files), lint.All)
	if res.Summary.Files != 100 || len(messages(res)) != 100 {
		t.Fatalf("linted %d files, %d findings", res.Summary.Files, len(messages(res)))
	}
}

func TestLatestCountsVersionedFiles(t *testing.T) {
	dir := openDir(t, migrate.FormatFlyway, map[string]string{
		"V1__a.sql": "CREATE TABLE a (id int);\n",
		"V2__b.sql": "SELECT 2;\n",
		"R__v.sql":  "SELECT 3;\n",
	})
	res := run(t, &lint.Config{}, dir, lint.Latest(1, dir))
	var names []string
	for _, f := range res.Files {
		names = append(names, f.Name)
	}
	if strings.Join(names, ",") != "V2__b.sql,R__v.sql" {
		t.Fatalf("--latest 1 linted %v; want the newest versioned file (and the repeatable after it)", names)
	}
}

// atlas:nolint with Atlas's analyzer names keeps working.
func TestAtlasAnalyzerNames(t *testing.T) {
	ds := &lint.Analyzer{Code: "DS103", Name: "drop-column", Severity: lint.Error, Dialects: []string{lint.Postgres},
		Run: func(p *lint.Pass) { p.Reportf(nil, "", "dropping a column") }}
	body := "-- atlas:nolint destructive\nSELECT 1;\n-- atlas:nolint data_depend\nSELECT 2;\n"
	res := run(t, &lint.Config{Analyzers: []*lint.Analyzer{ds}}, openDir(t, migrate.FormatAtlas, map[string]string{"1_a.sql": body}), lint.All)
	got := messages(res)
	if len(got) != 1 || !strings.HasPrefix(got[0], "DS103 4:1") {
		t.Fatalf("destructive must silence DS103 only: %q", got)
	}
}

// History is fact: what cannot be read in a history file (a statement the
// parser does not know, a problem the tool's newest version would refuse)
// is one notice at its line, and the file is skipped for the model from
// there; the same in a linted file is SY101 as always.
func TestHistoryProblemsAreNotices(t *testing.T) {
	files := map[string]string{
		"1_a.sql": "CREATE TABLE a (id int);\nCREATE TABLE b (id int,);\nCREATE TABLE c (id int);\nSELEKT 1;\n",
		"2_b.sql": "-- lint:ignore SY101 new syntax of our server\nCREATE TABLE d (id int,);\n",
		"3_c.sql": "DROP TABLE a;\nDROP TABLE c;\n",
	}
	dir := openDir(t, migrate.FormatAtlas, files)
	res := run(t, &lint.Config{}, dir, lint.Latest(1, dir))
	var history *lint.FileResult
	for i := range res.Files {
		if res.Files[i].Name == "1_a.sql" {
			history = &res.Files[i]
		}
	}
	if history == nil || !history.History || len(history.Diagnostics) != 1 {
		t.Fatalf("want one notice on 1_a.sql, got %+v", res.Files)
	}
	d := history.Diagnostics[0]
	if d.Code != "SY101" || d.Severity != lint.Notice || d.Line != 2 || d.Column != 24 ||
		!strings.HasSuffix(d.Message, ": history file skipped from here; the model may be incomplete") {
		t.Errorf("notice = %+v", d)
	}
	// The suppressed statement of 2_b.sql counts as suppressed; notices do
	// not fail the run and history files are not counted as linted.
	if res.Summary.Files != 1 || res.Summary.Notices != 1 || res.Summary.Suppressed != 1 || res.Failed {
		t.Errorf("summary = %+v failed=%v", res.Summary, res.Failed)
	}
	// Table c was skipped for the model: the linted file's DROP of it sees
	// an unknown table, which counts as existing (the cautious answer).
	got := messages(res)
	if !slices.Contains(got, "ZZ001 1:1 tx=true id=1 existing=true") || !slices.Contains(got, "ZZ001 2:1 tx=true id=1 existing=true") {
		t.Errorf("probe: %q", got)
	}

	// Linted with --all, the same statements are errors.
	res = run(t, &lint.Config{}, dir, lint.All)
	if res.Summary.Errors != 2 || res.Summary.Notices != 0 {
		t.Errorf("--all: %+v", res.Summary)
	}
}

func TestHistoryFileProblemIsANotice(t *testing.T) {
	files := map[string]string{
		"00001_a.sql": "-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a\n",
		"00002_b.sql": "-- +goose Up\nDROP TABLE a;\n",
	}
	fsys := fstest.MapFS{}
	for n, b := range files {
		fsys["m/"+n] = &fstest.MapFile{Data: []byte(b)}
	}
	dir, err := migrate.OpenFS(fsys, "m", migrate.Options{Format: migrate.FormatGoose, Lenient: true})
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, &lint.Config{}, dir, lint.Latest(1, dir))
	if len(res.Files) != 2 || !res.Files[0].History || len(res.Files[0].Diagnostics) != 1 {
		t.Fatalf("files: %+v", res.Files)
	}
	d := res.Files[0].Diagnostics[0]
	if d.Code != "SY101" || d.Severity != lint.Notice || d.Line != 4 || !strings.Contains(d.Message, "missing semicolon?") {
		t.Errorf("notice = %+v", d)
	}
	// The Up section before the problem was folded: table a is known.
	if got := messages(res); !slices.Contains(got, "ZZ001 2:1 tx=true id=1 existing=true") {
		t.Errorf("probe: %q", got)
	}
}
