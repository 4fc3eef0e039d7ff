package action

import (
	"strings"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/report"
)

// maxSummary keeps the job summary under the runner's 1 MiB per step,
// which it otherwise drops whole.
const maxSummary = 1000 << 10

// writeSummary appends the report to the job summary: each directory's
// section (the same as its PR comment, never shortened below the limit),
// what was compared, and what GitHub could not show or write.
func (r *run) writeSummary(results []*lint.Result, what string, pub publication) error {
	if r.getenv("GITHUB_STEP_SUMMARY") == "" {
		return nil
	}
	var b strings.Builder
	notes := append([]string{"Linted " + report.MarkdownText(what) + "."}, pub.notes...)
	if len(pub.denied) > 0 {
		notes = append(notes, "The token lacks "+report.CodeSpan(strings.Join(pub.denied, ", "))+
			", so schemaguard could not write to the pull request or the checks; this summary and the annotations carry the full report.")
	}
	tail := "\n" + strings.Join(notes, "\n\n") + "\n"
	budget := (maxSummary - len(tail)) / max(len(results), 1)
	for _, res := range results {
		b.WriteString(report.Markdown(res, report.MarkdownOptions{BlobURL: r.blobURL, MaxLen: budget,
			MoreName: "the JSON report (the step's report output)", Version: r.env.Version}))
		b.WriteString("\n")
	}
	b.WriteString(tail)
	return fileCommand(func() { r.gha.AddStepSummary(b.String()) })
}
