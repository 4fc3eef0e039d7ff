package dataloss

import (
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/schema"
)

// The txtar cases pin which statements are reported; these pin the words,
// the fixes and the clause a diagnostic points at.

func TestMessagesAndFixes(t *testing.T) {
	history := []string{
		"CREATE TABLE users (id bigint PRIMARY KEY, email text, name text, age int, code varchar(100))",
		"CREATE TABLE customers (id bigint PRIMARY KEY)",
		"CREATE TABLE orders (id bigint, customer_id bigint CONSTRAINT orders_customer_fk REFERENCES customers (id))",
		"CREATE INDEX users_name_idx ON users (name)",
	}
	cases := []struct {
		stmt, code, message string
		fix                 []string // substrings
		line, column        int
	}{
		{stmt: "ALTER TABLE users ADD COLUMN x int, DROP COLUMN email, DROP COLUMN name", code: "DS103",
			message: `Dropping columns "email", "name" of table "users"`, column: 37},
		{stmt: "ALTER TABLE users DROP COLUMN age", code: "DS103", message: `Dropping column "age" of table "users"`, column: 19},
		{stmt: "DROP TABLE public.users", code: "DS102", message: `Dropping table "public.users" deletes all its rows`},
		{stmt: "TRUNCATE orders", code: "DS104", message: `Truncating table "orders" deletes all its rows`},
		{stmt: "DELETE FROM orders", code: "DS104", message: `Deleting all rows of table "orders" (DELETE without WHERE)`},
		{stmt: "DROP SCHEMA crm", code: "DS101", message: `Dropping schema "crm" deletes every table in it and their data`},
		{stmt: "ALTER TABLE users RENAME TO members", code: "BC101",
			message: `Renaming table "users" to "members" breaks applications that still use "users"`,
			fix:     []string{"CREATE VIEW users AS SELECT * FROM members;"}},
		{stmt: "ALTER TABLE users RENAME COLUMN email TO email_address", code: "BC102",
			message: `Renaming column "email" of table "users" to "email_address" breaks applications that still use "email"`},
		{stmt: "ALTER TABLE orders DROP CONSTRAINT orders_customer_fk", code: "CD101",
			message: `Dropping foreign key "orders_customer_fk" of table "orders" lets ("customer_id") hold values with no matching row in "customers"`,
			fix: []string{"ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;",
				"ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;"}},
		{stmt: "CREATE UNIQUE INDEX users_email_key ON users (email)", code: "MF101",
			message: `Adding unique index "users_email_key" on table "users" fails if existing rows hold duplicate values in ("email")`,
			fix:     []string{"SELECT email, count(*) FROM users GROUP BY email HAVING count(*) > 1;"}},
		{stmt: "ALTER TABLE users ADD UNIQUE (email, age)", code: "MF101",
			message: `Adding a unique constraint on table "users" fails if existing rows hold duplicate values in ("email", "age")`},
		{stmt: "ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free' UNIQUE", code: "MF101", column: 64,
			message: `Adding a unique constraint on table "users" fails once the table has 2 rows: new column "plan" gets the same default in every existing row`},
		{stmt: "CREATE UNIQUE INDEX users_name_key ON users (name)", code: "MF102",
			message: `Making the columns of existing index "users_name_idx" of table "users" unique with new unique index "users_name_key" fails if existing rows hold duplicate values in ("name")`},
		{stmt: "ALTER TABLE users ADD COLUMN email2 text NOT NULL", code: "MF103",
			message: `Adding NOT NULL column "email2" without DEFAULT to table "users" fails if the table has rows`,
			fix:     []string{"ALTER TABLE users ADD COLUMN email2 text NOT NULL DEFAULT <value>;", "ALTER TABLE users ALTER COLUMN email2 SET NOT NULL;"}},
		{stmt: "ALTER TABLE users ALTER COLUMN email SET NOT NULL", code: "MF104",
			message: `Making column "email" of table "users" NOT NULL fails if existing rows hold NULL in it`,
			fix: []string{"UPDATE users SET email = <value> WHERE email IS NULL;",
				"ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;"}},
		{stmt: "ALTER TABLE users ALTER COLUMN code TYPE varchar(20)", code: "MF105",
			message: `Changing column "code" of table "users" from varchar(100) to varchar(20) fails on values longer than 20 characters`,
			fix:     []string{"SELECT count(*) FROM users WHERE length(code) > 20;"}},
		{stmt: "ALTER TABLE users ALTER COLUMN id TYPE int4", code: "MF105",
			message: `Changing column "id" of table "users" from int8 to int4 fails on values outside the range of int4`,
			fix:     []string{"SELECT count(*) FROM users WHERE id NOT BETWEEN -2147483648 AND 2147483647;"}},
		{stmt: `ALTER TABLE "Users" DROP COLUMN "Email"`, code: "DS103", message: `Dropping column "Email" of table "Users"`},
	}
	for _, c := range cases {
		ds := lintFiles(t, pgConfig(), history, []string{c.stmt})
		if len(ds) != 1 {
			t.Errorf("%s: got %s, want one %s", c.stmt, codes(ds), c.code)
			continue
		}
		d := ds[0]
		if d.Code != c.code || d.Message != c.message {
			t.Errorf("%s:\n got  %s %s\n want %s %s", c.stmt, d.Code, d.Message, c.code, c.message)
		}
		for _, f := range c.fix {
			if !strings.Contains(d.Fix, f) {
				t.Errorf("%s: fix lacks %q:\n%s", c.stmt, f, d.Fix)
			}
		}
		if d.Fix == "" {
			t.Errorf("%s: no fix", c.stmt)
		}
		if c.column != 0 && d.Column != c.column {
			t.Errorf("%s: column %d, want %d", c.stmt, d.Column, c.column)
		}
	}
}

