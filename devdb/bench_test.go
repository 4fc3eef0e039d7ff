package devdb

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/schemaguard/schemaguard/dialect/postgres"
	"github.com/schemaguard/schemaguard/internal/benchgen"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/migrate/split"
	"github.com/schemaguard/schemaguard/schema"
)

// benchHistory reads benchgen's generated history as an atlas directory.
func benchHistory(b *testing.B, n int) []*migrate.File {
	files := map[string]string{}
	for name, data := range benchgen.Files(n) {
		files[name] = string(data)
	}
	return dir(b, migrate.FormatAtlas, split.Postgres, files)
}

func statements(files []*migrate.File) int {
	n := 0
	for _, f := range files {
		n += len(f.Statements)
	}
	return n
}

// BenchmarkReplay replays a 300-file history (about 21,000 statements) on
// a fresh scratch database per iteration; creating and dropping the
// database is not timed.
func BenchmarkReplay(b *testing.B) {
	files := benchHistory(b, 300)
	ctx := context.Background()
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		s, err := Open(ctx, pgURL(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		for _, f := range files {
			if err := s.Replay(ctx, f); err != nil {
				b.Fatal(err)
			}
		}
		elapsed += time.Since(t0)
		b.StopTimer()
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(elapsed.Microseconds())/float64(b.N*statements(files)), "µs/stmt")
}

// BenchmarkRun runs new files with full observation (locks, rewrites,
// tables before and after) on top of a 300-file history: each iteration
// is the next generated file, as in lint --latest N.
func BenchmarkRun(b *testing.B) {
	const history = 300
	ctx := context.Background()
	s, err := Open(ctx, pgURL(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	all := benchHistory(b, history+1000)
	for _, f := range all[:history] {
		if err := s.Replay(ctx, f); err != nil {
			b.Fatal(err)
		}
	}
	parser := postgres.New()
	next, stmts := history, 0
	var elapsed time.Duration
	for b.Loop() {
		if next == len(all) {
			b.Fatal("out of generated files")
		}
		f := all[next]
		next++
		b.StopTimer()
		touched := touchedTables(b, parser, f)
		b.StartTimer()
		t0 := time.Now()
		obs, err := s.Run(ctx, f, touched)
		elapsed += time.Since(t0)
		if err != nil {
			b.Fatal(err)
		}
		for i, o := range obs {
			if o.Err != nil {
				b.Fatalf("%s statement %d: %v", f.Name, i, o.Err)
			}
		}
		stmts += len(f.Statements)
	}
	b.ReportMetric(float64(elapsed.Microseconds())/float64(stmts), "µs/stmt")
}

// touchedTables names the tables each statement's changes name, as the
// linter does: every QName field of every change.
func touchedTables(b *testing.B, p *postgres.Parser, f *migrate.File) [][]schema.QName {
	out := make([][]schema.QName, len(f.Statements))
	qn := reflect.TypeFor[schema.QName]()
	for i, st := range f.Statements {
		parsed, err := p.Parse(st.Text)
		if err != nil {
			b.Fatal(err)
		}
		for _, ch := range parsed.Changes {
			v := reflect.ValueOf(ch).Elem()
			for j := range v.NumField() {
				fv := v.Field(j)
				switch {
				case fv.Type() == qn && fv.Interface().(schema.QName).Name != "":
					out[i] = append(out[i], fv.Interface().(schema.QName))
				case fv.Type() == reflect.PointerTo(reflect.TypeFor[schema.Table]()) && !fv.IsNil():
					out[i] = append(out[i], fv.Interface().(*schema.Table).Name)
				}
			}
		}
	}
	return out
}
