package mysql

import (
	"reflect"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/schemaguard/schemaguard/schema"
)

func TestAlterAddColumn(t *testing.T) {
	users := q("users")
	sql := "ALTER TABLE users ADD COLUMN a int NOT NULL DEFAULT 0 AFTER id, ADD b varchar(10) UNIQUE FIRST, ALGORITHM=INPLACE, LOCK=NONE"
	b := off(t, sql, "ADD b")
	expectChanges(t, mysqlParser, sql,
		&schema.AddColumn{At: off(t, sql, "ADD COLUMN a"), Table: users, Column: withDefault(notNull(col("a", typ("int"))), "0", false)},
		&schema.AddColumn{At: b, Table: users, Column: col("b", typ("varchar", 10))},
		&schema.AddConstraint{At: b, Table: users, Constraint: &schema.Constraint{Name: "b", Kind: schema.Unique, Columns: []string{"b"}, GeneratedName: true}, Inline: true})

	sql = "ALTER TABLE db.users ADD COLUMN (x int, y json NOT NULL)"
	at, tbl := off(t, sql, "ADD"), schema.QName{Schema: "db", Name: "users"}
	expectChanges(t, mysqlParser, sql,
		&schema.AddColumn{At: at, Table: tbl, Column: col("x", typ("int"))},
		&schema.AddColumn{At: at, Table: tbl, Column: notNull(col("y", typ("json")))})

	sql = "ALTER TABLE users ADD COLUMN IF NOT EXISTS id bigint AUTO_INCREMENT PRIMARY KEY"
	at = off(t, sql, "ADD")
	expectChanges(t, mariadbParser, sql,
		&schema.AddColumn{At: at, Table: users, Column: &schema.Column{Name: "id", Type: typ("bigint"), NotNull: true, Serial: true}, IfNotExists: true},
		&schema.AddConstraint{At: at, Table: users, Constraint: &schema.Constraint{Name: "PRIMARY", Kind: schema.PrimaryKey, Columns: []string{"id"}}, Inline: true})

	sql = "ALTER TABLE t ADD COLUMN u char(36) NOT NULL DEFAULT (uuid()), ADD COLUMN d datetime NOT NULL DEFAULT (now())"
	expectChanges(t, mysqlParser, sql,
		&schema.AddColumn{At: off(t, sql, "ADD COLUMN u"), Table: q("t"), Column: withDefault(notNull(col("u", typ("char", 36))), "UUID()", true)},
		&schema.AddColumn{At: off(t, sql, "ADD COLUMN d"), Table: q("t"), Column: withDefault(notNull(col("d", typ("datetime"))), "CURRENT_TIMESTAMP()", false)})

	sql = "ALTER TABLE t ADD COLUMN full_name varchar(100) AS (CONCAT(first, ' ', last)) VIRTUAL"
	expectChanges(t, mysqlParser, sql,
		&schema.AddColumn{At: off(t, sql, "ADD"), Table: q("t"), Column: &schema.Column{Name: "full_name", Type: typ("varchar", 100), Generated: "virtual"}})
}

func TestAlterModifyChange(t *testing.T) {
	users := q("users")
	status := &schema.Column{Name: "status", Type: schema.Type{Name: "enum", Values: []string{"a", "b", "c"}}, NotNull: true,
		Default: &schema.Expr{Text: "'a'"}}
	sql := "ALTER TABLE users MODIFY COLUMN status enum('a','b','c') NOT NULL DEFAULT 'a' AFTER id"
	expectChanges(t, mysqlParser, sql,
		&schema.AlterColumnType{At: off(t, sql, "MODIFY"), Table: users, Column: "status", Type: status.Type, NewDef: status})

	mail := col("mail", typ("varchar", 320))
	sql = "ALTER TABLE users CHANGE COLUMN email mail varchar(320) NULL DEFAULT NULL"
	at := off(t, sql, "CHANGE")
	expectChanges(t, mysqlParser, sql,
		&schema.RenameColumn{At: at, Table: users, From: "email", To: "mail"},
		&schema.AlterColumnType{At: at, Table: users, Column: "mail", Type: mail.Type, NewDef: mail})

	// Same name, or a name differing only in case: no rename.
	id := notNull(col("id", typ("bigint")))
	sql = "ALTER TABLE users CHANGE id id bigint NOT NULL"
	expectChanges(t, mysqlParser, sql, &schema.AlterColumnType{At: off(t, sql, "CHANGE"), Table: users, Column: "id", Type: id.Type, NewDef: id})
	sql = "ALTER TABLE users CHANGE Id id bigint NOT NULL"
	expectChanges(t, mysqlParser, sql, &schema.AlterColumnType{At: off(t, sql, "CHANGE"), Table: users, Column: "Id", Type: id.Type, NewDef: id})

	sql = "ALTER TABLE users RENAME COLUMN a TO b"
	expectChanges(t, mysqlParser, sql, &schema.RenameColumn{At: off(t, sql, "RENAME"), Table: users, From: "a", To: "b"})
}

