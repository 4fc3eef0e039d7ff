package action

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/linttest"
	"github.com/schemaguard/schemaguard/lint/rules"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/migrate/split"
)

// applySuggestion does what GitHub does when a reviewer clicks "Commit
// suggestion": lines start..end of the file are replaced by the block.
func applySuggestion(t *testing.T, content []byte, start, end int, block string) []byte {
	t.Helper()
	bom := ""
	if s := string(content); strings.HasPrefix(s, "\uFEFF") {
		bom, content = "\uFEFF", content[3:]
	}
	lines := strings.Split(string(content), "\n")
	eol := ""
	if strings.HasSuffix(lines[start-1], "\r") {
		eol = "\r"
	}
	var out []string
	out = append(out, lines[:start-1]...)
	for _, l := range strings.Split(block, "\n") {
		out = append(out, l+eol)
	}
	out = append(out, lines[end:]...)
	return []byte(bom + strings.Join(out, "\n"))
}

// lintArchive lints a txtar case as linttest does, with files replaced.
func lintArchive(t *testing.T, file string, replace map[string][]byte) (*lint.Result, *migrate.Dir, linttest.Case) {
	t.Helper()
	c := linttest.Load(t, file, rules.All())
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		data := f.Data
		if r, ok := replace[f.Name]; ok {
			data = r
		}
		fsys["m/"+f.Name] = &fstest.MapFile{Data: data}
	}
	sd := split.Postgres
	if c.Config.Dialect != lint.Postgres {
		sd = split.MySQL
	}
	dir, err := migrate.OpenFS(fsys, "m", migrate.Options{Format: c.Dir.Format, Dialect: sd})
	if err != nil {
		t.Fatalf("%s with the suggestion applied: %v", file, err)
	}
	return lint.Run(dir, lint.Latest(c.Latest, dir), c.Config), dir, c
}

// checkSuggestion applies the review suggestion of d to its file and
// lints again: the file must parse and the rule must no longer fire on the
// statement. It returns the new file.
func checkSuggestion(t *testing.T, file string, dir *migrate.Dir, fr lint.FileResult, d lint.Diagnostic) []byte {
	t.Helper()
	var raw []byte
	for _, f := range dir.Files {
		if f.Name == fr.Name {
			raw = f.Raw
		}
	}
	block, err := suggestedLines(raw, d.Replacement)
	if err != nil {
		t.Fatalf("%s:%d %s: %v", fr.Name, d.Line, d.Code, err)
	}
	r := d.Replacement
	fixed := applySuggestion(t, raw, r.Line, r.EndLine, block)
	res, _, _ := lintArchive(t, file, map[string][]byte{fr.Name: fixed})
	last := r.Line + strings.Count(block, "\n")
	for _, f := range res.Files {
		for _, nd := range f.Diagnostics {
			if f.Name != fr.Name {
				continue
			}
			if nd.Code == "SY101" {
				t.Errorf("%s: %s's suggestion does not parse: %s\n%s", fr.Name, d.Code, nd.Message, fixed)
			}
			if nd.Code == d.Code && nd.Line >= r.Line && nd.Line <= last {
				t.Errorf("%s: %s still fires after its suggestion: %s\n%s", fr.Name, d.Code, nd.Message, fixed)
			}
		}
	}
	return fixed
}

// TestRuleSuggestionsApply: every diagnostic of the rules' own test cases
// that carries a one-click rewrite, applied as GitHub applies a suggestion,
// yields a file that parses and no longer triggers the rule.
func TestRuleSuggestionsApply(t *testing.T) {
	cases, err := filepath.Glob("../lint/rules/*/testdata/*.txtar")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no rule cases (%v)", err)
	}
	checked := 0
	for _, file := range cases {
		res, dir, _ := lintArchive(t, file, nil)
		for _, fr := range res.Files {
			for _, d := range fr.Diagnostics {
				if d.Replacement != nil {
					checkSuggestion(t, file, dir, fr, d)
					checked++
				}
			}
		}
	}
	t.Logf("%d rule suggestions applied over %d cases", checked, len(cases))
}

// TestSyntheticSuggestionApplies keeps the check above honest while few
// rules offer rewrites: PG101's finding gets the CONCURRENTLY rewrite of a
// statement that starts after another on its line and ends before a
// comment, in LF and CRLF files, with multi-byte characters before it.
func TestSyntheticSuggestionApplies(t *testing.T) {
	for name, eol := range map[string]string{"lf": "\n", "crlf": "\r\n"} {
		t.Run(name, func(t *testing.T) {
			sql := strings.Join([]string{"-- atlas:txmode none", "", "SELECT 'é';  CREATE INDEX users_email_idx",
				"  ON users (email); -- keep the name", "SELECT 2;", ""}, eol)
			archive := "-- 1_init.sql --\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n-- 2_idx.sql --\n" + sql
			file := filepath.Join(t.TempDir(), "case.txtar")
			if err := os.WriteFile(file, []byte(archive), 0o644); err != nil {
				t.Fatal(err)
			}
			res, dir, _ := lintArchive(t, file, nil)
			var pg101 *lint.Diagnostic
			var fr lint.FileResult
			for _, f := range res.Files {
				for i, d := range f.Diagnostics {
					if d.Code == "PG101" {
						pg101, fr = &f.Diagnostics[i], f
					}
				}
			}
			if pg101 == nil {
				t.Fatalf("no PG101 in %+v", res.Files)
			}
			st := statementEndingAt(t, dir, fr.Name, pg101.EndLine, pg101.EndColumn)
			pg101.Replacement = &lint.Replacement{Line: st.Line, Column: st.Column, EndLine: st.EndLine, EndColumn: st.EndColumn,
				Text: strings.Replace(st.Text, "CREATE INDEX", "CREATE INDEX CONCURRENTLY", 1)}
			fixed := checkSuggestion(t, file, dir, fr, *pg101)
			want := strings.Join([]string{"-- atlas:txmode none", "", "SELECT 'é';  CREATE INDEX CONCURRENTLY users_email_idx",
				"  ON users (email); -- keep the name", "SELECT 2;", ""}, eol)
			if string(fixed) != want {
				t.Errorf("applied:\n%q\nwant:\n%q", fixed, want)
			}
		})
	}
}

// statementEndingAt finds a diagnostic's statement: diagnostics end where
// their statement ends.
func statementEndingAt(t *testing.T, dir *migrate.Dir, name string, line, col int) migrate.Statement {
	t.Helper()
	for _, f := range dir.Files {
		if f.Name != name {
			continue
		}
		for _, s := range f.Statements {
			if s.EndLine == line && s.EndColumn == col {
				return s
			}
		}
	}
	t.Fatalf("no statement of %s ends at %d:%d", name, line, col)
	return migrate.Statement{}
}
