package mysql

import (
	"reflect"
	"testing"

	"github.com/schemaguard/schemaguard/schema"
)

func TestTypes(t *testing.T) {
	cases := []struct {
		decl string
		want schema.Type
	}{
		{"int", typ("int")}, {"INT(11) UNSIGNED", unsigned(typ("int"))}, {"integer", typ("int")},
		{"tinyint", typ("tinyint")}, {"tinyint(1)", typ("tinyint", 1)}, {"boolean", typ("tinyint", 1)},
		{"smallint", typ("smallint")}, {"mediumint", typ("mediumint")}, {"bigint unsigned", unsigned(typ("bigint"))},
		{"tinyint unsigned", unsigned(typ("tinyint"))}, {"int(5) zerofill", unsigned(typ("int"))},
		{"decimal(12,2) unsigned", unsigned(typ("decimal", 12, 2))}, {"double unsigned", unsigned(typ("double"))},
		{"serial", unsigned(typ("bigint"))},
		{"decimal", typ("decimal", 10, 0)}, {"decimal(12,2)", typ("decimal", 12, 2)}, {"numeric(5)", typ("decimal", 5, 0)},
		{"float", typ("float")}, {"double", typ("double")}, {"real", typ("double")}, {"bit(3)", typ("bit", 3)},
		{"year", typ("year")}, {"date", typ("date")}, {"datetime", typ("datetime")}, {"datetime(6)", typ("datetime", 6)},
		{"timestamp", typ("timestamp")}, {"timestamp(3)", typ("timestamp", 3)}, {"time", typ("time")},
		{"varchar(255)", typ("varchar", 255)}, {"char(3)", typ("char", 3)}, {"char", typ("char", 1)},
		{"varbinary(16)", typ("varbinary", 16)}, {"binary(16)", typ("binary", 16)},
		{"text", typ("text")}, {"tinytext", typ("tinytext")}, {"mediumtext", typ("mediumtext")}, {"longtext", typ("longtext")},
		{"blob", typ("blob")}, {"longblob", typ("longblob")}, {"json", typ("json")},
		{"varchar(10) CHARACTER SET latin1", typ("varchar", 10)},
		{"enum('a','b')", schema.Type{Name: "enum", Values: []string{"a", "b"}}},
		{"set('x','y')", schema.Type{Name: "set", Values: []string{"x", "y"}}},
		{"point", typ("point")}, {"GEOMETRY", typ("geometry")}, {"polygon NOT NULL SRID 4326", typ("polygon")},
	}
	for _, c := range cases {
		sql := "CREATE TABLE t (c " + c.decl + ")"
		st := parseOK(t, mysqlParser, sql)
		ct, ok := st.Changes[0].(*schema.CreateTable)
		if !ok || len(ct.Table.Columns) != 1 {
			t.Errorf("%s: %s", sql, dump(st.Changes))
			continue
		}
		if got := ct.Table.Columns[0].Type; !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: type %+v, want %+v", c.decl, got, c.want)
		}
	}
	// MariaDB's own types.
	for decl, name := range map[string]string{"uuid": "uuid", "inet6": "inet6", "INET4": "inet4"} {
		st := parseOK(t, mariadbParser, "CREATE TABLE t (id "+decl+" NOT NULL)")
		if got := st.Changes[0].(*schema.CreateTable).Table.Columns[0]; got.Type.Name != name || !got.NotNull {
			t.Errorf("MariaDB %s: %+v", decl, got)
		}
	}
}

