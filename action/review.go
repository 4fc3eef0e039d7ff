package action

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"

	"github.com/schemaguard/schemaguard/action/ghapi"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/report"
)

// maxReviewComments bounds one review: more line comments than this read
// as noise and trip GitHub's abuse detection; the rest are in the sticky
// comment.
const maxReviewComments = 30

// findingMarker prefixes the hidden fingerprint each review comment ends
// with, by which a re-run recognises the findings it already commented on.
const findingMarker = "<!-- schemaguard:finding:"

var findingMarkerRE = regexp.MustCompile(regexp.QuoteMeta(findingMarker) + `([0-9a-f]+) -->`)

// reviewPlan is what a review will post, and what it leaves out.
type reviewPlan struct {
	comments []ghapi.ReviewComment
	// outside are the findings not on lines the pull request changed,
	// posted counts those already commented on by an earlier run, over
	// those beyond maxReviewComments.
	outside, posted, over int
}

// planReview picks the findings on lines the pull request changed and
// writes a comment for each: on the statement's lines, with a
// ```suggestion replacing exactly them when the rule has a safe rewrite
// (mode suggestions) and the whole statement is in one hunk. patches are
// the pull request's files (repository path to patch), done the
// fingerprints already commented on, read the file reader.
func planReview(results []*lint.Result, patches map[string]string, mode string, done map[string]bool,
	read func(repoPath string) ([]byte, error)) reviewPlan {
	var plan reviewPlan
	for _, a := range allAnnotated(results) {
		d, path := a.d, a.path
		patch, inPR := patches[path]
		hunks := diffHunks(patch)
		if !inPR || len(hunks) == 0 {
			plan.outside++
			continue
		}
		rc := ghapi.ReviewComment{Path: path}
		suggestion := ""
		if r := d.Replacement; r != nil && mode == ReviewSuggestions && commentable(hunks, r.Line, r.EndLine) {
			if content, err := read(path); err == nil {
				if s, err := suggestedLines(content, r); err == nil {
					suggestion, rc.StartLine, rc.Line = s, r.Line, r.EndLine
				}
			}
		}
		if suggestion == "" {
			end := max(d.EndLine, d.Line)
			switch {
			case commentable(hunks, d.Line, end):
				rc.StartLine, rc.Line = d.Line, end
			case commentable(hunks, d.Line, d.Line):
				rc.Line = d.Line
			default:
				plan.outside++
				continue
			}
		}
		if rc.StartLine == rc.Line {
			rc.StartLine = 0
		}
		fp := fingerprint(d, path)
		if done[doneKey(fp, rc.Line)] {
			plan.posted++
			continue
		}
		if len(plan.comments) == maxReviewComments {
			plan.over++
			continue
		}
		rc.Body = report.ReviewComment(d, suggestion) + findingMarker + fp + " -->\n"
		plan.comments = append(plan.comments, rc)
	}
	return plan
}

// annotated is a diagnostic with its repository path.
type annotated struct {
	path string
	d    lint.Diagnostic
}

// allAnnotated lists every directory's diagnostics, most severe first.
func allAnnotated(results []*lint.Result) []annotated {
	var out []annotated
	for _, sev := range []lint.Severity{lint.Error, lint.Warning, lint.Notice} {
		for _, res := range results {
			for _, f := range res.Files {
				for _, d := range f.Diagnostics {
					if d.Severity != sev {
						continue
					}
					p := d.File
					if p == "" {
						p = f.Path
					}
					out = append(out, annotated{p, d})
				}
			}
		}
	}
	return out
}

// fingerprint identifies a finding: rule, file, the statement (whitespace
// collapsed) and the message, so an edited statement or a changed finding
// gets a fresh comment.
func fingerprint(d lint.Diagnostic, path string) string {
	h := sha256.New()
	for _, part := range []string{d.Code, path, strings.Join(strings.Fields(d.Statement), " "), d.Message} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:10])
}

// doneKey is a finding commented on at a line.
func doneKey(fp string, line int) string { return fp + "@" + strconv.Itoa(line) }

// alreadyCommented collects the findings earlier review comments are on,
// at the line each comment is on now: the same finding on the same line is
// not commented on again, wherever the lines above it moved.
func alreadyCommented(earlier []ghapi.Commented) map[string]bool {
	done := map[string]bool{}
	for _, c := range earlier {
		if c.Line == 0 {
			continue // outdated: the line changed since
		}
		for _, m := range findingMarkerRE.FindAllStringSubmatch(c.Body, -1) {
			done[doneKey(m[1], c.Line)] = true
		}
	}
	return done
}
