package migrate

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/schemaguard/schemaguard/migrate/split"
)

// FuzzOpen feeds arbitrary file contents to every format (and detection):
// reading must never panic, and whatever is returned must keep the position
// invariants.
func FuzzOpen(f *testing.F) {
	_ = filepath.WalkDir("testdata", func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() && filepath.Ext(p) == ".sql" {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
		return nil
	})
	names := map[string]string{
		FormatAtlas: "1_x.sql", FormatPlain: "1_x.sql", FormatGolangMigrate: "1_x.up.sql", FormatFlyway: "V1__x.sql",
		FormatGoose: "1_x.sql", FormatDbmate: "1_x.sql", FormatLiquibase: "1_x.sql", FormatAuto: "1_x.sql",
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for format, name := range names {
			for _, dialect := range []split.Dialect{split.Postgres, split.MySQL} {
				for _, lenient := range []bool{false, true} {
					d, err := OpenFS(fstest.MapFS{name: {Data: src}}, ".", Options{Format: format, Dialect: dialect, Lenient: lenient})
					if err != nil {
						if _, ok := err.(*Error); !ok {
							t.Fatalf("%s: error %T %v is not *Error", format, err, err)
						}
						continue
					}
					for _, file := range d.Files {
						checkPositions(t, format+"/"+string(dialect), file)
						if p := file.Problem; p != nil {
							if !lenient {
								t.Fatalf("%s: a problem recorded without Lenient: %v", format, p)
							}
							for _, st := range file.Statements {
								if p.Line > 0 && st.EndLine >= p.Line {
									t.Fatalf("%s: statement at %d-%d kept past the problem at line %d", format, st.Line, st.EndLine, p.Line)
								}
							}
						}
					}
				}
			}
		}
	})
}
