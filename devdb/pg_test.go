package devdb

import (
	"slices"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/migrate/split"
	"github.com/schemaguard/schemaguard/schema"
)

// pgHistory is what every PostgreSQL observation case starts from: a
// referenced table and a table with rows, indexes and a TOAST table.
const pgHistory = `CREATE TABLE parent (id int PRIMARY KEY);
INSERT INTO parent SELECT g FROM generate_series(1, 10) g;
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  parent_id int,
  amount int4 NOT NULL DEFAULT 0,
  note varchar(20),
  body text
);
CREATE INDEX orders_amount_idx ON orders (amount);
INSERT INTO orders SELECT g, 1 + g % 10, g, 'n' || g, repeat('x', 10) FROM generate_series(1, 1000) g;
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE VIEW big_orders AS SELECT id FROM orders WHERE id > 500;
`

// pgSession opens a session with pgHistory replayed.
func pgSession(t *testing.T) *Session {
	t.Helper()
	s := openSession(t, pgURL())
	replayAll(t, s, atlasFile(t, split.Postgres, pgHistory))
	return s
}

func TestPostgresLocksAndRewrites(t *testing.T) {
	type want struct {
		locks    map[string]string // relation → mode the statement took; "" = none
		rewrites []string
		inTx     bool
	}
	cases := []struct {
		name    string
		sql     string
		touched []string
		want    want
	}{
		{"add column", "ALTER TABLE orders ADD COLUMN c int", []string{"orders"},
			want{map[string]string{"public.orders": "ACCESS EXCLUSIVE"}, nil, true}},
		{"add column constant default", "ALTER TABLE orders ADD COLUMN c int NOT NULL DEFAULT 7", []string{"orders"},
			want{map[string]string{"public.orders": "ACCESS EXCLUSIVE"}, nil, true}},
		{"add column volatile default rewrites", "ALTER TABLE orders ADD COLUMN c float8 DEFAULT random()", []string{"orders"},
			want{map[string]string{"public.orders": "ACCESS EXCLUSIVE"}, []string{"public.orders", "public.orders_amount_idx", "public.orders_pkey"}, true}},
		{"create index: the new index's own lock blocks nobody", "CREATE INDEX orders_note_idx ON orders (note)", []string{"orders"},
			want{map[string]string{"public.orders": "SHARE", "public.orders_note_idx": ""}, nil, true}},
		{"a new table's locks block nobody, its parent's do", "CREATE TABLE child (id int REFERENCES parent (id))", []string{"child", "parent"},
			want{map[string]string{"public.parent": "SHARE ROW EXCLUSIVE", "public.child": ""}, nil, true}},
		{"a table made inside a DO block is new too", "DO $$ BEGIN EXECUTE 'CREATE TABLE made_inside (id int)'; LOCK TABLE orders IN EXCLUSIVE MODE; END $$", nil,
			want{map[string]string{"public.orders": "EXCLUSIVE", "public.made_inside": ""}, nil, true}},
		{"create index concurrently in a no-transaction file runs bare",
			"-- atlas:txmode none\n\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note)", []string{"orders"},
			want{map[string]string{"public.orders": ""}, nil, false}},
		{"add foreign key", "ALTER TABLE orders ADD CONSTRAINT orders_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id)", []string{"orders", "parent"},
			want{map[string]string{"public.orders": "SHARE ROW EXCLUSIVE", "public.parent": "SHARE ROW EXCLUSIVE"}, nil, true}},
		{"validate constraint", "ALTER TABLE orders VALIDATE CONSTRAINT orders_parent_fk", []string{"orders", "parent"},
			want{map[string]string{"public.orders": "SHARE UPDATE EXCLUSIVE", "public.parent": "ROW SHARE"}, nil, true}},
		{"set not null", "ALTER TABLE orders ALTER COLUMN note SET NOT NULL", []string{"orders"},
			want{map[string]string{"public.orders": "ACCESS EXCLUSIVE"}, nil, true}},
		{"add check not valid", "ALTER TABLE orders ADD CONSTRAINT amount_pos CHECK (amount > 0) NOT VALID", []string{"orders"},
			want{map[string]string{"public.orders": "ACCESS EXCLUSIVE"}, nil, true}},
		{"type change int4 to int8 rewrites", "ALTER TABLE orders ALTER COLUMN amount TYPE int8", []string{"orders"},
			want{map[string]string{"public.orders": "ACCESS EXCLUSIVE"}, []string{"public.orders", "public.orders_amount_idx", "public.orders_pkey"}, true}},
		{"varchar widening does not rewrite", "ALTER TABLE orders ALTER COLUMN note TYPE varchar(50)", []string{"orders"},
			want{map[string]string{"public.orders": "ACCESS EXCLUSIVE"}, nil, true}},
		{"drop index", "DROP INDEX orders_amount_idx", []string{"orders"},
			want{map[string]string{"public.orders": "ACCESS EXCLUSIVE", "public.orders_amount_idx": "ACCESS EXCLUSIVE"}, nil, true}},
		{"drop index concurrently runs bare", "-- atlas:txmode none\n\nDROP INDEX CONCURRENTLY orders_amount_idx", []string{"orders"},
			want{map[string]string{"public.orders": "", "public.orders_amount_idx": ""}, nil, false}},
		{"drop table: its relations are named from the read before", "DROP TABLE orders CASCADE", []string{"orders"},
			want{map[string]string{"public.orders": "ACCESS EXCLUSIVE", "public.orders_amount_idx": "ACCESS EXCLUSIVE", "public.parent": ""}, nil, true}},
		{"vacuum full runs bare and rewrites", "-- atlas:txmode none\n\nVACUUM FULL orders", []string{"orders"},
			want{map[string]string{"public.orders": ""}, []string{"public.orders", "public.orders_amount_idx", "public.orders_pkey"}, false}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := pgSession(t)
			if strings.Contains(c.sql, "VALIDATE") {
				replayAll(t, s, atlasFile(t, split.Postgres,
					"ALTER TABLE orders ADD CONSTRAINT orders_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID;"))
			}
			f := atlasFile(t, split.Postgres, c.sql)
			o := runOK(t, s, f, each(1, c.touched...))[0]
			if o.InTx != c.want.inTx {
				t.Errorf("InTx = %v, want %v", o.InTx, c.want.inTx)
			}
			for _, l := range o.Locks {
				if l.Relation.Name == "" || l.Kind == "" {
					t.Errorf("a lock on an unnamed relation: %+v", l)
				}
			}
			for rel, mode := range c.want.locks {
				qn := schema.QName{Schema: "public", Name: strings.TrimPrefix(rel, "public.")}
				if got := o.LockOn(qn); got != mode {
					t.Errorf("lock on %s = %q, want %q (locks: %s)", rel, got, mode, lockString(o.Locks))
				}
			}
			var rw []string
			for _, r := range o.Rewrites {
				if r.Schema != "pg_toast" {
					rw = append(rw, r.String())
				}
			}
			if !slices.Equal(rw, c.want.rewrites) {
				t.Errorf("rewrites = %v, want %v", o.Rewrites, c.want.rewrites)
			}
			if c.want.rewrites != nil && !slices.ContainsFunc(o.Rewrites, func(q schema.QName) bool { return q.Schema == "pg_toast" }) {
				t.Errorf("rewrites = %v: the TOAST table was rewritten too", o.Rewrites)
			}
			if o.Duration <= 0 {
				t.Errorf("Duration = %v", o.Duration)
			}
		})
	}
}