func TestQuotedIdentifiersInFixes(t *testing.T) {
	ds := lintFiles(t, pgConfig(), []string{`CREATE TABLE "Order" ("User" text)`},
		[]string{`ALTER TABLE "Order" ALTER COLUMN "User" SET NOT NULL`})
	expectCodes(t, ds, "MF104@1")
	if f := ds[0].Fix; !strings.Contains(f, `UPDATE "Order" SET "User" = <value> WHERE "User" IS NULL;`) {
		t.Errorf("fix: %s", f)
	}
}

func TestSetNotNullFixBeforePG12(t *testing.T) {
	cfg := pgConfig()
	cfg.Version = 11
	ds := lintFiles(t, cfg, []string{"CREATE TABLE t (c int)"}, []string{"ALTER TABLE t ALTER COLUMN c SET NOT NULL"})
	expectCodes(t, ds, "MF104@1")
	if strings.Contains(ds[0].Fix, "NOT VALID") {
		t.Errorf("PostgreSQL 11 cannot use a CHECK to skip the scan: %s", ds[0].Fix)
	}
}

func TestPostgresNarrowingTable(t *testing.T) {
	pg14 := &lint.Pass{Dialect: lint.Postgres, Version: 14}
	pg13 := &lint.Pass{Dialect: lint.Postgres, Version: 13}
	arr := func(t schema.Type) schema.Type { t.Array = true; return t }
	cases := []struct {
		from, to schema.Type
		lossy    bool
	}{
		{ty("varchar", 10), ty("varchar", 20), false},
		{ty("varchar", 20), ty("varchar", 10), true},
		{ty("varchar"), ty("varchar", 10), true},
		{ty("varchar", 10), ty("varchar"), false},
		{ty("varchar", 10), ty("text"), false},
		{ty("text"), ty("varchar", 10), true},
		{ty("text"), ty("varchar"), false},
		{ty("bpchar", 10), ty("varchar", 10), false},
		{ty("text"), ty("citext"), false},
		{ty("int2"), ty("int4"), false},
		{ty("int4"), ty("int8"), false},
		{ty("int8"), ty("int4"), true},
		{ty("int8"), ty("int2"), true},
		{ty("int4"), ty("int2"), true},
		{ty("int4"), ty("numeric"), false},
		{ty("int4"), ty("numeric", 12, 2), false},
		{ty("int4"), ty("numeric", 8, 2), true},
		{ty("int4"), ty("float8"), false},
		{ty("int4"), ty("float4"), true},
		{ty("int8"), ty("float8"), true},
		{ty("int4"), ty("text"), false},
		{ty("int4"), ty("varchar", 11), false},
		{ty("int8"), ty("varchar", 11), true},
		{ty("int4"), ty("bool"), true},
		{ty("numeric", 10, 2), ty("numeric", 12, 2), false},
		{ty("numeric", 10, 2), ty("numeric"), false},
		{ty("numeric", 10, 2), ty("numeric", 10, 1), true},
		{ty("numeric", 10, 2), ty("numeric", 9, 2), true},
		{ty("numeric", 10, 2), ty("numeric", 10, 4), true},
		{ty("numeric", 10, 2), ty("numeric", 12, 4), false},
		{ty("numeric"), ty("numeric", 20, 2), true},
		{ty("numeric", 9, 0), ty("int4"), false},
		{ty("numeric", 10, 2), ty("int8"), true},
		{ty("numeric"), ty("float8"), true},
		{ty("numeric", 10, 2), ty("float8"), false},
		{ty("float8"), ty("float4"), true},
		{ty("float4"), ty("float8"), false},
		{ty("float8"), ty("int4"), true},
		{ty("float8"), ty("numeric"), false},
		{ty("text"), ty("int4"), true},
		{ty("varchar", 20), ty("date"), true},
		{ty("text"), ty("uuid"), true},
		{ty("text"), ty("jsonb"), true},
		{ty("text"), ty("mood"), true},
		{ty("text"), ty("bytea"), false},
		{ty("bytea"), ty("text"), true},
		{ty("date"), ty("timestamp"), false},
		{ty("date"), ty("timestamptz"), false},
		{ty("date"), ty("text"), false},
		{ty("timestamp"), ty("timestamptz"), false},
		{ty("timestamptz"), ty("timestamp"), false},
		{ty("timestamp"), ty("date"), true},
		{ty("timestamp"), ty("time"), true},
		{ty("timestamptz", 6), ty("timestamptz", 3), true},
		{ty("timestamptz"), ty("timestamptz", 3), true},
		{ty("timestamptz", 3), ty("timestamptz"), false},
		{ty("time"), ty("timetz"), false},
		{ty("uuid"), ty("text"), false},
		{ty("uuid"), ty("varchar", 36), false},
		{ty("uuid"), ty("varchar", 32), true},
		{ty("json"), ty("jsonb"), false},
		{ty("jsonb"), ty("text"), false},
		{ty("bool"), ty("int4"), false},
		{ty("bool"), ty("text"), false},
		{ty("mood"), ty("text"), false},
		{ty("mood"), ty("other_enum"), false},
		{arr(ty("varchar", 20)), arr(ty("varchar", 10)), true},
		{arr(ty("int4")), arr(ty("int8")), false},
		{ty("int4"), arr(ty("int4")), false},
		{ty("int4"), ty("int4"), false},
	}
	for _, c := range cases {
		if got := lossOf(pg14, c.from, c.to) != ""; got != c.lossy {
			t.Errorf("%s → %s: lossy = %v, want %v (%s)", c.from.String(), c.to.String(), got, c.lossy, lossOf(pg14, c.from, c.to))
		}
	}
	if lossOf(pg13, ty("float8"), ty("numeric")) == "" {
		t.Error("float8 → numeric must be flagged before PostgreSQL 14 (Infinity does not fit)")
	}
}

