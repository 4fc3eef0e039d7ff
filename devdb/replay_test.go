package devdb

import (
	"errors"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/migrate/split"
)

func TestReplayFailureNamesTheStatement(t *testing.T) {
	cases := []struct {
		name, url, format string
		dialect           split.Dialect
		files             map[string]string
		file              string
		line, col         int
		code              string
		atCommit          bool
	}{
		{"postgres transactional file", pgURL(), migrate.FormatAtlas, split.Postgres, map[string]string{
			"1_a.sql": "CREATE TABLE a (id int);",
			"2_b.sql": "INSERT INTO a VALUES (1);\n\n  ALTER TABLE missing ADD COLUMN x int;\nCREATE TABLE b (id int);",
		}, "2_b.sql", 3, 3, "42P01", false},
		{"postgres implicit transaction (golang-migrate)", pgURL(), migrate.FormatGolangMigrate, split.Postgres, map[string]string{
			"1_a.up.sql": "CREATE TABLE a (id int);\nCREATE INDEX CONCURRENTLY a_id ON a (id);",
		}, "1_a.up.sql", 2, 1, "25001", false},
		{"postgres no-transaction file", pgURL(), migrate.FormatAtlas, split.Postgres, map[string]string{
			"1_a.sql": "-- atlas:txmode none\n\nCREATE TABLE a (id int);\nSELECT 1/0;",
		}, "1_a.sql", 4, 1, "22012", false},
		{"postgres deferred constraint fails at commit", pgURL(), migrate.FormatAtlas, split.Postgres, map[string]string{
			"1_a.sql": "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (pid int REFERENCES p DEFERRABLE INITIALLY DEFERRED);\nINSERT INTO c VALUES (5);",
		}, "1_a.sql", 3, 1, "23503", true},
		{"mysql", myURL(), migrate.FormatAtlas, split.MySQL, map[string]string{
			"1_a.sql": "CREATE TABLE a (id INT);\nINSERT INTO missing VALUES (1);",
		}, "1_a.sql", 2, 1, "1146", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := openSession(t, c.url)
			var err error
			for _, f := range dir(t, c.format, c.dialect, c.files) {
				if err = s.Replay(testCtx(t), f); err != nil {
					break
				}
			}
			var re *ReplayError
			if !errors.As(err, &re) {
				t.Fatalf("Replay: %v, want a *ReplayError", err)
			}
			if re.File != c.file || re.Line != c.line || re.Column != c.col || re.Server.Code != c.code || re.AtCommit != c.atCommit {
				t.Errorf("got %s:%d:%d code %s atCommit %v, want %s:%d:%d code %s atCommit %v",
					re.File, re.Line, re.Column, re.Server.Code, re.AtCommit, c.file, c.line, c.col, c.code, c.atCommit)
			}
			if msg := err.Error(); !strings.Contains(msg, re.Server.Message) || re.Server.Message == "" {
				t.Errorf("error %q does not carry the server's message", msg)
			}
		})
	}
}

// A transaction that failed leaves nothing behind, and the session goes
// on: the next file replays.
func TestReplayRollsBackAndContinues(t *testing.T) {
	s := openSession(t, pgURL())
	files := dir(t, migrate.FormatAtlas, split.Postgres, map[string]string{
		"1_a.sql": "CREATE TABLE a (id int);\nSELECT 1/0;",
		"2_b.sql": "CREATE TABLE a (id int);",
	})
	if err := s.Replay(testCtx(t), files[0]); err == nil {
		t.Fatal("the failing file replayed")
	}
	if err := s.Replay(testCtx(t), files[1]); err != nil {
		t.Fatalf("after a rolled-back failure: %v", err)
	}
}

// golang-migrate sends a one-statement file alone: no transaction block,
// so CONCURRENTLY works, in history and in a new file.
func TestImplicitSingleStatement(t *testing.T) {
	s := openSession(t, pgURL())
	files := dir(t, migrate.FormatGolangMigrate, split.Postgres, map[string]string{
		"1_a.up.sql": "CREATE TABLE a (id int);",
		"2_b.up.sql": "CREATE INDEX CONCURRENTLY a_id ON a (id);",
		"3_c.up.sql": "CREATE INDEX CONCURRENTLY a_id2 ON a (id);",
	})
	replayAll(t, s, files[0], files[1])
	o := runOK(t, s, files[2], each(1, "a"))[0]
	if o.InTx || len(o.Locks) != 0 {
		t.Errorf("InTx %v, Locks %s: want it run bare", o.InTx, lockString(o.Locks))
	}
}

// The file's own BEGIN and COMMIT steer the transaction: in a no-transaction
// file, statements between them share one transaction.
func TestExplicitTransactionInFile(t *testing.T) {
	s := pgSession(t)
	f := atlasFile(t, split.Postgres, "-- atlas:txmode none\n\nBEGIN;\nALTER TABLE orders ADD COLUMN c int;\nCREATE INDEX orders_c ON orders (c);\nCOMMIT;\nCREATE INDEX CONCURRENTLY orders_c2 ON orders (c);")
	obs := runOK(t, s, f, each(5, "orders"))
	if !obs[1].InTx || !obs[2].InTx {
		t.Errorf("statements inside BEGIN ... COMMIT: InTx %v %v", obs[1].InTx, obs[2].InTx)
	}
	held := false
	for _, l := range obs[2].Held {
		held = held || l.Relation.Name == "orders" && l.Mode == "ACCESS EXCLUSIVE"
	}
	if !held {
		t.Errorf("the CREATE INDEX shares the ALTER's transaction: held %s", lockString(obs[2].Held))
	}
	if obs[4].InTx {
		t.Errorf("CONCURRENTLY after COMMIT ran in a transaction")
	}
}

func TestGooseGoMigrationIsNotReplayable(t *testing.T) {
	s := openSession(t, pgURL())
	files := dir(t, migrate.FormatGoose, split.Postgres, map[string]string{
		"00001_a.sql": "-- +goose Up\nCREATE TABLE a (id int);\n",
		"00002_b.go":  "package migrations\n",
	})
	replayAll(t, s, files[0])
	if err := s.Replay(testCtx(t), files[1]); !errors.Is(err, ErrNotReplayable) {
		t.Errorf("Replay: %v, want ErrNotReplayable", err)
	}
	if _, err := s.Run(testCtx(t), files[1], nil); !errors.Is(err, ErrNotReplayable) {
		t.Errorf("Run: %v, want ErrNotReplayable", err)
	}
}

// DISCARD ALL in a migration drops the session's prepared statements, the
// session's own catalog reads included: they are prepared again.
func TestDiscardAllInAMigration(t *testing.T) {
	s := pgSession(t)
	runOK(t, s, atlasFile(t, split.Postgres, "ALTER TABLE orders ADD COLUMN b int"), each(1, "orders"))
	f := atlasFile(t, split.Postgres, "-- atlas:txmode none\n\nDISCARD ALL;\nALTER TABLE orders ADD COLUMN c int;")
	obs := runOK(t, s, f, each(2, "orders"))
	if obs[1].LockOn(q2("public", "orders")) != "ACCESS EXCLUSIVE" {
		t.Errorf("locks after DISCARD ALL: %s", lockString(obs[1].Locks))
	}
	replayAll(t, s, atlasFile(t, split.Postgres, "DEALLOCATE ALL;\nALTER TABLE orders ADD COLUMN d int;"))
	runOK(t, s, atlasFile(t, split.Postgres, "ALTER TABLE orders ADD COLUMN e int"), each(1, "orders"))
}
