// Package mysql holds schemaguard's MySQL/MariaDB-only static rules: the
// server's silent zero-value backfill of new NOT NULL columns (MY101) and
// ENUM/SET definitions that do not just append values (MY112), which read
// the statement's schema Changes and the catalog like the dialect-neutral
// rules; and the online-DDL rules MY110 and MY111, which report what a dev
// server answered when asked for an ALTER's algorithm (lint --dev-url).
package mysql

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

var mysqlOnly = []string{lint.MySQL}

// Analyzers returns the package's rules in code order.
func Analyzers() []*lint.Analyzer {
	return []*lint.Analyzer{ImplicitBackfill, TableCopy, BlocksWrites, EnumSetReorder}
}

// server names the target in messages.
func server(p *lint.Pass) string {
	if p.MariaDB {
		return "MariaDB"
	}
	return "MySQL"
}

var plainIdent = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_$]*$`)

// reserved are MySQL reserved words that migrations use as names often
// enough to matter in a fix.
var reserved = map[string]bool{
	"user": true, "order": true, "group": true, "table": true, "select": true, "where": true, "from": true,
	"to": true, "check": true, "default": true, "primary": true, "references": true, "column": true,
	"constraint": true, "index": true, "key": true, "limit": true, "desc": true,
	"range": true, "rank": true, "interval": true, "condition": true, "read": true, "release": true,
}

// ident renders a name the way it must be typed in a fix.
func ident(name string) string {
	if plainIdent.MatchString(name) && !reserved[strings.ToLower(name)] {
		return name
	}
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// sqlName renders a table name for a fix, qualified only when the
// statement qualified it.
func sqlName(q schema.QName) string {
	if q.Schema == "" {
		return ident(q.Name)
	}
	return ident(q.Schema) + "." + ident(q.Name)
}

// valueList renders ENUM/SET members: 'a','b'.
func valueList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = schema.QuoteValue(v)
	}
	return strings.Join(q, ",")
}

// sameTable compares names as MySQL resolves them: an unqualified name is
// in the current database, which the realm calls "".
func sameTable(a, b schema.QName) bool { return a == b }

// createdHere reports whether the statement itself creates table q.
func createdHere(p *lint.Pass, q schema.QName) bool {
	for _, c := range p.Changes() {
		if ct, ok := c.(*schema.CreateTable); ok && ct.Table != nil && sameTable(ct.Table.Name, q) {
			return true
		}
	}
	return false
}

// originalColumn follows the renames among the statement's changes before
// change i back to the name the realm knows (MySQL CHANGE old new is a
// RenameColumn followed by the AlterColumnType of new).
func originalColumn(p *lint.Pass, i int, q schema.QName, col string) string {
	cs := p.Changes()
	for j := min(i, len(cs)) - 1; j >= 0; j-- {
		if r, ok := cs[j].(*schema.RenameColumn); ok && sameTable(r.Table, q) && r.To == col {
			col = r.From
		}
	}
	return col
}
