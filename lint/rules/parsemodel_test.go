package rules

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/lint/linttest"
	"github.com/schemaguard/schemaguard/schema"
)

// A history is parsed for the model only (dialect.Parser.ParseModel): the
// cheap scan that skips statements must never skip one that changes the
// model. Over every statement of every rule case, in both dialects, the
// model's changes from ParseModel equal those from a full Parse.
func TestParseModelKeepsEveryModelChange(t *testing.T) {
	cases, err := filepath.Glob("*/testdata/*.txtar")
	if err != nil || len(cases) < 100 {
		t.Fatalf("rule cases: %d, %v", len(cases), err)
	}
	statements := 0
	for _, file := range cases {
		c := linttest.Load(t, file, nil)
		p := c.Config.Parser
		for _, f := range c.Dir.Files {
			for _, st := range f.Statements {
				full, ferr := p.Parse(st.Text)
				model, merr := p.ParseModel(st.Text)
				if ferr != nil {
					continue
				}
				statements++
				if merr != nil {
					t.Errorf("%s %s:%d: ParseModel fails where Parse does not: %v", file, f.Name, st.Line, merr)
					continue
				}
				if want, got := shaping(full.Changes), shaping(model.Changes); !reflect.DeepEqual(want, got) {
					t.Errorf("%s %s:%d: %s\n  Parse gives the model %d changes, ParseModel %d",
						file, f.Name, st.Line, strings.SplitN(st.Text, "\n", 2)[0], len(want), len(got))
				}
			}
		}
	}
	t.Logf("%d statements compared", statements)
}

func shaping(cs []schema.Change) []schema.Change {
	var out []schema.Change
	for _, c := range cs {
		if schema.Affects(c) {
			out = append(out, c)
		}
	}
	return out
}
