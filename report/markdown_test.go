package report

import (
	"regexp"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/lint"
)

// hostile is a result whose every piece of repository text tries to break
// out: HTML, links, mentions, table pipes, code fences, comment ends.
func hostile() *lint.Result {
	file := "db/<img src=x onerror=alert(1)>|`x`](javascript:alert(1)) @admin #1.sql"
	return &lint.Result{Dir: "db --> <script>", Format: "atlas", Dialect: "postgres", FailOn: lint.Error, Failed: true,
		Files: []lint.FileResult{{Path: file, Diagnostics: []lint.Diagnostic{{
			Code: "DS102", Name: "drop-table", Severity: lint.Error, File: file, Line: 2, Column: 1, EndLine: 3, EndColumn: 4,
			Message:   "Dropping <b>table</b> | \"x\" [y](http://evil) **z** @everyone\nsecond line",
			Statement: "DROP TABLE x -- ```\n```\n</details>",
			Fix:       "Keep a <script>backup</script> | first\nDROP TABLE x; -- ````",
		}}}},
		Summary: lint.Summary{Files: 1, Errors: 1},
	}
}

var (
	tagRE      = regexp.MustCompile(`(^|[^\\])<(/?)([a-zA-Z]+)`)
	fenceRE    = regexp.MustCompile("^(`{3,})")
	codeSpanRE = regexp.MustCompile("(`+)[^`]*?(`+)")
)

// prose is what GitHub parses as Markdown and HTML: md without its fenced
// code blocks and code spans, whose text is shown literally.
func prose(md string) string {
	var out []string
	fence := ""
	for _, line := range strings.Split(md, "\n") {
		if fence != "" {
			if strings.TrimSpace(line) == strings.Repeat("`", len(fence)) || strings.HasPrefix(strings.TrimSpace(line), fence) && strings.Trim(strings.TrimSpace(line), "`") == "" {
				fence = ""
			}
			continue
		}
		if m := fenceRE.FindStringSubmatch(line); m != nil {
			fence = m[1]
			continue
		}
		out = append(out, line)
	}
	// Code spans: a run of n backticks up to the next run of exactly n.
	text := strings.Join(out, "\n")
	var b strings.Builder
	for i := 0; i < len(text); {
		if text[i] != '`' || i > 0 && text[i-1] == '\\' {
			b.WriteByte(text[i])
			i++
			continue
		}
		n := 0
		for i+n < len(text) && text[i+n] == '`' {
			n++
		}
		rest := text[i+n:]
		end := -1
		for j := 0; j < len(rest); j++ {
			if rest[j] != '`' {
				continue
			}
			k := 0
			for j+k < len(rest) && rest[j+k] == '`' {
				k++
			}
			if k == n {
				end = j
				break
			}
			j += k
		}
		if end < 0 {
			b.WriteString(text[i : i+n])
			i += n
			continue
		}
		b.WriteString("CODE")
		i += n + end + n
	}
	return b.String()
}

func TestMarkdownEscapesRepositoryText(t *testing.T) {
	md := Markdown(hostile(), MarkdownOptions{Marker: "<!-- schemaguard:" + HTMLCommentSafe("db --> <script>") + " -->",
		BlobURL: "https://github.com/o/r/blob/abc/"})
	first, _, _ := strings.Cut(md, "\n")
	if strings.Index(md, "-->") != len(first)-3 {
		t.Errorf("the marker line must end the only HTML comment:\n%s", md)
	}
	text := prose(strings.TrimPrefix(md, first))
	for _, m := range tagRE.FindAllStringSubmatch(text, -1) {
		switch strings.ToLower(m[3]) {
		case "details", "summary", "sub", "br":
		default:
			t.Errorf("raw HTML tag <%s%s> reached the Markdown:\n%s", m[2], m[3], text)
		}
	}
	for _, bad := range []string{"](javascript", "](http://evil)", " @admin", " @everyone", "**z**", "[y](", " #1"} {
		if strings.Contains(text, bad) {
			t.Errorf("unescaped %q in:\n%s", bad, text)
		}
	}
	// The table row keeps its four cells: every repository pipe is escaped.
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| ❌") {
			if n := len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(line, -1)); n != 5 {
				t.Errorf("row has %d cell separators, want 5: %s", n, line)
			}
		}
	}
	// The statement's own fences cannot close its code block.
	if !strings.Contains(md, "````sql\nDROP TABLE x -- ```\n```\n</details>\n````") {
		t.Errorf("statement block not fenced longer than its content:\n%s", md)
	}
	if !strings.Contains(md, "(https://github.com/o/r/blob/abc/db/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%7C%60x%60%5D%28javascript%3Aalert%281%29%29%20%40admin%20%231.sql#L2-L3)") {
		t.Errorf("link not percent-encoded:\n%s", md)
	}
}

