package schema

// PutTable puts a table as a dev database's catalog describes it into the
// realm, in place of what the static fold knows under that name: the
// server's own schema wins over the model's reading of the SQL. Its Origins
// are kept as given (the producer knows what existed before the file), and
// it is cloned, never retained.
func (r *Realm) PutTable(t *Table) {
	if t == nil || t.Name.Name == "" {
		return
	}
	k := r.key(t.Name)
	old := r.tables[k]
	r.removeTable(k)
	n := t.clone()
	if keys, ok := r.retired[old]; ok && old != nil {
		// The unique keys the file removed held on the same rows.
		delete(r.retired, old)
		r.retired[n] = keys
	}
	r.tables[k] = n
	r.noteFresh(n)
	for _, i := range n.Indexes {
		r.indexes[QName{Schema: k.Schema, Name: i.Name}] = n
	}
	for _, c := range n.Constraints {
		r.noteForeignKey(n, c)
	}
}

// RemoveTable takes a table out of the realm: the dev database shows it is
// gone.
func (r *Realm) RemoveTable(q QName) { r.removeTable(r.key(q)) }

// noteFresh lists what the server says the current file created, so the
// next file's MarkExisting makes it existing as it does the static fold's.
func (r *Realm) noteFresh(t *Table) {
	note := func(o *Origin) {
		if !o.Existing {
			r.fresh = append(r.fresh, o)
		}
	}
	note(&t.Origin)
	for _, c := range t.Columns {
		note(&c.Origin)
	}
	for _, c := range t.Constraints {
		note(&c.Origin)
	}
	for _, i := range t.Indexes {
		note(&i.Origin)
	}
}
