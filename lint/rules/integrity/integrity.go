// Package integrity holds the directory-level rules: the migration history
// itself must not be rewritten (checksums, edits and removals of files the
// base branch already has, out-of-order and duplicate versions).
package integrity

import (
	"embed"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules/internal/ruledoc"
)

//go:embed doc/*.md
var docs embed.FS

func doc(code string) string { return ruledoc.Page(docs, code) }

var both = []string{lint.Postgres, lint.MySQL}

// Analyzers returns the rules of this package in code order.
func Analyzers() []*lint.Analyzer {
	return []*lint.Analyzer{ChecksumMismatch, AppliedFileEdited, AppliedFileRemoved, OutOfOrder, DuplicateVersion}
}