func TestMarkdownVerdicts(t *testing.T) {
	for _, tc := range []struct {
		res  lint.Result
		want string
	}{
		{lint.Result{Dir: "db", Failed: true, Summary: lint.Summary{Files: 1, Errors: 1, Warnings: 2}}, "### ❌ schemaguard: `db` fails — 1 error, 2 warnings"},
		{lint.Result{Dir: "db", Summary: lint.Summary{Files: 1, Warnings: 1}}, "### ⚠️ schemaguard: `db` passes with 1 warning"},
		{lint.Result{Dir: "db", Summary: lint.Summary{Files: 2}}, "### ✅ schemaguard: `db` passes — no findings"},
		{lint.Result{Dir: "db"}, "### ✅ schemaguard: `db` has no new or changed migrations"},
	} {
		if md := Markdown(&tc.res, MarkdownOptions{}); !strings.Contains(md, tc.want+"\n") {
			t.Errorf("want %q in:\n%s", tc.want, md)
		}
	}
}

func huge(n int) *lint.Result {
	res := &lint.Result{Dir: "db", FailOn: lint.Error, Failed: true}
	var ds []lint.Diagnostic
	for i := 1; i <= n; i++ {
		ds = append(ds, lint.Diagnostic{Code: "DS103", Name: "drop-column", Severity: lint.Error, File: "db/1.sql", Line: i, EndLine: i,
			Message: strings.Repeat("ünïcödé message ", 10), Statement: "ALTER TABLE t DROP COLUMN c" + strings.Repeat("x", 200), Fix: "later"})
	}
	res.Files = []lint.FileResult{{Path: "db/1.sql", Diagnostics: ds}}
	res.Summary = lint.Summary{Files: 1, Errors: n}
	return res
}

func TestMarkdownStaysUnderTheLimit(t *testing.T) {
	const limit = 65536
	full := Markdown(huge(3000), MarkdownOptions{Marker: "<!-- m -->"})
	if len(full) <= limit {
		t.Fatalf("fixture too small: %d bytes", len(full))
	}
	md := Markdown(huge(3000), MarkdownOptions{Marker: "<!-- m -->", MaxLen: limit, MoreURL: "https://github.com/o/r/actions/runs/1", MoreName: "the job summary"})
	if len(md) > limit || len(md) < limit-2000 {
		t.Errorf("length %d, want just under %d", len(md), limit)
	}
	rows := strings.Count(md, "\n| ❌")
	if !strings.HasPrefix(md, "<!-- m -->\n### ❌ schemaguard: `db` fails — 3000 errors") ||
		!strings.Contains(md, "**"+plural(3000-rows, "more finding")+" not shown here** (GitHub's size limit). Statements, fixes and every finding are in [the job summary](https://github.com/o/r/actions/runs/1).") {
		t.Errorf("shortened report lacks its head or pointer (%d rows):\n%s", rows, md[len(md)-600:])
	}
	if strings.Contains(md, "<details>") && !strings.Contains(md, "</details>") {
		t.Error("a details section was cut in half")
	}
	// A report that fits is left whole.
	if small := Markdown(huge(3), MarkdownOptions{MaxLen: limit}); !strings.Contains(small, "Statements and fixes") {
		t.Errorf("small report shortened:\n%s", small)
	}
}

func TestAnnotationsMostSevereFirst(t *testing.T) {
	d := func(file string, sev lint.Severity, line int) lint.Diagnostic {
		return lint.Diagnostic{Code: "X", Name: "x", Severity: sev, File: file, Line: line, EndLine: line}
	}
	res := &lint.Result{Files: []lint.FileResult{
		{Path: "a.sql", Diagnostics: []lint.Diagnostic{d("a.sql", lint.Notice, 1), d("a.sql", lint.Warning, 2), d("a.sql", lint.Error, 9)}},
		{Path: "b.sql", Diagnostics: []lint.Diagnostic{d("b.sql", lint.Error, 1), d("b.sql", lint.Warning, 1)}},
	}}
	var got []string
	for _, a := range Annotations(res) {
		got = append(got, a.Level()+" "+a.Path)
	}
	want := "error a.sql,error b.sql,warning a.sql,warning b.sql,notice a.sql"
	if strings.Join(got, ",") != want {
		t.Errorf("order = %s, want %s", strings.Join(got, ","), want)
	}
}

func TestReviewCommentSuggestion(t *testing.T) {
	d := lint.Diagnostic{Code: "PG101", Name: "index-not-concurrent", Severity: lint.Warning, Message: "m", Fix: "prose fix"}
	body := ReviewComment(d, "SELECT '```'; CREATE INDEX CONCURRENTLY i ON t (a);")
	if !strings.Contains(body, "\n````suggestion\nSELECT '```'; CREATE INDEX CONCURRENTLY i ON t (a);\n````\n") || strings.Contains(body, "prose fix") {
		t.Errorf("suggestion block:\n%s", body)
	}
	if body := ReviewComment(d, ""); !strings.Contains(body, "prose fix") || strings.Contains(body, "suggestion") {
		t.Errorf("without a rewrite the fix is shown:\n%s", body)
	}
}

func TestCodeSpan(t *testing.T) {
	for in, want := range map[string]string{
		"db/x.sql":  "`db/x.sql`",
		"a`b":       "``a`b``",
		"`x`":       "`` `x` ``",
		"a|b\nc":    "`a\\|b c`",
		"":          "`  `",
		"``` three": "```` ``` three ````",
	} {
		if got := CodeSpan(in); got != want {
			t.Errorf("CodeSpan(%q) = %q, want %q", in, got, want)
		}
	}
}
