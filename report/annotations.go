package report

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
)

// Annotation is a diagnostic as GitHub shows it on a file: as a workflow
// command (Command) or as a Checks API annotation. Positions are cleaned the
// way GitHub needs them (see span); Path is repository-relative when the
// result's paths are.
type Annotation struct {
	Severity lint.Severity
	Path     string
	Line     int
	EndLine  int // 0: unknown
	// Col and EndCol are set only for a single-line range, because GitHub
	// drops columns when line != endLine. EndCol is inclusive.
	Col, EndCol int
	Title       string // "PG101 index-not-concurrent"
	Message     string // the message, then the fix after a blank line
	Statement   string
}

// Annotations lists the result's diagnostics most severe first, then by
// path and position. GitHub shows only the first 10 annotations of each
// level per step and 50 per job, so the order decides what a reviewer sees.
func Annotations(res *lint.Result) []Annotation {
	var out []Annotation
	for _, f := range res.Files {
		for _, d := range f.Diagnostics {
			s := spanOf(d)
			a := Annotation{Severity: d.Severity, Path: diagnosticPath(f, d), Line: s.line, EndLine: s.endLine,
				Title: d.Code + " " + d.Name, Message: messageText(d), Statement: d.Statement}
			if s.endLine == 0 || s.endLine == s.line {
				a.Col, a.EndCol = s.col, s.endCol
				if a.Col == 0 {
					a.EndCol = 0
				}
			}
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(a, b Annotation) int {
		return cmp.Or(
			cmp.Compare(b.Severity, a.Severity),
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Title, b.Title),
		)
	})
	return out
}

var annotationCommands = map[lint.Severity]string{lint.Error: "error", lint.Warning: "warning", lint.Notice: "notice"}

// Level is the workflow command of the annotation's severity: error,
// warning or notice.
func (a Annotation) Level() string {
	if c, ok := annotationCommands[a.Severity]; ok {
		return c
	}
	return "notice"
}

// Command is the workflow command that makes the runner show the
// annotation: "::error file=…,line=…,title=…::message", escaped as the
// runner requires, on one line.
func (a Annotation) Command() string {
	props := []string{"file=" + escapeProperty(a.Path), "line=" + strconv.Itoa(a.Line)}
	if a.EndLine > 0 {
		props = append(props, "endLine="+strconv.Itoa(a.EndLine))
	}
	if a.Col > 0 {
		props = append(props, "col="+strconv.Itoa(a.Col))
		if a.EndCol > 0 {
			props = append(props, "endColumn="+strconv.Itoa(a.EndCol))
		}
	}
	props = append(props, "title="+escapeProperty(a.Title))
	return "::" + a.Level() + " " + strings.Join(props, ",") + "::" + escapeData(a.Message)
}
