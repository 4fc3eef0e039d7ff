package postgres

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemaguard/schemaguard/dialect"
	"github.com/schemaguard/schemaguard/schema"
)

func TestSyntaxError(t *testing.T) {
	multiline := "CREATE TABLE t (\n  a int,\n  b int NOT NUL,\n  c text\n);"
	// Multi-byte characters before the error: pg_query's cursor counts
	// characters, the offset must count bytes.
	multibyte := "-- é\nCREATE TABLE 日本 (\n  a int,\n  b int NOT NUL\n);"
	for _, tc := range []struct {
		sql  string
		off  int
		msg  string
		name string
	}{
		{"CREATE TABLEE x ();", 7, `syntax error at or near "TABLEE"`, "keyword typo"},
		{multiline, strings.Index(multiline, "NUL"), `syntax error at or near "NUL"`, "middle of a multi-line statement"},
		{multibyte, strings.Index(multibyte, "NUL"), `syntax error at or near "NUL"`, "after multi-byte characters"},
		{"SELECT 'abc", 7, `unterminated quoted string at or near "'abc"`, "unterminated string"},
		{"CREATE TABLE t (", 16, "syntax error at end of input", "end of input"},
		{"SELECT 1;\nDROP TABLE;", 20, `syntax error at or near ";"`, "second statement"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := New().Parse(tc.sql)
			var se *dialect.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) = %v, %v; want a *dialect.SyntaxError", tc.sql, st, err)
			}
			if se.Offset != tc.off || se.Msg != tc.msg {
				t.Errorf("Parse(%q) error = {%d, %q}, want {%d, %q}", tc.sql, se.Offset, se.Msg, tc.off, tc.msg)
			}
		})
	}
}

// defaultOf parses ADD COLUMN ... DEFAULT expr and returns the default.
func defaultOf(t *testing.T, expr string) *schema.Expr {
	t.Helper()
	st, err := New().Parse("ALTER TABLE t ADD COLUMN c text DEFAULT " + expr)
	if err != nil || len(st.Changes) != 1 {
		t.Fatalf("DEFAULT %s: %v %v", expr, err, st)
	}
	return st.Changes[0].(*schema.AddColumn).Column.Default
}

func TestDefaultVolatility(t *testing.T) {
	for _, tc := range []struct {
		expr, text string
		volatile   bool
	}{
		{"now()", "now()", false},
		{"CURRENT_TIMESTAMP", "current_timestamp", false},
		{"current_date", "current_date", false},
		{"42", "42", false},
		{"'{}'::jsonb", "'{}'::jsonb", false},
		{"'active'", "'active'", false},
		{"statement_timestamp()", "statement_timestamp()", false},
		{"pg_catalog.now()", "pg_catalog.now()", false},
		{"lower(md5('x'))", "lower(md5('x'))", false},
		{"coalesce(current_setting('app.x', true), 'y')", "COALESCE(current_setting('app.x', true), 'y')", false},
		{"to_char(now(), 'YYYY')", "to_char(now(), 'YYYY')", false},
		{"gen_random_uuid()", "gen_random_uuid()", true},
		{"random()", "random()", true},
		{"(random() * 10)::int", "(random() * 10)::int", true},
		{"nextval('s')", "nextval('s')", true},
		{"clock_timestamp()", "clock_timestamp()", true},
		{"uuid_generate_v4()", "uuid_generate_v4()", true},
		{"my_func()", "my_func()", true},
		{"public.now()", "public.now()", true},
	} {
		d := defaultOf(t, tc.expr)
		if d == nil || d.Volatile != tc.volatile || d.Text != tc.text {
			t.Errorf("DEFAULT %s = %+v, want {Text:%q Volatile:%v}", tc.expr, d, tc.text, tc.volatile)
		}
	}
}

