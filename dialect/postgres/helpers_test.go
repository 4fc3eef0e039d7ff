package postgres

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/schema"
)

// Helpers shared by the translation tests.

func q(name string) schema.QName     { return schema.QName{Name: name} }
func qs(s, name string) schema.QName { return schema.QName{Schema: s, Name: name} }
func at(off int) schema.At           { return schema.At{Offset: off} }

// idx is the byte offset of the first occurrence of sub in s; it fails
// loudly (via an impossible offset) when sub is missing.
func idx(s, sub string) int {
	i := strings.Index(s, sub)
	if i < 0 {
		return -1000
	}
	return i
}

// dump renders changes readably for failure messages.
func dump(cs []schema.Change) string {
	var b strings.Builder
	for _, c := range cs {
		j, _ := json.Marshal(c)
		fmt.Fprintf(&b, "  %T %s\n", c, j)
	}
	return b.String()
}

// translateCase is SQL and the Changes it must produce; want receives the
// SQL so offsets can be written as idx(sql, "clause").
type translateCase struct {
	name string
	sql  string
	want func(sql string) []schema.Change
}

func runTranslate(t *testing.T, cases []translateCase) {
	t.Helper()
	p := New()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st, err := p.Parse(tc.sql)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.sql, err)
			}
			var want []schema.Change
			if tc.want != nil {
				want = tc.want(tc.sql)
			}
			if len(st.Changes) == 0 && len(want) == 0 {
				return
			}
			if !reflect.DeepEqual(st.Changes, want) {
				t.Errorf("%s\ngot:\n%swant:\n%s", tc.sql, dump(st.Changes), dump(want))
			}
		})
	}
}

func changes(cs ...schema.Change) func(string) []schema.Change {
	return func(string) []schema.Change { return cs }
}
