package lint_test

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/schemaguard/schemaguard/dialect/postgres"
	"github.com/schemaguard/schemaguard/internal/benchgen"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules"
	"github.com/schemaguard/schemaguard/migrate"
)

// BenchmarkStaticLint reads, splits, parses, folds and lints a generated
// directory (every file linted, ~5 KB each). Sizes 250/500/1000 show that
// the cost stays linear in the number of files; files/s is reported.
func BenchmarkStaticLint(b *testing.B) {
	for _, n := range []int{250, 500, 1000} {
		fsys := fstest.MapFS{}
		size := 0
		for name, data := range benchgen.Files(n) {
			fsys["m/"+name] = &fstest.MapFile{Data: data}
			size += len(data)
		}
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			b.SetBytes(int64(size))
			for i := 0; i < b.N; i++ {
				dir, err := migrate.OpenFS(fsys, "m", migrate.Options{Format: migrate.FormatAtlas})
				if err != nil {
					b.Fatal(err)
				}
				res := lint.Run(dir, lint.All, lint.Config{Dialect: lint.Postgres, Parser: postgres.New(),
					Analyzers: rules.All(), FailOn: lint.Error, DirPath: "m"})
				if res.Summary.Files != n {
					b.Fatalf("linted %d files", res.Summary.Files)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}

// BenchmarkHistoryFold is a pull request's lint: the last file of a long
// generated history is linted, every earlier one is folded into the
// catalog. Its cost is what the history costs.
func BenchmarkHistoryFold(b *testing.B) {
	for _, n := range []int{300, 3000} {
		fsys := fstest.MapFS{}
		for name, data := range benchgen.Files(n) {
			fsys["m/"+name] = &fstest.MapFile{Data: data}
		}
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				dir, err := migrate.OpenFS(fsys, "m", migrate.Options{Format: migrate.FormatAtlas, Lenient: true})
				if err != nil {
					b.Fatal(err)
				}
				res := lint.Run(dir, lint.Latest(1, dir), lint.Config{Dialect: lint.Postgres, Parser: postgres.New(),
					Analyzers: rules.All(), FailOn: lint.Error, DirPath: "m"})
				if res.Summary.Files != 1 {
					b.Fatalf("linted %d files", res.Summary.Files)
				}
			}
		})
	}
}
