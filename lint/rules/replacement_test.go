package rules

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/linttest"
	"github.com/schemaguard/schemaguard/migrate"
)

// Every replacement a rule offers, applied to its file, gives SQL that
// parses and on which the rule no longer fires, over every rule case; and
// the rules that have an in-place rewrite do offer one somewhere.
func TestReplacementsAreSafe(t *testing.T) {
	cases, err := filepath.Glob("*/testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	offered := map[string]int{}
	for _, file := range cases {
		c := linttest.Load(t, file, All())
		res := lint.Run(c.Dir, lint.Latest(c.Latest, c.Dir), c.Config)
		for _, fr := range res.Files {
			for _, d := range fr.Diagnostics {
				if d.Replacement == nil {
					continue
				}
				offered[d.Code]++
				f := fileNamed(c.Dir, fr.Name)
				fixed, ok := apply(f.Raw, d.Replacement)
				if !ok {
					t.Errorf("%s %s:%d: %s replacement span is outside the file", file, fr.Name, d.Line, d.Code)
					continue
				}
				// Errors the statement had before may stay; a new one may not
				// appear (CONCURRENTLY inside a transaction fails: PG103).
				before := map[string]bool{}
				for _, d0 := range fr.Diagnostics {
					if d0.Line >= d.Replacement.Line && d0.Line <= d.Replacement.EndLine {
						before[d0.Code] = true
					}
				}
				last := d.Replacement.Line + strings.Count(d.Replacement.Text, "\n")
				for _, d2 := range relint(t, c, fr.Name, fixed) {
					if d2.Line < d.Replacement.Line || d2.Line > last {
						continue
					}
					if d2.Code == d.Code || d2.Code == lint.SyntaxError.Code || d2.Severity == lint.Error && !before[d2.Code] {
						t.Errorf("%s %s: after applying the %s replacement %q: %s %s", file, fr.Name, d.Code, d.Replacement.Text, d2.Code, d2.Message)
					}
				}
			}
		}
	}
	t.Logf("replacements offered: %v", offered)
	for _, code := range []string{"PG101", "PG102", "PG305", "PG306", "PG307"} {
		if offered[code] == 0 {
			t.Errorf("%s offers no replacement in any case", code)
		}
	}
}

func fileNamed(d *migrate.Dir, name string) *migrate.File {
	for _, f := range d.Files {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// apply replaces line:column..endLine:endColumn (inclusive, code points).
func apply(raw []byte, r *lint.Replacement) ([]byte, bool) {
	start, end := offset(raw, r.Line, r.Column), offset(raw, r.EndLine, r.EndColumn)
	if start < 0 || end < 0 || end < start {
		return nil, false
	}
	_, size := utf8.DecodeRune(raw[end:])
	out := append([]byte{}, raw[:start]...)
	out = append(out, r.Text...)
	return append(out, raw[end+size:]...), true
}

func offset(raw []byte, line, col int) int {
	i := 0
	for l := 1; l < line; l++ {
		nl := strings.IndexByte(string(raw[i:]), '\n')
		if nl < 0 {
			return -1
		}
		i += nl + 1
	}
	for c := 1; c < col; c++ {
		_, size := utf8.DecodeRune(raw[i:])
		if size == 0 {
			return -1
		}
		i += size
	}
	if i >= len(raw) {
		return -1
	}
	return i
}

// relint lints the case again with one file's content replaced.
func relint(t *testing.T, c linttest.Case, name string, raw []byte) []lint.Diagnostic {
	t.Helper()
	d, err := linttest.Reopen(c, name, raw)
	if err != nil {
		t.Fatalf("%s no longer reads: %v", name, err)
	}
	res := lint.Run(d, lint.Latest(c.Latest, d), c.Config)
	for _, fr := range res.Files {
		if fr.Name == name {
			return fr.Diagnostics
		}
	}
	return nil
}
