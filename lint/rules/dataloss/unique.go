package dataloss

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/schema"
)

// UniqueIndexExistingData is MF101.
var UniqueIndexExistingData = &lint.Analyzer{
	Code:     "MF101",
	Name:     "unique-index-existing-data",
	Severity: lint.Warning,
	Summary:  "a unique index/constraint is added over columns that already held data",
	Dialects: bothDialects,
	Doc:      doc("MF101"),
	Run:      runUniqueIndex,
}

// IndexMadeUnique is MF102.
var IndexMadeUnique = &lint.Analyzer{
	Code:     "MF102",
	Name:     "index-made-unique",
	Severity: lint.Warning,
	Summary:  "an existing index becomes unique",
	Dialects: bothDialects,
	Doc:      doc("MF102"),
	Run:      runIndexMadeUnique,
}

// uniqueAdd is a unique index or UNIQUE constraint being added.
type uniqueAdd struct {
	change schema.Change
	table  schema.QName
	name   string
	cols   []string
	what   string // "unique index" or "unique constraint"
	// where are the conjuncts of a partial index's predicate.
	where []string
	// nullsNotDistinct: rows with NULL in the key conflict too.
	nullsNotDistinct bool
}

// uniqueAddOf recognises the changes MF101/MF102 look at. On PostgreSQL a
// primary key is PG104/PG304's concern (RULES.md precedence); on MySQL and
// MariaDB nothing else reports one, so it is a unique key like any other.
// ADD ... UNIQUE USING INDEX adopts an index whose build already checked
// the data.
func uniqueAddOf(p *lint.Pass, c schema.Change) (uniqueAdd, bool) {
	switch c := c.(type) {
	case *schema.CreateIndex:
		if c.Index == nil || !c.Index.Unique || c.Index.Primary {
			return uniqueAdd{}, false
		}
		return uniqueAdd{change: c, table: c.Table, name: c.Index.Name, cols: c.Index.Columns, what: "unique index",
			where: c.Index.Where, nullsNotDistinct: c.Index.NullsNotDistinct}, true
	case *schema.AddConstraint:
		k := c.Constraint
		if k == nil || k.UsingIndex != "" {
			return uniqueAdd{}, false
		}
		switch {
		case k.Kind == schema.Unique:
			return uniqueAdd{change: c, table: c.Table, name: k.Name, cols: k.Columns, what: "unique constraint"}, true
		case k.Kind == schema.PrimaryKey && p.Dialect == lint.MySQL && !c.Inline:
			return uniqueAdd{change: c, table: c.Table, name: k.Name, cols: k.Columns, what: "primary key"}, true
		}
	}
	return uniqueAdd{}, false
}

// label names the new index or constraint for a message.
func (u uniqueAdd) label() string {
	if u.name == "" {
		return "a " + u.what
	}
	return fmt.Sprintf("%s %q", u.what, u.name)
}

// createdInStmt reports whether the current statement creates table q
// anywhere (not only before change i): the keys written inside CREATE TABLE
// must never count as touching existing data, whatever order an adapter
// lists them in.
func createdInStmt(p *lint.Pass, q schema.QName) bool {
	for _, c := range p.Changes() {
		if ct, ok := c.(*schema.CreateTable); ok && ct.Table != nil && sameTable(p, ct.Table.Name, q) {
			return true
		}
	}
	return false
}

// addedInStmt is the definition of column col when the current statement
// adds it to table q.
func addedInStmt(p *lint.Pass, q schema.QName, col string) *schema.Column {
	for _, c := range p.Changes() {
		if ac, ok := c.(*schema.AddColumn); ok && ac.Column != nil && sameColumn(p, ac.Column.Name, col) && sameTable(p, ac.Table, q) {
			return ac.Column
		}
	}
	return nil
}

// candidate resolves a unique addition at change i: the table must have
// existed before the file and no unique key still on it may already imply
// the new one.
func candidate(p *lint.Pass, i int, c schema.Change) (uniqueAdd, view, bool) {
	u, ok := uniqueAddOf(p, c)
	if !ok || len(u.cols) == 0 {
		return u, view{}, false
	}
	v := at(p, i)
	if !v.existing(u.table) || createdInStmt(p, u.table) {
		return u, v, false
	}
	if impliedUnique(v, u) || deduplicated(p, v, u) {
		return u, v, false
	}
	return u, v, true
}

