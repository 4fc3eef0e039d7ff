package schema

import (
	"reflect"
	"testing"
)

func mysqlRealm(fold bool) *Realm {
	r := NewRealm("")
	r.TableScopedIndexes, r.FoldColumnCase = true, fold
	return r
}

func indexNames(t *Table) []string {
	var out []string
	for _, i := range t.Indexes {
		out = append(out, i.Name)
	}
	return out
}

// Unnamed keys added to an existing table get MySQL's names, which depend
// on the table's other indexes: the adapter's guess (GeneratedName) is
// derived again.
func TestMySQLKeyNames(t *testing.T) {
	r := mysqlRealm(true)
	acc := qn("accounts")
	apply(r,
		&CreateTable{Table: &Table{Name: acc,
			Columns: []*Column{{Name: "id"}, {Name: "Phone"}, {Name: "email"}, {Name: "primary"}},
			Indexes: []*Index{{Name: "Phone", Columns: []string{"Phone"}}, {Name: "EMAIL", Columns: []string{"id"}}}}},
		// A second key on phone (spelled as the table does): phone_2.
		&AddConstraint{Table: acc, Constraint: &Constraint{Name: "phone", GeneratedName: true, Kind: Unique, Columns: []string{"phone"}}},
		&CreateIndex{Table: acc, Index: &Index{Name: "phone", GeneratedName: true, Columns: []string{"PHONE", "id"}}},
		// Index names clash without case: EMAIL takes email.
		&AddConstraint{Table: acc, Constraint: &Constraint{Kind: Unique, Columns: []string{"email"}}},
		// PRIMARY is reserved, whatever the table has.
		&CreateIndex{Table: acc, Index: &Index{Columns: []string{"primary"}}},
		&CreateIndex{Table: acc, Index: &Index{Columns: []string{"LOWER(email)"}}},
		&CreateIndex{Table: acc, Index: &Index{Name: "functional_index", GeneratedName: true, Columns: []string{"UPPER(email)"}}},
		&AddConstraint{Table: acc, Constraint: &Constraint{Kind: PrimaryKey, Columns: []string{"id"}}},
	)
	tb := r.Table(acc)
	want := []string{"Phone", "EMAIL", "Phone_2", "Phone_3", "email_2", "primary_2", "functional_index", "functional_index_2", "PRIMARY"}
	if got := indexNames(tb); !reflect.DeepEqual(got, want) {
		t.Fatalf("index names %q, want %q", got, want)
	}
	if k := r.ConstraintByName(acc, "Phone_2"); k == nil || k.Kind != Unique {
		t.Errorf("unique constraint Phone_2 = %+v", k)
	}
	if c := r.Column(acc, "id"); c == nil || !c.NotNull {
		t.Errorf("primary key column %+v, want NOT NULL", c)
	}
	// Dropping the generated key drops the constraint it backs.
	r.Apply(&DropIndex{Table: acc, Names: []QName{qn("Phone_2")}})
	if r.ConstraintByName(acc, "Phone_2") != nil || len(tb.Indexes) != len(want)-1 {
		t.Errorf("DROP INDEX Phone_2 left %q", indexNames(tb))
	}
	// An explicit name is kept, and refused when the table has it.
	apply(r, &CreateIndex{Table: acc, Index: &Index{Name: "by_id", Columns: []string{"id"}}},
		&CreateIndex{Table: acc, Index: &Index{Name: "BY_ID", Columns: []string{"email"}}})
	if got := indexNames(tb); got[len(got)-1] != "by_id" || len(got) != len(want) {
		t.Errorf("index names %q", got)
	}
}

// PostgreSQL names unnamed objects its own way and keeps any name the
// adapter gave.
func TestGeneratedNameOnlyMattersForMySQL(t *testing.T) {
	r := NewRealm("public")
	apply(r, usersTable(),
		&CreateIndex{Table: qn("users"), Index: &Index{Name: "email", GeneratedName: true, Columns: []string{"email"}}},
		&CreateIndex{Table: qn("users"), Index: &Index{Columns: []string{"email"}}},
		&AddConstraint{Table: qn("users"), Constraint: &Constraint{Kind: Unique, Columns: []string{"email"}}})
	if got, want := indexNames(r.Table(qn("users"))), []string{"email", "users_email_idx", "users_email_key"}; !reflect.DeepEqual(got, want) {
		t.Errorf("index names %q, want %q", got, want)
	}
}

