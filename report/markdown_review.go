package report

import (
	"strings"

	"github.com/schemaguard/schemaguard/lint"
)

// ReviewComment is the body of a pull request review comment on one
// finding: severity, code linked to its rule page, name and message, then
// either a ```suggestion block (suggestion: the new text of the commented
// lines, applied with one click) or the rule's fix, and how to suppress it.
func ReviewComment(d lint.Diagnostic, suggestion string) string {
	var b strings.Builder
	b.WriteString(severityIcons[d.Severity] + " **[" + MarkdownText(d.Code) + "](" + ruleDocBase + urlPath(d.Code) + ".md) " +
		MarkdownText(d.Name) + "** (" + d.Severity.String() + "): " + MarkdownText(d.Message) + "\n")
	if d.Evidence != nil {
		b.WriteString("\nObserved on the dev database: " + MarkdownText(d.Evidence.String()) + "\n")
	}
	switch {
	case suggestion != "":
		b.WriteString("\nSafe rewrite:\n\n" + CodeBlock("suggestion", suggestion))
	case strings.TrimSpace(d.Fix) != "":
		b.WriteString("\nFix:" + fixText(d.Fix))
	}
	b.WriteString("\n<sub>Intended? Put " + CodeSpan("-- lint:ignore "+d.Code+" <reason>") +
		" on the line directly above the statement.</sub>\n")
	return b.String()
}
