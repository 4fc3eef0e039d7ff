package schema

import (
	"reflect"
	"strings"
	"testing"
)

func qn(name string) QName { return QName{Name: name} }

func apply(r *Realm, cs ...Change) {
	for _, c := range cs {
		r.Apply(c)
	}
}

func usersTable() *CreateTable {
	return &CreateTable{Table: &Table{
		Name: qn("users"),
		Columns: []*Column{
			{Name: "id", Type: Type{Name: "int8"}},
			{Name: "email", Type: Type{Name: "text"}},
			{Name: "org_id", Type: Type{Name: "int8"}},
		},
	}}
}

func TestRenameKeepsExisting(t *testing.T) {
	r := NewRealm("public")
	apply(r, usersTable(), &CreateIndex{Table: qn("users"), Index: &Index{Name: "users_email_idx", Columns: []string{"email"}}})
	if tb := r.Table(qn("users")); tb == nil || tb.Existing {
		t.Fatalf("new table = %+v, want present and not existing", tb)
	}
	r.MarkExisting()
	apply(r,
		&RenameTable{From: qn("users"), To: qn("accounts")},
		&RenameColumn{Table: qn("accounts"), From: "email", To: "mail"},
		&AddColumn{Table: qn("accounts"), Column: &Column{Name: "note", Type: Type{Name: "text"}}},
	)
	if r.Table(qn("users")) != nil {
		t.Error("old table name still resolves")
	}
	tb := r.Table(QName{Schema: "public", Name: "accounts"})
	if tb == nil || !tb.Existing {
		t.Fatalf("renamed table = %+v, want existing", tb)
	}
	if c := r.Column(qn("accounts"), "mail"); c == nil || !c.Existing {
		t.Errorf("renamed column = %+v, want existing", c)
	}
	if r.Column(qn("accounts"), "email") != nil {
		t.Error("old column name still resolves")
	}
	if c := r.Column(qn("accounts"), "note"); c == nil || c.Existing {
		t.Errorf("added column = %+v, want new", c)
	}
	if _, i := r.IndexByName(qn("users_email_idx")); i == nil || !reflect.DeepEqual(i.Columns, []string{"mail"}) || !i.Existing {
		t.Errorf("index after column rename = %+v, want columns [mail], existing", i)
	}
}

func TestDropColumnRemovesItsIndexesAndConstraints(t *testing.T) {
	r := NewRealm("public")
	apply(r, usersTable(),
		&CreateIndex{Table: qn("users"), Index: &Index{Name: "by_email", Columns: []string{"email"}}},
		&CreateIndex{Table: qn("users"), Index: &Index{Name: "by_org_email", Columns: []string{"org_id", "email"}}},
		&CreateIndex{Table: qn("users"), Index: &Index{Name: "by_lower", Columns: []string{"lower(email)"}}},
		&CreateIndex{Table: qn("users"), Index: &Index{Name: "by_org", Columns: []string{"org_id"}}},
		&AddConstraint{Table: qn("users"), Constraint: &Constraint{Kind: Unique, Columns: []string{"email"}}},
		&AddConstraint{Table: qn("users"), Constraint: &Constraint{Name: "email_nn", Kind: Check, Columns: []string{"email"}, NotNullColumn: "email"}},
		&DropColumn{Table: qn("users"), Columns: []string{"email"}},
	)
	tb := r.Table(qn("users"))
	if r.Column(qn("users"), "email") != nil {
		t.Error("column still present")
	}
	for _, name := range []string{"by_email", "by_org_email", "by_lower", "users_email_key"} {
		if _, i := r.IndexByName(qn(name)); i != nil {
			t.Errorf("index %s survived dropping its column", name)
		}
	}
	if _, i := r.IndexByName(qn("by_org")); i == nil {
		t.Error("index on another column was dropped")
	}
	if len(tb.Constraints) != 0 {
		t.Errorf("constraints left: %+v", tb.Constraints)
	}
}

