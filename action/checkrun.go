package action

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v57/github"

	"github.com/schemaguard/schemaguard/action/ghapi"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/report"
)

// annotationsPerLevel is how many annotations of each level GitHub shows
// for a step; the rest only print in the log.
const annotationsPerLevel = 10

// Checks API limits on an annotation's fields.
const (
	maxCheckMessage = 64 << 10
	maxCheckTitle   = 255
)

// hiddenAnnotations says which annotations GitHub will not show on the
// step ("3 errors and 12 warnings"), "" when it shows them all.
func hiddenAnnotations(anns []report.Annotation) string {
	counts := map[string]int{}
	for _, a := range anns {
		counts[a.Level()]++
	}
	var parts []string
	for _, level := range []string{"error", "warning", "notice"} {
		if n := counts[level] - annotationsPerLevel; n > 0 {
			parts = append(parts, plural(n, level))
		}
	}
	return strings.Join(parts, " and ")
}

var checkLevels = map[string]string{"error": "failure", "warning": "warning", "notice": "notice"}

// checkRun publishes every annotation on a check run named schemaguard when
// the step cannot show them all, so none is lost.
func (r *run) checkRun(ctx context.Context, api *ghapi.Client, results []*lint.Result, anns []report.Annotation, hidden string, pub *publication) {
	notShown := "GitHub shows " + fmt.Sprint(annotationsPerLevel) + " annotations of each level per step, so " + hidden +
		" are not shown as annotations; every finding is listed in this summary."
	if r.ev.HeadSHA == "" {
		pub.notes = append(pub.notes, notShown)
		return
	}
	merged := lint.Merge(results...)
	conclusion := "success"
	switch {
	case merged.Failed:
		conclusion = "failure"
	case len(anns) > 0:
		conclusion = "neutral"
	}
	run := ghapi.CheckRun{Name: "schemaguard", HeadSHA: r.ev.HeadSHA, Conclusion: conclusion,
		Title: "schemaguard: " + report.CountWords(merged.Summary), Summary: checkSummary(results, r.runURL)}
	for _, a := range anns {
		run.Annotations = append(run.Annotations, checkAnnotation(a))
	}
	url, err := api.PublishCheckRun(ctx, run)
	if err != nil {
		r.apiFailed(pub, permChecks, "publish the check run with all annotations", err)
		pub.notes = append(pub.notes, notShown)
		return
	}
	pub.notes = append(pub.notes, fmt.Sprintf("GitHub shows %d annotations of each level per step, so all %d are on the check run [schemaguard](%s).",
		annotationsPerLevel, len(anns), url))
}

func checkAnnotation(a report.Annotation) *github.CheckRunAnnotation {
	end := max(a.EndLine, a.Line)
	ca := &github.CheckRunAnnotation{Path: github.String(a.Path), StartLine: github.Int(a.Line), EndLine: github.Int(end),
		AnnotationLevel: github.String(checkLevels[a.Level()]), Message: github.String(cut(a.Message, maxCheckMessage)),
		Title: github.String(cut(a.Title, maxCheckTitle))}
	if end == a.Line && a.Col > 0 {
		ca.StartColumn = github.Int(a.Col)
		ca.EndColumn = github.Int(max(a.EndCol, a.Col))
	}
	if a.Statement != "" {
		ca.RawDetails = github.String(cut(a.Statement, maxCheckMessage))
	}
	return ca
}

func checkSummary(results []*lint.Result, runURL string) string {
	var b strings.Builder
	for _, res := range results {
		fmt.Fprintf(&b, "- %s: %s\n", report.CodeSpan(res.Dir), report.CountWords(res.Summary))
	}
	if runURL != "" {
		b.WriteString("\nThe full report is in the [job summary](" + runURL + ").\n")
	}
	return b.String()
}

// cut shortens s to at most n bytes on a character boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