func TestAlterDrops(t *testing.T) {
	users := q("users")
	sql := "ALTER TABLE users DROP COLUMN a, DROP b, DROP INDEX ix, DROP KEY k2, DROP PRIMARY KEY, " +
		"DROP FOREIGN KEY fk, DROP CHECK ck, DROP CONSTRAINT c2"
	expectChanges(t, mysqlParser, sql,
		&schema.DropColumn{At: off(t, sql, "DROP COLUMN"), Table: users, Columns: []string{"a", "b"}},
		&schema.DropIndex{At: off(t, sql, "DROP INDEX"), Table: users, Names: []schema.QName{q("ix")}},
		&schema.DropIndex{At: off(t, sql, "DROP KEY"), Table: users, Names: []schema.QName{q("k2")}},
		&schema.DropConstraint{At: off(t, sql, "DROP PRIMARY"), Table: users, Kind: schema.PrimaryKey},
		&schema.DropConstraint{At: off(t, sql, "DROP FOREIGN"), Table: users, Name: "fk", Kind: schema.ForeignKey},
		&schema.DropConstraint{At: off(t, sql, "DROP CHECK"), Table: users, Name: "ck", Kind: schema.Check},
		&schema.DropConstraint{At: off(t, sql, "DROP CONSTRAINT"), Table: users, Name: "c2"})
}

func TestAlterKeys(t *testing.T) {
	users := q("users")
	sql := "ALTER TABLE users ADD INDEX idx_a (a), ADD KEY (b), ADD UNIQUE (c, d), ADD CONSTRAINT uq UNIQUE (e), " +
		"ADD PRIMARY KEY (id), ADD CONSTRAINT fk FOREIGN KEY (org) REFERENCES orgs (id), ADD FOREIGN KEY (x) REFERENCES y (id), " +
		"ADD CONSTRAINT ck CHECK (a > 0), ADD CHECK (b IS NOT NULL), ADD FULLTEXT INDEX ft (body), ADD SPATIAL INDEX sp (g), " +
		"ADD INDEX ix ((lower(email)))"
	expectChanges(t, mysqlParser, sql,
		&schema.CreateIndex{At: off(t, sql, "ADD INDEX idx_a"), Table: users, Index: &schema.Index{Name: "idx_a", Columns: []string{"a"}}},
		&schema.CreateIndex{At: off(t, sql, "ADD KEY"), Table: users, Index: &schema.Index{Name: "b", Columns: []string{"b"}, GeneratedName: true}},
		&schema.AddConstraint{At: off(t, sql, "ADD UNIQUE"), Table: users, Constraint: &schema.Constraint{Name: "c", Kind: schema.Unique, Columns: []string{"c", "d"}, GeneratedName: true}},
		&schema.AddConstraint{At: off(t, sql, "ADD CONSTRAINT uq"), Table: users, Constraint: &schema.Constraint{Name: "uq", Kind: schema.Unique, Columns: []string{"e"}}},
		&schema.AddConstraint{At: off(t, sql, "ADD PRIMARY"), Table: users, Constraint: &schema.Constraint{Name: "PRIMARY", Kind: schema.PrimaryKey, Columns: []string{"id"}}},
		&schema.AddConstraint{At: off(t, sql, "ADD CONSTRAINT fk"), Table: users, Constraint: &schema.Constraint{Name: "fk", Kind: schema.ForeignKey,
			Columns: []string{"org"}, RefTable: q("orgs"), RefColumns: []string{"id"}}},
		&schema.AddConstraint{At: off(t, sql, "ADD FOREIGN"), Table: users, Constraint: &schema.Constraint{Kind: schema.ForeignKey,
			Columns: []string{"x"}, RefTable: q("y"), RefColumns: []string{"id"}}},
		&schema.AddConstraint{At: off(t, sql, "ADD CONSTRAINT ck"), Table: users, Constraint: &schema.Constraint{Name: "ck", Kind: schema.Check, Columns: []string{"a"}}},
		&schema.AddConstraint{At: off(t, sql, "ADD CHECK"), Table: users, Constraint: &schema.Constraint{Kind: schema.Check, Columns: []string{"b"}, NotNullColumn: "b"}},
		&schema.CreateIndex{At: off(t, sql, "ADD FULLTEXT"), Table: users, Index: &schema.Index{Name: "ft", Columns: []string{"body"}}},
		&schema.CreateIndex{At: off(t, sql, "ADD SPATIAL"), Table: users, Index: &schema.Index{Name: "sp", Columns: []string{"g"}}},
		&schema.CreateIndex{At: off(t, sql, "ADD INDEX ix"), Table: users, Index: &schema.Index{Name: "ix", Columns: []string{"LOWER(email)"}}})
}

