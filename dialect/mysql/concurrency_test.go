package mysql

import (
	"sync"
	"testing"

	"github.com/schemaguard/schemaguard/schema"
)

// The engine parses files on all cores with one Parser; each result must
// belong to its own text.
func TestParseIsSafeForConcurrentUse(t *testing.T) {
	p := New(false)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(drop bool) {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				text := "TRUNCATE TABLE bbb"
				if drop {
					text = "DROP TABLE aaa"
				}
				st, err := p.Parse(text)
				if err != nil || len(st.Changes) != 1 {
					t.Errorf("%s: %v %v", text, st, err)
					return
				}
				_, isDrop := st.Changes[0].(*schema.DropTable)
				if isDrop != drop {
					t.Errorf("%q translated as %T", text, st.Changes[0])
					return
				}
			}
		}(g%2 == 0)
	}
	wg.Wait()
}
