package dataloss

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/linttest"
	"github.com/schemaguard/schemaguard/schema"
)

// The txtar cases (testdata/*_mysql_*.txtar) pin which MySQL statements are
// reported; these pin the MySQL wording, the MySQL spelling of fixes and the
// clause a diagnostic points at, through the real adapter.

func TestMySQLMessagesAndFixes(t *testing.T) {
	history := []string{
		"CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255), name varchar(100), code varchar(100), visits bigint, `order` int)",
		"CREATE TABLE customers (id bigint PRIMARY KEY)",
		"CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id))",
		"CREATE TABLE people (id bigint, full_name varchar(200) AS (id) VIRTUAL, total int AS (id) STORED)",
		"CREATE TABLE accounts (id bigint, login varchar(64), KEY ix_login (login))",
	}
	cases := []struct {
		stmt, code, message string
		mariadb             bool
		fix                 []string // substrings
		notFix              []string
		column              int
	}{
		// The adapter reports a statement's drops as one change at its
		// first DROP clause, here the virtual column's.
		{stmt: "ALTER TABLE people DROP COLUMN full_name, DROP COLUMN total", code: "DS103",
			message: `Dropping column "total" of table "people"`, column: 20},
		{stmt: "ALTER TABLE users ADD COLUMN x int, DROP COLUMN email, DROP name", code: "DS103",
			message: `Dropping columns "email", "name" of table "users"`, column: 37},
		{stmt: "DROP DATABASE app", code: "DS101", message: `Dropping database "app" deletes every table in it and their data`},
		{stmt: "DELETE FROM users", code: "DS104", message: `Deleting all rows of table "users" (DELETE without WHERE)`},
		{stmt: "ALTER TABLE orders DROP FOREIGN KEY fk_orders_customer", code: "CD101",
			message: `Dropping foreign key "fk_orders_customer" of table "orders" lets ("customer_id") hold values with no matching row in "customers"`,
			fix:     []string{"before dropping the old one: ALTER TABLE orders ADD CONSTRAINT fk_orders_customer_v2 FOREIGN KEY (customer_id) REFERENCES customers (id);"},
			notFix:  []string{"VALIDATE", "NOT VALID"}},
		{stmt: "RENAME TABLE users TO members", code: "BC101",
			message: `Renaming table "users" to "members" breaks applications that still use "users"`,
			fix:     []string{"CREATE VIEW users AS SELECT * FROM members;"}},
		{stmt: "ALTER TABLE users CHANGE `order` sort_order int", code: "BC102",
			message: `Renaming column "order" of table "users" to "sort_order" breaks applications that still use "order"`},
		{stmt: "ALTER TABLE accounts DROP INDEX ix_login, ADD UNIQUE INDEX ix_login (login)", code: "MF102",
			message: `Making index "ix_login" of table "accounts" unique fails if existing rows hold duplicate values in ("login")`,
			fix:     []string{"SELECT login, count(*) FROM accounts GROUP BY login HAVING count(*) > 1;"}},
		{stmt: "ALTER TABLE users ADD UNIQUE KEY ux_order (`order`)", code: "MF101",
			message: `Adding unique constraint "ux_order" on table "users" fails if existing rows hold duplicate values in ("order")`,
			fix:     []string{"SELECT `order`, count(*) FROM users GROUP BY `order` HAVING count(*) > 1;"}},
		{stmt: "ALTER TABLE users ADD COLUMN slug varchar(64) NOT NULL UNIQUE", code: "MF101", column: 19,
			message: `Adding unique constraint "slug" on table "users" fails once the table has 2 rows: new column "slug" gets ` +
				`the same value in every existing row (without DEFAULT, a NOT NULL column is filled with its type's zero value)`},
		{stmt: "ALTER TABLE users ADD COLUMN born date NOT NULL", code: "MF103",
			message: `Adding NOT NULL date column "born" without DEFAULT to table "users" fails if the table has rows (strict mode rejects the zero date MySQL would fill in)`,
			fix:     []string{"ALTER TABLE users ADD COLUMN born date NOT NULL DEFAULT <value>;", "ALTER TABLE users MODIFY born date NOT NULL;"},
			notFix:  []string{"SET NOT NULL"}},
		{stmt: "ALTER TABLE users MODIFY `order` int NOT NULL", code: "MF104",
			message: `Making column "order" of table "users" NOT NULL fails if existing rows hold NULL in it`,
			fix:     []string{"UPDATE users SET `order` = <value> WHERE `order` IS NULL;"},
			notFix:  []string{"CHECK", "VALIDATE"}},
		{stmt: "ALTER TABLE users MODIFY code varchar(20)", code: "MF105",
			message: `Changing column "code" of table "users" from varchar(100) to varchar(20) fails on values longer than 20 characters ` +
				`(outside strict mode MySQL silently truncates or clamps them)`,
			fix: []string{"SELECT count(*) FROM users WHERE char_length(code) > 20;"}},
		{stmt: "ALTER TABLE users MODIFY visits int", code: "MF105",
			message: `Changing column "visits" of table "users" from bigint to int fails on values outside the range of int ` +
				`(outside strict mode MySQL silently truncates or clamps them)`,
			fix: []string{"SELECT count(*) FROM users WHERE visits NOT BETWEEN -2147483648 AND 2147483647;"}},
		{stmt: "DROP SCHEMA app", code: "DS101", mariadb: true, message: `Dropping database "app" deletes every table in it and their data`},
	}
	for _, c := range cases {
		ds := lintFiles(t, mysqlConfig(c.mariadb), history, []string{c.stmt})
		if len(ds) != 1 {
			t.Errorf("%s: got %s, want one %s", c.stmt, codes(ds), c.code)
			continue
		}
		d := ds[0]
		if d.Code != c.code || d.Message != c.message {
			t.Errorf("%s:\n got  %s %s\n want %s %s", c.stmt, d.Code, d.Message, c.code, c.message)
		}
		if d.Fix == "" {
			t.Errorf("%s: no fix", c.stmt)
		}
		for _, f := range c.fix {
			if !strings.Contains(d.Fix, f) {
				t.Errorf("%s: fix lacks %q:\n%s", c.stmt, f, d.Fix)
			}
		}
		for _, f := range c.notFix {
			if strings.Contains(d.Fix, f) {
				t.Errorf("%s: fix must not say %q on MySQL:\n%s", c.stmt, f, d.Fix)
			}
		}
		if c.column != 0 && d.Column != c.column {
			t.Errorf("%s: column %d, want %d", c.stmt, d.Column, c.column)
		}
	}
}

