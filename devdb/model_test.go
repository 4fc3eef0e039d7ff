package devdb

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/dialect"
	mydialect "github.com/schemaguard/schemaguard/dialect/mysql"
	"github.com/schemaguard/schemaguard/dialect/postgres"
	"github.com/schemaguard/schemaguard/migrate/split"
	"github.com/schemaguard/schemaguard/schema"
)

// modelCase is a table made by some statements, compared as the server
// reads it and as the static adapter folds it.
type modelCase struct {
	name  string
	table schema.QName
	stmts []string
}

var pgModelCases = []modelCase{
	{"types", q("t1"), []string{`CREATE TABLE t1 (id bigserial PRIMARY KEY, a integer NOT NULL, b varchar(20),
		c numeric(10,2), d numeric(12), e timestamptz DEFAULT now(), f text[], g char(3), h boolean DEFAULT true,
		i jsonb DEFAULT '{}', j uuid DEFAULT gen_random_uuid(), k timestamp(3), l double precision, m smallint,
		n bit(8), o interval, p int4[] NOT NULL DEFAULT '{}', r real, s character varying, u bytea)`}},
	{"constraints", q("t2"), []string{`CREATE TABLE t2 (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		email text UNIQUE, age int CHECK (age > 0), parent_id bigint REFERENCES t1 (id) ON DELETE CASCADE,
		CONSTRAINT t2_email_nn CHECK (email IS NOT NULL), CONSTRAINT t2_two CHECK (age < 200 AND id > 0))`}},
	{"alters", q("t3"), []string{
		"CREATE TABLE t3 (id bigint)",
		"ALTER TABLE t3 ADD PRIMARY KEY (id)",
		"ALTER TABLE t3 ADD COLUMN x bigint",
		"ALTER TABLE t3 ADD CONSTRAINT t3_x_chk CHECK (x > 1) NOT VALID",
		"ALTER TABLE t3 ADD CONSTRAINT t3_fk FOREIGN KEY (x) REFERENCES t1 (id) NOT VALID",
		"CREATE UNIQUE INDEX t3_x_uq ON t3 (x) WHERE x > 0",
		"CREATE INDEX ON t3 (x, id)",
		"ALTER TABLE t3 ALTER COLUMN x SET NOT NULL",
		"ALTER TABLE t3 RENAME COLUMN x TO y",
		"ALTER TABLE t3 ADD COLUMN w int",
		"ALTER TABLE t3 ALTER COLUMN w TYPE numeric(20,2)",
		"ALTER TABLE t3 VALIDATE CONSTRAINT t3_x_chk",
		"ALTER TABLE t3 ADD COLUMN z int DEFAULT 5",
		"ALTER TABLE t3 ALTER COLUMN z DROP DEFAULT",
	}},
	{"generated", q("t4"), []string{"CREATE TABLE t4 (a int, b int GENERATED ALWAYS AS (a * 2) STORED)"}},
	{"partitioned", q("t5"), []string{"CREATE TABLE t5 (id int, created date) PARTITION BY RANGE (created)"}},
	{"exclusion", q("t6"), []string{"CREATE TABLE t6 (r int4range, EXCLUDE USING gist (r WITH &&))"}},
	{"enum columns", q("t7"), []string{"CREATE TYPE color AS ENUM ('r', 'g')",
		"CREATE TABLE t7 (c color DEFAULT 'r', cs color[], n serial)"}},
	{"renamed and dropped", q("t8"), []string{"CREATE TABLE t8 (a int, b int, c int)",
		"ALTER TABLE t8 ADD CONSTRAINT t8_ab UNIQUE (a, b)", "CREATE INDEX t8_c ON t8 (c)",
		"ALTER INDEX t8_c RENAME TO t8_c2", "ALTER TABLE t8 RENAME CONSTRAINT t8_ab TO t8_ab2",
		"ALTER TABLE t8 ADD CONSTRAINT t8_b_key UNIQUE (b)", "ALTER TABLE t8 DROP COLUMN a"}},
	{"self reference to a unique index", q("t10"), []string{"CREATE TABLE t10 (id int PRIMARY KEY, code int, parent_code int)",
		"CREATE UNIQUE INDEX t10_code ON t10 (code)",
		"ALTER TABLE t10 ADD CONSTRAINT t10_parent FOREIGN KEY (parent_code) REFERENCES t10 (code)"}},
	{"other schema", q2("app", "t9"), []string{"CREATE SCHEMA app",
		"CREATE TABLE app.t9 (id int PRIMARY KEY, t1_id bigint REFERENCES t1 (id))"}},
}

