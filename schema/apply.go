package schema

import "slices"

// Affects reports whether Apply does anything with a change of this kind:
// the kinds that shape the model, which a history fold must not miss.
func Affects(c Change) bool {
	switch c.(type) {
	case *CreateSchema, *DropSchema, *CreateTable, *DropTable, *RenameTable, *AddColumn, *DropColumn,
		*RenameColumn, *AlterColumnType, *SetNotNull, *DropNotNull, *SetDefault, *AddIdentity,
		*AddConstraint, *DropConstraint, *RenameConstraint, *ValidateConstraint, *CreateIndex, *DropIndex,
		*RenameIndex, *CreateEnum, *AddEnumValue, *RenameEnumValue, *RenameType, *DropType, *CreateView, *DropView:
		return true
	}
	return false
}

// Apply folds one change into the realm. Changes are the pointers the
// dialect adapters produce (*AddColumn, ...). A change naming an unknown
// object is ignored (the rules treat unknown objects as existing), and so is
// one that would fail on the server (adding a column that is there already):
// the realm follows what the history most plausibly did and never panics.
// Changes without a schema effect (Update, Truncate, Maintenance, SetConfig,
// TxControl, LockTable, SetLogged, PartitionOp ...) leave it unchanged.
func (r *Realm) Apply(c Change) {
	switch c := c.(type) {
	case *CreateSchema:
		r.createSchema(c)
	case *DropSchema:
		r.dropSchema(c)
	case *CreateTable:
		r.createTable(c)
	case *DropTable:
		r.dropTable(c)
	case *RenameTable:
		r.renameTable(c)
	case *AddColumn:
		r.addColumn(c)
	case *DropColumn:
		r.dropColumn(c)
	case *RenameColumn:
		r.renameColumn(c)
	case *AlterColumnType:
		r.alterColumnType(c)
	case *SetNotNull:
		if c != nil {
			r.setColumn(c.Table, c.Column, func(col *Column) { col.NotNull = true })
		}
	case *DropNotNull:
		if c != nil {
			r.setColumn(c.Table, c.Column, func(col *Column) { col.NotNull = false })
		}
	case *SetDefault:
		if c != nil {
			r.setColumn(c.Table, c.Column, func(col *Column) { col.Default = c.Default.clone() })
		}
	case *AddIdentity:
		if c != nil {
			r.setColumn(c.Table, c.Column, func(col *Column) { col.Identity, col.NotNull = true, true })
		}
	case *AddConstraint:
		r.addConstraint(c)
	case *DropConstraint:
		r.dropConstraint(c)
	case *RenameConstraint:
		r.renameConstraint(c)
	case *ValidateConstraint:
		if c != nil {
			if k := r.ConstraintByName(c.Table, c.Name); k != nil {
				k.NotValid = false
			}
		}
	case *CreateIndex:
		r.createIndex(c)
	case *DropIndex:
		r.dropIndex(c)
	case *RenameIndex:
		r.renameIndex(c)
	case *CreateEnum:
		r.createEnum(c)
	case *AddEnumValue:
		r.addEnumValue(c)
	case *RenameEnumValue:
		if c != nil {
			if e := r.Enum(c.Type); e != nil && !slices.Contains(e.Values, c.To) {
				if i := slices.Index(e.Values, c.From); i >= 0 {
					e.Values[i] = c.To
				}
			}
		}
	case *RenameType:
		r.renameType(c)
	case *DropType:
		if c != nil {
			for _, n := range c.Names {
				delete(r.enums, r.key(n))
			}
		}
	case *CreateView:
		r.createView(c)
	case *DropView:
		r.dropView(c)
	}
}

func (r *Realm) createSchema(c *CreateSchema) {
	if c == nil || c.Name == "" || r.schemas[c.Name] != nil {
		return
	}
	s := &Schema{Name: c.Name}
	r.schemas[c.Name] = s
	r.created(&s.Origin)
}

