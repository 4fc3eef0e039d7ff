package dataloss

import (
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/schema"
)

// The MySQL adapter comes later; these tests feed the rules the Changes it
// is specified to produce (schema/change.go) for MySQL statements.

func TestMySQLNotNullWithoutDefault(t *testing.T) {
	p := fakeParser{
		"CREATE TABLE t (id INT)": {table("t", col("id", "int"))},
		"ALTER TABLE t ADD COLUMN born DATE NOT NULL": {&schema.AddColumn{At: schema.At{Offset: 14}, Table: q("t"),
			Column: notNull(col("born", "date"))}},
		"ALTER TABLE t ADD COLUMN seen DATETIME NOT NULL": {&schema.AddColumn{Table: q("t"), Column: notNull(col("seen", "datetime"))}},
		"ALTER TABLE t ADD COLUMN n INT NOT NULL":         {&schema.AddColumn{Table: q("t"), Column: notNull(col("n", "int"))}},
		"ALTER TABLE t ADD COLUMN s VARCHAR(10) NOT NULL": {&schema.AddColumn{Table: q("t"), Column: notNull(col("s", "varchar", 10))}},
	}
	history := []string{"CREATE TABLE t (id INT)"}
	linted := []string{
		"ALTER TABLE t ADD COLUMN born DATE NOT NULL",
		"ALTER TABLE t ADD COLUMN seen DATETIME NOT NULL",
		"ALTER TABLE t ADD COLUMN n INT NOT NULL",
		"ALTER TABLE t ADD COLUMN s VARCHAR(10) NOT NULL",
	}
	ds := lintFiles(t, mysqlConfig(p), history, linted)
	// INT and VARCHAR get a zero value silently: MY101's, never MF103 too.
	expectCodes(t, ds, "MF103@1 MF103@2")
	d := find(t, ds, "MF103")
	if !strings.Contains(d.Message, `column "born"`) || !strings.Contains(d.Message, "strict mode") {
		t.Errorf("message: %s", d.Message)
	}
	if !strings.Contains(d.Fix, "MODIFY born date NOT NULL") {
		t.Errorf("fix: %s", d.Fix)
	}

	cfg := mysqlConfig(p)
	cfg.MariaDB = true // MariaDB's default sql_mode fills 0000-00-00 instead
	expectCodes(t, lintFiles(t, cfg, history, linted), "")
}