var myModelCases = []modelCase{
	{"types", q("m1"), []string{"CREATE TABLE m1 (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, " +
		"name VARCHAR(50) NOT NULL DEFAULT '', price DECIMAL(10,2), flag BOOLEAN DEFAULT 0, " +
		"kind ENUM('a','b') NOT NULL DEFAULT 'a', tags SET('x','y'), created DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3), " +
		"body TEXT, big BIGINT, d DATE, amount DECIMAL, z INT ZEROFILL, c CHAR(2), bin VARBINARY(16), " +
		"UNIQUE KEY m1_name (name), KEY (price))"}},
	{"alters", q("m2"), []string{"CREATE TABLE m2 (id INT PRIMARY KEY, a INT, b VARCHAR(10))",
		"ALTER TABLE m2 ADD COLUMN c INT NOT NULL DEFAULT 1, ADD INDEX (a), ADD UNIQUE (b)",
		"ALTER TABLE m2 MODIFY b VARCHAR(40) NOT NULL",
		"ALTER TABLE m2 CHANGE a a2 BIGINT",
		"ALTER TABLE m2 ADD COLUMN pid INT UNSIGNED, ADD INDEX m2_pid (pid), ADD CONSTRAINT m2_fk FOREIGN KEY (pid) REFERENCES m1 (id)",
		"ALTER TABLE m2 ALTER COLUMN c SET DEFAULT 2",
		"ALTER TABLE m2 RENAME INDEX m2_pid TO m2_pid2",
		"ALTER TABLE m2 DROP COLUMN c"}},
	{"generated and check", q("m3"), []string{"CREATE TABLE m3 (a INT, b INT AS (a * 2) VIRTUAL, c INT AS (a + 1) STORED, " +
		"CONSTRAINT m3_chk CHECK (a > 0), CONSTRAINT m3_nn CHECK (a IS NOT NULL))"}},
	{"timestamps and MariaDB types", q("m4"), []string{"CREATE TABLE m4 (id INT NOT NULL, " +
		"ts TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, u UUID, ip INET6)",
		"ALTER TABLE m4 ADD PRIMARY KEY (id)"}},
}

// TestServerModelMatchesStatic compares every table of the corpus as the
// server's catalog gives it and as the static adapter folds the same
// statements. Documented differences are normalised away first (see
// comparable).
func TestServerModelMatchesStatic(t *testing.T) {
	for _, srv := range []struct {
		name    string
		url     string
		dialect split.Dialect
		cases   []modelCase
		parser  func(s *Session) dialect.Parser
		realm   func() *schema.Realm
	}{
		{"postgres", pgURL(), split.Postgres, pgModelCases,
			func(*Session) dialect.Parser { return postgres.New() }, func() *schema.Realm { return schema.NewRealm("public") }},
		{"mysql", myURL(), split.MySQL, myModelCases,
			func(s *Session) dialect.Parser { return mydialect.New(s.MariaDB()) }, newMyRealm},
	} {
		t.Run(srv.name, func(t *testing.T) {
			s := openSession(t, srv.url)
			realm := srv.realm()
			parser := srv.parser(s)
			var all []string
			var names []schema.QName
			for _, c := range srv.cases {
				all = append(all, c.stmts...)
				names = append(names, c.table)
				for _, stmt := range c.stmts {
					st, err := parser.Parse(stmt)
					if err != nil {
						t.Fatalf("%s: static parse of %q: %v", c.name, stmt, err)
					}
					for _, ch := range st.Changes {
						realm.Apply(ch)
					}
				}
			}
			replayAll(t, s, atlasFile(t, srv.dialect, strings.Join(all, ";\n")+";"))
			got := runOK(t, s, atlasFile(t, srv.dialect, "SELECT 1"), [][]schema.QName{names})[0].After
			for i, c := range srv.cases {
				server, static := comparable(got[i]), comparable(realm.Table(c.table))
				if server == nil || static == nil || len(server.Columns) == 0 {
					t.Fatalf("%s: server read %v, static %v", c.name, server, static)
				}
				if !reflect.DeepEqual(server, static) {
					sj, _ := json.MarshalIndent(server, "", " ")
					tj, _ := json.MarshalIndent(static, "", " ")
					t.Errorf("%s: server model\n%s\nstatic model\n%s", c.name, sj, tj)
				}
			}
		})
	}
}

