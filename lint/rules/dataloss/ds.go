package dataloss

import (
	"fmt"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/schema"
)

// DropSchema is DS101.
var DropSchema = &lint.Analyzer{
	Code:     "DS101",
	Name:     "drop-schema",
	Severity: lint.Error,
	Summary:  "a schema (PostgreSQL) / database (MySQL) that existed is dropped",
	Dialects: bothDialects,
	Doc:      doc("DS101"),
	Run:      runDropSchema,
}

// DropTable is DS102.
var DropTable = &lint.Analyzer{
	Code:     "DS102",
	Name:     "drop-table",
	Severity: lint.Error,
	Summary:  "an existing table is dropped",
	Dialects: bothDialects,
	Doc:      doc("DS102"),
	Run:      runDropTable,
}

// DropColumn is DS103.
var DropColumn = &lint.Analyzer{
	Code:     "DS103",
	Name:     "drop-column",
	Severity: lint.Error,
	Summary:  "an existing, non-virtual column is dropped (one diagnostic per statement, columns grouped)",
	Dialects: bothDialects,
	Doc:      doc("DS103"),
	Run:      runDropColumn,
}

// TruncateTable is DS104.
var TruncateTable = &lint.Analyzer{
	Code:     "DS104",
	Name:     "truncate-table",
	Severity: lint.Error,
	Summary:  "TRUNCATE, or DELETE without WHERE, on an existing table",
	Dialects: bothDialects,
	Doc:      doc("DS104"),
	Run:      runTruncate,
}

func schemaWord(p *lint.Pass) string {
	if p.Dialect == lint.MySQL {
		return "database"
	}
	return "schema"
}

func runDropSchema(p *lint.Pass) {
	for _, c := range p.Changes() {
		ds, ok := c.(*schema.DropSchema)
		if !ok {
			continue
		}
		for _, name := range ds.Names {
			if !schemaExisted(p, name) {
				continue
			}
			what := schemaWord(p)
			p.Reportf(ds, fmt.Sprintf("Move or back up what the %s holds first; drop it in a migration of its own once no release uses it.", what),
				"Dropping %s %q deletes every table in it and their data", what, name)
		}
	}
}

// schemaExisted reports whether the schema existed before this file. One the
// catalog never saw counts as existing: it was made outside the migrations
// (a MySQL database usually is), which is no reason to believe it empty.
// One the file already dropped is not there to lose.
func schemaExisted(p *lint.Pass, name string) bool {
	if s := p.Realm.Schema(name); s != nil {
		return s.Existing
	}
	prior := p.Prior()
	for i := len(prior) - 1; i >= 0; i-- {
		for _, c := range stmtChanges(prior[i]) {
			if ds, ok := c.(*schema.DropSchema); ok {
				for _, n := range ds.Names {
					if n == name {
						return false
					}
				}
			}
		}
	}
	return true
}

// droppedEarlier reports whether an earlier statement of the file dropped
// table q and nothing recreated it since: a second DROP/TRUNCATE ... IF
// EXISTS then touches nothing, while the catalog, not knowing q any more,
// would call it unknown and so existing.
func droppedEarlier(p *lint.Pass, q schema.QName) bool {
	prior := p.Prior()
	for i := len(prior) - 1; i >= 0; i-- {
		cs := stmtChanges(prior[i])
		for j := len(cs) - 1; j >= 0; j-- {
			switch c := cs[j].(type) {
			case *schema.CreateTable:
				if c.Table != nil && sameTable(p, c.Table.Name, q) {
					return false
				}
			case *schema.RenameTable:
				if sameTable(p, renamedTo(c), q) {
					return false
				}
				if sameTable(p, c.From, q) {
					return true
				}
			case *schema.DropTable:
				for _, n := range c.Names {
					if sameTable(p, n, q) {
						return true
					}
				}
			}
		}
	}
	return false
}

