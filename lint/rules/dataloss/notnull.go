package dataloss

import (
	"fmt"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/schema"
)

// NotNullWithoutDefault is MF103.
var NotNullWithoutDefault = &lint.Analyzer{
	Code:     "MF103",
	Name:     "not-null-without-default",
	Severity: lint.Warning,
	Summary:  "a NOT NULL column without DEFAULT is added to an existing table",
	Dialects: bothDialects,
	Doc:      doc("MF103"),
	Run:      runNotNullWithoutDefault,
}

// NullableToNotNull is MF104.
var NullableToNotNull = &lint.Analyzer{
	Code:     "MF104",
	Name:     "nullable-to-not-null",
	Severity: lint.Warning,
	Summary: "an existing nullable column becomes NOT NULL, unless a backfill UPDATE of it precedes the change " +
		"in the same file or a validated `CHECK (col IS NOT NULL)` already proves it",
	Dialects: bothDialects,
	Doc:      doc("MF104"),
	Run:      runNullableToNotNull,
}

// MySQLRejectsImplicitDefault reports whether MySQL/MariaDB, adding a NOT NULL
// column of type t without DEFAULT to a table with rows, fails instead of
// filling the type's zero value. MySQL 8.0's default sql_mode (strict, with
// NO_ZERO_DATE) rejects the zero date of DATE, DATETIME and TIMESTAMP;
// MariaDB's default sql_mode has no NO_ZERO_DATE, so it fills 0000-00-00
// for those too. This is the boundary between MF103 (the ALTER fails) and
// MY101 (the server silently backfills): exported so the MySQL rules can
// draw it the same way and never report both.
func MySQLRejectsImplicitDefault(t schema.Type, mariaDB bool) bool {
	if mariaDB || t.Array {
		return false
	}
	switch t.Name {
	case "date", "datetime", "timestamp":
		return true
	}
	return false
}

// needsValue reports whether a new column has no value to give existing
// rows: NOT NULL, no (non-null) default, not filled by a sequence or a
// generation expression.
func needsValue(c *schema.Column) bool {
	return c != nil && c.NotNull && isNullDefault(c.Default) && !c.Serial && !c.Identity && c.Generated == ""
}

func runNotNullWithoutDefault(p *lint.Pass) {
	for i, c := range p.Changes() {
		ac, ok := c.(*schema.AddColumn)
		if !ok || !needsValue(ac.Column) {
			continue
		}
		v := at(p, i)
		if !v.existing(ac.Table) || (ac.IfNotExists && v.column(ac.Table, ac.Column.Name).Col != nil) {
			continue // IF NOT EXISTS of a column that is there does nothing
		}
		col, tbl := ac.Column, sqlName(p, ac.Table)
		if p.Dialect == lint.MySQL {
			if !MySQLRejectsImplicitDefault(col.Type, p.MariaDB) {
				continue // MY101: the server fills a zero value instead
			}
			p.Reportf(ac, fmt.Sprintf("Give the column a DEFAULT (ALTER TABLE %s ADD COLUMN %s %s NOT NULL DEFAULT <value>;), "+
				"or add it NULL, backfill it with UPDATE, then ALTER TABLE %s MODIFY %s %s NOT NULL;",
				tbl, ident(p, col.Name), col.Type.String(), tbl, ident(p, col.Name), col.Type.String()),
				"Adding NOT NULL %s column %q without DEFAULT to table %q fails if the table has rows (strict mode rejects the zero date MySQL would fill in)",
				col.Type.Name, col.Name, ac.Table.String())
			continue
		}
		p.Reportf(ac, fmt.Sprintf("Give the column a DEFAULT (ALTER TABLE %s ADD COLUMN %s %s NOT NULL DEFAULT <value>;), "+
			"or add it nullable, backfill it with UPDATE, then ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;",
			tbl, ident(p, col.Name), col.Type.String(), tbl, ident(p, col.Name)),
			"Adding NOT NULL column %q without DEFAULT to table %q fails if the table has rows",
			col.Name, ac.Table.String())
	}
}

func runNullableToNotNull(p *lint.Pass) {
	for i, c := range p.Changes() {
		var table schema.QName
		var column string
		var explicit bool // SET NOT NULL says the column was nullable
		switch c := c.(type) {
		case *schema.SetNotNull:
			table, column, explicit = c.Table, c.Column, true
		case *schema.AlterColumnType:
			// MySQL MODIFY/CHANGE restates the column; NOT NULL in the new
			// definition of a nullable column is the same change.
			if c.NewDef == nil || !c.NewDef.NotNull {
				continue
			}
			table, column = c.Table, c.Column
		default:
			continue
		}
		st := at(p, i).column(table, column)
		if !st.Existing {
			continue
		}
		if st.Col == nil && !explicit {
			continue // a restated column we know nothing of: maybe NOT NULL already
		}
		if st.Col != nil && st.Col.NotNull {
			continue
		}
		from := column
		if st.Col != nil {
			from = st.Col.Name
		}
		if backfilled(p, column, table, st.Table) || (from != column && backfilled(p, from, st.Table)) || provenNotNull(p, st.Table, from) {
			continue
		}
		p.Reportf(c, notNullFix(p, table, column),
			"Making column %q of table %q NOT NULL fails if existing rows hold NULL in it", column, table.String())
	}
}

// provenNotNull reports a validated CHECK (col IS NOT NULL) on the table:
// the server already guarantees there are no NULLs.
func provenNotNull(p *lint.Pass, q schema.QName, col string) bool {
	t := p.Realm.Table(q)
	if t == nil {
		return false
	}
	for _, k := range t.Constraints {
		if k.Kind == schema.Check && !k.NotValid && k.NotNullColumn != "" && sameColumn(p, k.NotNullColumn, col) {
			return true
		}
	}
	return false
}

func notNullFix(p *lint.Pass, q schema.QName, col string) string {
	t, c := sqlName(p, q), ident(p, col)
	backfill := fmt.Sprintf("UPDATE %s SET %s = <value> WHERE %s IS NULL;", t, c, c)
	if p.Dialect == lint.MySQL {
		return "Backfill the NULLs earlier in the same migration: " + backfill
	}
	if p.Version >= 12 {
		k := ident(p, q.Name+"_"+col+"_not_null")
		return fmt.Sprintf("Backfill the NULLs earlier in the same migration (%s), or prove there are none first: "+
			"ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID; ALTER TABLE %s VALIDATE CONSTRAINT %s; "+
			"then SET NOT NULL skips its scan and cannot fail.", backfill, t, k, c, t, k)
	}
	return "Backfill the NULLs earlier in the same migration: " + backfill
}
