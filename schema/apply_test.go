package schema

import (
	"testing"
)

func TestCreateIndexIfNotExists(t *testing.T) {
	r := NewRealm("public")
	apply(r, usersTable(), &CreateIndex{Table: qn("users"), Index: &Index{Name: "i", Columns: []string{"email"}}})
	r.MarkExisting()
	r.Apply(&CreateIndex{Table: qn("users"), IfNotExists: true, Index: &Index{Name: "i", Columns: []string{"id"}, Unique: true}})
	_, i := r.IndexByName(qn("i"))
	if i == nil || i.Unique || !i.Existing || len(r.Table(qn("users")).Indexes) != 1 {
		t.Errorf("IF NOT EXISTS replaced the index: %+v", i)
	}
}

func TestDropTableRemovesIndexesAndReferences(t *testing.T) {
	r := NewRealm("public")
	apply(r, usersTable(),
		&CreateTable{Table: &Table{Name: qn("orgs"), Columns: []*Column{{Name: "id"}}}},
		&AddConstraint{Table: qn("users"), Constraint: &Constraint{Kind: ForeignKey, Columns: []string{"org_id"}, RefTable: QName{Schema: "public", Name: "orgs"}}},
		&CreateIndex{Table: qn("orgs"), Index: &Index{Columns: []string{"id"}}},
		&DropTable{Names: []QName{qn("orgs")}, Cascade: true},
	)
	if r.Table(qn("orgs")) != nil {
		t.Error("table survived")
	}
	if _, i := r.IndexByName(qn("orgs_id_idx")); i != nil {
		t.Error("index survived its table")
	}
	if k := r.ConstraintByName(qn("users"), "users_org_id_fkey"); k != nil {
		t.Error("CASCADE left the referencing foreign key")
	}
}

func TestIndexAndConstraintRenamesGoTogether(t *testing.T) {
	r := NewRealm("public")
	apply(r, usersTable(),
		&AddConstraint{Table: qn("users"), Constraint: &Constraint{Kind: Unique, Columns: []string{"email"}}},
		&RenameIndex{From: qn("users_email_key"), To: "users_mail_uq"},
	)
	if k := r.ConstraintByName(qn("users"), "users_mail_uq"); k == nil {
		t.Error("ALTER INDEX RENAME did not rename the constraint")
	}
	r.Apply(&RenameConstraint{Table: qn("users"), From: "users_mail_uq", To: "uq"})
	if _, i := r.IndexByName(qn("uq")); i == nil {
		t.Error("RENAME CONSTRAINT did not rename the index")
	}
	if _, i := r.IndexByName(qn("users_mail_uq")); i != nil {
		t.Error("old index name still resolves")
	}
	r.Apply(&DropConstraint{Table: qn("users"), Name: "uq"})
	if _, i := r.IndexByName(qn("uq")); i != nil || len(r.Table(qn("users")).Constraints) != 0 {
		t.Error("DROP CONSTRAINT left its index or itself")
	}
}

func TestConstraintUsingIndex(t *testing.T) {
	r := NewRealm("public")
	apply(r, usersTable(),
		&CreateIndex{Table: qn("users"), Concurrently: true, Index: &Index{Name: "users_id_uniq", Columns: []string{"id"}, Unique: true}},
	)
	r.MarkExisting()
	r.Apply(&AddConstraint{Table: qn("users"), Constraint: &Constraint{Name: "users_pk", Kind: PrimaryKey, UsingIndex: "users_id_uniq"}})
	k := r.ConstraintByName(qn("users"), "users_pk")
	if k == nil || len(k.Columns) != 1 || k.Columns[0] != "id" {
		t.Fatalf("constraint = %+v, want columns from the index", k)
	}
	_, i := r.IndexByName(qn("users_pk"))
	if i == nil || !i.Primary || !i.Existing {
		t.Errorf("index = %+v, want the existing index renamed to users_pk and primary", i)
	}
	if c := r.Column(qn("users"), "id"); !c.NotNull {
		t.Error("primary key column is nullable")
	}
}

