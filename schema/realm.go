package schema

import (
	"slices"
	"strings"
)

// Realm is the static catalog: the schema as folded from the Changes of every
// statement applied so far. Lint rules read it to learn what existed before
// the statement they check (Origin.Existing) and what a name refers to.
//
// A Realm is mutated in place by Apply; nothing is copied per statement, so a
// history of thousands of statements folds in milliseconds. Objects handed to
// Apply inside Changes are cloned, never retained: a rule holding a Change
// never sees it altered by later folding.
type Realm struct {
	// DefaultSchema is what an unqualified name (Schema "") resolves to:
	// "public" on PostgreSQL, "" (the current database) on MySQL.
	DefaultSchema string
	// TableScopedIndexes: index names are unique per table (MySQL), not per
	// schema (PostgreSQL). Unnamed keys and indexes then get the names MySQL
	// gives them (see naming.go), and index names clash without regard to case.
	TableScopedIndexes bool
	// FoldColumnCase: column names match without regard to case (MySQL),
	// wherever the realm compares them. A column keeps the spelling it was
	// created or renamed with.
	FoldColumnCase bool

	schemas map[string]*Schema
	// All maps are keyed by resolved names (Schema filled in).
	tables  map[QName]*Table // tables and materialized views
	views   map[QName]*View
	enums   map[QName]*Enum
	indexes map[QName]*Table // index name → the table that holds it
	// referrers: referenced table → tables that may hold foreign keys to
	// it (a superset; see eachForeignKeyTo).
	referrers map[QName]map[*Table]bool
	// fresh lists the Origins of objects created since the last MarkExisting,
	// so MarkExisting costs what the file created, not the whole realm.
	fresh []*Origin
	// retired holds, per table, the unique keys that existed before the
	// file and that the file has removed since (see RetiredUniqueKeys).
	retired map[*Table][]*Index
}

// NewRealm returns an empty realm whose default schema already exists (and
// counts as existing: it predates every migration).
func NewRealm(defaultSchema string) *Realm {
	r := &Realm{
		DefaultSchema: defaultSchema,
		schemas:       map[string]*Schema{},
		tables:        map[QName]*Table{},
		views:         map[QName]*View{},
		enums:         map[QName]*Enum{},
		indexes:       map[QName]*Table{},
		referrers:     map[QName]map[*Table]bool{},
	}
	if defaultSchema != "" {
		r.schemas[defaultSchema] = &Schema{Origin: Origin{Existing: true}, Name: defaultSchema}
	}
	return r
}

// MarkExisting makes every object now present existing. The linter calls it
// at the start of each linted file: whatever earlier files created may hold
// production rows by the time this file runs.
func (r *Realm) MarkExisting() {
	for _, o := range r.fresh {
		o.Existing = true
	}
	clear(r.fresh) // drop references so dropped objects can be collected
	r.fresh = r.fresh[:0]
	clear(r.retired)
}

// RetiredUniqueKeys are the unique keys (unique indexes, unique and primary
// key constraints) that table q had before the current file and that the
// file has removed so far. Until the file ran, they held on the existing
// rows: a new key over a superset of one's columns cannot fail on them.
func (r *Realm) RetiredUniqueKeys(q QName) []*Index {
	return r.retired[r.Table(q)]
}

// retire remembers an existing unique key being removed from t.
func (r *Realm) retire(t *Table, k *Index) {
	if !k.Existing || !(k.Unique || k.Primary) {
		return
	}
	if r.retired == nil {
		r.retired = map[*Table][]*Index{}
	}
	r.retired[t] = append(r.retired[t], k.clone())
}

// created records a new object: not existing until the next MarkExisting.
func (r *Realm) created(o *Origin) {
	o.Existing = false
	r.fresh = append(r.fresh, o)
}

// key resolves a name against the default schema.
func (r *Realm) key(q QName) QName {
	if q.Schema == "" {
		q.Schema = r.DefaultSchema
	}
	return q
}