// A lock an earlier statement of the transaction took is held, not taken
// again.
func TestPostgresHeldLocks(t *testing.T) {
	s := pgSession(t)
	f := atlasFile(t, split.Postgres, "ALTER TABLE orders ADD COLUMN c int;\nCREATE INDEX orders_c_idx ON orders (c);")
	obs := runOK(t, s, f, each(2, "orders"))
	orders := schema.QName{Schema: "public", Name: "orders"}
	if got := obs[1].LockOn(orders); got != "SHARE" {
		t.Errorf("CREATE INDEX took %q on orders, want SHARE (locks: %s)", got, lockString(obs[1].Locks))
	}
	held := ""
	for _, l := range obs[1].Held {
		if l.Relation == orders {
			held = l.Mode
		}
	}
	if held != "ACCESS EXCLUSIVE" {
		t.Errorf("held on orders after CREATE INDEX = %q, want ACCESS EXCLUSIVE (held: %s)", held, lockString(obs[1].Held))
	}
}

func TestPostgresTransactionFailures(t *testing.T) {
	cases := []struct {
		name, sql, code string
		failAt          int
		golangMigrate   bool
	}{
		{"concurrently after COMMIT in a golang-migrate file (a new implicit transaction)",
			"BEGIN;\nALTER TABLE orders ADD COLUMN c int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);\nSELECT 1;", "25001", 3, true},
		{"concurrently in a transactional file", "CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);\nALTER TABLE orders ADD COLUMN c int;", "25001", 0, false},
		{"new enum value used in its transaction", "ALTER TYPE mood ADD VALUE 'happy';\nSELECT 'happy'::mood;\nALTER TABLE orders ADD COLUMN c int;", "55P04", 1, false},
		{"failing statement", "ALTER TABLE orders ADD COLUMN c int;\nALTER TABLE orders ADD COLUMN nope_fk int REFERENCES missing (id);\nCREATE TABLE later (id int);", "42P01", 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := pgSession(t)
			f := atlasFile(t, split.Postgres, c.sql)
			if c.golangMigrate {
				f = dir(t, migrate.FormatGolangMigrate, split.Postgres, map[string]string{"1_a.up.sql": c.sql})[0]
			}
			obs, err := s.Run(testCtx(t), f, each(len(f.Statements), "orders"))
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			for i, o := range obs {
				switch {
				case i < c.failAt && (!o.Ran || o.Err != nil):
					t.Errorf("statement %d: Ran %v, Err %v; want it run", i, o.Ran, o.Err)
				case i == c.failAt && (o.Err == nil || o.Err.Code != c.code || o.Err.Message == ""):
					t.Errorf("statement %d: Err %+v, want SQLSTATE %s with a message", i, o.Err, c.code)
				case i > c.failAt && o.Ran:
					t.Errorf("statement %d ran after the failure", i)
				}
			}
			// The failed transaction is rolled back: nothing of it stays.
			committed := c.golangMigrate // its own COMMIT came first
			if col := tableAfter(t, s, "orders"); slices.ContainsFunc(col.Columns, func(c *schema.Column) bool { return c.Name == "c" }) != committed {
				t.Errorf("column c there: %v, want %v", !committed, committed)
			}
		})
	}
}