func TestSetSchemaMovesIndexes(t *testing.T) {
	r := NewRealm("public")
	apply(r, usersTable(), &CreateSchema{Name: "archive"},
		&CreateIndex{Table: qn("users"), Index: &Index{Name: "users_email", Columns: []string{"email"}}},
		&RenameTable{From: qn("users"), To: QName{Schema: "archive", Name: "users"}},
	)
	if r.Table(qn("users")) != nil || r.Table(QName{Schema: "archive", Name: "users"}) == nil {
		t.Fatal("table did not move")
	}
	if _, i := r.IndexByName(QName{Schema: "archive", Name: "users_email"}); i == nil {
		t.Error("index did not move with its table")
	}
	if _, i := r.IndexByName(qn("users_email")); i != nil {
		t.Error("index still in public")
	}
}

func TestColumnChanges(t *testing.T) {
	r := NewRealm("public")
	apply(r, usersTable(),
		&SetNotNull{Table: qn("users"), Column: "email"},
		&SetDefault{Table: qn("users"), Column: "email", Default: &Expr{Text: "''"}},
		&AlterColumnType{Table: qn("users"), Column: "email", Type: Type{Name: "varchar", Mods: []int{100}}},
	)
	c := r.Column(qn("users"), "email")
	if !c.NotNull || c.Default == nil || c.Default.Text != "''" || c.Type.Name != "varchar" || c.Type.Mods[0] != 100 {
		t.Errorf("column = %+v", c)
	}
	apply(r, &DropNotNull{Table: qn("users"), Column: "email"}, &SetDefault{Table: qn("users"), Column: "email"}, &AddIdentity{Table: qn("users"), Column: "id"})
	if c.NotNull || c.Default != nil || !r.Column(qn("users"), "id").Identity {
		t.Errorf("after DROP NOT NULL / DROP DEFAULT / ADD IDENTITY: %+v", c)
	}
}

// TestRealmKeepsItsOwnCopies: a Change stays what the rules saw even after
// later statements alter the objects it created.
func TestRealmKeepsItsOwnCopies(t *testing.T) {
	r := NewRealm("public")
	ct := usersTable()
	add := &AddConstraint{Table: qn("users"), Constraint: &Constraint{Name: "c", Kind: Check, NotValid: true}}
	apply(r, ct, add, &ValidateConstraint{Table: qn("users"), Name: "c"}, &RenameColumn{Table: qn("users"), From: "id", To: "uid"})
	r.MarkExisting()
	if !add.Constraint.NotValid || add.Constraint.Existing || ct.Table.Columns[0].Name != "id" || ct.Table.Existing {
		t.Error("folding altered the changes' objects")
	}
	ct.Table.Columns[1].Name = "changed"
	if r.Column(qn("users"), "email") == nil {
		t.Error("realm shares objects with a change")
	}
}

func TestViewsAndMaterializedViews(t *testing.T) {
	r := NewRealm("public")
	apply(r, &CreateView{Name: qn("v")}, &CreateView{Name: qn("mv"), Materialized: true},
		&CreateIndex{Table: qn("mv"), Index: &Index{Columns: []string{"a"}, Unique: true}})
	if r.View(qn("v")) == nil || r.Table(qn("v")) != nil {
		t.Error("plain view misfiled")
	}
	if tb := r.Table(qn("mv")); tb == nil || !tb.Materialized || len(tb.Indexes) != 1 {
		t.Errorf("materialized view = %+v", tb)
	}
	r.MarkExisting()
	apply(r, &CreateView{Name: qn("v"), OrReplace: true}, &RenameTable{From: qn("v"), To: qn("w")})
	if v := r.View(qn("w")); v == nil || !v.Existing {
		t.Errorf("replaced and renamed view = %+v, want existing", v)
	}
	apply(r, &DropTable{Names: []QName{qn("mv")}}, &DropView{Names: []QName{qn("w")}})
	if r.Table(qn("mv")) == nil {
		t.Error("DROP TABLE dropped a materialized view")
	}
	r.Apply(&DropView{Names: []QName{qn("mv")}, Materialized: true})
	if r.Table(qn("mv")) != nil || r.View(qn("w")) != nil {
		t.Error("views survived DROP VIEW")
	}
	if _, i := r.IndexByName(qn("mv_a_idx")); i != nil {
		t.Error("materialized view index survived")
	}
}

