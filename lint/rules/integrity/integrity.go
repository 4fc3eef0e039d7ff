// Package integrity holds the directory-level rules: the migration history
// itself must not be rewritten (checksums, edits and removals of files the
// base branch already has, out-of-order and duplicate versions).
package integrity

import (
	"embed"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
)

//go:embed doc/*.md
var docs embed.FS

func doc(code string) string {
	b, err := docs.ReadFile("doc/" + code + ".md")
	if err != nil {
		// The embed pattern guarantees the file; a missing page is a build-time mistake.
		panic("integrity: no doc page for " + code)
	}
	return strings.TrimSpace(string(b))
}

var both = []string{lint.Postgres, lint.MySQL}

// Analyzers returns the rules of this package in code order.
func Analyzers() []*lint.Analyzer {
	return []*lint.Analyzer{ChecksumMismatch, AppliedFileEdited, AppliedFileRemoved, OutOfOrder, DuplicateVersion}
}
