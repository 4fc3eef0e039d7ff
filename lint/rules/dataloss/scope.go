package dataloss

import (
	"strings"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/schema"
)

// view answers questions about objects as they stand right before one change
// of the current statement. The realm is the schema before the whole
// statement, so the statement's own earlier changes (MySQL's
// `RENAME TABLE a TO b, b TO c`, `CHANGE old new`, `ADD COLUMN c ... UNIQUE`,
// CREATE TABLE with inline constraints) are replayed here by name.
type view struct {
	p    *lint.Pass
	prev []schema.Change
}

// at is the view right before change i of the current statement.
func at(p *lint.Pass, i int) view {
	cs := p.Changes()
	if i > len(cs) {
		i = len(cs)
	}
	return view{p: p, prev: cs[:i]}
}

// sameTable compares table names the way the server resolves them: an
// unqualified name is in the default schema.
func sameTable(p *lint.Pass, a, b schema.QName) bool {
	if a.Name != b.Name {
		return false
	}
	if a.Schema == b.Schema {
		return true
	}
	def := p.Realm.DefaultSchema
	sa, sb := a.Schema, b.Schema
	if sa == "" {
		sa = def
	}
	if sb == "" {
		sb = def
	}
	return sa != "" && sa == sb
}

// sameColumn compares column names the way the server does: MySQL ignores
// case in column names, which its adapter keeps as written; PostgreSQL's
// adapter has already folded unquoted names.
func sameColumn(p *lint.Pass, a, b string) bool {
	return a == b || p.Dialect == lint.MySQL && strings.EqualFold(a, b)
}

// renamedTo is where a RenameTable puts the table (To without a schema keeps
// From's schema).
func renamedTo(r *schema.RenameTable) schema.QName {
	to := r.To
	if to.Schema == "" {
		to.Schema = r.From.Schema
	}
	return to
}

// table resolves q through the statement's earlier changes. It returns the
// name the realm knows the table by, or the definition when the statement
// itself created it (then created is true).
func (v view) table(q schema.QName) (orig schema.QName, def *schema.Table, created bool) {
	for i := len(v.prev) - 1; i >= 0; i-- {
		switch c := v.prev[i].(type) {
		case *schema.RenameTable:
			if sameTable(v.p, renamedTo(c), q) {
				q = c.From
			}
		case *schema.CreateTable:
			if c.Table != nil && sameTable(v.p, c.Table.Name, q) {
				return q, c.Table, true
			}
		}
	}
	return q, nil, false
}

// existing reports whether the table existed before this file (or is
// unknown, the cautious answer).
func (v view) existing(q schema.QName) bool {
	orig, _, created := v.table(q)
	return !created && v.p.Existing(orig)
}

// realmTable is the catalog's table behind q, nil when the statement created
// it or the catalog does not know it.
func (v view) realmTable(q schema.QName) *schema.Table {
	orig, _, created := v.table(q)
	if created {
		return nil
	}
	return v.p.Realm.Table(orig)
}

// colState is what is known about a column right before a change.
type colState struct {
	Col *schema.Column // nil when unknown
	// Existing: the column (so its data) existed before this file, or its
	// table is unknown to the catalog, or the column is unknown on an
	// existing table.
	Existing bool
	// Table is the name the realm knows the table by.
	Table schema.QName
}

// column resolves column col of table q through the statement's earlier
// renames and additions, then the catalog.
func (v view) column(q schema.QName, col string) colState {
	for i := len(v.prev) - 1; i >= 0; i-- {
		switch c := v.prev[i].(type) {
		case *schema.RenameTable:
			if sameTable(v.p, renamedTo(c), q) {
				q = c.From
			}
		case *schema.RenameColumn:
			if sameTable(v.p, c.Table, q) && sameColumn(v.p, c.To, col) {
				col = c.From
			}
		case *schema.AddColumn:
			if c.Column != nil && sameTable(v.p, c.Table, q) && sameColumn(v.p, c.Column.Name, col) {
				return colState{Col: c.Column, Table: q}
			}
		case *schema.CreateTable:
			if c.Table != nil && sameTable(v.p, c.Table.Name, q) {
				return colState{Col: findColumn(v.p, c.Table, col), Table: q}
			}
		}
	}
	t := v.p.Realm.Table(q)
	if t == nil {
		return colState{Existing: true, Table: q}
	}
	if !t.Existing {
		return colState{Col: findColumn(v.p, t, col), Table: q}
	}
	c := findColumn(v.p, t, col)
	return colState{Col: c, Existing: c == nil || c.Existing, Table: q}
}

func findColumn(p *lint.Pass, t *schema.Table, name string) *schema.Column {
	for _, c := range t.Columns {
		if sameColumn(p, c.Name, name) {
			return c
		}
	}
	return nil
}

// stmtChanges are the changes of a statement of the file (nil when it did
// not parse).
func stmtChanges(s *lint.StmtInfo) []schema.Change {
	if s == nil || s.Parsed == nil {
		return nil
	}
	return s.Parsed.Changes
}
