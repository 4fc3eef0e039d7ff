package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
)

// GitHub writes one GitHub Actions workflow command per diagnostic
// (::error/::warning/::notice), most severe first, which the runner turns
// into annotations on the pull request's files, then the usual plain summary
// line so the step log still says what happened.
//
// Positions: line and endLine are always given. col and endColumn are given
// only for a single-line range, because the runner drops them when
// line != endLine; leaving them out keeps the command honest about what
// GitHub will show. endColumn is the last character, inclusive, as lint
// reports it.
func GitHub(w io.Writer, res *lint.Result, _ Options) error {
	var b strings.Builder
	if res.Error != "" {
		// The run could not complete: one error annotation, on the file
		// and line at fault when there is one.
		b.WriteString("::error ")
		if res.ErrorFile != "" {
			b.WriteString("file=" + escapeProperty(res.ErrorFile) + ",line=" + strconv.Itoa(res.ErrorLine) + ",")
		}
		b.WriteString("title=schemaguard::" + escapeData(res.Error) + "\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	for _, a := range Annotations(res) {
		b.WriteString(a.Command())
		b.WriteByte('\n')
	}
	b.WriteString(summaryLine(res))
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
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