func TestTypeNormalisation(t *testing.T) {
	for _, tc := range []struct {
		sql    string
		want   schema.Type
		serial bool
	}{
		{"integer", schema.Type{Name: "int4"}, false},
		{"int", schema.Type{Name: "int4"}, false},
		{"int4", schema.Type{Name: "int4"}, false},
		{"bigint", schema.Type{Name: "int8"}, false},
		{"smallint", schema.Type{Name: "int2"}, false},
		{"serial", schema.Type{Name: "int4"}, true},
		{"bigserial", schema.Type{Name: "int8"}, true},
		{"smallserial", schema.Type{Name: "int2"}, true},
		{"character varying(20)", schema.Type{Name: "varchar", Mods: []int{20}}, false},
		{"varchar", schema.Type{Name: "varchar"}, false},
		{"char(2)", schema.Type{Name: "bpchar", Mods: []int{2}}, false},
		{"timestamp with time zone", schema.Type{Name: "timestamptz"}, false},
		{"timestamp(3) without time zone", schema.Type{Name: "timestamp", Mods: []int{3}}, false},
		{"timestamptz", schema.Type{Name: "timestamptz"}, false},
		{"double precision", schema.Type{Name: "float8"}, false},
		{"real", schema.Type{Name: "float4"}, false},
		{"boolean", schema.Type{Name: "bool"}, false},
		{"decimal(12, 4)", schema.Type{Name: "numeric", Mods: []int{12, 4}}, false},
		{"text[]", schema.Type{Name: "text", Array: true}, false},
		{"int[][]", schema.Type{Name: "int4", Array: true}, false},
		{"jsonb", schema.Type{Name: "jsonb"}, false},
		{"mood", schema.Type{Name: "mood"}, false},
		{"app.mood", schema.Type{Name: "app.mood"}, false},
		{`"Mood"`, schema.Type{Name: "Mood"}, false},
	} {
		st, err := New().Parse("ALTER TABLE t ADD COLUMN c " + tc.sql)
		if err != nil {
			t.Fatalf("%s: %v", tc.sql, err)
		}
		col := st.Changes[0].(*schema.AddColumn).Column
		if !reflect.DeepEqual(col.Type, tc.want) || col.Serial != tc.serial {
			t.Errorf("%s = %+v serial=%v, want %+v serial=%v", tc.sql, col.Type, col.Serial, tc.want, tc.serial)
		}
	}
}

func TestLiterals(t *testing.T) {
	for _, tc := range []struct {
		sql  string
		want []string
	}{
		{"UPDATE t SET status = 'active' WHERE kind IN ('a', 'b') AND note <> 'active'", []string{"active", "a", "b"}},
		{"INSERT INTO t (s) VALUES ('new'::mood), (E'x\\ny')", []string{"new", "x\ny"}},
		{"ALTER TABLE t ADD c mood DEFAULT 'sad'", []string{"sad"}},
		{"SELECT 1, 2.5, true", nil},
		// A function body is the body's text, not a constant.
		{"CREATE FUNCTION f() RETURNS void AS $$ UPDATE t SET s = 'new' $$ LANGUAGE sql", nil},
		{"SELECT 'a'; SELECT 'b'", []string{"a", "b"}},
	} {
		st, err := New().Parse(tc.sql)
		if err != nil {
			t.Fatalf("%s: %v", tc.sql, err)
		}
		if !reflect.DeepEqual(st.Literals, tc.want) {
			t.Errorf("%s: literals %q, want %q", tc.sql, st.Literals, tc.want)
		}
	}
}

func TestMultipleStatements(t *testing.T) {
	sql := "CREATE TABLE a (x int);\n  /* then */ DROP TABLE b; SET lock_timeout = '1s'"
	st, err := New().Parse(sql)
	if err != nil {
		t.Fatal(err)
	}
	want := []schema.Change{
		&schema.CreateTable{At: at(0), Table: &schema.Table{Name: q("a"), Columns: []*schema.Column{{Name: "x", Type: schema.Type{Name: "int4"}}}}},
		&schema.DropTable{At: at(idx(sql, "DROP")), Names: []schema.QName{q("b")}},
		&schema.SetConfig{At: at(idx(sql, "SET")), Name: "lock_timeout", Value: "1s"},
	}
	if !reflect.DeepEqual(st.Changes, want) {
		t.Errorf("got:\n%swant:\n%s", dump(st.Changes), dump(want))
	}
	raw, ok := st.Tree.(*pg_query.RawStmt)
	if !ok || raw.GetStmt().GetCreateStmt() == nil {
		t.Errorf("Tree = %T, want the first statement's *pg_query.RawStmt", st.Tree)
	}
}

// TestLeadingComment: a statement-level change points at the statement's
// first keyword, past comments the splitter kept.
func TestLeadingComment(t *testing.T) {
	sql := "-- drop it\n/* really */ DROP TABLE t"
	st, err := New().Parse(sql)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Changes[0].Loc(); got != idx(sql, "DROP") {
		t.Errorf("Loc = %d, want %d", got, idx(sql, "DROP"))
	}
}

// FuzzParse: arbitrary text must never panic (Parse recovers, but the
// translation should not even need to).
func FuzzParse(f *testing.F) {
	for _, s := range []string{"ALTER TABLE t ADD a int, DROP b", "CREATE TABLE t (a int PRIMARY KEY)", "DROP INDEX i", "SELECT 'é"} {
		f.Add(s)
	}
	p := New()
	f.Fuzz(func(t *testing.T, s string) {
		st, err := p.Parse(s)
		if err != nil {
			var se *dialect.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q): non-syntax error %v", s, err)
			}
			if se.Offset > len(s) {
				t.Fatalf("Parse(%q): offset %d beyond text", s, se.Offset)
			}
			return
		}
		for _, c := range st.Changes {
			if c.Loc() < 0 || c.Loc() > len(s) {
				t.Fatalf("Parse(%q): change %T at %d", s, c, c.Loc())
			}
		}
	})
}
