package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// excerptLines caps how much of a statement a terminal report repeats.
const excerptLines = 3

// Text writes a report for terminals: file:line:col, severity, code, name,
// message, the statement excerpt, the fix, and a summary line.
func Text(w io.Writer, res *lint.Result, opts Options) error {
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return code + s + ansiReset
	}
	var b strings.Builder
	historyShown, historyHidden := 0, 0
	for _, f := range res.Files {
		// A history where many files could not be read whole would bury
		// the findings under notices: the first few say it, a line counts
		// the rest (every one is in the JSON and SARIF reports).
		if f.History {
			if historyShown == maxHistoryNotices {
				historyHidden++
				continue
			}
			historyShown++
		}
		for _, d := range f.Diagnostics {
			sev := d.Severity.String()
			switch d.Severity {
			case lint.Error:
				sev = paint(ansiRed+ansiBold, sev)
			case lint.Warning:
				sev = paint(ansiYellow, sev)
			}
			fmt.Fprintf(&b, "%s: %s %s %s\n", paint(ansiBold, fmt.Sprintf("%s:%d:%d", f.Path, d.Line, d.Column)),
				sev, paint(ansiCyan, d.Code+" "+d.Name+":"), d.Message)
			for _, l := range excerpt(d.Statement) { // none for directory-level findings
				fmt.Fprintf(&b, "    %s\n", paint(ansiDim, l))
			}
			if d.Evidence != nil {
				fmt.Fprintf(&b, "    observed: %s\n", d.Evidence)
			}
			if d.Fix != "" {
				for i, l := range strings.Split(strings.TrimRight(d.Fix, "\n"), "\n") {
					lead := "    fix: "
					if i > 0 {
						lead = "         "
					}
					fmt.Fprintf(&b, "%s%s\n", lead, l)
				}
			}
			b.WriteByte('\n')
		}
	}
	if historyHidden > 0 {
		fmt.Fprintf(&b, "… and %s with notices like the ones above (listed in --format json)\n\n", plural(historyHidden, "more history file"))
	}
	b.WriteString(summaryLine(res))
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// maxHistoryNotices is how many history files' notices the text report
// shows before it only counts them.
const maxHistoryNotices = 3

func excerpt(stmt string) []string {
	if stmt == "" {
		return nil
	}
	lines := strings.Split(strings.ReplaceAll(stmt, "\r\n", "\n"), "\n")
	if len(lines) > excerptLines {
		lines = append(lines[:excerptLines], "…")
	}
	return lines
}

// summaryLine: "3 files linted: 1 error, 2 warnings (1 suppressed)".
func summaryLine(res *lint.Result) string {
	s := res.Summary
	line := fmt.Sprintf("%s linted: %s, %s", plural(s.Files, "file"), plural(s.Errors, "error"), plural(s.Warnings, "warning"))
	if s.Notices > 0 {
		line += ", " + plural(s.Notices, "notice")
	}
	if s.Suppressed > 0 {
		line += fmt.Sprintf(" (%d suppressed)", s.Suppressed)
	}
	return line
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
