package postgres

import (
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/schemaguard/schemaguard/schema"
)

// createTable translates CREATE TABLE: columns, inline and table
// constraints (all in Table.Constraints), and the indexes backing PRIMARY
// KEY, UNIQUE and EXCLUDE constraints (unnamed ones keep Name "" for the
// realm to name as the server does). Columns of a PRIMARY KEY are NOT NULL.
// PARTITION OF names the parent, whose columns the realm copies; LIKE and
// INHERITS bring columns the statement does not list, which the table then
// lacks.
func (t *translator) createTable(s *pg_query.CreateStmt) {
	tbl := &schema.Table{Name: relName(s.GetRelation()), Partitioned: s.GetPartspec() != nil}
	addCon := func(c *schema.Constraint) {
		// The server marks constraints of a new table valid whatever the
		// statement says: an empty table has nothing to check.
		c.NotValid = false
		tbl.Constraints = append(tbl.Constraints, c)
		if c.Kind == schema.PrimaryKey || c.Kind == schema.Unique || c.Kind == schema.Exclude {
			tbl.Indexes = append(tbl.Indexes, &schema.Index{
				Name: c.Name, Columns: slices.Clone(c.Columns),
				Unique: c.Kind != schema.Exclude, Primary: c.Kind == schema.PrimaryKey,
			})
		}
	}
	for _, e := range append(slices.Clip(s.GetTableElts()), s.GetConstraints()...) {
		switch e := e.GetNode().(type) {
		case *pg_query.Node_ColumnDef:
			col, cons := t.columnDef(tbl.Name, e.ColumnDef)
			tbl.Columns = append(tbl.Columns, col)
			for _, c := range cons {
				addCon(c.con)
			}
		case *pg_query.Node_Constraint:
			if c := t.constraint(e.Constraint); c != nil {
				addCon(c)
			}
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
	c := &schema.CreateTable{At: t.at(-1), Table: tbl, IfNotExists: s.GetIfNotExists()}
	if s.GetPartbound() != nil { // PARTITION OF parent: the only inhRelation
		if parents := relNames(s.GetInhRelations()); len(parents) == 1 {
			c.PartitionOf = parents[0]
		}
	}
	t.add(c)
}

// createTableAs: CREATE TABLE AS / CREATE MATERIALIZED VIEW.
func (t *translator) createTableAs(s *pg_query.CreateTableAsStmt) {
	name := relName(s.GetInto().GetRel())
	if s.GetObjtype() == pg_query.ObjectType_OBJECT_MATVIEW {
		t.add(&schema.CreateView{At: t.at(-1), Name: name, Materialized: true})
		return
	}
	t.add(&schema.CreateTable{At: t.at(-1), Table: &schema.Table{Name: name}, IfNotExists: s.GetIfNotExists(), AsSelect: true})
}

// inlineCon is a constraint written on a column, with its own offset.
type inlineCon struct {
	con *schema.Constraint
	at  schema.At
}

// columnDef translates a column definition and its inline constraints.
// serial columns are NOT NULL with the nextval() default the server gives
// them; identity columns are NOT NULL.
func (t *translator) columnDef(table schema.QName, d *pg_query.ColumnDef) (*schema.Column, []inlineCon) {
	col := &schema.Column{Name: d.GetColname()}
	col.Type, col.Serial = normType(d.GetTypeName())
	if col.Serial {
		col.NotNull = true
		col.Default = &schema.Expr{Text: "nextval('" + table.Name + "_" + col.Name + "_seq'::regclass)", Volatile: true}
	}
	if d.GetIsNotNull() {
		col.NotNull = true
	}
	if d.GetRawDefault() != nil {
		col.Default = t.expr(d.GetRawDefault())
	}
	var cons []inlineCon
	for _, n := range d.GetConstraints() {
		c := n.GetConstraint()
		switch c.GetContype() {
		case pg_query.ConstrType_CONSTR_NOTNULL:
			col.NotNull = true
		case pg_query.ConstrType_CONSTR_NULL:
			col.NotNull = false
		case pg_query.ConstrType_CONSTR_DEFAULT:
			col.Default = t.expr(c.GetRawExpr())
		case pg_query.ConstrType_CONSTR_IDENTITY:
			col.Identity, col.NotNull = true, true
		case pg_query.ConstrType_CONSTR_GENERATED:
			col.Generated = "stored" // PostgreSQL 17's grammar knows no VIRTUAL
		case pg_query.ConstrType_CONSTR_PRIMARY:
			col.NotNull = true
			cons = append(cons, inlineCon{&schema.Constraint{Name: c.GetConname(), Kind: schema.PrimaryKey, Columns: []string{col.Name}}, t.at(c.GetLocation())})
		case pg_query.ConstrType_CONSTR_UNIQUE:
			cons = append(cons, inlineCon{&schema.Constraint{Name: c.GetConname(), Kind: schema.Unique, Columns: []string{col.Name}}, t.at(c.GetLocation())})
		case pg_query.ConstrType_CONSTR_CHECK, pg_query.ConstrType_CONSTR_FOREIGN:
			k := t.constraint(c)
			if c.GetContype() == pg_query.ConstrType_CONSTR_FOREIGN {
				k.Columns = []string{col.Name}
			}
			cons = append(cons, inlineCon{k, t.at(c.GetLocation())})
		}
	}
	return col, cons
}

// constraint translates a table constraint (or an inline CHECK or
// REFERENCES); nil for kinds that are not table constraints.
func (t *translator) constraint(c *pg_query.Constraint) *schema.Constraint {
	k := &schema.Constraint{Name: c.GetConname(), NotValid: c.GetSkipValidation()}
	switch c.GetContype() {
	case pg_query.ConstrType_CONSTR_PRIMARY:
		k.Kind, k.Columns, k.UsingIndex = schema.PrimaryKey, strs(c.GetKeys()), c.GetIndexname()
	case pg_query.ConstrType_CONSTR_UNIQUE:
		k.Kind, k.Columns, k.UsingIndex = schema.Unique, strs(c.GetKeys()), c.GetIndexname()
	case pg_query.ConstrType_CONSTR_CHECK:
		k.Kind, k.Columns = schema.Check, columnRefs(c.GetRawExpr())
		k.NotNullColumn = notNullColumn(c.GetRawExpr())
	case pg_query.ConstrType_CONSTR_FOREIGN:
		k.Kind, k.Columns = schema.ForeignKey, strs(c.GetFkAttrs())
		k.RefTable, k.RefColumns = relName(c.GetPktable()), strs(c.GetPkAttrs())
	case pg_query.ConstrType_CONSTR_EXCLUSION:
		k.Kind = schema.Exclude
		for _, e := range c.GetExclusions() { // each is (index element, operator)
			if items := e.GetList().GetItems(); len(items) > 0 {
				t.indexElem(items[0].GetIndexElem(), &k.Columns)
			}
		}
	default:
		return nil
	}
	return k
}

// columnRefs lists the distinct columns an expression references, in order
// (PostgreSQL names a CHECK after its column when there is exactly one).
func columnRefs(n *pg_query.Node) []string { return columnRefsIn(n) }

// columnRefsIn is columnRefs over any part of a tree (a WITH clause).
func columnRefsIn(n protoreflect.ProtoMessage) []string {
	var out []string
	walk(n.ProtoReflect(), func(m protoreflect.Message) bool {
		if cr, ok := m.Interface().(*pg_query.ColumnRef); ok {
			if f := strs(cr.GetFields()); len(f) > 0 && !slices.Contains(out, f[len(f)-1]) {
				out = append(out, f[len(f)-1])
			}
		}
		return true
	})
	return out
}

// notNullColumn returns col when the expression is exactly "col IS NOT
// NULL", the CHECK that lets SET NOT NULL skip its scan.
func notNullColumn(n *pg_query.Node) string {
	nt := n.GetNullTest()
	if nt == nil || nt.GetNulltesttype() != pg_query.NullTestType_IS_NOT_NULL || nt.GetArgisrow() {
		return ""
	}
	if f := strs(nt.GetArg().GetColumnRef().GetFields()); len(f) == 1 {
		return f[0]
	}
	return ""
}

// indexElem appends an index column to cols: its name, or the
// expression's text.
func (t *translator) indexElem(e *pg_query.IndexElem, cols *[]string) {
	i := len(*cols)
	*cols = append(*cols, e.GetName())
	if e.GetName() == "" {
		t.render(e.GetExpr(), func(s string) { (*cols)[i] = s })
	}
}
