package split_test

import (
	"context"
	"os"
	"testing"

	"github.com/schemaguard/schemaguard/internal/dbtest"
	"github.com/schemaguard/schemaguard/migrate/split"
)

// The servers are the judges of statement boundaries: every statement the
// splitter cuts from these files must execute on the real server, in order.
func TestStatementsRunOnPostgres(t *testing.T) {
	src := readCorpus(t, "testdata/server/postgres.sql")
	stmts, err := split.Split(src, 0, len(src), split.Options{Dialect: split.Postgres})
	if err != nil {
		t.Fatal(err)
	}
	if len(stmts) != 8 {
		t.Fatalf("want 8 statements, got %d", len(stmts))
	}
	conn := dbtest.Postgres(t)
	for _, s := range stmts {
		if _, err := conn.Exec(context.Background(), s.Text); err != nil {
			t.Fatalf("%s: %v", dbtest.Describe(s.Line, s.Text), err)
		}
	}
}

func TestStatementsRunOnMariaDB(t *testing.T) {
	src := readCorpus(t, "testdata/server/mysql.sql")
	stmts, err := split.Split(src, 0, len(src), split.Options{Dialect: split.MySQL})
	if err != nil {
		t.Fatal(err)
	}
	if len(stmts) != 7 {
		t.Fatalf("want 7 statements, got %d", len(stmts))
	}
	db := dbtest.MySQL(t)
	for _, s := range stmts {
		if _, err := db.Exec(s.Text); err != nil {
			t.Fatalf("%s: %v", dbtest.Describe(s.Line, s.Text), err)
		}
	}
}

func readCorpus(t *testing.T, path string) []byte {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return src
}
