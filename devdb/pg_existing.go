package devdb

// pgExisting holds the OIDs of what was there when a file started, so that
// an object renamed by the file is still existing and one dropped and
// created again is not.
type pgExisting struct {
	tables map[uint32]bool
	cols   map[attKey]bool
	cons   map[uint32]bool
	idx    map[uint32]bool
	enums  map[uint32]bool
	// rels holds every relation of the database when the file started: a
	// lock on any other was created by the file, and nobody else can be
	// waiting for it.
	rels map[uint32]bool
}

type attKey struct {
	rel uint32
	num int16
}

func newPgExisting(start *pgState) *pgExisting {
	x := &pgExisting{tables: map[uint32]bool{}, cols: map[attKey]bool{}, cons: map[uint32]bool{}, idx: map[uint32]bool{}}
	for _, t := range start.tables {
		if t == nil {
			continue
		}
		x.tables[t.oid] = true
		for _, n := range t.attnums {
			x.cols[attKey{t.oid, n}] = true
		}
		for _, o := range t.cons {
			x.cons[o] = true
		}
		for _, o := range t.idx {
			x.idx[o] = true
		}
	}
	return x
}

// carry keeps the identity of indexes and constraints a statement
// re-created under the same name on the same table: ALTER COLUMN TYPE
// rebuilds them with new OIDs, REINDEX CONCURRENTLY swaps in a new index.
// One statement cannot drop an index and create an unrelated one of the
// same name except by saying so in one ALTER TABLE, which is rare enough to
// count as the same object.
func (x *pgExisting) carry(before, after *pgState) {
	was := map[uint32]*pgTable{}
	for _, t := range before.tables {
		if t != nil {
			was[t.oid] = t
		}
	}
	for _, t := range after.tables {
		if t == nil || was[t.oid] == nil {
			continue
		}
		b := was[t.oid]
		for name, o := range t.idx {
			if old, ok := b.idx[name]; ok && x.idx[old] {
				x.idx[o] = true
			}
		}
		for name, o := range t.cons {
			if old, ok := b.cons[name]; ok && x.cons[old] {
				x.cons[o] = true
			}
		}
	}
}

// mark sets the Existing flags of the tables of a read.
func (x *pgExisting) mark(s *pgState) {
	for _, t := range s.tables {
		if t == nil {
			continue
		}
		t.t.Existing = x.tables[t.oid]
		for _, c := range t.t.Columns {
			n, ok := t.attnums[c.Name]
			c.Existing = ok && x.cols[attKey{t.oid, n}]
		}
		for _, c := range t.t.Constraints {
			o, ok := t.cons[c.Name]
			c.Existing = ok && x.cons[o]
		}
		for _, i := range t.t.Indexes {
			o, ok := t.idx[i.Name]
			i.Existing = ok && x.idx[o]
		}
	}
}