// dropSchema removes the schemas and everything in them: with CASCADE the
// server does so; without it the schema had to be empty anyway.
func (r *Realm) dropSchema(c *DropSchema) {
	if c == nil {
		return
	}
	for _, name := range c.Names {
		if name == "" {
			name = r.DefaultSchema
		}
		delete(r.schemas, name)
		for k := range r.tables {
			if k.Schema == name {
				r.removeTable(k)
			}
		}
		for k := range r.views {
			if k.Schema == name {
				delete(r.views, k)
			}
		}
		for k := range r.enums {
			if k.Schema == name {
				delete(r.enums, k)
			}
		}
	}
}

func (r *Realm) createTable(c *CreateTable) {
	if c == nil || c.Table == nil || c.Table.Name.Name == "" {
		return
	}
	k := r.key(c.Table.Name)
	if r.tables[k] != nil {
		if c.IfNotExists {
			return
		}
		// The server would refuse; the history evidently dropped the table
		// in a way the model missed, so the new definition wins.
		r.removeTable(k)
	}
	t := c.Table.clone()
	if c.PartitionOf.Name != "" {
		r.inheritColumns(t, c.PartitionOf)
	}
	r.created(&t.Origin)
	for _, col := range t.Columns {
		r.created(&col.Origin)
	}
	for _, i := range t.Indexes {
		r.created(&i.Origin)
	}
	r.tables[k] = t
	// Constraints are named in PostgreSQL's order (primary key first), each
	// backed by an index when its kind needs one; then plain indexes.
	cons := t.Constraints
	t.Constraints = make([]*Constraint, 0, len(cons))
	claimed := map[*Index]bool{}
	for pass := 0; pass < 2; pass++ {
		for _, con := range cons {
			if (con.Kind == PrimaryKey) != (pass == 0) {
				continue
			}
			r.created(&con.Origin)
			given := con.Name
			r.nameConstraint(k.Schema, t, con)
			t.Constraints = append(t.Constraints, con)
			r.noteForeignKey(t, con)
			if backed(con.Kind) {
				r.backingIndex(k.Schema, t, con, given, claimed)
			}
			if con.Kind == PrimaryKey {
				r.setNotNull(t, con.Columns)
			}
		}
	}
	for _, i := range t.Indexes {
		if !claimed[i] {
			r.nameIndex(k.Schema, t, i)
			r.indexes[QName{Schema: k.Schema, Name: i.Name}] = t
		}
	}
}

// inheritColumns gives a partition its parent's columns, ahead of the
// ones it lists itself (WITH OPTIONS entries restate inherited columns).
func (r *Realm) inheritColumns(t *Table, parent QName) {
	p := r.Table(parent)
	if p == nil {
		return
	}
	cols := make([]*Column, 0, len(p.Columns)+len(t.Columns))
	for _, pc := range p.Columns {
		if own := r.column(t, pc.Name); own != nil { // col WITH OPTIONS ...
			if own.Type.Name == "" {
				own.Type = pc.Type.clone()
			}
			cols = append(cols, own)
			continue
		}
		cols = append(cols, pc.clone())
	}
	for _, c := range t.Columns {
		if r.column(p, c.Name) == nil {
			cols = append(cols, c)
		}
	}
	t.Columns = cols
}

// backingIndex links constraint con of a new table to its index: the one the
// producer listed in Table.Indexes (same given name, columns and kind) or a
// new one, named like the constraint.
func (r *Realm) backingIndex(schema string, t *Table, con *Constraint, given string, claimed map[*Index]bool) {
	for _, i := range t.Indexes {
		if claimed[i] || i.Name != given || !r.sameColumns(i.Columns, con.Columns) ||
			i.Primary != (con.Kind == PrimaryKey) || i.Unique != (con.Kind != Exclude) {
			continue
		}
		i.Name = con.Name
		claimed[i] = true
		r.indexes[QName{Schema: schema, Name: i.Name}] = t
		return
	}
	i := &Index{Name: con.Name, Columns: slices.Clone(con.Columns), Unique: con.Kind != Exclude, Primary: con.Kind == PrimaryKey}
	r.created(&i.Origin)
	t.Indexes = append(t.Indexes, i)
	claimed[i] = true
	r.indexes[QName{Schema: schema, Name: i.Name}] = t
}

