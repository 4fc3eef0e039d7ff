package report

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
)

// span is a diagnostic's position cleaned up for consumers that reject or
// misplace impossible ranges (code scanning, workflow annotations). Columns
// are Unicode code points; endCol is the last character, inclusive. A zero
// col, endLine or endCol means "unknown" and is left out of the output.
type span struct {
	line, col, endLine, endCol int
}

func spanOf(d lint.Diagnostic) span {
	s := span{line: max(d.Line, 1), col: max(d.Column, 0)}
	if d.EndLine < s.line {
		// An end before the start is a producer bug; drop the end rather
		// than emit a range GitHub would discard or flip.
		return s
	}
	s.endLine = d.EndLine
	if d.EndColumn >= 1 && (s.endLine > s.line || d.EndColumn >= s.col) {
		s.endCol = d.EndColumn
	}
	return s
}

// repoPath turns a diagnostic's file path into the repository-relative,
// forward-slash form both SARIF and annotations expect ("./db/x.sql" and
// "db/./x.sql" become "db/x.sql"). Absolute paths stay absolute: the report
// cannot know the repository root, and upload-sarif and the runner both
// relativize absolute paths against the workspace themselves.
func repoPath(p string) string {
	if p == "" {
		return p
	}
	return path.Clean(filepath.ToSlash(p))
}

// diagnosticPath prefers the diagnostic's own file (directory-level rules may
// report on a file other than the one being linted) over its FileResult's.
func diagnosticPath(f lint.FileResult, d lint.Diagnostic) string {
	if d.File != "" {
		return repoPath(d.File)
	}
	return repoPath(f.Path)
}

// messageText is the message shown by GitHub: the diagnostic's message, then
// the fix after a blank line, since neither code scanning nor annotations
// have a separate place for it.
func messageText(d lint.Diagnostic) string {
	fix := strings.TrimRight(d.Fix, "\r\n")
	if fix == "" {
		return d.Message
	}
	return d.Message + "\n\nFix: " + fix
}
