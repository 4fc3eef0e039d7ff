// Package pgindex holds schemaguard's PostgreSQL rules for building and
// dropping indexes and index-backed keys: the plain forms take locks that
// block writes (or everything) for the whole build, and the CONCURRENTLY
// forms that avoid them refuse to run inside a transaction.
package pgindex

import (
	"embed"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules/internal/ruledoc"
	"github.com/schemaguard/schemaguard/schema"
)

//go:embed doc/*.md
var docs embed.FS

func doc(code string) string { return ruledoc.Page(docs, code) }

var postgresOnly = []string{lint.Postgres}

// Analyzers returns the package's rules in code order.
func Analyzers() []*lint.Analyzer {
	return []*lint.Analyzer{IndexNotConcurrent, DropIndexNotConcurrent, ConcurrentInTransaction,
		AddPrimaryKeyLocks, AddUniqueConstraintLocks}
}

// insertConcurrently returns text with CONCURRENTLY after its first INDEX
// keyword (CREATE [UNIQUE] INDEX, DROP INDEX); ok is false when there is none.
func insertConcurrently(text string) (string, bool) {
	return insertAfter(text, pg_query.Token_INDEX, " CONCURRENTLY")
}

// insertAfter returns text with word inserted after the first token of kind
// tok, found with the server's own scanner so that comments and quoted names
// cannot fool it.
func insertAfter(text string, tok pg_query.Token, word string) (string, bool) {
	res, err := pg_query.Scan(text)
	if err != nil {
		return "", false
	}
	for _, t := range res.GetTokens() {
		if t.GetToken() == tok {
			end := int(t.GetEnd())
			if end <= 0 || end > len(text) {
				return "", false
			}
			return text[:end] + word + text[end:], true
		}
	}
	return "", false
}

// statement terminates a rewritten statement for a fix.
func statement(text string) string {
	return strings.TrimRight(strings.TrimSpace(text), ";") + ";"
}

// createdHere reports whether the statement itself creates table q (CREATE
// TABLE with inline keys): the realm still describes the state before it, so
// a CREATE TABLE IF NOT EXISTS of an existing table would otherwise look like
// an ALTER of that table.
func createdHere(p *lint.Pass, q schema.QName) bool {
	for _, c := range p.Changes() {
		if ct, ok := c.(*schema.CreateTable); ok && ct.Table != nil && sameTable(ct.Table.Name, q) {
			return true
		}
	}
	return false
}

// sameTable compares names the way PostgreSQL resolves them with the
// default search_path: an unqualified name is in public.
func sameTable(a, b schema.QName) bool {
	return a.Name == b.Name && schemaOf(a) == schemaOf(b)
}

func schemaOf(q schema.QName) string {
	if q.Schema == "" {
		return "public"
	}
	return q.Schema
}