func TestFoldColumnCase(t *testing.T) {
	r := mysqlRealm(true)
	m := qn("members")
	apply(r,
		&CreateTable{Table: &Table{Name: m,
			Columns: []*Column{{Name: "Id"}, {Name: "Email"}, {Name: "Nick"}, {Name: "Note"}},
			Constraints: []*Constraint{
				{Name: "PRIMARY", Kind: PrimaryKey, Columns: []string{"id"}},
				{Name: "nick_nn", Kind: Check, Columns: []string{"nick"}, NotNullColumn: "nick"},
			},
			Indexes: []*Index{{Name: "by_nick", Columns: []string{"NICK"}}, {Name: "by_lower", Columns: []string{"LOWER(nick)"}}}}},
		&CreateTable{Table: &Table{Name: qn("posts"), Columns: []*Column{{Name: "member_id"}},
			Constraints: []*Constraint{{Name: "fk", Kind: ForeignKey, Columns: []string{"member_id"}, RefTable: m, RefColumns: []string{"ID"}}}}},
	)
	if c := r.Column(m, "ID"); c == nil || c.Name != "Id" || !c.NotNull {
		t.Errorf("primary key column = %+v, want Id NOT NULL", c)
	}
	// MODIFY email restates Email: the catalog follows and keeps its spelling.
	apply(r, &AlterColumnType{Table: m, Column: "email", NewDef: &Column{Name: "email", Type: Type{Name: "varchar", Mods: []int{100}}, NotNull: true}},
		&SetDefault{Table: m, Column: "EMAIL", Default: &Expr{Text: "''"}},
		&AddColumn{Table: m, Column: &Column{Name: "EMAIL"}})
	if c := r.Column(m, "eMail"); c == nil || c.Name != "Email" || !c.NotNull || c.Default == nil || len(r.Table(m).Columns) != 4 {
		t.Errorf("Email after MODIFY email = %+v", c)
	}
	// A rename finds the column, its keys, checks and references in any case;
	// a rename to another case of the same name is a rename too.
	apply(r, &RenameColumn{Table: m, From: "NICK", To: "handle"}, &RenameColumn{Table: m, From: "handle", To: "Handle"},
		&RenameColumn{Table: m, From: "id", To: "member_id"},
		&RenameColumn{Table: m, From: "note", To: "EMAIL"}) // taken: refused
	tb := r.Table(m)
	if c := r.Column(m, "handle"); c == nil || c.Name != "Handle" || r.Column(m, "Note") == nil {
		t.Errorf("columns after renames: %+v", tb.Columns)
	}
	if got := [][]string{tb.Indexes[0].Columns, tb.Indexes[1].Columns}; !reflect.DeepEqual(got, [][]string{{"Handle"}, {"LOWER(Handle)"}}) {
		t.Errorf("index columns %q", got)
	}
	if k := r.ConstraintByName(m, "nick_nn"); k == nil || k.Columns[0] != "Handle" || k.NotNullColumn != "Handle" {
		t.Errorf("check after rename = %+v", k)
	}
	if k := r.ConstraintByName(qn("posts"), "fk"); k == nil || k.RefColumns[0] != "member_id" {
		t.Errorf("foreign key after rename = %+v", k)
	}
	// DROP COLUMN takes the keys and checks that use the column along.
	r.Apply(&DropColumn{Table: m, Columns: []string{"HANDLE"}})
	if r.Column(m, "Handle") != nil || len(tb.Indexes) != 1 || r.ConstraintByName(m, "nick_nn") != nil {
		t.Errorf("after DROP COLUMN HANDLE: columns %+v, indexes %q, constraints %+v", tb.Columns, indexNames(tb), tb.Constraints)
	}
}

// Without FoldColumnCase (PostgreSQL, whose unquoted names the adapter has
// already folded) names match exactly.
func TestColumnCaseMattersByDefault(t *testing.T) {
	r := mysqlRealm(false)
	apply(r, &CreateTable{Table: &Table{Name: qn("t"), Columns: []*Column{{Name: "Email"}}}},
		&SetNotNull{Table: qn("t"), Column: "email"},
		&AddColumn{Table: qn("t"), Column: &Column{Name: "email"}})
	if c := r.Column(qn("t"), "Email"); c == nil || c.NotNull || r.Column(qn("t"), "email") == nil {
		t.Errorf("columns %+v", r.Table(qn("t")).Columns)
	}
}

func TestTypeString(t *testing.T) {
	for want, tp := range map[string]Type{
		"int unsigned":           {Name: "int", Unsigned: true},
		"decimal(10,2) unsigned": {Name: "decimal", Mods: []int{10, 2}, Unsigned: true},
		"varchar(20)":            {Name: "varchar", Mods: []int{20}},
		"char(3)[]":              {Name: "bpchar", Mods: []int{3}, Array: true},
		"enum('a','b''c')":       {Name: "enum", Values: []string{"a", "b'c"}},
	} {
		if got := tp.String(); got != want {
			t.Errorf("%+v: %q, want %q", tp, got, want)
		}
	}
}
