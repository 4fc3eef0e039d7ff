// Package dataloss holds schemaguard's dialect-neutral rules for changes that
// destroy data (DS), depend on the data already in the table (MF), break
// clients that still use the old shape (BC) or drop integrity guarantees
// (CD). They read only the statement's schema Changes and the catalog, so the
// PostgreSQL and MySQL adapters share them.
package dataloss

import (
	"embed"
	"regexp"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules/internal/ruledoc"
	"github.com/schemaguard/schemaguard/schema"
)

//go:embed doc/*.md
var docs embed.FS

func doc(code string) string { return ruledoc.Page(docs, code) }

var bothDialects = []string{lint.Postgres, lint.MySQL}

// Analyzers returns the package's rules in code order.
func Analyzers() []*lint.Analyzer {
	return []*lint.Analyzer{
		RenameTable, RenameColumn,
		DropForeignKey,
		DropSchema, DropTable, DropColumn, TruncateTable,
		UniqueIndexExistingData, IndexMadeUnique, NotNullWithoutDefault, NullableToNotNull, NarrowingTypeChange,
	}
}

// quoted renders names for messages: "a", "b".
func quoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = `"` + n + `"`
	}
	return strings.Join(q, ", ")
}

// plural picks the singular or plural noun for n objects.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

var plainIdent = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// reserved are words both dialects refuse as bare names and that migrations
// use as table or column names often enough to matter in a fix.
var reserved = map[string]bool{
	"user": true, "order": true, "group": true, "table": true, "select": true, "where": true,
	"from": true, "to": true, "check": true, "default": true, "primary": true, "references": true,
	"column": true, "constraint": true, "index": true, "key": true, "limit": true, "desc": true,
}

// ident renders a folded name the way the dialect needs it typed in a fix.
func ident(p *lint.Pass, name string) string {
	if plainIdent.MatchString(name) && !reserved[name] {
		return name
	}
	if p.Dialect == lint.MySQL {
		return "`" + strings.ReplaceAll(name, "`", "``") + "`"
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// sqlName renders a table name for a fix; the schema appears only when the
// statement wrote it, as the adapters leave it empty otherwise.
func sqlName(p *lint.Pass, q schema.QName) string {
	if q.Schema == "" {
		return ident(p, q.Name)
	}
	return ident(p, q.Schema) + "." + ident(p, q.Name)
}