func TestMySQLModifyNotNull(t *testing.T) {
	def := func(name, typ string, nn bool, mods ...int) *schema.Column {
		c := col(name, typ, mods...)
		c.NotNull = nn
		return c
	}
	modify := func(table, column string, d *schema.Column) *schema.AlterColumnType {
		return &schema.AlterColumnType{Table: q(table), Column: column, Type: d.Type, NewDef: d}
	}
	p := fakeParser{
		"CREATE TABLE t (a INT, b VARCHAR(20), c INT NOT NULL, d INT, e INT)": {table("t",
			col("a", "int"), col("b", "varchar", 20), notNull(col("c", "int")), col("d", "int"), col("e", "int"))},
		"ALTER TABLE t MODIFY b VARCHAR(20) NOT NULL": {modify("t", "b", def("b", "varchar", true, 20))},
		"ALTER TABLE t MODIFY b VARCHAR(10) NOT NULL": {modify("t", "b", def("b", "varchar", true, 10))},
		"ALTER TABLE t CHANGE a a2 INT NOT NULL": {
			&schema.RenameColumn{Table: q("t"), From: "a", To: "a2"}, modify("t", "a2", def("a2", "int", true))},
		"ALTER TABLE t MODIFY c INT NOT NULL":    {modify("t", "c", def("c", "int", true))},
		"ALTER TABLE t MODIFY zz INT NOT NULL":   {modify("t", "zz", def("zz", "int", true))},
		"UPDATE t SET d = 0 WHERE d IS NULL":     {&schema.Update{Table: q("t"), Columns: []string{"d"}, HasWhere: true}},
		"ALTER TABLE t CHANGE d d2 INT NOT NULL": {&schema.RenameColumn{Table: q("t"), From: "d", To: "d2"}, modify("t", "d2", def("d2", "int", true))},
		"ALTER TABLE t MODIFY e INT NULL":        {modify("t", "e", def("e", "int", false))},
	}
	history := []string{"CREATE TABLE t (a INT, b VARCHAR(20), c INT NOT NULL, d INT, e INT)"}
	ds := lintFiles(t, mysqlConfig(p), history, []string{
		"ALTER TABLE t MODIFY b VARCHAR(20) NOT NULL", // 1: MF104
		"ALTER TABLE t CHANGE a a2 INT NOT NULL",      // 2: BC102 + MF104, resolved through the rename
		"ALTER TABLE t MODIFY c INT NOT NULL",         // 3: already NOT NULL
		"ALTER TABLE t MODIFY zz INT NOT NULL",        // 4: unknown column: no guess
		"UPDATE t SET d = 0 WHERE d IS NULL",          // 5
		"ALTER TABLE t CHANGE d d2 INT NOT NULL",      // 6: BC102 only, backfilled under its old name
		"ALTER TABLE t MODIFY e INT NULL",             // 7
	})
	expectCodes(t, ds, "MF104@1 BC102@2 MF104@2 BC102@6")

	// The realm now holds b as VARCHAR(20) NOT NULL: shortening it is MF105
	// alone.
	ds = lintFiles(t, mysqlConfig(p), history, []string{"ALTER TABLE t MODIFY b VARCHAR(20) NOT NULL"}, []string{"ALTER TABLE t MODIFY b VARCHAR(10) NOT NULL"})
	expectCodes(t, ds, "MF105@1")
	if d := ds[0]; !strings.Contains(d.Message, "from varchar(20) to varchar(10)") || !strings.Contains(d.Message, "strict mode") ||
		!strings.Contains(d.Fix, "char_length(b) > 10") {
		t.Errorf("MF105: %s / %s", d.Message, d.Fix)
	}
}

func TestMySQLIndexMadeUnique(t *testing.T) {
	idx := func(name string, unique bool, cols ...string) *schema.Index {
		return &schema.Index{Name: name, Columns: cols, Unique: unique}
	}
	p := fakeParser{
		"CREATE TABLE t (a INT, b INT, c INT, KEY ia (a), KEY ib (b), KEY ic (c))": {&schema.CreateTable{Table: &schema.Table{
			Name: q("t"), Columns: []*schema.Column{col("a", "int"), col("b", "int"), col("c", "int")},
			Indexes: []*schema.Index{idx("ia", false, "a"), idx("ib", false, "b"), idx("ic", false, "c")}}}},
		"ALTER TABLE t DROP INDEX ia, ADD UNIQUE INDEX ia (a)": {
			&schema.DropIndex{Names: []schema.QName{q("ia")}, Table: q("t")},
			&schema.CreateIndex{Table: q("t"), Index: idx("ia", true, "a")}},
		"ALTER TABLE t DROP INDEX ib, ADD UNIQUE INDEX ib (b, c)": {
			&schema.DropIndex{Names: []schema.QName{q("ib")}, Table: q("t")},
			&schema.CreateIndex{Table: q("t"), Index: idx("ib", true, "b", "c")}},
		"ALTER TABLE t ADD UNIQUE (c)": {&schema.AddConstraint{Table: q("t"),
			Constraint: &schema.Constraint{Name: "c", Kind: schema.Unique, Columns: []string{"c"}}}},
	}
	ds := lintFiles(t, mysqlConfig(p), []string{"CREATE TABLE t (a INT, b INT, c INT, KEY ia (a), KEY ib (b), KEY ic (c))"}, []string{
		"ALTER TABLE t DROP INDEX ia, ADD UNIQUE INDEX ia (a)",
		"ALTER TABLE t DROP INDEX ib, ADD UNIQUE INDEX ib (b, c)",
		"ALTER TABLE t ADD UNIQUE (c)",
	})
	expectCodes(t, ds, "MF102@1 MF102@2 MF102@3")
	if m := ds[0].Message; m != `Making index "ia" of table "t" unique fails if existing rows hold duplicate values in ("a")` {
		t.Errorf("message: %s", m)
	}
	if f := ds[0].Fix; !strings.Contains(f, "SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 1;") {
		t.Errorf("fix: %s", f)
	}
}

