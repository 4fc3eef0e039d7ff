package mysql

import (
	"slices"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/schemaguard/schemaguard/schema"
)

// createTable translates CREATE [TEMPORARY] TABLE: columns, inline and
// table constraints in Table.Constraints (PRIMARY KEY, UNIQUE, FOREIGN KEY,
// CHECK), and Table.Indexes holding the plain, FULLTEXT and SPATIAL
// indexes plus the index behind each PRIMARY KEY and UNIQUE key. Unnamed
// objects get the names MySQL gives them (PRIMARY; an index after its
// first column, then _2, _3 ...; <table>_ibfk_<n>; <table>_chk_<n>).
// Columns of the PRIMARY KEY are NOT NULL. CREATE TABLE ... LIKE and ... AS
// SELECT set AsSelect: their columns are not in the statement. A temporary
// table is recorded like any other: the file's later statements use it.
func (t *translator) createTable(n *ast.CreateTableStmt) {
	tbl := &schema.Table{Name: tableName(n.Table), Partitioned: n.Partition != nil}
	nm := newNamer(tbl.Name.Name, true)
	for _, c := range n.Constraints { // explicit names are taken first
		if c != nil && c.Name != "" {
			nm.take(c.Name)
		}
	}
	addCon := func(c *schema.Constraint) {
		tbl.Constraints = append(tbl.Constraints, c)
		if c.Kind == schema.PrimaryKey || c.Kind == schema.Unique {
			tbl.Indexes = append(tbl.Indexes, &schema.Index{Name: c.Name, Columns: slices.Clone(c.Columns),
				Unique: true, Primary: c.Kind == schema.PrimaryKey})
		}
	}
	for _, d := range n.Cols {
		if d == nil {
			continue
		}
		col, cons := t.column(d)
		tbl.Columns = append(tbl.Columns, col)
		nm.spell[strings.ToLower(col.Name)] = col.Name
		for _, c := range cons {
			nm.name(c.con, nil)
			addCon(c.con)
		}
	}
	for _, c := range n.Constraints {
		con, idx := constraintOf(c, nm)
		if con != nil {
			addCon(con)
		}
		if idx != nil {
			tbl.Indexes = append(tbl.Indexes, idx)
		}
	}
	for _, c := range tbl.Constraints {
		if c.Kind == schema.PrimaryKey {
			for _, col := range tbl.Columns {
				if slices.Contains(c.Columns, col.Name) {
					col.NotNull = true
				}
			}
		}
	}
	t.add(&schema.CreateTable{At: t.at(), Table: tbl, IfNotExists: n.IfNotExists, AsSelect: n.Select != nil || n.ReferTable != nil})
}

// namer gives unnamed keys the names MySQL would. Inside CREATE TABLE it
// knows every name of the table. In ALTER TABLE it knows only the
// statement's own, while MySQL avoids the table's existing index names too
// (a second key on phone is phone_2): there unnamed keys and indexes get
// the name they have when nothing clashes, marked GeneratedName so the
// catalog (schema.Realm with TableScopedIndexes) derives the real one, and
// foreign keys and checks stay unnamed (their numbering depends on the
// table's existing ones).
type namer struct {
	table  string
	create bool
	used   map[string]bool // lower case: index names compare without case
	// spell maps a lower-cased column name to the table's spelling, which
	// MySQL names a key after however the key writes it (CREATE TABLE only).
	spell   map[string]string
	fk, chk int
}

func newNamer(table string, create bool) *namer {
	return &namer{table: table, create: create, used: map[string]bool{"primary": true}, spell: map[string]string{}}
}

func (n *namer) take(name string) { n.used[strings.ToLower(name)] = true }

// index returns base, or base_2, base_3 ... when taken, and takes it.
func (n *namer) index(base string) string {
	if s, ok := n.spell[strings.ToLower(base)]; ok {
		base = s
	}
	name := base
	for i := 2; n.used[strings.ToLower(name)]; i++ {
		name = base + "_" + strconv.Itoa(i)
	}
	n.take(name)
	return name
}

// name fills in the name of an unnamed constraint; parts are its key parts
// when it has them as TiDB nodes (nil for inline keys, named after the
// column).
func (n *namer) name(c *schema.Constraint, parts []*ast.IndexPartSpecification) {
	switch {
	case c.Kind == schema.PrimaryKey:
		c.Name = "PRIMARY"
	case c.Name != "":
		n.take(c.Name)
	case c.Kind == schema.Unique:
		base := "functional_index"
		if parts != nil {
			base = keyBase(parts)
		} else if len(c.Columns) > 0 {
			base = c.Columns[0]
		}
		c.Name, c.GeneratedName = n.index(base), !n.create
	case c.Kind == schema.ForeignKey && n.create:
		n.fk++
		c.Name = n.table + "_ibfk_" + strconv.Itoa(n.fk)
	case c.Kind == schema.Check && n.create:
		n.chk++
		c.Name = n.table + "_chk_" + strconv.Itoa(n.chk)
	}
}

// constraintOf translates a table element of CREATE TABLE or ALTER TABLE
// ADD: PRIMARY KEY, UNIQUE, FOREIGN KEY and CHECK become a constraint;
// INDEX/KEY, FULLTEXT and (rewritten) SPATIAL an index.
func constraintOf(c *ast.Constraint, nm *namer) (*schema.Constraint, *schema.Index) {
	if c == nil {
		return nil, nil
	}
	cols := indexColumns(c.Keys)
	var k *schema.Constraint
	switch c.Tp {
	case ast.ConstraintPrimaryKey:
		k = &schema.Constraint{Kind: schema.PrimaryKey, Columns: cols}
	case ast.ConstraintUniq, ast.ConstraintUniqKey, ast.ConstraintUniqIndex:
		k = &schema.Constraint{Name: c.Name, Kind: schema.Unique, Columns: cols}
	case ast.ConstraintForeignKey:
		k = foreignKey(c.Name, cols, c.Refer)
	case ast.ConstraintCheck:
		k = checkConstraint(c.Name, c.Expr, c.Enforced)
	case ast.ConstraintKey, ast.ConstraintIndex, ast.ConstraintFulltext:
		idx := &schema.Index{Name: c.Name, Columns: cols}
		if c.Name == "" {
			idx.Name, idx.GeneratedName = nm.index(keyBase(c.Keys)), !nm.create
		} else {
			nm.take(c.Name)
		}
		return nil, idx
	default:
		return nil, nil
	}
	nm.name(k, c.Keys)
	return k, nil
}
