package mysql

import (
	"os"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/linttest"
	"github.com/schemaguard/schemaguard/lint/rules/dataloss"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/schema"
)

// SY101 runs too, so a case that stops parsing fails instead of passing silently.
func TestRules(t *testing.T) {
	linttest.Run(t, "testdata", append([]*lint.Analyzer{lint.SyntaxError}, Analyzers()...)...)
}

// loadCase reads a txtar case with the shared harness.
func loadCase(t *testing.T, path string, analyzers []*lint.Analyzer) (*migrate.Dir, lint.Config, int) {
	t.Helper()
	c := linttest.Load(t, path, analyzers)
	return c.Dir, c.Config, c.Latest
}

// lintSQL lints the last file after folding the others and returns its
// diagnostics.
func lintSQL(t *testing.T, mariadb bool, files ...string) []lint.Diagnostic {
	t.Helper()
	var b strings.Builder
	if mariadb {
		b.WriteString("mariadb: true\n")
	}
	b.WriteString("dialect: mysql\n")
	for i, f := range files {
		b.WriteString("-- " + string(rune('1'+i)) + "_f.sql --\n" + f + "\n")
	}
	path := t.TempDir() + "/case.txtar"
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	d, cfg, latest := loadCase(t, path, Analyzers())
	res := lint.Run(d, lint.Latest(latest, d), cfg)
	if len(res.Files) != 1 {
		t.Fatalf("linted %d files", len(res.Files))
	}
	return res.Files[0].Diagnostics
}

func TestMY101Messages(t *testing.T) {
	cases := []struct {
		mariadb   bool
		add, want string
	}{
		{false, "n int NOT NULL", "silently fills its existing rows with 0"},
		{false, "ok boolean NOT NULL", "with 0 (false)"},
		{false, "s varchar(20) NOT NULL", "with '' (an empty string)"},
		{false, "k binary(16) NOT NULL", "with 16 zero bytes"},
		{false, "st enum('new','done') NOT NULL", "with 'new' (the first ENUM member)"},
		{false, "tags set('a','b') NOT NULL", "with '' (the empty set)"},
		{false, "t time NOT NULL", "with '00:00:00'"},
		{false, "y year NOT NULL", "with 0000"},
		{false, "j json NOT NULL", "MySQL silently fills its existing rows with an empty JSON value"},
		{true, "j json NOT NULL", "MariaDB silently fills its existing rows with '' (not valid JSON)"},
		{true, "d date NOT NULL", "with '0000-00-00' (an invalid date)"},
		{true, "ts timestamp NOT NULL", "with '0000-00-00 00:00:00'"},
		{true, "u uuid NOT NULL", "with '00000000-0000-0000-0000-000000000000'"},
		{true, "ip inet6 NOT NULL", "with '::'"},
		{false, "p point NOT NULL", "an empty (invalid) geometry"},
	}
	for _, c := range cases {
		ds := lintSQL(t, c.mariadb, "CREATE TABLE t (id int);", "ALTER TABLE t ADD COLUMN "+c.add+";")
		if len(ds) != 1 || ds[0].Code != "MY101" {
			t.Errorf("%s: %v", c.add, ds)
			continue
		}
		if !strings.Contains(ds[0].Message, c.want) {
			t.Errorf("%s: message %q lacks %q", c.add, ds[0].Message, c.want)
		}
	}
	ds := lintSQL(t, false, "CREATE TABLE `order` (id int);", "ALTER TABLE `order` ADD COLUMN total decimal(10,2) NOT NULL;")
	if len(ds) != 1 {
		t.Fatalf("%v", ds)
	}
	d := ds[0]
	if want := `New NOT NULL column "total" of table "order" has no DEFAULT`; !strings.HasPrefix(d.Message, want) {
		t.Errorf("message %q", d.Message)
	}
	if want := "ALTER TABLE `order` ADD COLUMN total decimal(10,2) NOT NULL DEFAULT <value>;"; !strings.Contains(d.Fix, want) {
		t.Errorf("fix %q lacks %q", d.Fix, want)
	}
	// The diagnostic points at the ADD clause.
	ds = lintSQL(t, false, "CREATE TABLE t (id int);", "ALTER TABLE t ADD COLUMN a int NULL,\n  ADD COLUMN b int NOT NULL;")
	if len(ds) != 1 || ds[0].Line != 2 || ds[0].Column != 3 {
		t.Errorf("location: %+v", ds)
	}
}

