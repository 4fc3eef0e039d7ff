package devdb

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/schemaguard/schemaguard/internal/dbtest"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/migrate/split"
	"github.com/schemaguard/schemaguard/observed"
	"github.com/schemaguard/schemaguard/schema"
)

// The servers of the machine; SCHEMAGUARD_PG_URL and SCHEMAGUARD_MYSQL_URL
// name others.
func pgURL() string { return dbtest.ServerURL("postgres") }

func myURL() string { return dbtest.ServerURL("mysql") }

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// openSession opens a session that the test's end closes, checking that
// its scratch database is gone afterwards.
func openSession(t testing.TB, url string) *Session {
	t.Helper()
	s, err := Open(testCtx(t), url, Options{Logf: t.Logf})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		if dbtest.DatabaseExists(t, url, s.Database()) {
			t.Errorf("scratch database %s left behind", s.Database())
		}
	})
	return s
}

// dir reads files (name → text) as a migration directory.
func dir(t testing.TB, format string, dialect split.Dialect, files map[string]string) []*migrate.File {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	d, err := migrate.OpenFS(fsys, ".", migrate.Options{Format: format, Dialect: dialect})
	if err != nil {
		t.Fatalf("read migrations: %v", err)
	}
	return d.Files
}

// atlasFile is one atlas migration file (one transaction unless the text
// says -- atlas:txmode none).
func atlasFile(t testing.TB, dialect split.Dialect, text string) *migrate.File {
	t.Helper()
	return dir(t, migrate.FormatAtlas, dialect, map[string]string{"1_test.sql": text})[0]
}

// replayAll replays history files, failing the test on any error.
func replayAll(t testing.TB, s *Session, files ...*migrate.File) {
	t.Helper()
	for _, f := range files {
		if err := s.Replay(testCtx(t), f); err != nil {
			t.Fatalf("replay %s: %v", f.Name, err)
		}
	}
}

// q names a table in the default schema.
func q(name string) schema.QName { return schema.QName{Name: name} }

// each repeats the same touched tables for n statements.
func each(n int, names ...string) [][]schema.QName {
	out := make([][]schema.QName, n)
	for i := range out {
		for _, nm := range names {
			out[i] = append(out[i], q(nm))
		}
	}
	return out
}

// runOK runs a new file and fails the test when the tool errs or a
// statement fails.
func runOK(t testing.TB, s *Session, f *migrate.File, touched [][]schema.QName) []observed.Statement {
	t.Helper()
	obs, err := s.Run(testCtx(t), f, touched)
	if err != nil {
		t.Fatalf("Run %s: %v", f.Name, err)
	}
	for i, o := range obs {
		if o.Err != nil {
			t.Fatalf("statement %d (%.60q) failed: %v", i, f.Statements[i].Text, o.Err)
		}
		if !o.Ran {
			t.Fatalf("statement %d did not run", i)
		}
	}
	return obs
}

func lockString(ls []observed.Lock) string {
	var parts []string
	for _, l := range ls {
		parts = append(parts, l.Mode+" on "+l.Relation.String()+" ("+l.Kind+")")
	}
	return strings.Join(parts, "; ")
}

func q2(schemaName, name string) schema.QName { return schema.QName{Schema: schemaName, Name: name} }
