package pglock

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/schemaguard/schemaguard/dialect/postgres"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/linttest"
	"github.com/schemaguard/schemaguard/schema"
)

func TestDump(t *testing.T) {
	pat := os.Getenv("DUMP")
	if pat == "" {
		t.Skip()
	}
	files, _ := filepath.Glob(filepath.Join("testdata", pat))
	for _, f := range files {
		c := linttest.Load(t, f, Analyzers())
		res := lint.Run(c.Dir, lint.Latest(c.Latest, c.Dir), c.Config)
		for _, fr := range res.Files {
			for _, d := range fr.Diagnostics {
				t.Logf("%s:%d:%d %s %s\n    FIX: %s", fr.Name, d.Line, d.Column, d.Code, d.Message, d.Fix)
			}
		}
	}
}

func TestParseDump(t *testing.T) {
	s := os.Getenv("PARSE")
	if s == "" {
		t.Skip()
	}
	st, err := postgres.New().Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range st.Changes {
		t.Logf("%T %+v", c, c)
		if ac, ok := c.(*schema.AddConstraint); ok {
			t.Logf("   %+v", ac.Constraint)
		}
		if ac, ok := c.(*schema.AddColumn); ok {
			t.Logf("   %+v %+v", ac.Column, ac.Column.Default)
		}
	}
	t.Logf("literals %q", st.Literals)
}
