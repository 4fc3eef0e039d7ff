package devdb

import (
	"context"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/schemaguard/schemaguard/observed"
	"github.com/schemaguard/schemaguard/schema"
)

// pgLocksSQL lists the relation locks this backend holds in the scratch
// database. Catalogs (OIDs below 16384, FirstNormalObjectId) are left out:
// every query, this one included, locks some. Names join here for
// relations that exist now; the dropped ones are named from earlier reads.
const pgLocksSQL = `SELECT l.relation, l.mode, n.nspname, c.relname, c.relkind::text
FROM pg_locks l LEFT JOIN pg_class c ON c.oid = l.relation LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.database = $1
  AND l.relation >= 16384 AND l.granted`

// relRef names a relation.
type relRef struct {
	name schema.QName
	kind string
}

// pgState is one read of the server around a statement: the touched tables
// (entry for entry, nil when absent) and, when read inside a transaction,
// the locks this backend holds.
type pgState struct {
	tables []*pgTable
	rels   map[uint32]relRef
	// locks maps a relation to the modes held on it; nil when not read.
	locks map[uint32]map[string]bool
}

// Around its own reads the session plans with force_generic_plan: the
// reads are prepared statements whose custom plans (PostgreSQL's default
// for an array parameter) cost more to plan than to run. The migration's
// own setting is kept in a placeholder variable and put back at the end of
// the same batch, so the migration never runs under ours.
const (
	pgGenericPlans = `SELECT set_config('schemaguard.plan_cache_mode', current_setting('plan_cache_mode'), false),
  set_config('plan_cache_mode', 'force_generic_plan', false)`
	pgRestorePlans = `SELECT set_config('plan_cache_mode', current_setting('schemaguard.plan_cache_mode'), false)`
)

// read reads the touched tables and, with withLocks, the locks, in one
// round trip. The lock query runs first when locksFirst (after a
// statement, so that nothing the catalog reads might lock counts) and last
// otherwise (before it, so that anything they lock counts as held before).
// begin opens the transaction first, in the same round trip.
func (e *pgEngine) read(ctx context.Context, names []schema.QName, withLocks, locksFirst, begin bool) (*pgState, error) {
	st := &pgState{rels: map[uint32]relRef{}}
	if !begin && !withLocks && len(names) == 0 {
		return st, nil
	}
	b := &pgx.Batch{}
	if begin {
		b.Queue("BEGIN")
	}
	queueLocks := func() {
		st.locks = map[uint32]map[string]bool{}
		b.Queue(pgLocksSQL, e.dbOID).Query(func(rows pgx.Rows) error {
			var oid uint32
			var mode string
			var nsp, rel, kind *string
			_, err := pgx.ForEachRow(rows, []any{&oid, &mode, &nsp, &rel, &kind}, func() error {
				if st.locks[oid] == nil {
					st.locks[oid] = map[string]bool{}
				}
				st.locks[oid][lockMode(mode)] = true
				if nsp != nil && rel != nil && kind != nil {
					st.rels[oid] = relRef{schema.QName{Schema: *nsp, Name: *rel}, relKind(*kind)}
				}
				return nil
			})
			return err
		})
	}
	if withLocks && locksFirst {
		queueLocks()
	}
	var raw pgRaw
	if len(names) > 0 {
		b.Queue(pgGenericPlans)
		raw.queue(b, quotedNames(names))
		b.Queue(pgRestorePlans)
	}
	if withLocks && !locksFirst {
		queueLocks()
	}
	if err := e.conn.SendBatch(ctx, b).Close(); err != nil {
		return nil, e.m.wrap(ctx, "read the catalog of the scratch database", err)
	}
	st.tables = make([]*pgTable, len(names))
	for _, row := range raw.tables {
		pt := e.cat.table(names[row.ord-1], row, &raw)
		st.tables[row.ord-1] = pt
		st.rels[row.oid] = relRef{row.name, relKind(row.kind)}
		for name, oid := range pt.idx {
			st.rels[oid] = relRef{schema.QName{Schema: row.name.Schema, Name: name}, "index"}
		}
		for _, x := range raw.extras[row.oid] {
			st.rels[x.oid] = relRef{x.name, relKind(x.kind)}
		}
		pt.extras = raw.extras[row.oid]
	}
	return st, nil
}