func TestMySQLRejectsImplicitDefault(t *testing.T) {
	for _, c := range []struct {
		typ     string
		mariadb bool
		want    bool
	}{
		{"date", false, true}, {"datetime", false, true}, {"timestamp", false, true},
		{"time", false, false}, {"int", false, false}, {"varchar", false, false}, {"year", false, false},
		{"date", true, false}, {"datetime", true, false},
	} {
		if got := MySQLRejectsImplicitDefault(schema.Type{Name: c.typ}, c.mariadb); got != c.want {
			t.Errorf("%s (mariadb %v) = %v, want %v", c.typ, c.mariadb, got, c.want)
		}
	}
}

// The declarations are in code order, apply to both dialects and carry
// every section of a rule page. (Codes, names and severities are checked
// against the catalog by lint/rules and by every case through linttest.)
func TestDeclarations(t *testing.T) {
	prev := ""
	for _, a := range Analyzers() {
		if a.Code < prev {
			t.Errorf("%s listed after %s", a.Code, prev)
		}
		prev = a.Code
		if len(a.Dialects) != 2 {
			t.Errorf("%s: dataloss rules apply to both dialects", a.Code)
		}
		for _, section := range []string{"## Why it is dangerous", "## Safe pattern", "## When it does not fire", "## Suppression", "```sql", "lint:ignore " + a.Code} {
			if !strings.Contains(a.Doc, section) {
				t.Errorf("%s: doc lacks %q", a.Code, section)
			}
		}
		if strings.HasPrefix(strings.TrimSpace(a.Doc), "# ") {
			t.Errorf("%s: doc must not start with a title", a.Code)
		}
	}
}