func TestColumnOptions(t *testing.T) {
	sql := "CREATE TABLE t (" +
		"id bigint NOT NULL AUTO_INCREMENT, " +
		"status varchar(10) NOT NULL DEFAULT 'new', " +
		"created datetime NOT NULL DEFAULT CURRENT_TIMESTAMP, " +
		"uid binary(16) NOT NULL DEFAULT (uuid_to_bin(uuid())), " +
		"r double DEFAULT (rand()), " +
		"n int NULL DEFAULT NULL, " +
		"total int AS (id * 2) STORED, " +
		"v int GENERATED ALWAYS AS (id + 1) VIRTUAL, " +
		"neg int DEFAULT -1)"
	st := parseOK(t, mysqlParser, sql)
	got := st.Changes[0].(*schema.CreateTable).Table.Columns
	want := []*schema.Column{
		{Name: "id", Type: typ("bigint"), NotNull: true, Serial: true},
		withDefault(notNull(col("status", typ("varchar", 10))), "'new'", false),
		withDefault(notNull(col("created", typ("datetime"))), "CURRENT_TIMESTAMP()", false),
		withDefault(notNull(col("uid", typ("binary", 16))), "UUID_TO_BIN(UUID())", true),
		withDefault(col("r", typ("double")), "RAND()", true),
		col("n", typ("int")),
		{Name: "total", Type: typ("int"), Generated: "stored"},
		{Name: "v", Type: typ("int"), Generated: "virtual"},
		withDefault(col("neg", typ("int")), "-1", false),
	}
	if !reflect.DeepEqual(got, want) {
		for i := range got {
			if i < len(want) && !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("column %d: got %+v (default %+v), want %+v (default %+v)", i, got[i], got[i].Default, want[i], want[i].Default)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%d columns, want %d", len(got), len(want))
		}
	}
	if !reflect.DeepEqual(st.Literals, []string{"new"}) {
		t.Errorf("literals %q", st.Literals)
	}
}

func TestCreateTableKeys(t *testing.T) {
	sql := "CREATE TABLE IF NOT EXISTS `shop`.`users` (\n" +
		"  `id` int NOT NULL AUTO_INCREMENT,\n" +
		"  email varchar(255) UNIQUE,\n" +
		"  org int,\n" +
		"  code int CHECK (code > 0),\n" +
		"  PRIMARY KEY (`id`),\n" +
		"  UNIQUE KEY uq_org (org),\n" +
		"  UNIQUE (email, org),\n" +
		"  KEY (org),\n" +
		"  INDEX ix_code (code),\n" +
		"  INDEX ((lower(email))),\n" +
		"  FULLTEXT KEY ft (email),\n" +
		"  CONSTRAINT fk_org FOREIGN KEY (org) REFERENCES orgs (id) ON DELETE CASCADE,\n" +
		"  FOREIGN KEY (code) REFERENCES codes (id),\n" +
		"  CONSTRAINT has_email CHECK (email IS NOT NULL) NOT ENFORCED\n" +
		") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
	name := schema.QName{Schema: "shop", Name: "users"}
	want := &schema.CreateTable{Table: &schema.Table{
		Name: name,
		Columns: []*schema.Column{
			{Name: "id", Type: typ("int"), NotNull: true, Serial: true},
			col("email", typ("varchar", 255)), col("org", typ("int")), col("code", typ("int")),
		},
		Constraints: []*schema.Constraint{
			{Name: "email", Kind: schema.Unique, Columns: []string{"email"}},
			{Name: "users_chk_1", Kind: schema.Check, Columns: []string{"code"}},
			{Name: "PRIMARY", Kind: schema.PrimaryKey, Columns: []string{"id"}},
			{Name: "uq_org", Kind: schema.Unique, Columns: []string{"org"}},
			{Name: "email_2", Kind: schema.Unique, Columns: []string{"email", "org"}},
			{Name: "fk_org", Kind: schema.ForeignKey, Columns: []string{"org"}, RefTable: q("orgs"), RefColumns: []string{"id"}},
			{Name: "users_ibfk_1", Kind: schema.ForeignKey, Columns: []string{"code"}, RefTable: q("codes"), RefColumns: []string{"id"}},
			{Name: "has_email", Kind: schema.Check, Columns: []string{"email"}, NotNullColumn: "email", NotValid: true},
		},
		Indexes: []*schema.Index{
			{Name: "email", Columns: []string{"email"}, Unique: true},
			{Name: "PRIMARY", Columns: []string{"id"}, Unique: true, Primary: true},
			{Name: "uq_org", Columns: []string{"org"}, Unique: true},
			{Name: "email_2", Columns: []string{"email", "org"}, Unique: true},
			{Name: "org", Columns: []string{"org"}},
			{Name: "ix_code", Columns: []string{"code"}},
			{Name: "functional_index", Columns: []string{"LOWER(email)"}},
			{Name: "ft", Columns: []string{"email"}},
		},
	}, IfNotExists: true}
	expectChanges(t, mysqlParser, sql, want)
}

