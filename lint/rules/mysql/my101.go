package mysql

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules/dataloss"
	"github.com/schemaguard/schemaguard/schema"
)

// ImplicitBackfill is MY101.
var ImplicitBackfill = &lint.Analyzer{
	Code:     "MY101",
	Name:     "mysql-implicit-backfill",
	Severity: lint.Warning,
	Summary:  "MySQL/MariaDB silently fills existing rows of a new NOT NULL column with a zero value",
	Dialects: mysqlOnly,
	Doc:      doc("MY101"),
	Run:      runImplicitBackfill,
}

func runImplicitBackfill(p *lint.Pass) {
	for _, c := range p.Changes() {
		ac, ok := c.(*schema.AddColumn)
		if !ok || ac.Column == nil || !needsValue(ac.Column) {
			continue
		}
		if createdHere(p, ac.Table) || !p.Existing(ac.Table) {
			continue
		}
		if ac.IfNotExists && p.Realm.Column(ac.Table, ac.Column.Name) != nil {
			continue // ADD COLUMN IF NOT EXISTS of a present column does nothing
		}
		// Where the server refuses the zero value instead, the ALTER fails:
		// that is MF103's, and the two never report the same column.
		if dataloss.MySQLRejectsImplicitDefault(ac.Column.Type, p.MariaDB) {
			continue
		}
		if filledLater(p, ac.Table, ac.Column.Name) {
			continue // no zero value stays: the file fills every row itself
		}
		col, tbl := ac.Column, sqlName(ac.Table)
		fix := fmt.Sprintf("Say what existing rows get: ALTER TABLE %s ADD COLUMN %s %s NOT NULL DEFAULT <value>; "+
			"or add it NULL, backfill it with UPDATE %s SET %s = <value>, then ALTER TABLE %s MODIFY %s %s NOT NULL;",
			tbl, ident(col.Name), col.Type.String(), tbl, ident(col.Name), tbl, ident(col.Name), col.Type.String())
		p.Reportf(ac, fix, "New NOT NULL column %q of table %q has no DEFAULT: %s silently fills its existing rows with %s",
			col.Name, ac.Table.String(), server(p), zeroValue(col.Type, p.MariaDB))
	}
}

// filledLater reports whether a later statement of the file assigns the
// column in every row: an UPDATE of it without WHERE that assigns no NULL.
func filledLater(p *lint.Pass, table schema.QName, col string) bool {
	for _, s := range p.Later() {
		if s.Parsed == nil {
			continue
		}
		for _, c := range s.Parsed.Changes {
			u, ok := c.(*schema.Update)
			if !ok || u.HasWhere || !sameTable(u.Table, table) {
				continue
			}
			for _, assigned := range u.Columns {
				if strings.EqualFold(assigned, col) && !slices.ContainsFunc(u.NullColumns, func(n string) bool { return strings.EqualFold(n, col) }) {
					return true
				}
			}
		}
	}
	return false
}

// needsValue reports a new column that gives existing rows no value of its
// own: NOT NULL, no (non-null) default, not AUTO_INCREMENT or generated.
func needsValue(c *schema.Column) bool {
	if !c.NotNull || c.Serial || c.Identity || c.Generated != "" {
		return false
	}
	return c.Default == nil || strings.EqualFold(strings.TrimSpace(c.Default.Text), "null") || c.Default.Text == ""
}

// zeroValue names the implicit default the server stores in existing rows
// (mysql-online-ddl.md §3: MySQL's implicit defaults, and the values seen on
// MariaDB 10.11).
func zeroValue(t schema.Type, mariaDB bool) string {
	switch t.Name {
	case "tinyint":
		if len(t.Mods) == 1 && t.Mods[0] == 1 {
			return "0 (false)"
		}
		return "0"
	case "smallint", "mediumint", "int", "bigint", "decimal", "float", "double", "bit":
		return "0"
	case "char", "varchar", "tinytext", "text", "mediumtext", "longtext":
		return "'' (an empty string)"
	case "varbinary", "tinyblob", "blob", "mediumblob", "longblob":
		return "'' (an empty value)"
	case "binary":
		n := 1
		if len(t.Mods) > 0 {
			n = t.Mods[0]
		}
		return fmt.Sprintf("%d zero bytes", n)
	case "enum":
		if len(t.Values) > 0 {
			return schema.QuoteValue(t.Values[0]) + " (the first ENUM member)"
		}
		return "the first ENUM member"
	case "set":
		return "'' (the empty set)"
	case "date":
		return "'0000-00-00' (an invalid date)"
	case "datetime", "timestamp":
		return "'0000-00-00 00:00:00' (an invalid date)"
	case "time":
		return "'00:00:00'"
	case "year":
		return "0000"
	case "json":
		if mariaDB {
			return "'' (not valid JSON)"
		}
		return "an empty JSON value"
	case "uuid":
		return "'00000000-0000-0000-0000-000000000000'"
	case "inet6":
		return "'::'"
	case "inet4":
		return "'0.0.0.0'"
	case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection":
		return "an empty (invalid) geometry"
	}
	return "the type's zero value"
}
