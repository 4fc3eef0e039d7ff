package devdb

import (
	"github.com/jackc/pgx/v5"

	"github.com/schemaguard/schemaguard/schema"
)

// Catalog reads of the touched tables. Every query takes the tables as a
// text[] of quoted names and resolves them with to_regclass (search_path
// applies to unqualified ones, as it does for the migration), so a read
// costs one round trip for all of a statement's tables, touches only
// their rows in the catalogs and takes no lock on them.

// pgTouched resolves the names to the tables among them (views and
// sequences are not tables).
const pgTouched = `WITH t AS (
  SELECT c.oid FROM unnest($1::text[]) AS n JOIN pg_class c ON c.oid = to_regclass(n)
  WHERE c.relkind IN ('r','p','m','f'))`

const pgTablesSQL = `SELECT q.ord::int, c.oid, n.nspname, c.relname, c.relkind::text, c.relfilenode
FROM unnest($1::text[]) WITH ORDINALITY AS q(name, ord)
JOIN pg_class c ON c.oid = to_regclass(q.name) JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r','p','m','f')`

// pgColumnsSQL reads the columns; arrays are read as their element type.
const pgColumnsSQL = pgTouched + `
SELECT a.attrelid, a.attnum, a.attname, ty.typname, tn.nspname, et.typname, etn.nspname,
  a.atttypmod, a.attnotnull, a.attidentity::text, a.attgenerated::text,
  pg_get_expr(d.adbin, d.adrelid)
FROM t JOIN pg_attribute a ON a.attrelid = t.oid
JOIN pg_type ty ON ty.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = ty.typnamespace
LEFT JOIN pg_type et ON ty.typcategory = 'A' AND et.oid = ty.typelem
LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`

const pgConstraintsSQL = pgTouched + `
SELECT c.conrelid, c.oid, c.conname, c.contype::text, c.conindid, pg_get_constraintdef(c.oid)
FROM t JOIN pg_constraint c ON c.conrelid = t.oid
WHERE c.contype IN ('p','u','c','f','x')
ORDER BY c.conrelid, c.oid`

const pgIndexesSQL = pgTouched + `
SELECT i.indrelid, i.indexrelid, ic.relname, ic.relfilenode, pg_get_indexdef(i.indexrelid)
FROM t JOIN pg_index i ON i.indrelid = t.oid JOIN pg_class ic ON ic.oid = i.indexrelid
ORDER BY i.indrelid, i.indexrelid`

// pgExtrasSQL lists the other relations a statement on the tables may
// lock, drop or rewrite: TOAST tables, owned sequences (with the column
// that owns them: 'a' for serial, 'i' for identity) and partitions (direct
// ones, from pg_inherits). Each branch looks pg_class up by OID, so the
// cost does not grow with the database.
const pgExtrasSQL = pgTouched + `
SELECT t.oid, 'toast', x.oid, n.nspname, x.relname, x.relkind::text, x.relfilenode, 0::int2, ''
FROM t JOIN pg_class c ON c.oid = t.oid JOIN pg_class x ON x.oid = c.reltoastrelid
JOIN pg_namespace n ON n.oid = x.relnamespace
UNION ALL
SELECT t.oid, 'sequence', x.oid, n.nspname, x.relname, x.relkind::text, x.relfilenode, d.refobjsubid::int2, d.deptype::text
FROM t JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = t.oid
  AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a','i')
JOIN pg_class x ON x.oid = d.objid AND x.relkind = 'S' JOIN pg_namespace n ON n.oid = x.relnamespace
UNION ALL
SELECT t.oid, 'partition', x.oid, n.nspname, x.relname, x.relkind::text, x.relfilenode, 0::int2, ''
FROM t JOIN pg_inherits i ON i.inhparent = t.oid JOIN pg_class x ON x.oid = i.inhrelid AND x.relispartition
JOIN pg_namespace n ON n.oid = x.relnamespace`