func (r *Realm) setNotNull(t *Table, cols []string) {
	for _, n := range cols {
		if col := r.column(t, n); col != nil {
			col.NotNull = true
		}
	}
}

// removeTable deletes the table at resolved key k with its indexes.
func (r *Realm) removeTable(k QName) {
	t := r.tables[k]
	if t == nil {
		return
	}
	for _, i := range t.Indexes {
		if ik := (QName{Schema: k.Schema, Name: i.Name}); r.indexes[ik] == t {
			delete(r.indexes, ik)
		}
	}
	delete(r.tables, k)
}

func (r *Realm) dropTable(c *DropTable) {
	if c == nil {
		return
	}
	for _, n := range c.Names {
		k := r.key(n)
		if t := r.tables[k]; t == nil || t.Materialized {
			continue // DROP TABLE does not drop a materialized view
		}
		r.removeTable(k)
		if c.Cascade { // CASCADE drops the foreign keys that reference it
			r.eachForeignKeyTo(k, func(t *Table, i int) { t.Constraints = slices.Delete(t.Constraints, i, i+1) })
		}
	}
}

// eachForeignKeyTo calls f for every foreign key that references table k,
// from the last constraint of a table to the first so f may remove it. The
// referrers index keeps this from scanning every table; it may hold tables
// since dropped or renamed away, which are skipped and pruned here.
func (r *Realm) eachForeignKeyTo(k QName, f func(t *Table, i int)) {
	for t := range r.referrers[k] {
		if r.tables[r.key(t.Name)] != t {
			delete(r.referrers[k], t)
			continue
		}
		for i := len(t.Constraints) - 1; i >= 0; i-- {
			if c := t.Constraints[i]; c.Kind == ForeignKey && r.key(c.RefTable) == k {
				f(t, i)
			}
		}
	}
}

// noteForeignKey records that t may hold a foreign key to c.RefTable.
func (r *Realm) noteForeignKey(t *Table, c *Constraint) {
	if c.Kind != ForeignKey {
		return
	}
	k := r.key(c.RefTable)
	if r.referrers[k] == nil {
		r.referrers[k] = map[*Table]bool{}
	}
	r.referrers[k][t] = true
}

// renameTable renames (or, with a new To.Schema, moves) a table, materialized
// view or view. The object keeps its Origin: a renamed existing table is
// still existing. Its indexes move with it.
func (r *Realm) renameTable(c *RenameTable) {
	if c == nil || c.To.Name == "" {
		return
	}
	from := r.key(c.From)
	to := QName{Schema: from.Schema, Name: c.To.Name}
	if c.To.Schema != "" {
		to.Schema = c.To.Schema
	}
	if from == to || r.tables[to] != nil || r.views[to] != nil {
		return // a no-op, or a rename the server would refuse
	}
	newName := QName{Schema: c.From.Schema, Name: to.Name}
	if c.To.Schema != "" {
		newName.Schema = c.To.Schema
	}
	if v := r.views[from]; v != nil {
		delete(r.views, from)
		v.Name = newName
		r.views[to] = v
		return
	}
	t := r.tables[from]
	if t == nil {
		return
	}
	delete(r.tables, from)
	t.Name = newName
	r.tables[to] = t
	if to.Schema != from.Schema {
		for _, i := range t.Indexes {
			delete(r.indexes, QName{Schema: from.Schema, Name: i.Name})
			r.indexes[QName{Schema: to.Schema, Name: i.Name}] = t
		}
	}
	r.eachForeignKeyTo(from, func(ft *Table, i int) { ft.Constraints[i].RefTable = to })
	if moved := r.referrers[from]; moved != nil {
		delete(r.referrers, from)
		if r.referrers[to] == nil {
			r.referrers[to] = moved
		} else {
			for ft := range moved {
				r.referrers[to][ft] = true
			}
		}
	}
}
