package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The docs are generated from the analyzers; this test fails when they
// drift. `make docs` (UPDATE=1) rewrites them.
const (
	docsDir     = "../../docs/rules"
	readme      = "../../README.md"
	startMarker = "<!-- rules:start -->"
	endMarker   = "<!-- rules:end -->"
)

var update = os.Getenv("UPDATE") == "1"

func TestRuleDocsUpToDate(t *testing.T) {
	want := map[string]string{"README.md": "# Rules\n\nEvery rule schemaguard checks, generated from the analyzers.\n\n" + Index("")}
	for _, a := range All() {
		want[a.Code+".md"] = DocPage(a)
	}
	for name, content := range want {
		p := filepath.Join(docsDir, name)
		if update {
			if err := os.MkdirAll(docsDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(p)
		if err != nil || string(got) != content {
			t.Errorf("%s is missing or out of date; run `make docs`", p)
		}
	}
	entries, _ := os.ReadDir(docsDir)
	for _, e := range entries {
		if _, ok := want[e.Name()]; !ok {
			t.Errorf("%s/%s documents no rule; remove it", docsDir, e.Name())
		}
	}
}

func TestReadmeRuleListUpToDate(t *testing.T) {
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?s)` + regexp.QuoteMeta(startMarker) + `.*?` + regexp.QuoteMeta(endMarker))
	if !re.Match(data) {
		t.Fatalf("README.md lacks the %s … %s section", startMarker, endMarker)
	}
	section := startMarker + "\n" + Index("docs/rules/") + endMarker
	if update {
		out := re.ReplaceAllLiteral(data, []byte(section))
		if err := os.WriteFile(readme, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !strings.Contains(string(data), section) {
		t.Error("README.md rule list is out of date; run `make docs`")
	}
}

func TestEveryRuleIsComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, a := range All() {
		for _, k := range []string{a.Code, a.Name} {
			if seen[strings.ToLower(k)] {
				t.Errorf("%s: duplicate code or name %q", a.Code, k)
			}
			seen[strings.ToLower(k)] = true
		}
		if !regexp.MustCompile(`^[A-Z]{2}\d{3}$`).MatchString(a.Code) || !regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`).MatchString(a.Name) {
			t.Errorf("%s %s: code must be like PG101 and name kebab-case", a.Code, a.Name)
		}
		if a.Summary == "" || len(a.Doc) < 200 || len(a.Dialects) == 0 {
			t.Errorf("%s: needs a summary, dialects and a real doc page", a.Code)
		}
		if !strings.Contains(a.Doc, "```sql") {
			t.Errorf("%s: the doc page needs a worked SQL example", a.Code)
		}
	}
}
