// Package pgsql holds what the PostgreSQL rule packages share for building
// fixes: the statement's pg_query tree and identifier quoting as PostgreSQL's
// own scanner decides it.
package pgsql

import (
	"regexp"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/schema"
)

// Stmt is the current statement's pg_query node, or nil when the adapter
// gave none (another parser, or a statement that did not parse).
func Stmt(p *lint.Pass) *pg_query.Node {
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

// Ident renders a folded name as it must be typed: bare when it reads back
// unchanged, double-quoted otherwise (capitals, spaces, reserved words).
func Ident(name string) string {
	if plainIdent.MatchString(name) && !Reserved(name) {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// Reserved asks PostgreSQL's scanner, so the keyword list matches the
// parser's version; unreserved keywords are valid names.
func Reserved(name string) bool {
	res, err := pg_query.Scan(name)
	if err != nil || len(res.GetTokens()) != 1 {
		return true
	}
	k := res.GetTokens()[0].GetKeywordKind()
	return k != pg_query.KeywordKind_NO_KEYWORD && k != pg_query.KeywordKind_UNRESERVED_KEYWORD
}

// QName renders a table name for SQL, with its schema only when the
// statement wrote one (the adapter leaves it empty otherwise).
func QName(q schema.QName) string {
	if q.Schema == "" {
		return Ident(q.Name)
	}
	return Ident(q.Schema) + "." + Ident(q.Name)
}

// List renders quoted identifiers separated by commas.
func List(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = Ident(n)
	}
	return strings.Join(quoted, ", ")
}
