package dataloss

import (
	"fmt"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/schema"
)

// DropForeignKey is CD101.
var DropForeignKey = &lint.Analyzer{
	Code:     "CD101",
	Name:     "drop-foreign-key",
	Severity: lint.Warning,
	Summary:  "an existing foreign key is dropped without its columns",
	Dialects: bothDialects,
	Doc:      doc("CD101"),
	Run:      runDropForeignKey,
}

func runDropForeignKey(p *lint.Pass) {
	changes := p.Changes()
	for i, c := range changes {
		dc, ok := c.(*schema.DropConstraint)
		if !ok || (dc.Kind != "" && dc.Kind != schema.ForeignKey) {
			continue
		}
		v := at(p, i)
		if !v.existing(dc.Table) {
			continue
		}
		var fk *schema.Constraint
		if t := v.realmTable(dc.Table); t != nil && dc.Name != "" {
			for _, k := range t.Constraints {
				if k.Name == dc.Name {
					fk = k
				}
			}
		}
		switch {
		case fk == nil && dc.Kind != schema.ForeignKey:
			continue // unknown constraint of unknown kind: no guess
		case fk != nil && (fk.Kind != schema.ForeignKey || !fk.Existing):
			continue
		}
		if fk != nil && dropsColumns(p, dc.Table, fk.Columns) || dropsTable(p, dc.Table) || readded(p, i, dc, fk) || stillGuarded(v, dc, fk) {
			continue
		}
		p.Reportf(dc, fkFix(p, dc, fk), "Dropping foreign key %q of table %q %s", dc.Name, dc.Table.String(), fkLoss(fk))
	}
}

// fkLoss words what the database stops checking.
func fkLoss(fk *schema.Constraint) string {
	if fk == nil || len(fk.Columns) == 0 || fk.RefTable.Name == "" {
		return "lets rows reference rows that do not exist"
	}
	return fmt.Sprintf("lets (%s) hold values with no matching row in %q", quoted(fk.Columns), fk.RefTable.String())
}

// fromHere are the changes of the current statement and of every later
// statement of the file: what the file does from this statement on.
func fromHere(p *lint.Pass) []schema.Change {
	out := append([]schema.Change(nil), p.Changes()...)
	for _, s := range p.Later() {
		out = append(out, stmtChanges(s)...)
	}
	return out
}

// dropsColumns reports whether the file, from this statement on, drops
// every column of the key: then the key was going with the data anyway
// (DS103 reports the columns).
func dropsColumns(p *lint.Pass, q schema.QName, cols []string) bool {
	if len(cols) == 0 {
		return false
	}
	var dropped []string
	for _, c := range fromHere(p) {
		if dc, ok := c.(*schema.DropColumn); ok && sameTable(p, dc.Table, q) {
			dropped = append(dropped, dc.Columns...)
		}
	}
	return subset(p, cols, dropped)
}

// dropsTable reports whether the file, from this statement on, drops the
// table: the key was going with it (DS102 reports the table).
func dropsTable(p *lint.Pass, q schema.QName) bool {
	for _, c := range fromHere(p) {
		if dt, ok := c.(*schema.DropTable); ok {
			for _, n := range dt.Names {
				if sameTable(p, n, q) {
					return true
				}
			}
		}
	}
	return false
}

// readded reports whether the key is replaced in the same file: a foreign
// key of the same name, or over the same columns, added to the table later
// in this statement or by a later statement (the usual way to change ON
// DELETE or to re-add it NOT VALID).
func readded(p *lint.Pass, i int, dc *schema.DropConstraint, fk *schema.Constraint) bool {
	match := func(c schema.Change) bool {
		ac, ok := c.(*schema.AddConstraint)
		if !ok || ac.Constraint == nil || ac.Constraint.Kind != schema.ForeignKey || !sameTable(p, ac.Table, dc.Table) {
			return false
		}
		return (dc.Name != "" && ac.Constraint.Name == dc.Name) ||
			(fk != nil && len(fk.Columns) > 0 && equalCols(p, ac.Constraint.Columns, fk.Columns))
	}
	for _, c := range p.Changes()[i+1:] {
		if match(c) {
			return true
		}
	}
	for _, s := range p.Later() {
		for _, c := range stmtChanges(s) {
			if match(c) {
				return true
			}
		}
	}
	return false
}

// stillGuarded reports whether another foreign key over the same columns
// and to the same table stays on the table: the replacement was added
// before the old key is dropped (the order that never leaves the rows
// unchecked), so nothing is lost.
func stillGuarded(v view, dc *schema.DropConstraint, fk *schema.Constraint) bool {
	t := v.realmTable(dc.Table)
	if t == nil || fk == nil || len(fk.Columns) == 0 {
		return false
	}
	gone := droppedInStmt(v)
	for _, k := range t.Constraints {
		if k == fk || k.Kind != schema.ForeignKey || k.Name == dc.Name || gone[k.Name] {
			continue
		}
		if equalCols(v.p, k.Columns, fk.Columns) && sameTable(v.p, k.RefTable, fk.RefTable) {
			return true
		}
	}
	return false
}

func fkFix(p *lint.Pass, dc *schema.DropConstraint, fk *schema.Constraint) string {
	const why = "Drop a foreign key only together with its columns or table, or replace it in the same migration"
	if fk == nil || len(fk.Columns) == 0 || fk.RefTable.Name == "" {
		return why + "."
	}
	cols := make([]string, len(fk.Columns))
	for i, c := range fk.Columns {
		cols[i] = ident(p, c)
	}
	ref := sqlName(p, fk.RefTable)
	if len(fk.RefColumns) > 0 {
		rc := make([]string, len(fk.RefColumns))
		for i, c := range fk.RefColumns {
			rc[i] = ident(p, c)
		}
		ref += " (" + strings.Join(rc, ", ") + ")"
	}
	add := func(name string) string {
		return fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s", sqlName(p, dc.Table),
			ident(p, name), strings.Join(cols, ", "), ref)
	}
	if p.Dialect == lint.Postgres {
		return fmt.Sprintf("%s; to change it, add the new version right after: %s NOT VALID; ALTER TABLE %s VALIDATE CONSTRAINT %s;",
			why, add(dc.Name), sqlName(p, dc.Table), ident(p, dc.Name))
	}
	// MySQL cannot add a key NOT VALID, and DDL commits statement by
	// statement: adding the replacement first leaves no window without a
	// check, and if orphans make it fail the old key is still there.
	return fmt.Sprintf("%s; to change it, add the new version under a new name before dropping the old one: %s;", why, add(dc.Name+"_v2"))
}