func TestMY112Messages(t *testing.T) {
	history := "CREATE TABLE orders (id int, status enum('pending','paid','shipped') NOT NULL DEFAULT 'pending');"
	cases := []struct{ modify, want string }{
		{"status enum('pending','cancelled','paid','shipped') NOT NULL DEFAULT 'pending'",
			`Changing ENUM column "status" of table "orders" from ('pending','paid','shipped') to ('pending','cancelled','paid','shipped') inserts 'cancelled' before existing values`},
		{"status enum('pending','paid') NOT NULL", "removes 'shipped', which rows may hold"},
		{"status enum('paid','pending','shipped') NOT NULL", "reorders the existing values"},
	}
	for _, c := range cases {
		ds := lintSQL(t, false, history, "ALTER TABLE orders MODIFY "+c.modify+";")
		if len(ds) != 1 || ds[0].Code != "MY112" {
			t.Errorf("%s: %v", c.modify, ds)
			continue
		}
		if !strings.Contains(ds[0].Message, c.want) {
			t.Errorf("message %q lacks %q", ds[0].Message, c.want)
		}
	}
	ds := lintSQL(t, false, history, "ALTER TABLE orders MODIFY status enum('pending','cancelled','paid') NOT NULL DEFAULT 'pending';")
	want := "ALTER TABLE orders MODIFY status enum('pending','paid','shipped','cancelled') NOT NULL DEFAULT 'pending'"
	if len(ds) != 1 || !strings.Contains(ds[0].Fix, want) {
		t.Errorf("fix: %+v, want %q", ds, want)
	}
}

func TestEnumChange(t *testing.T) {
	for _, c := range []struct {
		old, new []string
		want     string
	}{
		{[]string{"a", "b"}, []string{"a", "b"}, ""},
		{[]string{"a", "b"}, []string{"a", "b", "c", "d"}, ""},
		{[]string{"a", "b"}, []string{"c", "a", "b"}, "inserts 'c' before existing values"},
		{[]string{"a", "b"}, []string{"a", "c", "b"}, "inserts 'c' before existing values"},
		{[]string{"a", "b"}, []string{"b", "a"}, "reorders the existing values"},
		{[]string{"a", "b"}, []string{"b", "a", "c"}, "reorders the existing values"},
		{[]string{"a", "b", "c"}, []string{"a", "c"}, "removes 'b', which rows may hold"},
		{[]string{"a", "it's"}, []string{"a"}, "removes 'it''s', which rows may hold"},
		{[]string{"a", "b"}, []string{"A", "b"}, "removes 'a', which rows may hold"},
	} {
		if got := enumChange(c.old, c.new); got != c.want {
			t.Errorf("%q → %q: %q, want %q", c.old, c.new, got, c.want)
		}
	}
}

func TestTypeSQL(t *testing.T) {
	for want, typ := range map[string]schema.Type{
		"int": {Name: "int"}, "varchar(20)": {Name: "varchar", Mods: []int{20}}, "decimal(10,2)": {Name: "decimal", Mods: []int{10, 2}},
		"enum('a','b''c')": {Name: "enum", Values: []string{"a", "b'c"}},
	} {
		if got := typ.String(); got != want {
			t.Errorf("typeSQL = %q, want %q", got, want)
		}
	}
	if ident("user") != "`user`" || ident("plain_name") != "plain_name" || ident("a`b") != "`a``b`" {
		t.Error("ident quoting")
	}
}

// MY101 and MF103 split the NOT NULL columns without DEFAULT between them:
// exactly one reports each, on both servers.
func TestNeverBothWithMF103(t *testing.T) {
	types := []string{"int", "varchar(10)", "enum('a')", "json", "time", "year", "date", "datetime", "timestamp(6)", "text", "point"}
	for _, mariadb := range []bool{false, true} {
		for _, typ := range types {
			var b strings.Builder
			if mariadb {
				b.WriteString("mariadb: true\n")
			}
			b.WriteString("dialect: mysql\n-- 1_a.sql --\nCREATE TABLE t (id int);\n-- 2_b.sql --\nALTER TABLE t ADD COLUMN c " + typ + " NOT NULL;\n")
			path := t.TempDir() + "/case.txtar"
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			d, cfg, latest := loadCase(t, path, []*lint.Analyzer{dataloss.NotNullWithoutDefault, ImplicitBackfill})
			ds := lint.Run(d, lint.Latest(latest, d), cfg).Files[0].Diagnostics
			if len(ds) != 1 {
				t.Errorf("mariadb=%v %s: %d diagnostics %v", mariadb, typ, len(ds), ds)
				continue
			}
			wantMF103 := !mariadb && (strings.HasPrefix(typ, "date") || strings.HasPrefix(typ, "timestamp"))
			if got := ds[0].Code; (got == "MF103") != wantMF103 {
				t.Errorf("mariadb=%v %s: %s", mariadb, typ, got)
			}
		}
	}
}
