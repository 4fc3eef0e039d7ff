package pglock

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/linttest"
	"github.com/schemaguard/schemaguard/lint/rules/internal/pgsql"
	"github.com/schemaguard/schemaguard/schema"
)

// lintFiles lints the last of files (atlas format) after folding the others,
// for checks the txtar harness cannot express: message, fix and position.
func lintFiles(t *testing.T, header string, files ...string) []lint.Diagnostic {
	t.Helper()
	var b strings.Builder
	b.WriteString(header + "\n")
	for i, f := range files {
		b.WriteString("-- " + string(rune('1'+i)) + ".sql --\n" + f + "\n")
	}
	path := filepath.Join(t.TempDir(), "case.txtar")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	c := linttest.Load(t, path, Analyzers())
	res := lint.Run(c.Dir, lint.Latest(c.Latest, c.Dir), c.Config)
	return res.Files[len(res.Files)-1].Diagnostics
}

func only(t *testing.T, ds []lint.Diagnostic, code string) lint.Diagnostic {
	t.Helper()
	var found []lint.Diagnostic
	for _, d := range ds {
		if d.Code == code {
			found = append(found, d)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one %s, got %+v", code, ds)
	}
	return found[0]
}

func TestRewriteReason(t *testing.T) {
	ty := func(name string, mods ...int) schema.Type { return schema.Type{Name: name, Mods: mods} }
	cases := []struct {
		old, new schema.Type
		version  int
		rewrite  bool
	}{
		{ty("varchar", 10), ty("varchar", 20), 14, false},
		{ty("varchar", 10), ty("varchar", 10), 14, false},
		{ty("varchar", 20), ty("varchar", 10), 14, true},
		{ty("varchar", 20), ty("text"), 14, false},
		{ty("text"), ty("varchar"), 14, false},
		{ty("text"), ty("varchar", 10), 14, true},
		{ty("varchar"), ty("varchar", 10), 14, true},
		{ty("character varying", 5), ty("varchar", 9), 14, false},
		{ty("numeric", 10, 2), ty("numeric", 12, 2), 14, false},
		{ty("numeric", 10, 2), ty("numeric"), 14, false},
		{ty("numeric", 10, 2), ty("numeric", 12, 3), 14, true},
		{ty("numeric", 10, 2), ty("numeric", 8, 2), 14, true},
		{ty("numeric", 10), ty("numeric", 12, 0), 14, false},
		{ty("numeric"), ty("numeric", 12, 2), 14, true},
		{ty("timestamp"), ty("timestamptz"), 12, false},
		{ty("timestamptz"), ty("timestamp"), 14, false},
		{ty("timestamp"), ty("timestamptz"), 11, true},
		{ty("timestamp", 6), ty("timestamp", 3), 14, true},
		{ty("timestamp", 3), ty("timestamp"), 14, false},
		{ty("cidr"), ty("inet"), 14, false},
		{ty("inet"), ty("cidr"), 14, true},
		{ty("int4"), ty("int8"), 14, true},
		{ty("integer"), ty("int4"), 14, false},
		{ty("int8"), ty("int4"), 14, true},
		{ty("mood"), ty("text"), 14, true},
		{ty("bpchar", 5), ty("bpchar", 10), 14, true},
		{schema.Type{Name: "text", Array: true}, schema.Type{Name: "text", Array: true}, 14, false},
		{schema.Type{Name: "varchar", Array: true}, schema.Type{Name: "text", Array: true}, 14, true},
	}
	for _, c := range cases {
		got := rewriteReason(c.old, c.new, "", "c", c.version) != ""
		if got != c.rewrite {
			t.Errorf("%s → %s on %d: rewrite %v, want %v", c.old.String(), c.new.String(), c.version, got, c.rewrite)
		}
	}
	for using, rewrite := range map[string]bool{"": false, "c": false, `"c"`: false, "c::text": false, "C :: varchar(10)": false,
		"lower(c)": true, "c || 'x'": true, "c::int::text": true} {
		if got := rewriteReason(schema.Type{Name: "varchar"}, schema.Type{Name: "text"}, using, "c", 14) != ""; got != rewrite {
			t.Errorf("USING %q: rewrite %v, want %v", using, got, rewrite)
		}
	}
}

func TestLockTimeoutValues(t *testing.T) {
	for v, want := range map[string]bool{"5s": true, "'5s'": true, "2000": true, "1min": true,
		"0": false, "0ms": false, "'0'": false, "0s": false, "DEFAULT": false, "default": false, "": false} {
		if got := enabled(v); got != want {
			t.Errorf("enabled(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestNames(t *testing.T) {
	for in, want := range map[string]string{"users": "users", "Users": `"Users"`, "user": `"user"`, "order": `"order"`,
		"my table": `"my table"`, "name": "name", `a"b`: `"a""b"`} {
		if got := pgsql.Ident(in); got != want {
			t.Errorf("pgsql.Ident(%q) = %s, want %s", in, got, want)
		}
	}
	long := strings.Repeat("t", 60)
	if n := objectName(long, strings.Repeat("c", 30), "not_null"); len(n) > maxIdent || !strings.HasSuffix(n, "_not_null") {
		t.Errorf("objectName too long or cut wrong: %q (%d)", n, len(n))
	}
	if n := objectName(strings.Repeat("é", 40), "", "check"); len(n) > maxIdent || !strings.HasSuffix(n, "é_check") {
		t.Errorf("objectName split a character: %q", n)
	}
	if got := quoted([]string{"a", "b", "c"}); got != `"a", "b" and "c"` {
		t.Errorf("quoted = %s", got)
	}
}

func TestSetNotNullFixAndPosition(t *testing.T) {
	ds := lintFiles(t, "", "CREATE TABLE app.users (id int, email text);",
		"SET lock_timeout = '1s';\nALTER TABLE app.users\n  ALTER COLUMN email SET NOT NULL;")
	d := only(t, ds, "PG303")
	if d.Line != 3 || d.Column != 3 {
		t.Errorf("PG303 at %d:%d, want the clause at 3:3", d.Line, d.Column)
	}
	if !strings.Contains(d.Message, `column "email" of table "app.users"`) {
		t.Errorf("message: %s", d.Message)
	}
	for _, want := range []string{
		"ALTER TABLE app.users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;",
		"ALTER TABLE app.users VALIDATE CONSTRAINT users_email_not_null;",
		"ALTER TABLE app.users ALTER COLUMN email SET NOT NULL;",
	} {
		if !strings.Contains(d.Fix, want) {
			t.Errorf("fix lacks %q:\n%s", want, d.Fix)
		}
	}
}

func TestNotValidFixesKeepTheClause(t *testing.T) {
	ds := lintFiles(t, "", "CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE \"Orders\" (id int, uid int);",
		"SET lock_timeout = '1s';\n"+
			"ALTER TABLE \"Orders\" ADD FOREIGN KEY (uid) REFERENCES users (id) ON DELETE SET NULL DEFERRABLE;")
	d := only(t, ds, "PG306")
	for _, want := range []string{
		`ALTER TABLE "Orders" ADD CONSTRAINT "Orders_uid_fkey" FOREIGN KEY (uid) REFERENCES users (id) ON DELETE SET NULL DEFERRABLE NOT VALID;`,
		`ALTER TABLE "Orders" VALIDATE CONSTRAINT "Orders_uid_fkey";`,
	} {
		if !strings.Contains(d.Fix, want) {
			t.Errorf("fix lacks %q:\n%s", want, d.Fix)
		}
	}
	ds = lintFiles(t, "", "CREATE TABLE orders (id int);",
		"SET lock_timeout = '1s';\nALTER TABLE orders ADD COLUMN total numeric NOT NULL DEFAULT 0 CHECK (total >= 0);")
	d = only(t, ds, "PG305")
	for _, want := range []string{
		"ALTER TABLE orders ADD COLUMN total numeric NOT NULL DEFAULT 0;",
		"ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;",
		"ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;",
	} {
		if !strings.Contains(d.Fix, want) {
			t.Errorf("fix lacks %q:\n%s", want, d.Fix)
		}
	}
}

func TestLockTimeoutMessageAndFix(t *testing.T) {
	ds := lintFiles(t, "", "CREATE TABLE users (id int);", "ALTER TABLE users ADD COLUMN a int;\nALTER TABLE users ADD COLUMN b int;")
	d := only(t, ds, "PG307")
	if d.Line != 1 || !strings.Contains(d.Message, `ACCESS EXCLUSIVE lock on table "users"`) {
		t.Errorf("PG307 %d: %s", d.Line, d.Message)
	}
	if !strings.Contains(d.Fix, "SET LOCAL lock_timeout") {
		t.Errorf("in a transaction the fix should use SET LOCAL: %s", d.Fix)
	}
	ds = lintFiles(t, "", "CREATE TABLE users (id int);", "-- atlas:txmode none\n\nALTER TABLE users ADD COLUMN a int;")
	if d := only(t, ds, "PG307"); strings.Contains(d.Fix, "SET LOCAL") {
		t.Errorf("outside a transaction SET LOCAL does nothing: %s", d.Fix)
	}
}

func TestEnumMessageNamesTheUse(t *testing.T) {
	ds := lintFiles(t, "", "CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE p (m mood);",
		"ALTER TYPE mood ADD VALUE 'sad';\nSELECT 1;\nUPDATE p SET m = 'sad';")
	d := only(t, ds, "PG310")
	if d.Line != 1 || !strings.Contains(d.Message, "line 3") || !strings.Contains(d.Message, `"sad"`) {
		t.Errorf("PG310 %d: %s", d.Line, d.Message)
	}
}

func TestAnalyzersDeclared(t *testing.T) {
	prev := ""
	for _, a := range Analyzers() {
		if a.Code <= prev || a.Run == nil || len(a.Doc) < 200 || !strings.Contains(a.Doc, "```sql") ||
			strings.HasPrefix(strings.TrimSpace(a.Doc), "# ") || a.Severity != lint.Warning {
			t.Errorf("%s: incomplete or out of order", a.Code)
		}
		for _, s := range []string{"## Why it is dangerous", "## Safe pattern", "## When it does not fire", "## Suppression", "lint:ignore " + a.Code} {
			if !strings.Contains(a.Doc, s) {
				t.Errorf("%s: doc lacks %q", a.Code, s)
			}
		}
		prev = a.Code
	}
}