// tableAfter reads a table's current definition through a one-statement
// file that touches it.
func tableAfter(t *testing.T, s *Session, name string) *schema.Table {
	t.Helper()
	obs := runOK(t, s, atlasFile(t, dialectOf(s), "SELECT 1"), each(1, name))
	return obs[0].After[0]
}

func dialectOf(s *Session) split.Dialect {
	if s.Dialect() == "postgres" {
		return split.Postgres
	}
	return split.MySQL
}

func TestPostgresEnum(t *testing.T) {
	s := pgSession(t)
	runOK(t, s, atlasFile(t, split.Postgres, "ALTER TYPE mood ADD VALUE 'happy';\nCREATE TYPE size AS ENUM ();"), nil)
	ctx := testCtx(t)
	mood, err := s.Enum(ctx, q("mood"))
	if err != nil || mood == nil || !slices.Equal(mood.Values, []string{"sad", "ok", "happy"}) || !mood.Existing {
		t.Errorf("mood: %+v, %v", mood, err)
	}
	size, err := s.Enum(ctx, q2("public", "size"))
	if err != nil || size == nil || len(size.Values) != 0 || size.Existing {
		t.Errorf("size: %+v, %v", size, err)
	}
	for _, name := range []string{"missing", "orders"} { // no such type; a table's row type is no enum
		if e, err := s.Enum(ctx, q(name)); e != nil || err != nil {
			t.Errorf("%s: %+v, %v", name, e, err)
		}
	}
}
