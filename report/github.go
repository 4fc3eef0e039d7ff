package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
)

// GitHub writes one GitHub Actions workflow command per diagnostic
// (::error/::warning/::notice), which the runner turns into annotations on
// the pull request's files, then the usual plain summary line so the step log
// still says what happened.
//
// Positions: line and endLine are always given. col and endColumn are given
// only for a single-line range, because the runner drops them when
// line != endLine; leaving them out keeps the command honest about what
// GitHub will show. endColumn is the last character, inclusive, as lint
// reports it.
func GitHub(w io.Writer, res *lint.Result, _ Options) error {
	var b strings.Builder
	for _, f := range res.Files {
		for _, d := range f.Diagnostics {
			b.WriteString(annotation(diagnosticPath(f, d), d))
			b.WriteByte('\n')
		}
	}
	b.WriteString(summaryLine(res))
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

var annotationCommands = map[lint.Severity]string{lint.Error: "error", lint.Warning: "warning", lint.Notice: "notice"}

func annotation(file string, d lint.Diagnostic) string {
	cmd, ok := annotationCommands[d.Severity]
	if !ok {
		cmd = "notice"
	}
	s := spanOf(d)
	props := []string{"file=" + escapeProperty(file), "line=" + strconv.Itoa(s.line)}
	if s.endLine > 0 {
		props = append(props, "endLine="+strconv.Itoa(s.endLine))
	}
	if s.endLine == 0 || s.endLine == s.line {
		if s.col > 0 {
			props = append(props, "col="+strconv.Itoa(s.col))
			if s.endCol > 0 {
				props = append(props, "endColumn="+strconv.Itoa(s.endCol))
			}
		}
	}
	props = append(props, "title="+escapeProperty(d.Code+" "+d.Name))
	return "::" + cmd + " " + strings.Join(props, ",") + "::" + escapeData(messageText(d))
}

// The runner unescapes '%25', '%0D', '%0A' in a command's message and also
// '%3A', '%2C' in property values (actions/toolkit command.ts). A Replacer
// rewrites the input in one pass, so the '%' of an escape it inserts is never
// escaped again: the same result as escaping '%' first.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeData escapes a workflow command's message.
func escapeData(s string) string { return dataEscaper.Replace(s) }

// escapeProperty escapes a property value, where ':' and ',' would otherwise
// end the value or the property list.
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