func TestAlterRenamesAndDefaults(t *testing.T) {
	users := q("users")
	sql := "ALTER TABLE users RENAME TO people, RENAME INDEX i1 TO i2, ALTER COLUMN z SET DEFAULT 5, ALTER y DROP DEFAULT, " +
		"ALTER x SET DEFAULT (uuid()), ENGINE=InnoDB, FORCE"
	expectChanges(t, mysqlParser, sql,
		&schema.RenameIndex{At: off(t, sql, "RENAME INDEX"), Table: users, From: q("i1"), To: "i2"},
		&schema.SetDefault{At: off(t, sql, "ALTER COLUMN z"), Table: users, Column: "z", Default: &schema.Expr{Text: "5"}},
		&schema.SetDefault{At: off(t, sql, "ALTER y"), Table: users, Column: "y"},
		&schema.SetDefault{At: off(t, sql, "ALTER x"), Table: users, Column: "x", Default: &schema.Expr{Text: "UUID()", Volatile: true}},
		// The server renames last, whatever the clause order.
		&schema.RenameTable{At: off(t, sql, "RENAME TO"), From: users, To: q("people")})
	// Each pair of a multi-table rename is reported where it is written.
	rename := "RENAME TABLE a TO b,\n  db.c TO db.d"
	expectChanges(t, mysqlParser, rename,
		&schema.RenameTable{From: q("a"), To: q("b")},
		&schema.RenameTable{At: off(t, rename, "db.c"), From: schema.QName{Schema: "db", Name: "c"}, To: schema.QName{Schema: "db", Name: "d"}})
}

func TestAlterOptions(t *testing.T) {
	for sql, want := range map[string][2]string{
		"ALTER TABLE t ADD COLUMN x int, ALGORITHM=INPLACE, LOCK=NONE": {"INPLACE", "NONE"},
		"ALTER TABLE t ADD COLUMN x int, ALGORITHM=INSTANT":            {"INSTANT", ""},
		"ALTER TABLE t DROP COLUMN x, LOCK=EXCLUSIVE, ALGORITHM=COPY":  {"COPY", "EXCLUSIVE"},
		"ALTER TABLE t DROP COLUMN x":                                  {"", ""},
		"DROP TABLE t":                                                 {"", ""},
	} {
		tree := parseOK(t, mysqlParser, sql).Tree.(*Tree)
		if a, l := tree.AlterOptions(); a != want[0] || l != want[1] {
			t.Errorf("%s: AlterOptions %q %q, want %q", sql, a, l, want)
		}
		if _, ok := tree.Stmt().(ast.StmtNode); !ok {
			t.Errorf("%s: no TiDB tree", sql)
		}
	}
	// The options take no change of their own and do not shift the clause
	// offsets of the changes after them.
	sql := "ALTER TABLE t ALGORITHM=INPLACE, ADD COLUMN x int, LOCK=NONE, DROP COLUMN y"
	expectChanges(t, mysqlParser, sql,
		&schema.AddColumn{At: off(t, sql, "ADD"), Table: q("t"), Column: col("x", typ("int"))},
		&schema.DropColumn{At: off(t, sql, "DROP"), Table: q("t"), Columns: []string{"y"}})
}

// MySQL names an unnamed key after its first column unless the table has an
// index of that name already; only the catalog knows, so the adapter marks
// its guess and the realm settles it.
func TestAlterKeyNamesComeFromTheCatalog(t *testing.T) {
	r := schema.NewRealm("")
	r.TableScopedIndexes, r.FoldColumnCase = true, true
	for _, sql := range []string{
		"CREATE TABLE accounts (id bigint, Phone varchar(32), email varchar(100), INDEX (phone), INDEX EMAIL (id), UNIQUE (PHONE))",
		"ALTER TABLE accounts ADD UNIQUE (phone)",
		"ALTER TABLE accounts ADD UNIQUE KEY (email), ADD INDEX (email), ADD COLUMN code int UNIQUE, ADD INDEX ((lower(email)))",
		"ALTER TABLE accounts MODIFY id bigint NOT NULL PRIMARY KEY",
	} {
		for _, c := range parseOK(t, mysqlParser, sql).Changes {
			r.Apply(c)
		}
	}
	var got []string
	for _, i := range r.Table(q("accounts")).Indexes {
		got = append(got, i.Name)
	}
	want := []string{"Phone", "EMAIL", "Phone_2", "Phone_3", "email_2", "email_3", "code", "functional_index", "PRIMARY"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("index names %q, want %q", got, want)
	}
	// Inside CREATE TABLE the adapter sees every index: its names are final.
	st := parseOK(t, mysqlParser, "CREATE TABLE t (a int UNIQUE, INDEX (a))")
	for _, i := range st.Changes[0].(*schema.CreateTable).Table.Indexes {
		if i.GeneratedName {
			t.Errorf("CREATE TABLE index %+v marked GeneratedName", i)
		}
	}
}

func TestAlterModifySignedness(t *testing.T) {
	sql := "ALTER TABLE counters MODIFY hits int(10) unsigned NOT NULL, MODIFY delta int"
	hits, delta := notNull(col("hits", unsigned(typ("int")))), col("delta", typ("int"))
	expectChanges(t, mysqlParser, sql,
		&schema.AlterColumnType{At: off(t, sql, "MODIFY hits"), Table: q("counters"), Column: "hits", Type: hits.Type, NewDef: hits},
		&schema.AlterColumnType{At: off(t, sql, "MODIFY delta"), Table: q("counters"), Column: "delta", Type: delta.Type, NewDef: delta})
}