func TestCreateTableInlineReferences(t *testing.T) {
	sql := "CREATE TABLE t (id int PRIMARY KEY, org int REFERENCES orgs(id))"
	// MySQL 8 parses and ignores a column-level REFERENCES; MariaDB makes it
	// a foreign key.
	base := func() *schema.Table {
		return &schema.Table{Name: q("t"),
			Columns:     []*schema.Column{notNull(col("id", typ("int"))), col("org", typ("int"))},
			Constraints: []*schema.Constraint{{Name: "PRIMARY", Kind: schema.PrimaryKey, Columns: []string{"id"}}},
			Indexes:     []*schema.Index{{Name: "PRIMARY", Columns: []string{"id"}, Unique: true, Primary: true}},
		}
	}
	expectChanges(t, mysqlParser, sql, &schema.CreateTable{Table: base()})
	mdb := base()
	mdb.Constraints = append(mdb.Constraints, &schema.Constraint{Name: "t_ibfk_1", Kind: schema.ForeignKey,
		Columns: []string{"org"}, RefTable: q("orgs"), RefColumns: []string{"id"}})
	expectChanges(t, mariadbParser, sql, &schema.CreateTable{Table: mdb})
}

func TestCreateTableVariants(t *testing.T) {
	expectChanges(t, mysqlParser, "CREATE TABLE t2 LIKE t",
		&schema.CreateTable{Table: &schema.Table{Name: q("t2")}, AsSelect: true})
	expectChanges(t, mysqlParser, "CREATE TABLE t2 AS SELECT id FROM t",
		&schema.CreateTable{Table: &schema.Table{Name: q("t2")}, AsSelect: true})
	expectChanges(t, mysqlParser, "CREATE TEMPORARY TABLE tmp (a int)",
		&schema.CreateTable{Table: &schema.Table{Name: q("tmp"), Columns: []*schema.Column{col("a", typ("int"))}}})
	expectChanges(t, mysqlParser, "CREATE TABLE p (a int) PARTITION BY HASH (a) PARTITIONS 4",
		&schema.CreateTable{Table: &schema.Table{Name: q("p"), Columns: []*schema.Column{col("a", typ("int"))}, Partitioned: true}})
	// Leading comments: the change points at CREATE.
	sql := "-- users\n/* plain */ CREATE TABLE t (a int)"
	expectChanges(t, mysqlParser, sql,
		&schema.CreateTable{At: off(t, sql, "CREATE"), Table: &schema.Table{Name: q("t"), Columns: []*schema.Column{col("a", typ("int"))}}})
}

func TestCreateIndex(t *testing.T) {
	expectChanges(t, mysqlParser, "CREATE UNIQUE INDEX ux ON db1.t (a, b(10))",
		&schema.CreateIndex{Table: schema.QName{Schema: "db1", Name: "t"}, Index: &schema.Index{Name: "ux", Columns: []string{"a", "b"}, Unique: true}})
	expectChanges(t, mysqlParser, "CREATE INDEX i ON t ((lower(email))) ALGORITHM=INPLACE LOCK=NONE",
		&schema.CreateIndex{Table: q("t"), Index: &schema.Index{Name: "i", Columns: []string{"LOWER(email)"}}})
	expectChanges(t, mariadbParser, "CREATE INDEX IF NOT EXISTS i USING BTREE ON t (a)",
		&schema.CreateIndex{Table: q("t"), Index: &schema.Index{Name: "i", Columns: []string{"a"}}, IfNotExists: true})
	expectChanges(t, mysqlParser, "CREATE FULLTEXT INDEX ft ON t (body) WITH PARSER ngram",
		&schema.CreateIndex{Table: q("t"), Index: &schema.Index{Name: "ft", Columns: []string{"body"}}})
	expectChanges(t, mysqlParser, "CREATE SPATIAL INDEX sp ON t (g)",
		&schema.CreateIndex{Table: q("t"), Index: &schema.Index{Name: "sp", Columns: []string{"g"}}})
	expectChanges(t, mysqlParser, "CREATE INDEX mv ON t ((CAST(tags->'$.ids' AS UNSIGNED ARRAY)))",
		&schema.CreateIndex{Table: q("t"), Index: &schema.Index{Name: "mv", Columns: []string{"CAST(JSON_EXTRACT(tags, '$.ids') AS UNSIGNED ARRAY)"}}})
	expectChanges(t, mysqlParser, "DROP INDEX ux ON t",
		&schema.DropIndex{Names: []schema.QName{q("ux")}, Table: q("t")})
}
