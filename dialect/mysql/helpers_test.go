package mysql

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/dialect"
	"github.com/schemaguard/schemaguard/schema"
)

var (
	mysqlParser   = New(false)
	mariadbParser = New(true)
)

func parseOK(t *testing.T, p *Parser, sql string) *dialect.Statement {
	t.Helper()
	st, err := p.Parse(sql)
	if err != nil {
		t.Fatalf("Parse(%q): %v", sql, err)
	}
	if st == nil || st.Tree == nil {
		t.Fatalf("Parse(%q): no statement or tree", sql)
	}
	return st
}

// expectChanges compares the changes of sql with want, printing both as
// JSON on mismatch so the difference is readable.
func expectChanges(t *testing.T, p *Parser, sql string, want ...schema.Change) {
	t.Helper()
	st := parseOK(t, p, sql)
	if len(want) == 0 {
		want = nil
	}
	got := st.Changes
	if len(got) == 0 {
		got = nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s\n got  %s\n want %s", sql, dump(got), dump(want))
	}
}

func dump(cs []schema.Change) string {
	var b strings.Builder
	for _, c := range cs {
		j, _ := json.Marshal(c)
		b.WriteString("\n    " + reflect.TypeOf(c).String() + " " + string(j))
	}
	return b.String()
}

// off is the byte offset of the first occurrence of sub in sql.
func off(t *testing.T, sql, sub string) schema.At {
	t.Helper()
	i := strings.Index(sql, sub)
	if i < 0 {
		t.Fatalf("%q not in %q", sub, sql)
	}
	return schema.At{Offset: i}
}

func q(name string) schema.QName { return schema.QName{Name: name} }

func typ(name string, mods ...int) schema.Type {
	if len(mods) == 0 {
		return schema.Type{Name: name}
	}
	return schema.Type{Name: name, Mods: mods}
}

func col(name string, tp schema.Type) *schema.Column { return &schema.Column{Name: name, Type: tp} }

func notNull(c *schema.Column) *schema.Column { c.NotNull = true; return c }

func withDefault(c *schema.Column, text string, volatile bool) *schema.Column {
	c.Default = &schema.Expr{Text: text, Volatile: volatile}
	return c
}

func unsigned(tp schema.Type) schema.Type { tp.Unsigned = true; return tp }
