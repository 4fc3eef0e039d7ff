package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
)

// MarkdownOptions tune the Markdown report (a pull request comment or a
// job summary section).
type MarkdownOptions struct {
	// Marker is an HTML comment put first, invisible when rendered, by which
	// a sticky comment is found again; "" for none.
	Marker string
	// BlobURL, when set, links each location: BlobURL + the repository path
	// + "#L<line>" (e.g. "https://github.com/o/r/blob/<head sha>/").
	BlobURL string
	// MaxLen bounds the report in bytes (0: no bound). A longer report drops
	// the statements and fixes, then table rows, and says that the rest is
	// at MoreURL.
	MaxLen  int
	MoreURL string
	// MoreName names what MoreURL points to ("the job summary").
	MoreName string
	Version  string
}

// Messages longer than this are cut in the table (the statements-and-fixes
// section and the annotations carry them whole).
const maxCellRunes = 600

var severityIcons = map[lint.Severity]string{lint.Error: "❌", lint.Warning: "⚠️", lint.Notice: "ℹ️"}

// Markdown renders one directory's result for a pull request comment or a
// job summary: a verdict headline, a table of findings (location linked to
// the file, code linked to its rule page, severity, message, the evidence a
// dev database showed), the statements with their fixes, and how to
// suppress a finding. Every piece of repository text is escaped.
func Markdown(res *lint.Result, opts MarkdownOptions) string {
	head := markdownHead(res, opts)
	foot := markdownFoot(opts)
	rows := tableRows(res, opts)
	details := detailsSection(res)
	full := head + table(rows) + details + suppressHelp(res) + foot
	if opts.MaxLen <= 0 || len(full) <= opts.MaxLen {
		return full
	}
	// Too long for GitHub: keep the verdict and as many rows as fit, and
	// point to the complete report.
	more := func(n int) string {
		s := "\n**Shortened to fit GitHub's size limit.**"
		if n > 0 {
			s = fmt.Sprintf("\n**%s not shown here** (GitHub's size limit).", plural(n, "more finding"))
		}
		if opts.MoreURL != "" || opts.MoreName != "" {
			ref := opts.MoreName
			if ref == "" {
				ref = "the full report"
			}
			ref = MarkdownText(ref)
			if opts.MoreURL != "" {
				ref = "[" + ref + "](" + opts.MoreURL + ")"
			}
			s += " Statements, fixes and every finding are in " + ref + "."
		}
		return s + "\n"
	}
	budget := opts.MaxLen - len(head) - len(foot) - len(more(len(rows)))
	kept := 0
	size := len(table(nil))
	for kept < len(rows) && size+len(rows[kept]) <= budget {
		size += len(rows[kept])
		kept++
	}
	body := head + table(rows[:kept]) + more(len(rows)-kept) + foot
	if len(body) > opts.MaxLen {
		// Only a pathological head (a huge directory name) gets here.
		body = truncateUTF8(body, opts.MaxLen)
	}
	return body
}

func markdownHead(res *lint.Result, opts MarkdownOptions) string {
	var b strings.Builder
	if opts.Marker != "" {
		b.WriteString(opts.Marker + "\n")
	}
	s := res.Summary
	dir := CodeSpan(truncateRunes(res.Dir, 200))
	counts := CountWords(s)
	switch {
	case res.Failed:
		fmt.Fprintf(&b, "### ❌ schemaguard: %s fails — %s\n\n", dir, counts)
	case s.Errors+s.Warnings+s.Notices > 0:
		fmt.Fprintf(&b, "### ⚠️ schemaguard: %s passes with %s\n\n", dir, counts)
	case s.Files == 0:
		fmt.Fprintf(&b, "### ✅ schemaguard: %s has no new or changed migrations\n\n", dir)
	default:
		fmt.Fprintf(&b, "### ✅ schemaguard: %s passes — no findings\n\n", dir)
	}
	facts := []string{plural(s.Files, "file") + " linted"}
	if res.Format != "" {
		facts = append(facts, MarkdownText(res.Format)+" format")
	}
	if res.Dialect != "" {
		facts = append(facts, MarkdownText(res.Dialect))
	}
	threshold := "never fails"
	if res.FailOn != lint.Off {
		threshold = "fails on " + res.FailOn.String() + "s"
	}
	facts = append(facts, threshold)
	if s.Suppressed > 0 {
		facts = append(facts, fmt.Sprintf("%d suppressed", s.Suppressed))
	}
	b.WriteString(strings.Join(facts, " · ") + "\n")
	return b.String()
}

// CountWords: "1 error, 2 warnings" (the non-zero severities), or "no
// findings".
func CountWords(s lint.Summary) string {
	var parts []string
	for _, c := range []struct {
		n    int
		word string
	}{{s.Errors, "error"}, {s.Warnings, "warning"}, {s.Notices, "notice"}} {
		if c.n > 0 {
			parts = append(parts, plural(c.n, c.word))
		}
	}
	if len(parts) == 0 {
		return "no findings"
	}
	return strings.Join(parts, ", ")
}

func markdownFoot(opts MarkdownOptions) string {
	v := "schemaguard"
	if opts.Version != "" {
		v += " " + opts.Version
	}
	return "\n<sub>" + MarkdownText(v) + "</sub>\n"
}

func table(rows []string) string {
	if len(rows) == 0 {
		return ""
	}
	return "\n| | Location | Rule | Finding |\n|:-:|---|---|---|\n" + strings.Join(rows, "")
}

func tableRows(res *lint.Result, opts MarkdownOptions) []string {
	var rows []string
	for _, a := range orderedDiagnostics(res) {
		d := a.d
		finding := MarkdownText(truncateRunes(d.Message, maxCellRunes))
		if d.Evidence != nil {
			finding += "<br>observed: " + MarkdownText(truncateRunes(d.Evidence.String(), maxCellRunes))
		}
		rows = append(rows, fmt.Sprintf("| %s | %s | [%s](%s) %s | %s |\n",
			severityIcons[d.Severity]+" "+d.Severity.String(), location(a.path, res.Dir, d, opts.BlobURL),
			MarkdownText(d.Code), ruleDocBase+urlPath(d.Code)+".md", MarkdownText(d.Name), finding))
	}
	return rows
}

// located is a diagnostic with its repository path.
type located struct {
	path string
	d    lint.Diagnostic
}

// orderedDiagnostics: most severe first, then in file and position order,
// as the annotations are.
func orderedDiagnostics(res *lint.Result) []located {
	var all []located
	for _, sev := range []lint.Severity{lint.Error, lint.Warning, lint.Notice} {
		for _, f := range res.Files {
			for _, d := range f.Diagnostics {
				if d.Severity == sev {
					all = append(all, located{diagnosticPath(f, d), d})
				}
			}
		}
	}
	return all
}

// location is "name.sql:12" linked to the line (or line range) at BlobURL.
func location(p, dir string, d lint.Diagnostic, blobURL string) string {
	shown := p
	if rel, ok := strings.CutPrefix(p, strings.TrimSuffix(repoPath(dir), "/")+"/"); ok && dir != "" {
		shown = rel
	}
	text := MarkdownText(truncateRunes(shown, 120) + ":" + strconv.Itoa(max(d.Line, 1)))
	if blobURL == "" {
		return text
	}
	anchor := "#L" + strconv.Itoa(max(d.Line, 1))
	if d.EndLine > d.Line {
		anchor += "-L" + strconv.Itoa(d.EndLine)
	}
	return "[" + text + "](" + blobURL + urlPath(p) + anchor + ")"
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
