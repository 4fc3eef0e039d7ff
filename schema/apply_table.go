package schema

import "slices"

// Folding of column, constraint and index changes.

// table resolves q to the table and its resolved schema.
func (r *Realm) table(q QName) (*Table, string) {
	k := r.key(q)
	return r.tables[k], k.Schema
}

func (r *Realm) addColumn(c *AddColumn) {
	if c == nil || c.Column == nil {
		return
	}
	t, _ := r.table(c.Table)
	if t == nil || r.column(t, c.Column.Name) != nil {
		return // unknown table, or ADD COLUMN [IF NOT EXISTS] of a present one
	}
	col := c.Column.clone()
	r.created(&col.Origin)
	t.Columns = append(t.Columns, col)
}

// dropColumn removes the columns and, as PostgreSQL does, every index and
// constraint of the table that involves one of them (a two-column index
// goes too).
func (r *Realm) dropColumn(c *DropColumn) {
	if c == nil {
		return
	}
	t, schema := r.table(c.Table)
	if t == nil {
		return
	}
	for _, name := range c.Columns {
		i := slices.IndexFunc(t.Columns, func(col *Column) bool { return r.sameColumn(col.Name, name) })
		if i < 0 {
			continue
		}
		t.Columns = slices.Delete(t.Columns, i, i+1)
		for j := len(t.Constraints) - 1; j >= 0; j-- {
			k := t.Constraints[j]
			if r.sameColumn(k.NotNullColumn, name) || r.involves(k.Columns, name) {
				r.removeConstraint(schema, t, j)
			}
		}
		for j := len(t.Indexes) - 1; j >= 0; j-- {
			if r.involves(t.Indexes[j].Columns, name) {
				r.removeIndex(schema, t, t.Indexes[j].Name)
			}
		}
	}
}

// renameColumn keeps the column object (and its Origin) and follows the
// name into the table's indexes and constraints and into foreign keys that
// reference it. Where column names fold, a rename that only changes the
// case is a rename too.
func (r *Realm) renameColumn(c *RenameColumn) {
	if c == nil || c.To == "" {
		return
	}
	t, schema := r.table(c.Table)
	if t == nil {
		return
	}
	col := r.column(t, c.From)
	if col == nil {
		return
	}
	if other := r.column(t, c.To); other != nil && other != col {
		return // the server refuses
	}
	col.Name = c.To
	for _, i := range t.Indexes {
		for n, col := range i.Columns {
			if r.sameColumn(col, c.From) {
				i.Columns[n] = c.To
			} else {
				i.Columns[n] = r.renameIdent(col, c.From, c.To)
			}
		}
		for n, cond := range i.Where {
			i.Where[n] = r.renameIdent(cond, c.From, c.To)
		}
	}
	for _, k := range t.Constraints {
		r.replaceName(k.Columns, c.From, c.To)
		if r.sameColumn(k.NotNullColumn, c.From) {
			k.NotNullColumn = c.To
		}
	}
	r.eachForeignKeyTo(QName{Schema: schema, Name: t.Name.Name}, func(ft *Table, i int) {
		r.replaceName(ft.Constraints[i].RefColumns, c.From, c.To)
	})
}

func (r *Realm) replaceName(list []string, from, to string) {
	for i, s := range list {
		if r.sameColumn(s, from) {
			list[i] = to
		}
	}
}

func (r *Realm) alterColumnType(c *AlterColumnType) {
	if c == nil {
		return
	}
	r.setColumn(c.Table, c.Column, func(col *Column) {
		if d := c.NewDef; d != nil { // MySQL MODIFY/CHANGE restates it all
			n := d.clone()
			n.Origin, n.Name = col.Origin, col.Name
			*col = *n
			return
		}
		col.Type = c.Type.clone()
	})
}

func (r *Realm) setColumn(q QName, name string, f func(*Column)) {
	if col := r.Column(q, name); col != nil {
		f(col)
	}
}

// addConstraint adds a constraint, naming it as PostgreSQL would when it has
// no name. PRIMARY KEY, UNIQUE and EXCLUDE get their backing index (or take
// over the USING INDEX one, which the server renames to the constraint's
// name); a primary key makes its columns NOT NULL.
func (r *Realm) addConstraint(c *AddConstraint) {
	if c == nil || c.Constraint == nil {
		return
	}
	t, schema := r.table(c.Table)
	if t == nil {
		return
	}
	k := c.Constraint.clone()
	if r.TableScopedIndexes && k.GeneratedName {
		k.Name = "" // the adapter's guess; the table's indexes decide
	}
	if _, old := t.constraint(k.Name); k.Name != "" && old != nil {
		return
	}
	r.created(&k.Origin)
	var idx *Index
	if k.UsingIndex != "" && backed(k.Kind) {
		if r.indexes[QName{Schema: schema, Name: k.UsingIndex}] == t {
			idx = t.index(k.UsingIndex)
		}
		if idx == nil {
			return // the server refuses a missing index
		}
		if len(k.Columns) == 0 {
			k.Columns = slices.Clone(idx.Columns)
		}
		if k.Name == "" {
			k.Name = idx.Name
		} else {
			r.renameIndexOf(schema, t, idx, k.Name)
		}
		idx.Unique, idx.Primary = true, k.Kind == PrimaryKey
	}
	r.nameConstraint(schema, t, k)
	t.Constraints = append(t.Constraints, k)
	r.noteForeignKey(t, k)
	if idx == nil && backed(k.Kind) {
		idx = &Index{Name: k.Name, Columns: slices.Clone(k.Columns), Unique: k.Kind != Exclude, Primary: k.Kind == PrimaryKey}
		r.created(&idx.Origin)
		t.Indexes = append(t.Indexes, idx)
		r.indexes[QName{Schema: schema, Name: idx.Name}] = t
	}
	if k.Kind == PrimaryKey {
		r.setNotNull(t, k.Columns)
	}
}