// comparable clears what legitimately differs between the server's model
// and the static one:
//   - Existing: the static realm has not been marked (both are "new");
//   - Default.Text: the server renders defaults its own way ('x' becomes
//     'x'::character varying, CURRENT_TIMESTAMP becomes current_timestamp()),
//     so only presence and volatility are compared;
//   - UsingIndex and GeneratedName record how a statement was written, not
//     what the server holds;
//   - the order of constraints and indexes (the server lists them by
//     creation, the realm by statement), so both are sorted by name.
func comparable(t *schema.Table) *schema.Table {
	if t == nil {
		return nil
	}
	var c *schema.Table
	b, err := json.Marshal(t)
	if err != nil || json.Unmarshal(b, &c) != nil {
		panic("table does not round-trip through JSON")
	}
	c.Existing = false
	for _, col := range c.Columns {
		col.Existing = false
		if col.Default != nil {
			col.Default.Text = ""
		}
	}
	for _, k := range c.Constraints {
		k.Existing, k.UsingIndex, k.GeneratedName = false, "", false
	}
	for _, i := range c.Indexes {
		i.Existing, i.GeneratedName = false, false
	}
	slices.SortFunc(c.Constraints, func(a, b *schema.Constraint) int { return strings.Compare(a.Name, b.Name) })
	slices.SortFunc(c.Indexes, func(a, b *schema.Index) int { return strings.Compare(a.Name, b.Name) })
	return c
}

// What the static model cannot know comes from the server.
func TestServerKnowsMore(t *testing.T) {
	t.Run("postgres", func(t *testing.T) {
		s := openSession(t, pgURL())
		replayAll(t, s, atlasFile(t, split.Postgres, `CREATE TABLE src (a int NOT NULL, b text DEFAULT 'x');
CREATE TABLE cta AS SELECT a, b FROM src;
CREATE TABLE lk (LIKE src INCLUDING ALL, c int);
CREATE TABLE child (extra int) INHERITS (src);
CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
CREATE TABLE dom (e email NOT NULL);
DO $$ BEGIN EXECUTE 'CREATE TABLE from_do (id int PRIMARY KEY)'; END $$;`))
		got := runOK(t, s, atlasFile(t, split.Postgres, "SELECT 1"), [][]schema.QName{{q("cta"), q("lk"), q("child"), q("dom"), q("from_do")}})[0].After
		want := []string{
			"cta: a int4, b text",
			"lk: a int4 not null, b text default, c int4",
			"child: a int4 not null, b text default, extra int4",
			"dom: e email not null",
			"from_do: id int4 not null; from_do_pkey primary",
		}
		for i, w := range want {
			if g := describe(got[i]); g != w {
				t.Errorf("got %q, want %q", g, w)
			}
		}
	})
	t.Run("mysql", func(t *testing.T) {
		s := openSession(t, myURL())
		replayAll(t, s, atlasFile(t, split.MySQL, `CREATE TABLE m1 (id INT UNSIGNED PRIMARY KEY, name VARCHAR(9) NOT NULL);
CREATE TABLE m5 (id INT PRIMARY KEY, pid INT UNSIGNED, CHECK (id > 0), FOREIGN KEY (pid) REFERENCES m1 (id));
CREATE TABLE m6 LIKE m1;
CREATE TABLE m7 AS SELECT id, name FROM m1;`))
		got := runOK(t, s, atlasFile(t, split.MySQL, "SELECT 1"), [][]schema.QName{{q("m5"), q("m6"), q("m7")}})[0].After
		check := "m5_chk_1"
		if s.MariaDB() {
			check = "CONSTRAINT_1"
		}
		want := []string{
			"m5: id int not null, pid int unsigned; PRIMARY primary, pid; " + check + " check, m5_ibfk_1 foreign_key",
			"m6: id int unsigned not null, name varchar(9) not null; PRIMARY primary",
			"m7: id int unsigned not null, name varchar(9) not null",
		}
		for i, w := range want {
			if g := describe(got[i]); g != w {
				t.Errorf("got %q, want %q", g, w)
			}
		}
	})
}

// describe renders a table for short assertions: columns with type, NOT
// NULL and the presence of a default; then its indexes (primary marked)
// and its constraints other than the primary key, each part sorted.
func describe(t *schema.Table) string {
	if t == nil {
		return "<nil>"
	}
	var cols, idx, cons []string
	for _, c := range t.Columns {
		d := c.Name + " " + c.Type.String()
		if c.NotNull {
			d += " not null"
		}
		if c.Default != nil {
			d += " default"
		}
		cols = append(cols, d)
	}
	for _, i := range t.Indexes {
		d := i.Name
		if i.Primary {
			d += " primary"
		}
		idx = append(idx, d)
	}
	for _, k := range t.Constraints {
		if k.Kind != schema.PrimaryKey {
			cons = append(cons, k.Name+" "+string(k.Kind))
		}
	}
	slices.Sort(idx)
	slices.Sort(cons)
	out := t.Name.String() + ": " + strings.Join(cols, ", ")
	for _, part := range [][]string{idx, cons} {
		if len(part) > 0 {
			out += "; " + strings.Join(part, ", ")
		}
	}
	return out
}