// columnDroppedEarlier reports whether an earlier statement of the file
// dropped column col of table q, or renamed it away, and nothing added a
// column of that name since: a second DROP COLUMN (MariaDB's IF EXISTS, or
// one that fails) loses nothing, while the catalog, no longer knowing the
// column, would call it unknown and so existing. Any table-level change to
// q in between ends the search, keeping the cautious answer.
func columnDroppedEarlier(p *lint.Pass, q schema.QName, col string) bool {
	prior := p.Prior()
	for i := len(prior) - 1; i >= 0; i-- {
		cs := stmtChanges(prior[i])
		for j := len(cs) - 1; j >= 0; j-- {
			switch c := cs[j].(type) {
			case *schema.AddColumn:
				if c.Column != nil && sameColumn(p, c.Column.Name, col) && sameTable(p, c.Table, q) {
					return false
				}
			case *schema.RenameColumn:
				if sameTable(p, c.Table, q) && sameColumn(p, c.To, col) {
					return false
				}
				if sameTable(p, c.Table, q) && sameColumn(p, c.From, col) {
					return true
				}
			case *schema.DropColumn:
				if sameTable(p, c.Table, q) && contains(p, c.Columns, col) {
					return true
				}
			case *schema.CreateTable:
				if c.Table != nil && sameTable(p, c.Table.Name, q) {
					return false
				}
			case *schema.RenameTable:
				if sameTable(p, c.From, q) || sameTable(p, renamedTo(c), q) {
					return false
				}
			case *schema.DropTable:
				for _, n := range c.Names {
					if sameTable(p, n, q) {
						return false
					}
				}
			}
		}
	}
	return false
}

func runDropTable(p *lint.Pass) {
	for i, c := range p.Changes() {
		dt, ok := c.(*schema.DropTable)
		if !ok {
			continue
		}
		v := at(p, i)
		for _, q := range dt.Names {
			if !v.existing(q) || droppedEarlier(p, q) || dt.IfExists && v.realmTable(q) == nil {
				continue // IF EXISTS of a table the history never created: a no-op
			}
			if t := v.realmTable(q); t != nil && t.Materialized {
				continue
			}
			p.Reportf(dt, "Stop reading and writing the table in a release first, keep a backup (or rename it and drop it later), then drop it in a migration of its own.",
				"Dropping table %q deletes all its rows", q.String())
		}
	}
}

func runDropColumn(p *lint.Pass) {
	type group struct {
		table schema.QName
		cols  []string
		at    schema.Change
	}
	var groups []*group
	for i, c := range p.Changes() {
		dc, ok := c.(*schema.DropColumn)
		if !ok {
			continue
		}
		v := at(p, i)
		if !v.existing(dc.Table) {
			continue
		}
		var g *group
		for _, e := range groups {
			if sameTable(p, e.table, dc.Table) {
				g = e
			}
		}
		for _, name := range dc.Columns {
			st := v.column(dc.Table, name)
			if !st.Existing || (st.Col != nil && st.Col.Generated == "virtual") {
				continue
			}
			if st.Col != nil && st.Col.Generated != "" && regenerated(p, dc.Table, name) {
				continue
			}
			if st.Col == nil && columnDroppedEarlier(p, dc.Table, name) {
				continue
			}
			if g == nil {
				g = &group{table: dc.Table, at: dc}
				groups = append(groups, g)
			}
			g.cols = append(g.cols, name)
		}
	}
	for _, g := range groups {
		p.Reportf(g.at, "Stop reading and writing the column in a release first (remove it from the application's queries and models), then drop it in a later migration.",
			"Dropping %s %s of table %q", plural(len(g.cols), "column", "columns"), quoted(g.cols), g.table.String())
	}
}

// regenerated reports whether the file, from this statement on, adds a
// generated column of the same name back to the table: a derived column
// dropped to change its expression loses nothing, its values are computed
// again from the columns they came from.
func regenerated(p *lint.Pass, q schema.QName, col string) bool {
	for _, c := range fromHere(p) {
		if ac, ok := c.(*schema.AddColumn); ok && ac.Column != nil && ac.Column.Generated != "" &&
			sameTable(p, ac.Table, q) && sameColumn(p, ac.Column.Name, col) {
			return true
		}
	}
	return false
}

func runTruncate(p *lint.Pass) {
	for i, c := range p.Changes() {
		tr, ok := c.(*schema.Truncate)
		if !ok {
			continue
		}
		v := at(p, i)
		for _, q := range tr.Tables {
			if !v.existing(q) || droppedEarlier(p, q) {
				continue
			}
			if tr.Delete {
				p.Reportf(tr, "Add a WHERE clause naming the rows to delete; if the table must be emptied, say so with a suppression and a reason.",
					"Deleting all rows of table %q (DELETE without WHERE)", q.String())
				continue
			}
			p.Reportf(tr, "Make sure the rows are no longer needed (or copied elsewhere) and state it with a suppression and a reason.",
				"Truncating table %q deletes all its rows", q.String())
		}
	}
}