// impliedUnique reports whether a unique key already guarantees the new
// one: no row can violate the new key when a unique key over a subset of
// its columns holds on every row the new key covers. The guarantor is on
// the table (a key built earlier in this file counts: if the data had
// duplicates that statement fails first, and is reported itself), or held
// before this file and was removed by it (the rows are the same).
func impliedUnique(v view, u uniqueAdd) bool {
	t := v.realmTable(u.table)
	if t == nil {
		return false
	}
	gone := droppedInStmt(v)
	orig, _, _ := v.table(u.table)
	keys := v.p.Realm.RetiredUniqueKeys(orig)
	for _, ix := range t.Indexes {
		if (ix.Unique || ix.Primary) && !gone[ix.Name] {
			keys = append(keys, ix)
		}
	}
	for _, k := range t.Constraints {
		if (k.Kind == schema.Unique || k.Kind == schema.PrimaryKey) && !k.NotValid && (k.Name == "" || !gone[k.Name]) {
			keys = append(keys, &schema.Index{Columns: k.Columns, Unique: true})
		}
	}
	for _, k := range keys {
		if subset(v.p, k.Columns, u.cols) && covers(k, u) {
			return true
		}
	}
	return false
}

// covers reports whether key k holds on every row that the new key can
// find in conflict: each condition of k's predicate is one of the new
// key's own, or says that one of the new key's columns is not NULL (a row
// with NULL there never conflicts, unless the new key is NULLS NOT
// DISTINCT).
func covers(k *schema.Index, u uniqueAdd) bool {
	if u.nullsNotDistinct && !k.NullsNotDistinct && !k.Primary {
		return false // rows with NULLs, free under k, can conflict under u
	}
	for _, cond := range k.Where {
		if slices.Contains(u.where, cond) {
			continue
		}
		col, ok := strings.CutSuffix(cond, " IS NOT NULL")
		if !ok || u.nullsNotDistinct || !slices.Contains(u.cols, col) {
			return false
		}
	}
	return !k.Partial || k.Where != nil // a predicate not known is no proof
}

// deduplicated reports whether an earlier statement of the file removes
// the duplicates the new key could find: a DELETE whose condition compares
// every column of the key (the self-join that keeps one row per value), or
// an UPDATE that rewrites every column of it for the rows its condition
// picks by those columns. An UPDATE without such a condition is a backfill,
// which may well write duplicates.
func deduplicated(p *lint.Pass, v view, u uniqueAdd) bool {
	orig, _, _ := v.table(u.table)
	for _, s := range p.Prior() {
		for _, c := range stmtChanges(s) {
			var table schema.QName
			var cols []string
			switch c := c.(type) {
			case *schema.Delete:
				table, cols = c.Table, c.WhereColumns
			case *schema.Update:
				if !subset(p, u.cols, c.Columns) || c.WhereNull != "" {
					continue
				}
				table, cols = c.Table, c.WhereColumns
			default:
				continue
			}
			if (sameTable(p, table, u.table) || sameTable(p, table, orig)) && subset(p, u.cols, cols) {
				return true
			}
		}
	}
	return false
}

// droppedInStmt names the indexes and constraints the statement dropped
// before the change the view stands at.
func droppedInStmt(v view) map[string]bool {
	gone := map[string]bool{}
	for _, c := range v.prev {
		switch c := c.(type) {
		case *schema.DropIndex:
			for _, n := range c.Names {
				gone[n.Name] = true
			}
		case *schema.DropConstraint:
			gone[c.Name] = true
		}
	}
	return gone
}

func subset(p *lint.Pass, small, big []string) bool {
	if len(small) == 0 {
		return false
	}
	for _, s := range small {
		if !contains(p, big, s) {
			return false
		}
	}
	return true
}

func contains(p *lint.Pass, list []string, s string) bool {
	for _, e := range list {
		if sameColumn(p, e, s) {
			return true
		}
	}
	return false
}

func equalCols(p *lint.Pass, a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameColumn(p, a[i], b[i]) {
			return false
		}
	}
	return true
}

// madeUnique finds the existing non-unique index that the addition turns
// unique: one over exactly the same columns that is still on the table, or
// one of the same name the same statement drops (MySQL's
// `DROP INDEX i, ADD UNIQUE INDEX i (...)`). An index dropped by an earlier
// statement is gone from the catalog, so dropping and re-creating an index
// as unique across statements is MF101, as RULES.md orders.
func madeUnique(v view, u uniqueAdd) *schema.Index {
	t := v.realmTable(u.table)
	if t == nil {
		return nil
	}
	gone := droppedInStmt(v)
	for _, ix := range t.Indexes {
		if !ix.Existing || ix.Unique || ix.Primary {
			continue
		}
		if gone[ix.Name] && u.name != "" && ix.Name == u.name {
			return ix
		}
		if equalCols(v.p, ix.Columns, u.cols) {
			return ix
		}
	}
	return nil
}

// colFill says what a column holds in the existing rows when the unique key
// is built.
type colFill int

const (
	fillData     colFill = iota // values that predate the file, or a backfill
	fillNull                    // only NULLs: never a duplicate
	fillDistinct                // a fresh value per row (serial, identity, volatile default)
	fillConstant                // the same non-null default in every row
	fillZero                    // MySQL's implicit zero value ('' or 0) in every row
)