// TestUnknownTargetsAndNil: nothing the history can say makes Apply panic.
func TestUnknownTargetsAndNil(t *testing.T) {
	r := NewRealm("public")
	unknown := qn("nope")
	cs := []Change{
		nil, &CreateTable{}, &CreateTable{Table: &Table{Name: qn("x"), Columns: []*Column{nil}, Constraints: []*Constraint{nil}, Indexes: []*Index{nil}}},
		(*AddColumn)(nil), (*DropTable)(nil), (*CreateSchema)(nil), (*DropSchema)(nil), (*RenameTable)(nil),
		(*DropColumn)(nil), (*RenameColumn)(nil), (*AlterColumnType)(nil), (*SetNotNull)(nil), (*DropNotNull)(nil),
		(*SetDefault)(nil), (*AddIdentity)(nil), (*AddConstraint)(nil), (*DropConstraint)(nil), (*RenameConstraint)(nil),
		(*ValidateConstraint)(nil), (*CreateIndex)(nil), (*DropIndex)(nil), (*RenameIndex)(nil), (*CreateEnum)(nil),
		(*AddEnumValue)(nil), (*RenameEnumValue)(nil), (*RenameType)(nil), (*DropType)(nil), (*CreateView)(nil), (*DropView)(nil),
		&AddColumn{Table: unknown, Column: &Column{Name: "a"}}, &AddColumn{Table: unknown},
		&DropColumn{Table: unknown, Columns: []string{"a"}}, &RenameColumn{Table: unknown, From: "a", To: "b"},
		&AlterColumnType{Table: unknown, Column: "a"}, &SetNotNull{Table: unknown, Column: "a"},
		&AddConstraint{Table: unknown, Constraint: &Constraint{Kind: PrimaryKey}}, &AddConstraint{Table: qn("x"), Constraint: &Constraint{Kind: Unique, UsingIndex: "missing"}},
		&DropConstraint{Table: unknown, Name: "c"}, &ValidateConstraint{Table: unknown, Name: "c"},
		&CreateIndex{Table: unknown, Index: &Index{}}, &DropIndex{Names: []QName{unknown}}, &RenameIndex{From: unknown, To: "z"},
		&AddEnumValue{Type: unknown, Value: "v"}, &RenameTable{From: unknown, To: qn("z")}, &DropTable{Names: []QName{unknown}},
		&DropType{Names: []QName{unknown}}, &Truncate{Tables: []QName{unknown}}, &Maintenance{Kind: "vacuum"},
	}
	for _, c := range cs {
		r.Apply(c)
	}
	r.MarkExisting()
	if r.Table(unknown) != nil || r.Table(qn("x")) == nil {
		t.Error("unknown targets created objects")
	}
}

func TestExpressionIndexFollowsColumn(t *testing.T) {
	r := NewRealm("public")
	apply(r, usersTable(),
		&CreateIndex{Table: qn("users"), Index: &Index{Name: "i1", Columns: []string{"lower(email)"}}},
		&CreateIndex{Table: qn("users"), Index: &Index{Name: "i2", Columns: []string{"COALESCE(email, 'email')", "emails"}}},
		&RenameColumn{Table: qn("users"), From: "email", To: "Mail"},
	)
	if _, i := r.IndexByName(qn("i1")); i.Columns[0] != `lower("Mail")` {
		t.Errorf("i1 columns %q", i.Columns)
	}
	if _, i := r.IndexByName(qn("i2")); i.Columns[0] != `COALESCE("Mail", 'email')` || i.Columns[1] != "emails" {
		t.Errorf("i2 columns %q", i.Columns)
	}
	r.Apply(&DropColumn{Table: qn("users"), Columns: []string{"Mail"}})
	if _, i := r.IndexByName(qn("i1")); i != nil {
		t.Error("expression index survived dropping its column")
	}
}

