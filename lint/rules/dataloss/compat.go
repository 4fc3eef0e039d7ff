package dataloss

import (
	"fmt"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/schema"
)

// RenameTable is BC101.
var RenameTable = &lint.Analyzer{
	Code:     "BC101",
	Name:     "rename-table",
	Severity: lint.Warning,
	Summary:  "an existing table is renamed (old readers break)",
	Dialects: bothDialects,
	Doc:      doc("BC101"),
	Run:      runRenameTable,
}

// RenameColumn is BC102.
var RenameColumn = &lint.Analyzer{
	Code:     "BC102",
	Name:     "rename-column",
	Severity: lint.Warning,
	Summary:  "an existing column is renamed (old readers break); a rename is never reported as drop+add",
	Dialects: bothDialects,
	Doc:      doc("BC102"),
	Run:      runRenameColumn,
}

// relation says whether q, as the statement sees it before change i,
// existed before this file, and what kind of relation it is. Views live
// apart from tables in the catalog but are renamed the same way.
func relation(v view, q schema.QName) (existing bool, kind string) {
	orig, _, created := v.table(q)
	if created {
		return false, "table"
	}
	if vw := v.p.Realm.View(orig); vw != nil {
		return vw.Existing, "view"
	}
	if t := v.p.Realm.Table(orig); t != nil {
		if t.Materialized {
			return t.Existing, "materialized view"
		}
		return t.Existing, "table"
	}
	return !droppedEarlier(v.p, orig), "table"
}

func runRenameTable(p *lint.Pass) {
	for i, c := range p.Changes() {
		rt, ok := c.(*schema.RenameTable)
		if !ok || rt.To.Name == "" || sameTable(p, rt.From, renamedTo(rt)) {
			continue
		}
		v := at(p, i)
		if orig, _, _ := v.table(rt.From); !sameTable(p, orig, rt.From) {
			// The second leg of a swap (RENAME TABLE a TO tmp, b TO a,
			// tmp TO b): the table was reported under its real name.
			continue
		}
		existing, kind := relation(v, rt.From)
		if !existing {
			continue
		}
		fix := fmt.Sprintf("Keep old clients working until they all use the new name: right after the rename, "+
			"CREATE VIEW %s AS SELECT * FROM %s; (drop the view in a later release), or rename in a release of its own once no deployed code uses the old name.",
			sqlName(p, rt.From), sqlName(p, renamedTo(rt)))
		if kind != "table" {
			fix = "Rename only once no deployed code uses the old name, or create a view under the old name until then."
		}
		p.Reportf(rt, fix, "Renaming %s %q to %q breaks applications that still use %q",
			kind, rt.From.String(), rt.To.String(), rt.From.String())
	}
}

func runRenameColumn(p *lint.Pass) {
	for i, c := range p.Changes() {
		rc, ok := c.(*schema.RenameColumn)
		if !ok || sameColumn(p, rc.From, rc.To) || rc.To == "" {
			continue
		}
		v := at(p, i)
		if existing, _ := relation(v, rc.Table); !existing || !v.column(rc.Table, rc.From).Existing {
			continue
		}
		p.Reportf(rc, "Expand and contract instead: add the new column, write both, backfill it, move every reader to it, "+
			"and drop the old column in a later release.",
			"Renaming column %q of table %q to %q breaks applications that still use %q",
			rc.From, rc.Table.String(), rc.To, rc.From)
	}
}
