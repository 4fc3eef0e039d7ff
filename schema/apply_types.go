package schema

import "slices"

// Folding of enum types and views.

func (r *Realm) createEnum(c *CreateEnum) {
	if c == nil || c.Enum == nil {
		return
	}
	k := r.key(c.Enum.Name)
	if r.enums[k] != nil {
		return
	}
	e := &Enum{Name: c.Enum.Name, Values: slices.Clone(c.Enum.Values)}
	r.created(&e.Origin)
	r.enums[k] = e
}

// addEnumValue inserts the value where ALTER TYPE ... ADD VALUE puts it:
// before or after its neighbour, else at the end.
func (r *Realm) addEnumValue(c *AddEnumValue) {
	if c == nil {
		return
	}
	e := r.Enum(c.Type)
	if e == nil || slices.Contains(e.Values, c.Value) {
		return
	}
	at := len(e.Values)
	if i := slices.Index(e.Values, c.Before); c.Before != "" && i >= 0 {
		at = i
	} else if i := slices.Index(e.Values, c.After); c.After != "" && i >= 0 {
		at = i + 1
	}
	e.Values = slices.Insert(e.Values, at, c.Value)
}

func (r *Realm) renameType(c *RenameType) {
	if c == nil || c.To.Name == "" {
		return
	}
	from := r.key(c.From)
	e := r.enums[from]
	to := QName{Schema: from.Schema, Name: c.To.Name}
	if c.To.Schema != "" {
		to.Schema = c.To.Schema
	}
	if e == nil || r.enums[to] != nil {
		return
	}
	delete(r.enums, from)
	e.Name = QName{Schema: c.From.Schema, Name: to.Name}
	if c.To.Schema != "" {
		e.Name.Schema = c.To.Schema
	}
	r.enums[to] = e
}

// createView records a view; a materialized view becomes a Table because it
// holds rows and indexes. OR REPLACE keeps the view's Origin: it is the same
// object with a new query.
func (r *Realm) createView(c *CreateView) {
	if c == nil || c.Name.Name == "" {
		return
	}
	k := r.key(c.Name)
	if c.Materialized {
		if r.tables[k] != nil {
			return
		}
		t := &Table{Name: c.Name, Materialized: true}
		r.created(&t.Origin)
		r.tables[k] = t
		return
	}
	if r.views[k] != nil {
		return
	}
	v := &View{Name: c.Name}
	r.created(&v.Origin)
	r.views[k] = v
}

func (r *Realm) dropView(c *DropView) {
	if c == nil {
		return
	}
	for _, n := range c.Names {
		k := r.key(n)
		if !c.Materialized {
			delete(r.views, k)
		} else if t := r.tables[k]; t != nil && t.Materialized {
			r.removeTable(k)
		}
	}
}