// MF103 and MY101 split new NOT NULL columns without DEFAULT between them by
// MySQLRejectsImplicitDefault: the adapter's type names must be the ones it
// knows.
func TestMySQLNotNullWithoutDefaultTypes(t *testing.T) {
	history := []string{"CREATE TABLE t (id int)"}
	linted := []string{
		"ALTER TABLE t ADD COLUMN a DATE NOT NULL",
		"ALTER TABLE t ADD COLUMN b DATETIME(6) NOT NULL",
		"ALTER TABLE t ADD COLUMN c TIMESTAMP NOT NULL",
		"ALTER TABLE t ADD COLUMN d TIME NOT NULL",
		"ALTER TABLE t ADD COLUMN e YEAR NOT NULL",
		"ALTER TABLE t ADD COLUMN f INT NOT NULL",
		"ALTER TABLE t ADD COLUMN g ENUM('x','y') NOT NULL",
	}
	expectCodes(t, lintFiles(t, mysqlConfig(false), history, linted), "MF103@1 MF103@2 MF103@3")
	expectCodes(t, lintFiles(t, mysqlConfig(true), history, linted), "")
}

// SY101 covers only the linted files of a case; a history statement that
// stopped parsing would silently thin the catalog and let a case pass for
// the wrong reason. Every statement of every MySQL case must parse.
func TestMySQLCasesParse(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	n := 0
	for _, f := range files {
		c := linttest.Load(t, f, nil)
		if c.Config.Dialect != lint.MySQL {
			continue
		}
		n++
		for _, mf := range c.Dir.Files {
			for _, st := range mf.Statements {
				if _, err := c.Config.Parser.Parse(st.Text); err != nil {
					t.Errorf("%s: %s:%d: %v", filepath.Base(f), mf.Name, st.Line, err)
				}
			}
		}
	}
	if n == 0 {
		t.Error("no MySQL cases in testdata")
	}
}

func TestMySQLNarrowing(t *testing.T) {
	mysql := &lint.Pass{Dialect: lint.MySQL, Version: 8}
	cases := []struct {
		from, to schema.Type
		lossy    bool
	}{
		{ty("datetime"), ty("timestamp"), true},
		{ty("date"), ty("datetime"), false},
		{ty("date"), ty("timestamp"), true},
		{ty("text"), ty("varchar", 1000), true},
		{ty("varchar", 300), ty("tinytext"), true},
		{ty("varchar", 200), ty("text"), false},
		{ty("int"), ty("bigint"), false},
		{ty("bigint"), ty("int"), true},
		{ty("tinyint", 1), ty("int"), false},
		{ty("decimal", 10, 0), ty("decimal", 12, 2), false},
		{ty("decimal", 12, 2), ty("decimal", 10, 0), true},
		{ty("float"), ty("double"), false},
		{ty("double"), ty("float"), true},
		{ty("varbinary", 64), ty("varchar", 64), true},
		{schema.Type{Name: "enum", Values: []string{"small", "large"}}, ty("varchar", 3), true},
		{schema.Type{Name: "enum", Values: []string{"small", "large"}}, ty("varchar", 5), false},
		{ty("varchar", 10), schema.Type{Name: "enum", Values: []string{"a"}}, true},
		{ty("datetime", 6), ty("datetime", 3), true},
		{ty("datetime"), ty("datetime", 3), false},
	}
	for _, c := range cases {
		if got := lossOf(mysql, c.from, c.to) != ""; got != c.lossy {
			t.Errorf("mysql %s → %s: lossy = %v, want %v (%s)", c.from.String(), c.to.String(), got, c.lossy, lossOf(mysql, c.from, c.to))
		}
	}
}

func ty(name string, mods ...int) schema.Type { return schema.Type{Name: name, Mods: mods} }
