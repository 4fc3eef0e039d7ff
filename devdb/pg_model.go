package devdb

import (
	"github.com/jackc/pgx/v5"

	"github.com/schemaguard/schemaguard/dialect/postgres"
	"github.com/schemaguard/schemaguard/schema"
)

// pgDefaultSchema is the schema unqualified names resolve to in the
// scratch database, as in the static realm.
const pgDefaultSchema = "public"

// pgCatalog maps catalog rows into the schema model. Constraint and index
// definitions (pg_get_constraintdef, pg_get_indexdef) and default
// expressions go through the static PostgreSQL adapter, so the server's
// tables come out in exactly the adapter's normal form: CHECK columns and
// NotNullColumn, foreign key targets, index column texts, volatility. Its
// caches key on the definition text, which mostly repeats from one read
// to the next.
type pgCatalog struct {
	parser      *postgres.Parser
	constraints map[string]*schema.Constraint
	indexes     map[string]*schema.Index
	volatile    map[string]bool
}

func newPgCatalog() *pgCatalog {
	return &pgCatalog{
		parser:      postgres.New(),
		constraints: map[string]*schema.Constraint{},
		indexes:     map[string]*schema.Index{},
		volatile:    map[string]bool{},
	}
}

// pgTable is a table read from the server with the OIDs of its parts,
// which decide Existing and pair indexes across a statement.
type pgTable struct {
	oid      uint32
	kind     string
	filenode uint32
	qual     schema.QName // schema-qualified, as the server names it
	t        *schema.Table
	attnums  map[string]int16
	cons     map[string]uint32
	idx      map[string]uint32
	// idxNodes are the relfilenodes of its indexes, by index name.
	idxNodes map[string]uint32
	// extras are its TOAST table, owned sequences and partitions.
	extras []pgExtraRow
}

// table assembles table row of raw as the static model would hold it after
// creating it: a CreateTable of its columns folded into a realm, then its
// constraints (each with its backing index) and its other indexes.
func (c *pgCatalog) table(name schema.QName, row pgTableRow, raw *pgRaw) *pgTable {
	pt := &pgTable{oid: row.oid, kind: row.kind, filenode: row.filenode, qual: row.name,
		attnums: map[string]int16{}, cons: map[string]uint32{}, idx: map[string]uint32{}, idxNodes: map[string]uint32{}}
	t := &schema.Table{Name: name, Partitioned: row.kind == "p", Materialized: row.kind == "m"}
	serial := map[int16]bool{}
	for _, x := range raw.extras[row.oid] {
		if x.role == "sequence" && x.deptype == "a" {
			serial[x.attnum] = true
		}
	}
	for _, col := range raw.columns[row.oid] {
		t.Columns = append(t.Columns, c.column(col, serial[col.attnum]))
		pt.attnums[col.name] = col.attnum
	}
	r := schema.NewRealm(pgDefaultSchema)
	r.Apply(&schema.CreateTable{Table: t})
	backing := map[uint32]bool{}
	for _, con := range raw.constraints[row.oid] {
		k := c.constraint(con)
		if k == nil {
			continue
		}
		r.Apply(&schema.AddConstraint{Table: name, Constraint: k})
		pt.cons[con.name] = con.oid
		if con.kind != "f" && con.index != 0 { // a foreign key's conindid is the referenced table's
			backing[con.index] = true
		}
	}
	for _, ix := range raw.indexes[row.oid] {
		pt.idx[ix.name] = ix.oid
		pt.idxNodes[ix.name] = ix.filenode
		if backing[ix.oid] {
			continue
		}
		if i := c.index(ix.def); i != nil {
			i.Name = ix.name
			r.Apply(&schema.CreateIndex{Table: name, Index: i})
		}
	}
	pt.t = r.Table(name)
	return pt
}