func TestMySQLDropsAndRenames(t *testing.T) {
	virtual := col("full_name", "varchar", 200)
	virtual.Generated = "virtual"
	stored := col("total", "int")
	stored.Generated = "stored"
	p := fakeParser{
		"CREATE TABLE a (id INT, first VARCHAR(100), full_name VARCHAR(200) AS (first) VIRTUAL, total INT AS (id) STORED)": {
			table("a", col("id", "int"), col("first", "varchar", 100), virtual, stored)},
		"CREATE TABLE b (id INT)": {table("b", col("id", "int"))},
		"ALTER TABLE a DROP COLUMN full_name, DROP COLUMN total": {
			&schema.DropColumn{At: schema.At{Offset: 14}, Table: q("a"), Columns: []string{"full_name"}},
			&schema.DropColumn{At: schema.At{Offset: 37}, Table: q("a"), Columns: []string{"total"}}},
		"RENAME TABLE a TO tmp, b TO a, tmp TO b": {
			&schema.RenameTable{From: q("a"), To: q("tmp")},
			&schema.RenameTable{From: q("b"), To: q("a")},
			&schema.RenameTable{From: q("tmp"), To: q("b")}},
		"DROP DATABASE app":                  {&schema.DropSchema{Names: []string{"app"}}},
		"ALTER TABLE b DROP FOREIGN KEY fk1": {&schema.DropConstraint{Table: q("b"), Name: "fk1", Kind: schema.ForeignKey}},
		"ALTER TABLE b DROP PRIMARY KEY":     {&schema.DropConstraint{Table: q("b"), Kind: schema.PrimaryKey}},
	}
	ds := lintFiles(t, mysqlConfig(p),
		[]string{"CREATE TABLE a (id INT, first VARCHAR(100), full_name VARCHAR(200) AS (first) VIRTUAL, total INT AS (id) STORED)", "CREATE TABLE b (id INT)"},
		[]string{
			"ALTER TABLE a DROP COLUMN full_name, DROP COLUMN total",
			"RENAME TABLE a TO tmp, b TO a, tmp TO b",
			"DROP DATABASE app",
			"ALTER TABLE b DROP FOREIGN KEY fk1",
			"ALTER TABLE b DROP PRIMARY KEY",
		})
	expectCodes(t, ds, "DS103@1 BC101@2 BC101@2 DS101@3 CD101@4")
	if m := ds[0].Message; m != `Dropping column "total" of table "a"` {
		t.Errorf("DS103 message: %s", m)
	}
	if ds[0].Column != 38 {
		t.Errorf("DS103 column = %d, want 38 (the DROP COLUMN clause of the stored column)", ds[0].Column)
	}
	if m := find(t, ds, "DS101").Message; !strings.HasPrefix(m, `Dropping database "app"`) {
		t.Errorf("DS101 message: %s", m)
	}
	if f := find(t, ds, "CD101").Fix; strings.Contains(f, "VALIDATE") {
		t.Errorf("CD101 fix for MySQL must not use NOT VALID/VALIDATE: %s", f)
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
		{ty("decimal"), ty("decimal", 12, 2), false},
		{ty("decimal", 12, 2), ty("decimal"), true},
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
			t.Errorf("mysql %s → %s: lossy = %v, want %v (%s)", typeString(c.from), typeString(c.to), got, c.lossy, lossOf(mysql, c.from, c.to))
		}
	}
}

func ty(name string, mods ...int) schema.Type { return schema.Type{Name: name, Mods: mods} }