func TestPrimaryKeySetsNotNull(t *testing.T) {
	r := NewRealm("public")
	apply(r, usersTable())
	r.MarkExisting()
	r.Apply(&AddConstraint{Table: qn("users"), Constraint: &Constraint{Kind: PrimaryKey, Columns: []string{"id"}}})
	if c := r.Column(qn("users"), "id"); !c.NotNull {
		t.Error("primary key column is nullable")
	}
	k := r.ConstraintByName(qn("users"), "users_pkey")
	if k == nil || k.Existing {
		t.Fatalf("constraint users_pkey = %+v, want a new one", k)
	}
	tb, i := r.IndexByName(qn("users_pkey"))
	if i == nil || !i.Primary || !i.Unique || tb.Name != qn("users") || i.Existing {
		t.Errorf("backing index = %+v", i)
	}
	// CREATE TABLE with an inline primary key does the same.
	r.Apply(&CreateTable{Table: &Table{Name: qn("t"), Columns: []*Column{{Name: "a"}},
		Constraints: []*Constraint{{Kind: PrimaryKey, Columns: []string{"a"}}},
		Indexes:     []*Index{{Columns: []string{"a"}, Unique: true, Primary: true}}}})
	tb = r.Table(qn("t"))
	if !tb.Columns[0].NotNull || len(tb.Indexes) != 1 || tb.Indexes[0].Name != "t_pkey" || tb.Constraints[0].Name != "t_pkey" {
		t.Errorf("CREATE TABLE primary key: %+v %+v %+v", tb.Columns[0], tb.Indexes, tb.Constraints)
	}
}

func TestNotValidThenValidate(t *testing.T) {
	r := NewRealm("public")
	apply(r, usersTable(), &AddConstraint{Table: qn("users"), Constraint: &Constraint{Name: "email_nn", Kind: Check, Columns: []string{"email"}, NotValid: true, NotNullColumn: "email"}})
	if k := r.ConstraintByName(qn("users"), "email_nn"); k == nil || !k.NotValid {
		t.Fatalf("constraint = %+v, want NOT VALID", k)
	}
	r.Apply(&ValidateConstraint{Table: qn("users"), Name: "email_nn"})
	if k := r.ConstraintByName(qn("users"), "email_nn"); k.NotValid || k.NotNullColumn != "email" {
		t.Errorf("after VALIDATE = %+v", k)
	}
}

func TestEnumValues(t *testing.T) {
	r := NewRealm("public")
	apply(r,
		&CreateEnum{Enum: &Enum{Name: QName{Schema: "app", Name: "mood"}, Values: []string{"sad", "happy"}}},
		&AddEnumValue{Type: QName{Schema: "app", Name: "mood"}, Value: "ok", Before: "happy"},
		&AddEnumValue{Type: QName{Schema: "app", Name: "mood"}, Value: "blue", After: "sad"},
		&AddEnumValue{Type: QName{Schema: "app", Name: "mood"}, Value: "ecstatic"},
		&AddEnumValue{Type: QName{Schema: "app", Name: "mood"}, Value: "ok", IfNotExists: true},
		&RenameEnumValue{Type: QName{Schema: "app", Name: "mood"}, From: "sad", To: "down"},
	)
	want := []string{"down", "blue", "ok", "happy", "ecstatic"}
	if e := r.Enum(QName{Schema: "app", Name: "mood"}); e == nil || !reflect.DeepEqual(e.Values, want) {
		t.Errorf("enum = %+v, want values %q", e, want)
	}
	if r.Enum(qn("mood")) != nil {
		t.Error("app.mood found in the default schema")
	}
}

