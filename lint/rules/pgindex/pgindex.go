// Package pgindex holds schemaguard's PostgreSQL rules for building and
// dropping indexes and index-backed keys: the plain forms take locks that
// block writes (or everything) for the whole build, and the CONCURRENTLY
// forms that avoid them refuse to run inside a transaction.
package pgindex

import (
	"embed"
	"regexp"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/schema"
)

//go:embed doc/*.md
var docs embed.FS

// doc returns the embedded page of a rule; a missing page yields "" so a
// packaging mistake shows up in the docs test instead of crashing init.
func doc(code string) string {
	b, err := docs.ReadFile("doc/" + code + ".md")
	if err != nil {
		return ""
	}
	return string(b)
}

var postgresOnly = []string{lint.Postgres}

// Analyzers returns the package's rules in code order.
func Analyzers() []*lint.Analyzer {
	return []*lint.Analyzer{IndexNotConcurrent, DropIndexNotConcurrent, ConcurrentInTransaction,
		AddPrimaryKeyLocks, AddUniqueConstraintLocks}
}

// rawStmt is the statement's pg_query tree, or nil when the adapter gave
// none (tests with another parser, or a statement that did not parse).
func rawStmt(p *lint.Pass) *pg_query.Node {
	s := p.Stmt()
	if s.Parsed == nil {
		return nil
	}
	if rs, ok := s.Parsed.Tree.(*pg_query.RawStmt); ok && rs != nil {
		return rs.GetStmt()
	}
	return nil
}

var plainIdent = regexp.MustCompile(`^[a-z_][a-z0-9_$]*$`)

// quoteIdent renders a folded name the way it must be typed: bare when it
// reads back unchanged, double-quoted otherwise (upper case, spaces, or a
// keyword the grammar would not take as a name).
func quoteIdent(name string) string {
	if plainIdent.MatchString(name) && !isKeyword(name) {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// isKeyword asks PostgreSQL's own scanner, so the keyword list always matches
// the parser's version. Unreserved keywords are fine as names.
func isKeyword(name string) bool {
	res, err := pg_query.Scan(name)
	if err != nil || len(res.GetTokens()) != 1 {
		return true
	}
	k := res.GetTokens()[0].GetKeywordKind()
	return k != pg_query.KeywordKind_NO_KEYWORD && k != pg_query.KeywordKind_UNRESERVED_KEYWORD
}

// sqlName renders a qualified name for a fix; the schema appears only when
// the statement wrote it, as the adapter keeps it empty otherwise.
func sqlName(q schema.QName) string {
	if q.Schema == "" {
		return quoteIdent(q.Name)
	}
	return quoteIdent(q.Schema) + "." + quoteIdent(q.Name)
}

func sqlList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = quoteIdent(n)
	}
	return strings.Join(quoted, ", ")
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