func (r *Realm) dropConstraint(c *DropConstraint) {
	if c == nil {
		return
	}
	t, schema := r.table(c.Table)
	if t == nil {
		return
	}
	i := -1
	if c.Name != "" {
		i, _ = t.constraint(c.Name)
	} else if c.Kind != "" { // MySQL DROP PRIMARY KEY
		i = slices.IndexFunc(t.Constraints, func(k *Constraint) bool { return k.Kind == c.Kind })
	}
	if i >= 0 {
		r.removeConstraint(schema, t, i)
	}
}

// removeConstraint deletes constraint i of t and the index backing it.
func (r *Realm) removeConstraint(schema string, t *Table, i int) {
	k := t.Constraints[i]
	if (k.Kind == Unique || k.Kind == PrimaryKey) && t.index(k.Name) == nil {
		r.retire(t, &Index{Origin: k.Origin, Name: k.Name, Columns: k.Columns, Unique: true, Primary: k.Kind == PrimaryKey})
	}
	t.Constraints = slices.Delete(t.Constraints, i, i+1)
	if backed(k.Kind) {
		r.removeIndex(schema, t, k.Name)
	}
}

// removeIndex deletes index name of t, and the constraint it backs.
func (r *Realm) removeIndex(schema string, t *Table, name string) {
	i := slices.IndexFunc(t.Indexes, func(x *Index) bool { return x.Name == name })
	if i < 0 {
		return
	}
	r.retire(t, t.Indexes[i])
	t.Indexes = slices.Delete(t.Indexes, i, i+1)
	if k := (QName{Schema: schema, Name: name}); r.indexes[k] == t {
		delete(r.indexes, k)
	}
	if j, k := t.constraint(name); k != nil && backed(k.Kind) {
		t.Constraints = slices.Delete(t.Constraints, j, j+1)
	}
}

func (r *Realm) renameConstraint(c *RenameConstraint) {
	if c == nil || c.To == "" {
		return
	}
	t, schema := r.table(c.Table)
	if t == nil {
		return
	}
	if _, taken := t.constraint(c.To); taken != nil {
		return
	}
	_, k := t.constraint(c.From)
	if k == nil {
		return
	}
	k.Name = c.To
	if idx := t.index(c.From); idx != nil && backed(k.Kind) {
		r.renameIndexOf(schema, t, idx, c.To)
	}
}

// renameIndexOf renames index idx of t and re-keys it.
func (r *Realm) renameIndexOf(schema string, t *Table, idx *Index, to string) {
	if old := (QName{Schema: schema, Name: idx.Name}); r.indexes[old] == t {
		delete(r.indexes, old)
	}
	idx.Name = to
	r.indexes[QName{Schema: schema, Name: to}] = t
}

func (r *Realm) createIndex(c *CreateIndex) {
	if c == nil || c.Index == nil {
		return
	}
	t, schema := r.table(c.Table)
	if t == nil {
		return
	}
	idx := c.Index.clone()
	if r.TableScopedIndexes && idx.GeneratedName {
		idx.Name = "" // the adapter's guess; the table's indexes decide
	}
	if idx.Name == "" {
		r.nameIndex(schema, t, idx)
	} else if r.indexNameTaken(schema, t, idx.Name) {
		return // IF NOT EXISTS no-op, or a failure
	}
	r.created(&idx.Origin)
	t.Indexes = append(t.Indexes, idx)
	r.indexes[QName{Schema: schema, Name: idx.Name}] = t
}

func (r *Realm) dropIndex(c *DropIndex) {
	if c == nil {
		return
	}
	for _, n := range c.Names {
		if c.Table.Name != "" { // MySQL: index names are per table
			if t, schema := r.table(c.Table); t != nil {
				r.removeIndex(schema, t, n.Name)
			}
			continue
		}
		k := r.key(n)
		if t := r.indexes[k]; t != nil {
			r.removeIndex(k.Schema, t, n.Name)
		}
	}
}

// renameIndex renames an index and the constraint it backs, as ALTER INDEX
// RENAME does.
func (r *Realm) renameIndex(c *RenameIndex) {
	if c == nil || c.To == "" {
		return
	}
	var t *Table
	var schema string
	if c.Table.Name != "" {
		t, schema = r.table(c.Table)
	} else {
		k := r.key(c.From)
		t, schema = r.indexes[k], k.Schema
	}
	if t == nil || r.relationExists(schema, c.To) || t.index(c.To) != nil {
		return
	}
	idx := t.index(c.From.Name)
	if idx == nil {
		return
	}
	if _, k := t.constraint(c.From.Name); k != nil && backed(k.Kind) {
		k.Name = c.To
	}
	r.renameIndexOf(schema, t, idx, c.To)
}