func TestDefaultNames(t *testing.T) {
	r := NewRealm("public")
	apply(r, &CreateTable{Table: &Table{
		Name:    qn("orders"),
		Columns: []*Column{{Name: "id"}, {Name: "a"}, {Name: "b"}, {Name: "org_id"}},
		Constraints: []*Constraint{
			{Kind: Check, Columns: []string{"a"}},
			{Kind: Check, Columns: []string{"a", "b"}},
			{Kind: Check, Columns: []string{"a"}},
			{Kind: Unique, Columns: []string{"a", "b"}},
			{Kind: ForeignKey, Columns: []string{"org_id"}, RefTable: qn("orgs")},
			{Kind: PrimaryKey, Columns: []string{"id"}},
		},
		Indexes: []*Index{{Columns: []string{"a", "b"}, Unique: true}, {Columns: []string{"id"}, Unique: true, Primary: true}},
	}},
		&CreateIndex{Table: qn("orders"), Index: &Index{Columns: []string{"a"}}},
		&CreateIndex{Table: qn("orders"), Index: &Index{Columns: []string{"a"}}},
		&CreateIndex{Table: qn("orders"), Index: &Index{Columns: []string{"lower(b)", "a + 1"}}},
		&AddConstraint{Table: qn("orders"), Constraint: &Constraint{Kind: Unique, Columns: []string{"org_id"}}},
		&AddConstraint{Table: qn("orders"), Constraint: &Constraint{Kind: Exclude, Columns: []string{"b"}}},
	)
	tb := r.Table(qn("orders"))
	var cons, idxs []string
	for _, k := range tb.Constraints {
		cons = append(cons, k.Name)
	}
	for _, i := range tb.Indexes {
		idxs = append(idxs, i.Name)
	}
	// PostgreSQL names the primary key first, then the others in order.
	wantCons := []string{"orders_pkey", "orders_a_check", "orders_check", "orders_a_check1", "orders_a_b_key", "orders_org_id_fkey", "orders_org_id_key", "orders_b_excl"}
	wantIdx := []string{"orders_a_b_key", "orders_pkey", "orders_a_idx", "orders_a_idx1", "orders_lower_expr_idx", "orders_org_id_key", "orders_b_excl"}
	if !reflect.DeepEqual(cons, wantCons) {
		t.Errorf("constraints %q, want %q", cons, wantCons)
	}
	if !reflect.DeepEqual(idxs, wantIdx) {
		t.Errorf("indexes %q, want %q", idxs, wantIdx)
	}
	if k := r.ConstraintByName(qn("orders"), "orders_a_b_key"); k == nil {
		t.Error("DROP CONSTRAINT orders_a_b_key would not find it")
	}
}

func TestLongDefaultNamesAreTruncated(t *testing.T) {
	long := strings.Repeat("t", 40)
	col := strings.Repeat("c", 40)
	r := NewRealm("public")
	apply(r, &CreateTable{Table: &Table{Name: qn(long), Columns: []*Column{{Name: col}}}},
		&CreateIndex{Table: qn(long), Index: &Index{Columns: []string{col}}})
	// makeObjectName trims the longer part first: 63 - len("_idx") - 1 = 58
	// bytes shared 29/29.
	want := strings.Repeat("t", 29) + "_" + strings.Repeat("c", 29) + "_idx"
	if _, i := r.IndexByName(qn(want)); i == nil {
		t.Errorf("no index %s; have %+v", want, r.Table(qn(long)).Indexes[0])
	}
	if got := makeObjectName("ééé", "", "pkey"); got != "ééé_pkey" {
		t.Errorf("short name = %q", got)
	}
	if got := makeObjectName(strings.Repeat("é", 40), "", "pkey"); len(got) > 63 || !strings.HasSuffix(got, "é_pkey") {
		t.Errorf("multi-byte truncation = %q (%d bytes)", got, len(got))
	}
}

func TestDropSchemaCascade(t *testing.T) {
	r := NewRealm("public")
	s := func(n string) QName { return QName{Schema: "app", Name: n} }
	apply(r,
		&CreateSchema{Name: "app"},
		&CreateTable{Table: &Table{Name: s("t"), Columns: []*Column{{Name: "a"}}}},
		&CreateIndex{Table: s("t"), Index: &Index{Name: "t_a", Columns: []string{"a"}}},
		&CreateEnum{Enum: &Enum{Name: s("mood")}},
		&CreateView{Name: s("v")},
		&CreateView{Name: s("mv"), Materialized: true},
		&CreateTable{Table: &Table{Name: qn("t")}},
	)
	if !r.SchemaExists("app") || r.Schema("app").Existing {
		t.Fatal("created schema missing or existing")
	}
	r.MarkExisting()
	if !r.Schema("app").Existing || !r.Schema("").Existing {
		t.Error("schemas not existing after MarkExisting")
	}
	r.Apply(&DropSchema{Names: []string{"app"}, Cascade: true})
	if r.SchemaExists("app") || r.Table(s("t")) != nil || r.Enum(s("mood")) != nil || r.View(s("v")) != nil || r.Table(s("mv")) != nil {
		t.Error("objects of the dropped schema survived")
	}
	if _, i := r.IndexByName(s("t_a")); i != nil {
		t.Error("index of the dropped schema survived")
	}
	if r.Table(qn("t")) == nil || !r.SchemaExists("public") {
		t.Error("public objects were dropped")
	}
}
