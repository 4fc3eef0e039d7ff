package action

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/schemaguard/schemaguard/lint"
)

// suggestedLines is what a ```suggestion block holds for a rule's
// rewrite: the new text of lines r.Line..r.EndLine of the file, that is the
// text before the statement on its first line, the rewrite, and the rest of
// its last line (the semicolon, a trailing comment). GitHub replaces exactly
// those lines with it, so the file stays what it was around the statement.
func suggestedLines(content []byte, r *lint.Replacement) (string, error) {
	content = bytes.TrimPrefix(content, []byte("\uFEFF"))
	lines := strings.Split(string(content), "\n")
	if r.Line < 1 || r.EndLine < r.Line || r.EndLine > len(lines) {
		return "", fmt.Errorf("rewrite lines %d-%d outside the file's %d lines", r.Line, r.EndLine, len(lines))
	}
	first := []rune(strings.TrimSuffix(lines[r.Line-1], "\r"))
	last := []rune(strings.TrimSuffix(lines[r.EndLine-1], "\r"))
	if r.Column < 1 || r.Column-1 > len(first) || r.EndColumn > len(last) || r.EndColumn < 0 {
		return "", fmt.Errorf("rewrite columns %d:%d-%d:%d outside the lines", r.Line, r.Column, r.EndLine, r.EndColumn)
	}
	if !utf8.ValidString(r.Text) {
		return "", fmt.Errorf("rewrite at line %d is not UTF-8", r.Line)
	}
	text := strings.ReplaceAll(r.Text, "\r\n", "\n")
	return string(first[:r.Column-1]) + text + string(last[r.EndColumn:]), nil
}