func TestPartitionTakesParentColumns(t *testing.T) {
	r := NewRealm("public")
	apply(r, &CreateTable{Table: &Table{Name: qn("m"), Partitioned: true, Columns: []*Column{{Name: "id", Type: Type{Name: "int8"}, NotNull: true}, {Name: "at", Type: Type{Name: "date"}}}}})
	r.MarkExisting()
	r.Apply(&CreateTable{PartitionOf: qn("m"), Table: &Table{Name: qn("m1"), Columns: []*Column{{Name: "at", NotNull: true}}}})
	tb := r.Table(qn("m1"))
	if len(tb.Columns) != 2 || tb.Columns[0].Name != "id" || !tb.Columns[0].NotNull || tb.Columns[0].Existing ||
		tb.Columns[1].Type.Name != "date" || !tb.Columns[1].NotNull {
		t.Errorf("partition columns %+v %+v", tb.Columns[0], tb.Columns[1])
	}
	if r.Column(qn("m"), "id") == tb.Columns[0] {
		t.Error("partition shares the parent's column")
	}
}

func TestForeignKeysFollowReferencedTable(t *testing.T) {
	r := NewRealm("public")
	fk := func() *AddConstraint {
		return &AddConstraint{Table: qn("users"), Constraint: &Constraint{Kind: ForeignKey, Columns: []string{"org_id"}, RefTable: qn("orgs"), RefColumns: []string{"id"}}}
	}
	apply(r, usersTable(), &CreateTable{Table: &Table{Name: qn("orgs"), Columns: []*Column{{Name: "id"}}}}, fk(),
		&RenameTable{From: qn("orgs"), To: qn("companies")},
		&RenameColumn{Table: qn("companies"), From: "id", To: "company_id"},
	)
	k := r.ConstraintByName(qn("users"), "users_org_id_fkey")
	if k == nil || r.key(k.RefTable) != r.key(qn("companies")) || k.RefColumns[0] != "company_id" {
		t.Fatalf("foreign key = %+v, want it to follow the renamed table and column", k)
	}
	// A referring table dropped and created again is tracked afresh.
	apply(r, &DropTable{Names: []QName{qn("users")}}, usersTable(), fk())
	apply(r, &RenameTable{From: qn("orgs"), To: qn("x")}) // no such table any more: no-op
	apply(r, &DropTable{Names: []QName{qn("companies")}, Cascade: true})
	if k := r.ConstraintByName(qn("users"), "users_org_id_fkey"); k == nil {
		t.Error("a foreign key to another table (orgs) was dropped")
	}
	apply(r, &CreateTable{Table: &Table{Name: qn("orgs")}}, &DropTable{Names: []QName{qn("orgs")}, Cascade: true})
	if k := r.ConstraintByName(qn("users"), "users_org_id_fkey"); k != nil {
		t.Error("DROP TABLE orgs CASCADE left the foreign key")
	}
}

func TestMySQLIndexNamesArePerTable(t *testing.T) {
	r := NewRealm("")
	r.TableScopedIndexes = true
	for _, name := range []string{"a", "b"} {
		r.Apply(&CreateTable{Table: &Table{Name: QName{Name: name}, Columns: []*Column{{Name: "x"}}}})
		r.Apply(&CreateIndex{Table: QName{Name: name}, Index: &Index{Name: "idx_x", Columns: []string{"x"}}})
	}
	if got := len(r.Table(QName{Name: "b"}).Indexes); got != 1 {
		t.Fatalf("table b has %d indexes; an index name used by table a must not block it on MySQL", got)
	}
	r.Apply(&CreateIndex{Table: QName{Name: "b"}, Index: &Index{Name: "idx_x", Columns: []string{"x"}}})
	if got := len(r.Table(QName{Name: "b"}).Indexes); got != 1 {
		t.Fatalf("a second idx_x on the same table must be refused, got %d indexes", got)
	}
}