// Table returns the table or materialized view named q, nil when unknown.
func (r *Realm) Table(q QName) *Table { return r.tables[r.key(q)] }

// Column returns column col of table q, nil when either is unknown.
func (r *Realm) Column(q QName, col string) *Column {
	t := r.Table(q)
	if t == nil {
		return nil
	}
	return r.column(t, col)
}

// IndexByName finds an index by its schema-scoped name (PostgreSQL index
// names live in the schema, not the table). Both results are nil when unknown.
func (r *Realm) IndexByName(q QName) (*Table, *Index) {
	t := r.indexes[r.key(q)]
	if t == nil {
		return nil, nil
	}
	if i := t.index(q.Name); i != nil {
		return t, i
	}
	return nil, nil
}

// ConstraintByName returns the constraint name of table t, nil when unknown.
func (r *Realm) ConstraintByName(t QName, name string) *Constraint {
	tb := r.Table(t)
	if tb == nil {
		return nil
	}
	_, c := tb.constraint(name)
	return c
}

// Enum returns the enum type q, nil when unknown.
func (r *Realm) Enum(q QName) *Enum { return r.enums[r.key(q)] }

// View returns the plain view q, nil when unknown (materialized views are
// Tables).
func (r *Realm) View(q QName) *View { return r.views[r.key(q)] }

// SchemaExists reports whether schema name exists (the default schema always
// does unless dropped).
func (r *Realm) SchemaExists(name string) bool { return r.Schema(name) != nil }

// Schema returns schema name ("" means the default schema), nil when unknown.
func (r *Realm) Schema(name string) *Schema {
	if name == "" {
		name = r.DefaultSchema
	}
	return r.schemas[name]
}

// Tables returns every table and materialized view, in no particular order.
func (r *Realm) Tables() []*Table {
	out := make([]*Table, 0, len(r.tables))
	for _, t := range r.tables {
		out = append(out, t)
	}
	return out
}

// indexNameTaken: PostgreSQL index names share the schema's relation
// namespace; MySQL's are per table.
func (r *Realm) indexNameTaken(schema string, t *Table, name string) bool {
	if !r.TableScopedIndexes {
		return r.relationExists(schema, name)
	}
	for _, i := range t.Indexes {
		if strings.EqualFold(i.Name, name) { // MySQL compares index names without case
			return true
		}
	}
	return false
}

// relationExists reports whether a relation (table, view, index) named name
// exists in schema: PostgreSQL relations share one namespace per schema,
// which is what generated index names must avoid.
func (r *Realm) relationExists(schema, name string) bool {
	q := QName{Schema: schema, Name: name}
	return r.tables[q] != nil || r.views[q] != nil || r.indexes[q] != nil
}

// sameColumn is the one place the realm compares column names: every
// lookup, drop, rename, key column list and NotNullColumn goes through it.
func (r *Realm) sameColumn(a, b string) bool {
	return a == b || r.FoldColumnCase && strings.EqualFold(a, b)
}

// column returns column name of t, nil when it has none.
func (r *Realm) column(t *Table, name string) *Column {
	for _, c := range t.Columns {
		if r.sameColumn(c.Name, name) {
			return c
		}
	}
	return nil
}

// sameColumns reports whether two column lists name the same columns in order.
func (r *Realm) sameColumns(a, b []string) bool {
	return slices.EqualFunc(a, b, r.sameColumn)
}

func (t *Table) index(name string) *Index {
	for _, i := range t.Indexes {
		if i.Name == name {
			return i
		}
	}
	return nil
}

func (t *Table) constraint(name string) (int, *Constraint) {
	for n, c := range t.Constraints {
		if c.Name == name {
			return n, c
		}
	}
	return -1, nil
}

// backed reports whether constraints of kind k own an index of the same name.
func backed(k ConstraintKind) bool { return k == PrimaryKey || k == Unique || k == Exclude }
