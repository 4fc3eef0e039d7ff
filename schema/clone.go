package schema

import "slices"

// Deep copies of model objects: the realm never keeps an object a Change
// points to, so folding later statements cannot alter what a rule saw.

func (t *Table) clone() *Table {
	c := *t
	// nil entries (a producer's bug) are dropped rather than crash the fold.
	c.Columns = make([]*Column, 0, len(t.Columns))
	for _, col := range t.Columns {
		if col != nil {
			c.Columns = append(c.Columns, col.clone())
		}
	}
	c.Constraints = make([]*Constraint, 0, len(t.Constraints))
	for _, k := range t.Constraints {
		if k != nil {
			c.Constraints = append(c.Constraints, k.clone())
		}
	}
	c.Indexes = make([]*Index, 0, len(t.Indexes))
	for _, x := range t.Indexes {
		if x != nil {
			c.Indexes = append(c.Indexes, x.clone())
		}
	}
	return &c
}

func (c *Column) clone() *Column {
	n := *c
	n.Type = c.Type.clone()
	n.Default = c.Default.clone()
	return &n
}

func (t Type) clone() Type {
	t.Mods = slices.Clone(t.Mods)
	t.Values = slices.Clone(t.Values)
	return t
}

func (e *Expr) clone() *Expr {
	if e == nil {
		return nil
	}
	n := *e
	return &n
}

func (c *Constraint) clone() *Constraint {
	n := *c
	n.Columns = slices.Clone(c.Columns)
	n.RefColumns = slices.Clone(c.RefColumns)
	return &n
}

func (i *Index) clone() *Index {
	n := *i
	n.Columns = slices.Clone(i.Columns)
	n.Where = slices.Clone(i.Where)
	return &n
}
