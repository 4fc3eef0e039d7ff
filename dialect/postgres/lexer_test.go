package postgres

import (
	"reflect"
	"strings"
	"testing"
)

// TestClauses: sub-command boundaries survive every quoting form that can
// hide a comma, a parenthesis or a semicolon.
func TestClauses(t *testing.T) {
	for _, sql := range []string{
		"ALTER TABLE t |ADD a int DEFAULT 'x, y', |DROP b",
		"ALTER TABLE t |ADD a text DEFAULT E'it\\'s, (', |DROP b",
		"ALTER TABLE t |ADD a text DEFAULT $$a, ); b$$, |ADD c text DEFAULT $q$ $$, $q$, |DROP d",
		"ALTER TABLE \"a,b\".\"c\"\"d\" * |ADD a int /* x, /* nested, */ y */, |DROP b -- c, d\n",
		"ALTER TABLE t |ADD a numeric(10, 2) DEFAULT 1.5e3, |ADD b int[] DEFAULT ARRAY[1, 2], |SET (fillfactor = 70, autovacuum_enabled = off)",
		"ALTER TABLE U&\"d\\0061t,a\" |ADD a text DEFAULT U&'x,y', |ADD b int DEFAULT $1",
		"ALTER TABLE ONLY s.t |ALTER a TYPE int USING a::int, |ALTER b SET DEFAULT -1; SELECT 1, 2",
	} {
		var want []int
		for i := strings.IndexByte(sql, '|'); i >= 0; i = strings.IndexByte(sql, '|') {
			want = append(want, i)
			sql = sql[:i] + sql[i+1:]
		}
		tr := &translator{text: sql, end: len(sql)}
		loc := len("ALTER TABLE ")
		if strings.HasPrefix(sql[loc:], "ONLY ") {
			loc += len("ONLY ")
		}
		if got := tr.clauses(loc); !reflect.DeepEqual(got, want) {
			t.Errorf("%s\nclauses %v, want %v", sql, got, want)
		}
		if _, err := New().Parse(sql); err != nil {
			t.Errorf("%s: not valid SQL: %v", sql, err)
		}
	}
}