// Raw catalog rows, per table OID.
type (
	pgColumnRow struct {
		attnum              int16
		name, typ, typNsp   string
		elem, elemNsp       *string
		typmod              int32
		notNull             bool
		identity, generated string
		def                 *string
	}
	pgConstraintRow struct {
		oid, index      uint32
		name, kind, def string
	}
	pgIndexRow struct {
		oid, filenode uint32
		name, def     string
	}
	pgExtraRow struct {
		role     string
		oid      uint32
		name     schema.QName
		kind     string
		filenode uint32
		// attnum and deptype: the column owning a sequence, and how ('a'
		// serial, 'i' identity).
		attnum  int16
		deptype string
	}
	pgTableRow struct {
		ord      int
		oid      uint32
		name     schema.QName
		kind     string
		filenode uint32
	}
)

// pgRaw is one read of the touched tables, before assembly.
type pgRaw struct {
	tables      []pgTableRow
	columns     map[uint32][]pgColumnRow
	constraints map[uint32][]pgConstraintRow
	indexes     map[uint32][]pgIndexRow
	extras      map[uint32][]pgExtraRow
}

// queue adds the reads of the named tables to a batch; the rows land in r
// when the batch is closed.
func (r *pgRaw) queue(b *pgx.Batch, names []string) {
	r.columns = map[uint32][]pgColumnRow{}
	r.constraints = map[uint32][]pgConstraintRow{}
	r.indexes = map[uint32][]pgIndexRow{}
	r.extras = map[uint32][]pgExtraRow{}
	b.Queue(pgTablesSQL, names).Query(func(rows pgx.Rows) error {
		var t pgTableRow
		_, err := pgx.ForEachRow(rows, []any{&t.ord, &t.oid, &t.name.Schema, &t.name.Name, &t.kind, &t.filenode}, func() error {
			r.tables = append(r.tables, t)
			return nil
		})
		return err
	})
	b.Queue(pgColumnsSQL, names).Query(func(rows pgx.Rows) error {
		var rel uint32
		var c pgColumnRow
		_, err := pgx.ForEachRow(rows, []any{&rel, &c.attnum, &c.name, &c.typ, &c.typNsp, &c.elem, &c.elemNsp,
			&c.typmod, &c.notNull, &c.identity, &c.generated, &c.def}, func() error {
			r.columns[rel] = append(r.columns[rel], c)
			return nil
		})
		return err
	})
	b.Queue(pgConstraintsSQL, names).Query(func(rows pgx.Rows) error {
		var rel uint32
		var c pgConstraintRow
		_, err := pgx.ForEachRow(rows, []any{&rel, &c.oid, &c.name, &c.kind, &c.index, &c.def}, func() error {
			r.constraints[rel] = append(r.constraints[rel], c)
			return nil
		})
		return err
	})
	b.Queue(pgIndexesSQL, names).Query(func(rows pgx.Rows) error {
		var rel uint32
		var i pgIndexRow
		_, err := pgx.ForEachRow(rows, []any{&rel, &i.oid, &i.name, &i.filenode, &i.def}, func() error {
			r.indexes[rel] = append(r.indexes[rel], i)
			return nil
		})
		return err
	})
	b.Queue(pgExtrasSQL, names).Query(func(rows pgx.Rows) error {
		var rel uint32
		var x pgExtraRow
		_, err := pgx.ForEachRow(rows, []any{&rel, &x.role, &x.oid, &x.name.Schema, &x.name.Name, &x.kind, &x.filenode, &x.attnum, &x.deptype}, func() error {
			r.extras[rel] = append(r.extras[rel], x)
			return nil
		})
		return err
	})
}

// quotedNames renders table names for to_regclass.
func quotedNames(qs []schema.QName) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		if q.Schema == "" {
			out[i] = pgx.Identifier{q.Name}.Sanitize()
		} else {
			out[i] = pgx.Identifier{q.Schema, q.Name}.Sanitize()
		}
	}
	return out
}
