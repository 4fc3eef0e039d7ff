package action

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/action/ghapi"
	"github.com/schemaguard/schemaguard/lint"
)

func TestDiffHunks(t *testing.T) {
	patch := "@@ -1,3 +1,4 @@\n a\n+b\n c\n d\n@@ -20 +21,0 @@\n-x\n@@ -30,2 +30 @@ func\n-y\n z"
	got := diffHunks(patch)
	want := []lineRange{{1, 4}, {30, 30}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("hunks = %v, want %v (an empty new side has no lines)", got, want)
	}
	for _, tc := range []struct {
		s, e int
		ok   bool
	}{{1, 4, true}, {2, 3, true}, {4, 5, false}, {30, 30, true}, {5, 5, false}, {4, 30, false}} {
		if commentable(got, tc.s, tc.e) != tc.ok {
			t.Errorf("commentable(%d, %d) = %v", tc.s, tc.e, !tc.ok)
		}
	}
}

func TestSuggestedLines(t *testing.T) {
	content := []byte("\uFEFFSELECT 'é'; CREATE INDEX i\r\n  ON t (a); -- keep\r\n")
	r := &lint.Replacement{Line: 1, Column: 13, EndLine: 2, EndColumn: 10, Text: "CREATE INDEX CONCURRENTLY i\n  ON t (a)"}
	got, err := suggestedLines(content, r)
	if want := "SELECT 'é'; CREATE INDEX CONCURRENTLY i\n  ON t (a); -- keep"; err != nil || got != want {
		t.Errorf("got %q, %v\nwant %q", got, err, want)
	}
	for _, bad := range []lint.Replacement{
		{Line: 0, Column: 1, EndLine: 1, EndColumn: 1},
		{Line: 2, Column: 1, EndLine: 1, EndColumn: 1},
		{Line: 1, Column: 1, EndLine: 9, EndColumn: 1},
		{Line: 1, Column: 40, EndLine: 1, EndColumn: 41},
		{Line: 1, Column: 1, EndLine: 2, EndColumn: 99},
	} {
		if _, err := suggestedLines(content, &bad); err == nil {
			t.Errorf("%+v: want an error", bad)
		}
	}
}

func planFixture() []*lint.Result {
	d := func(code string, sev lint.Severity, line, end int, stmt string) lint.Diagnostic {
		return lint.Diagnostic{Code: code, Name: "n", Severity: sev, Message: "m " + code, File: "db/2.sql",
			Line: line, Column: 1, EndLine: end, EndColumn: 5, Statement: stmt, Fix: "do it"}
	}
	rewrite := d("PG101", lint.Warning, 3, 4, "CREATE INDEX i\nON t (a)")
	rewrite.Replacement = &lint.Replacement{Line: 3, Column: 1, EndLine: 4, EndColumn: 8, Text: "CREATE INDEX CONCURRENTLY i\nON t (a)"}
	return []*lint.Result{{Dir: "db", Files: []lint.FileResult{{Path: "db/2.sql", Diagnostics: []lint.Diagnostic{
		d("IN102", lint.Error, 1, 1, ""), // line 1 is outside the hunk
		rewrite,
		d("DS103", lint.Error, 6, 6, "ALTER TABLE t DROP COLUMN b"),
	}}}}}
}

func TestPlanReview(t *testing.T) {
	patches := map[string]string{"db/2.sql": "@@ -2,0 +3,5 @@\n+CREATE INDEX i\n+ON t (a);\n+\n+\n+ALTER TABLE t DROP COLUMN b;"}
	read := func(string) ([]byte, error) {
		return []byte("-- a\n-- b\nCREATE INDEX i\nON t (a);\n\nALTER TABLE t DROP COLUMN b;\n"), nil
	}
	plan := planReview(planFixture(), patches, ReviewSuggestions, nil, read)
	if plan.outside != 1 || len(plan.comments) != 2 {
		t.Fatalf("plan = %+v", plan)
	}
	ds, pg := plan.comments[0], plan.comments[1]
	if ds.Line != 6 || ds.StartLine != 0 || !strings.Contains(ds.Body, "DS103") || strings.Contains(ds.Body, "```suggestion") {
		t.Errorf("errors first, single line, no suggestion: %+v", ds)
	}
	if pg.StartLine != 3 || pg.Line != 4 || !strings.Contains(pg.Body, "```suggestion\nCREATE INDEX CONCURRENTLY i\nON t (a);\n```") {
		t.Errorf("suggestion over the statement's lines, with its semicolon: %+v", pg)
	}
	// review: comments never suggests.
	plan = planReview(planFixture(), patches, ReviewComments, nil, read)
	if len(plan.comments) != 2 || strings.Contains(plan.comments[1].Body, "suggestion") || !strings.Contains(plan.comments[1].Body, "do it") {
		t.Errorf("comments mode: %+v", plan.comments)
	}
	// An unreadable file still gets a comment, without the suggestion.
	plan = planReview(planFixture(), patches, ReviewSuggestions, nil, func(string) ([]byte, error) { return nil, errors.New("gone") })
	if len(plan.comments) != 2 || strings.Contains(plan.comments[1].Body, "```suggestion") {
		t.Errorf("unreadable file: %+v", plan.comments)
	}
}

// A re-run skips a finding commented on at the same line (GitHub keeps a
// comment on its line as lines above move), but not an outdated comment
// or one on another line.
func TestPlanReviewSkipsWhatWasCommented(t *testing.T) {
	patches := map[string]string{"db/2.sql": "@@ -2,0 +3,5 @@\n+x\n+x\n+x\n+x\n+x"}
	read := func(string) ([]byte, error) { return []byte("a\nb\nc\nd\ne\nf\ng\n"), nil }
	first := planReview(planFixture(), patches, ReviewSuggestions, nil, read)
	var earlier []ghapi.Commented
	for _, c := range first.comments {
		earlier = append(earlier, ghapi.Commented{Body: c.Body, Line: c.Line})
	}
	if again := planReview(planFixture(), patches, ReviewSuggestions, alreadyCommented(earlier), read); len(again.comments) != 0 || again.posted != 2 {
		t.Errorf("second run: %+v", again)
	}
	earlier[0].Line = 0     // outdated
	earlier[1].Line += 1000 // elsewhere
	if again := planReview(planFixture(), patches, ReviewSuggestions, alreadyCommented(earlier), read); len(again.comments) != 2 {
		t.Errorf("outdated or moved comments must not count: %+v", again)
	}
}

func TestPlanReviewIsBounded(t *testing.T) {
	var ds []lint.Diagnostic
	for i := 1; i <= maxReviewComments+5; i++ {
		ds = append(ds, lint.Diagnostic{Code: "PG101", Severity: lint.Warning, Message: fmt.Sprint("m", i), File: "db/1.sql", Line: i, EndLine: i})
	}
	res := []*lint.Result{{Files: []lint.FileResult{{Path: "db/1.sql", Diagnostics: ds}}}}
	plan := planReview(res, map[string]string{"db/1.sql": "@@ -0,0 +1,100 @@"}, ReviewSuggestions, nil, nil)
	if len(plan.comments) != maxReviewComments || plan.over != 5 {
		t.Errorf("comments %d, over %d", len(plan.comments), plan.over)
	}
	body := reviewBody(plan)
	if !strings.Contains(body, "found 35 issues") || !strings.Contains(body, "the first 30 are commented here") ||
		!strings.Contains(body, "5 more findings are in the schemaguard comment") {
		t.Errorf("review body: %s", body)
	}
}
