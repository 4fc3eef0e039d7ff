// Package pglock holds schemaguard's PostgreSQL rules for statements that
// rewrite or scan a table, or hold heavy locks on it: type changes and
// defaults that rewrite, NOT NULL and constraints that scan, missing
// lock_timeout before ACCESS EXCLUSIVE, exclusive maintenance commands, and
// enum values used before their ADD VALUE commits.
package pglock

import (
	"embed"
	"strconv"
	"strings"

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
	return []*lint.Analyzer{TypeChangeRewrite, VolatileDefaultRewrite, SetNotNullScan, PrimaryKeyNullable,
		CheckNotValid, ForeignKeyNotValid, MissingLockTimeout, ExclusiveMaintenance, AddSerialRewrite,
		EnumValueInTransaction}
}

// existingTable reports whether table q held rows before this file: known
// and existing, or unknown. The realm describes the state before the
// statement, so a table the statement itself creates (CREATE TABLE with
// inline constraints) would otherwise look unknown, hence existing.
func existingTable(p *lint.Pass, q schema.QName) bool {
	return p.Existing(q) && !createdHere(p, q)
}

func createdHere(p *lint.Pass, q schema.QName) bool {
	for _, c := range p.Changes() {
		switch c := c.(type) {
		case *schema.CreateTable:
			if c.Table != nil && sameName(p, c.Table.Name, q) {
				return true
			}
		case *schema.CreateView:
			if sameName(p, c.Name, q) {
				return true
			}
		}
	}
	return false
}

// sameName compares names as the server resolves them: unqualified names
// live in the default schema.
func sameName(p *lint.Pass, a, b schema.QName) bool {
	def := p.Realm.DefaultSchema
	if a.Schema == "" {
		a.Schema = def
	}
	if b.Schema == "" {
		b.Schema = def
	}
	return a == b
}

// existingColumn returns the column and whether it counts as existing: a
// column of an existing table that the realm does not know counts as
// existing too (col nil), one added by this file does not.
func existingColumn(p *lint.Pass, q schema.QName, name string) (*schema.Column, bool) {
	if !existingTable(p, q) {
		return nil, false
	}
	col := p.Realm.Column(q, name)
	return col, col == nil || col.Existing
}

// relKind names a relation for messages.
func relKind(p *lint.Pass, q schema.QName) string {
	if t := p.Realm.Table(q); t != nil && t.Materialized {
		return "materialized view"
	}
	return "table"
}

// quoted lists names for a message: "a", "b" and "c".
func quoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// maxIdent is PostgreSQL's identifier length limit; longer names are cut.
const maxIdent = 63

// objectName builds table_part_label within maxIdent bytes, shortening the
// table and part names the way PostgreSQL does for generated names.
func objectName(table, part, label string) string {
	avail := maxIdent - len(label) - 1
	if part != "" {
		avail--
	}
	for len(table)+len(part) > avail && len(table)+len(part) > 0 {
		if len(table) > len(part) {
			table = clip(table, len(table)-1)
		} else {
			part = clip(part, len(part)-1)
		}
	}
	if part == "" {
		return table + "_" + label
	}
	return table + "_" + part + "_" + label
}

// clip cuts s to at most n bytes without splitting a character.
func clip(s string, n int) string {
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