// lockDiff returns the locks the statement took — (relation, mode) pairs
// held after it and not before, the strongest per relation — and every
// lock held after it, the strongest per relation. Relations are named from
// the reads after, then before (a relation the statement dropped); two
// OIDs of one name (an index or TOAST table rebuilt beside the old one)
// are one relation. Only relations of existed (those there when the file
// started) count: a lock on a table the file created, say a partition a
// function made, blocks nobody.
func lockDiff(before, after *pgState, existed map[uint32]bool) (took, held []observed.Lock) {
	name := func(oid uint32) (relRef, bool) {
		if r, ok := after.rels[oid]; ok {
			return r, true
		}
		r, ok := before.rels[oid]
		return r, ok
	}
	strongest := func(list []observed.Lock, l observed.Lock) []observed.Lock {
		for i := range list {
			if list[i].Relation == l.Relation {
				if observed.Strength(l.Mode) > observed.Strength(list[i].Mode) {
					list[i] = l
				}
				return list
			}
		}
		return append(list, l)
	}
	for oid, modes := range after.locks {
		if !existed[oid] {
			continue
		}
		ref, ok := name(oid)
		if !ok {
			continue // dropped by the statement and never read: nothing to name it by
		}
		for m := range modes {
			l := observed.Lock{Relation: ref.name, Kind: ref.kind, Mode: m}
			held = strongest(held, l)
			if !before.locks[oid][m] {
				took = strongest(took, l)
			}
		}
	}
	byRelation := func(a, b observed.Lock) int {
		return strings.Compare(a.Relation.String(), b.Relation.String())
	}
	slices.SortFunc(took, byRelation)
	slices.SortFunc(held, byRelation)
	return took, held
}

// storageKey identifies a relation's storage across a statement that may
// give it a new OID: a table (or partition) by OID, an index by its table
// and name (ALTER COLUMN TYPE re-creates indexes under new OIDs), a TOAST
// table by its table (a rewrite gives it a new OID).
type storageKey struct {
	kind  byte
	table uint32
	name  string
}

type storage struct {
	key      storageKey
	name     schema.QName
	filenode uint32
}

func (s *pgState) storage() []storage {
	var out []storage
	seen := map[uint32]bool{}
	for _, t := range s.tables {
		if t == nil || seen[t.oid] {
			continue
		}
		seen[t.oid] = true
		out = append(out, storage{storageKey{'r', t.oid, ""}, t.qual, t.filenode})
		for name, node := range t.idxNodes {
			out = append(out, storage{storageKey{'i', t.oid, name}, schema.QName{Schema: t.qual.Schema, Name: name}, node})
		}
		for _, x := range t.extras {
			switch x.role {
			case "toast":
				out = append(out, storage{storageKey{'t', t.oid, ""}, x.name, x.filenode})
			case "partition":
				out = append(out, storage{storageKey{'r', x.oid, ""}, x.name, x.filenode})
			}
		}
	}
	return out
}

// rewrites lists the relations whose relfilenode the statement changed.
// Relations without storage (relfilenode 0: partitioned tables) never
// count; their partitions do.
func rewrites(before, after *pgState) []schema.QName {
	was := map[storageKey]uint32{}
	for _, s := range before.storage() {
		was[s.key] = s.filenode
	}
	var out []schema.QName
	for _, s := range after.storage() {
		if old, ok := was[s.key]; ok && old != 0 && s.filenode != 0 && old != s.filenode && !slices.Contains(out, s.name) {
			out = append(out, s.name)
		}
	}
	slices.SortFunc(out, func(a, b schema.QName) int { return strings.Compare(a.String(), b.String()) })
	return out
}

// lockMode spells pg_locks.mode ("ShareRowExclusiveLock") as SQL does.
func lockMode(m string) string {
	switch m {
	case "AccessShareLock":
		return "ACCESS SHARE"
	case "RowShareLock":
		return "ROW SHARE"
	case "RowExclusiveLock":
		return "ROW EXCLUSIVE"
	case "ShareUpdateExclusiveLock":
		return "SHARE UPDATE EXCLUSIVE"
	case "ShareLock":
		return "SHARE"
	case "ShareRowExclusiveLock":
		return "SHARE ROW EXCLUSIVE"
	case "ExclusiveLock":
		return "EXCLUSIVE"
	case "AccessExclusiveLock":
		return "ACCESS EXCLUSIVE"
	}
	return m
}

// relKind names a pg_class.relkind as observed.Lock.Kind does.
func relKind(k string) string {
	switch k {
	case "r", "p":
		return "table"
	case "i", "I":
		return "index"
	case "S":
		return "sequence"
	case "v":
		return "view"
	case "m":
		return "materialized view"
	case "t":
		return "toast"
	case "f":
		return "foreign table"
	}
	return k
}