func fillOf(p *lint.Pass, v view, u uniqueAdd, col string) colFill {
	st := v.column(u.table, col)
	c := st.Col
	if c == nil {
		// An adapter may list an inline constraint before its ADD COLUMN.
		if c = addedInStmt(p, u.table, col); c != nil {
			st.Existing = false
		}
	}
	if st.Existing || c == nil || backfilled(p, col, st.Table, u.table) {
		return fillData
	}
	switch {
	case c.Serial || c.Identity:
		return fillDistinct
	case c.Generated != "":
		return fillData // computed from other columns, which hold data
	case isNullDefault(c.Default):
		// MySQL gives the existing rows of a NOT NULL column without DEFAULT
		// its type's zero value; where strict mode refuses that zero (dates)
		// the ALTER fails on any row, which is MF103's.
		if p.Dialect == lint.MySQL && c.NotNull && !MySQLRejectsImplicitDefault(c.Type, p.MariaDB) {
			return fillZero
		}
		return fillNull
	case c.Default.Volatile:
		return fillDistinct
	}
	return fillConstant
}

// isNullDefault reports a missing default or an explicit DEFAULT NULL.
func isNullDefault(e *schema.Expr) bool {
	if e == nil {
		return true
	}
	t := strings.ToLower(strings.TrimSpace(e.Text))
	return t == "" || t == "null" || strings.HasPrefix(t, "null::")
}

// backfilled reports whether an earlier statement of the file assigns column
// col of one of the tables with an UPDATE (with or without WHERE). Callers
// pass both the name the catalog knows the table by and the name the
// statement used.
func backfilled(p *lint.Pass, col string, tables ...schema.QName) bool {
	for _, s := range p.Prior() {
		for _, c := range stmtChanges(s) {
			up, ok := c.(*schema.Update)
			if !ok || !contains(p, up.Columns, col) || contains(p, up.NullColumns, col) {
				continue
			}
			if up.HasWhere && !contains(p, []string{up.WhereNull}, col) {
				continue // a partial backfill leaves NULLs behind
			}
			for _, q := range tables {
				if sameTable(p, up.Table, q) {
					return true
				}
			}
		}
	}
	return false
}

func runUniqueIndex(p *lint.Pass) {
	for i, c := range p.Changes() {
		u, v, ok := candidate(p, i, c)
		if !ok || madeUnique(v, u) != nil {
			continue
		}
		fills := map[colFill][]string{}
		for _, col := range u.cols {
			f := fillOf(p, v, u, col)
			fills[f] = append(fills[f], col)
		}
		if len(fills[fillNull]) > 0 || len(fills[fillDistinct]) > 0 {
			continue
		}
		fix := dedupFix(p, u)
		if len(fills[fillData]) == 0 {
			same := "the same default in every existing row"
			if len(fills[fillZero]) > 0 {
				same = "the same value in every existing row (without DEFAULT, a NOT NULL column is filled with its type's zero value)"
			}
			p.Reportf(u.change, fix, "Adding %s on table %q fails once the table has 2 rows: new %s %s %s %s",
				u.label(), u.table.String(), plural(len(u.cols), "column", "columns"), quoted(u.cols), plural(len(u.cols), "gets", "get"), same)
			continue
		}
		p.Reportf(u.change, fix, "Adding %s on table %q fails if existing rows hold duplicate values in (%s)",
			u.label(), u.table.String(), quoted(u.cols))
	}
}

func runIndexMadeUnique(p *lint.Pass) {
	for i, c := range p.Changes() {
		u, v, ok := candidate(p, i, c)
		if !ok {
			continue
		}
		ix := madeUnique(v, u)
		if ix == nil {
			continue
		}
		if u.name == ix.Name {
			p.Reportf(u.change, dedupFix(p, u), "Making index %q of table %q unique fails if existing rows hold duplicate values in (%s)",
				ix.Name, u.table.String(), quoted(u.cols))
			continue
		}
		// The old index stays as it is; name the new one that makes its columns unique.
		added := "a new unique constraint"
		if u.name != "" {
			added = fmt.Sprintf("new unique index %q", u.name)
		}
		p.Reportf(u.change, dedupFix(p, u), "Making the columns of existing index %q of table %q unique with %s fails if existing rows hold duplicate values in (%s)",
			ix.Name, u.table.String(), added, quoted(u.cols))
	}
}

// dedupFix is the query that finds the duplicates to clean up first.
func dedupFix(p *lint.Pass, u uniqueAdd) string {
	cols := make([]string, len(u.cols))
	for i, c := range u.cols {
		cols[i] = ident(p, c)
	}
	list := strings.Join(cols, ", ")
	return fmt.Sprintf("Find and resolve duplicates before the migration runs: SELECT %s, count(*) FROM %s GROUP BY %s HAVING count(*) > 1;",
		list, sqlName(p, u.table), list)
}