// column maps a column row; serial: a sequence is owned by the column as
// serial makes one (an identity column's sequence is owned differently).
func (c *pgCatalog) column(r pgColumnRow, serial bool) *schema.Column {
	col := &schema.Column{
		Name: r.name, Type: pgType(r), NotNull: r.notNull,
		Identity: r.identity != "", Serial: serial && r.identity == "",
	}
	switch r.generated {
	case "s":
		col.Generated = "stored"
	case "v":
		col.Generated = "virtual"
	}
	if r.def != nil && col.Generated == "" { // a generated column's expression is no default
		col.Default = &schema.Expr{Text: *r.def, Volatile: c.isVolatile(*r.def)}
	}
	return col
}

// isVolatile asks the static adapter, whose function lists decide
// volatility in static mode; an expression it cannot read counts as
// volatile, as there.
func (c *pgCatalog) isVolatile(expr string) bool {
	if v, ok := c.volatile[expr]; ok {
		return v
	}
	v := true
	if st, err := c.parser.Parse("ALTER TABLE x ALTER COLUMN y SET DEFAULT " + expr); err == nil {
		for _, ch := range st.Changes {
			if d, ok := ch.(*schema.SetDefault); ok && d.Default != nil {
				v = d.Default.Volatile
			}
		}
	}
	c.volatile[expr] = v
	return v
}

// constraint reads pg_get_constraintdef through the adapter; nil when it
// cannot (never seen: the server's own rendering parses).
func (c *pgCatalog) constraint(con pgConstraintRow) *schema.Constraint {
	sql := "ALTER TABLE x ADD CONSTRAINT " + pgx.Identifier{con.name}.Sanitize() + " " + con.def
	if k, ok := c.constraints[sql]; ok {
		return k
	}
	var k *schema.Constraint
	if st, err := c.parser.Parse(sql); err == nil {
		for _, ch := range st.Changes {
			if a, ok := ch.(*schema.AddConstraint); ok {
				k = a.Constraint
			}
		}
	}
	c.constraints[sql] = k
	return k
}

// index reads pg_get_indexdef through the adapter; the result is a copy
// the caller may name.
func (c *pgCatalog) index(def string) *schema.Index {
	i, ok := c.indexes[def]
	if !ok {
		if st, err := c.parser.Parse(def); err == nil {
			for _, ch := range st.Changes {
				if ci, ok := ch.(*schema.CreateIndex); ok {
					i = ci.Index
				}
			}
		}
		c.indexes[def] = i
	}
	if i == nil {
		return nil
	}
	cp := *i
	return &cp
}

// pgType maps a column's type to the adapter's normal form: the catalog
// name of built-in types (int4, varchar, bpchar, timestamptz), user types
// by name, qualified outside the default schema, modifiers decoded from
// atttypmod, arrays as their element type with Array set.
func pgType(r pgColumnRow) schema.Type {
	name, nsp := r.typ, r.typNsp
	var t schema.Type
	if r.elem != nil && r.elemNsp != nil {
		name, nsp, t.Array = *r.elem, *r.elemNsp, true
	}
	t.Name = name
	switch nsp {
	case "pg_catalog":
		t.Mods = typmods(name, r.typmod)
	case pgDefaultSchema:
	default:
		t.Name = nsp + "." + name
	}
	return t
}

// typmods decodes atttypmod for the built-in types that take modifiers
// (the server's *typmodout functions), in the order they are written.
func typmods(name string, m int32) []int {
	if m < 0 {
		return nil
	}
	switch name {
	case "varchar", "bpchar":
		if m >= 4 {
			return []int{int(m - 4)}
		}
	case "numeric":
		if m >= 4 {
			p := int((m - 4) >> 16 & 0xffff)
			s := int(((m-4)&0x7ff)^1024) - 1024 // 11-bit signed scale (PostgreSQL 15)
			if s == 0 {
				return []int{p} // numeric(p) and numeric(p,0) are one type
			}
			return []int{p, s}
		}
	case "timestamp", "timestamptz", "time", "timetz", "bit", "varbit":
		return []int{int(m)}
	case "interval":
		fields, precision := int(m>>16&0x7fff), int(m&0xffff)
		if precision == 0xffff {
			return []int{fields}
		}
		return []int{fields, precision}
	}
	return nil
}
