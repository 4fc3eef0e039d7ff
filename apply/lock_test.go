package apply

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/schemaguard/schemaguard/internal/dburl"
	"github.com/schemaguard/schemaguard/migrate"
)

// holdLock takes the run's lock from another session, as a running apply
// would, and returns the function that releases it.
func holdLock(t *testing.T, tg *target) func() {
	t.Helper()
	ctx := context.Background()
	s, err := connect(ctx, tg.url, "schemaguard apply@other-replica", func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	tb, err := resolveTable(ctx, s, "")
	if err != nil {
		t.Fatal(err)
	}
	l, err := newLock(ctx, s, tb)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.acquire(ctx, 0, 0, nil); err != nil {
		t.Fatal(err)
	}
	return s.close
}

func TestLockWaitNamesTheHolderAndTimesOut(t *testing.T) {
	bothTargets(t, func(t *testing.T, tg *target) {
		release := holdLock(t, tg)
		d := tg.dir(t, migrate.FormatGoose, map[string]string{"1_a.sql": gooseFile("CREATE TABLE a (id int);\n")})
		log, _, err := tg.apply(t, d, Options{LockTimeout: 2 * time.Second, LockLogEvery: time.Second})
		if err == nil || !strings.Contains(err.Error(), "still held after 2s (--lock-timeout)") {
			t.Fatalf("got %v", err)
		}
		holder := `"schemaguard apply@other-replica"` // PostgreSQL shows application_name
		if tg.my != nil {
			holder = "connection "
		}
		if !strings.Contains(log, "waiting for the migration lock") || !strings.Contains(log, holder) || !strings.Contains(err.Error(), holder) {
			t.Errorf("log:\n%s\nerror: %v", log, err)
		}
		if got := tg.catalog(t); got != "" {
			t.Fatalf("ran without the lock: %s", got)
		}
		release()
		tg.mustApply(t, d, Options{LockTimeout: 2 * time.Second})
		wantStrings(t, "revisions", tg.revisions(t), "1 1/1 versioned")
	})
}

// A migration that drops the run's advisory lock stops the run before the
// next file runs unguarded.
func TestLostLockStopsTheRun(t *testing.T) {
	tg := pgTarget(t)
	d := tg.dir(t, migrate.FormatGoose, map[string]string{
		"1_a.sql": gooseFile("SELECT pg_advisory_unlock_all();\n"),
		"2_b.sql": gooseFile("CREATE TABLE b (id int);\n"),
	})
	_, _, err := tg.apply(t, d, Options{})
	if err == nil || !strings.Contains(err.Error(), "no longer holds the migration lock") {
		t.Fatalf("got %v", err)
	}
	wantStrings(t, "revisions", tg.revisions(t), "1 1/1 versioned")
}

func TestStatus(t *testing.T) {
	bothTargets(t, func(t *testing.T, tg *target) {
		files := map[string]string{
			"1_a.up.sql": "CREATE TABLE a (id int);\n",
			"2_b.up.sql": "CREATE TABLE b (id int);\nINSERT INTO b VALUES (nope);\n",
			"3_c.up.sql": "CREATE TABLE c (id int);\n",
		}
		d := tg.dir(t, migrate.FormatGolangMigrate, files)
		st, err := Status(context.Background(), d, Options{URL: tg.url})
		if err != nil {
			t.Fatal(err)
		}
		if st.Version != "" || st.Counts[StatePending] != 3 {
			t.Fatalf("fresh database: %+v", st)
		}
		tg.apply(t, d, Options{})
		files["1_a.up.sql"] = "CREATE TABLE a (id bigint);\n"
		d = tg.dir(t, migrate.FormatGolangMigrate, files)
		st, err = Status(context.Background(), d, Options{URL: tg.url})
		if err != nil {
			t.Fatal(err)
		}
		var states []string
		for _, m := range st.Migrations {
			states = append(states, m.State)
		}
		wantStrings(t, "states", states, StateEdited, StateFailed, StatePending)
		if st.Version != "1" || st.Migrations[1].Revision.Error == "" || st.Database != tg.url.Redacted() {
			t.Errorf("status %+v", st)
		}
		raw, err := json.Marshal(st)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`"version":"1"`, `"state":"failed"`, `"counts":{`, `"revisions_table":`} {
			if !strings.Contains(string(raw), want) {
				t.Errorf("JSON lacks %s: %s", want, raw)
			}
		}
	})
}

// A statement_timeout in the URL bounds the migrations, not the wait for
// the lock: the wait ends on --lock-timeout, and once the lock is taken
// the URL's setting is back for the migrations.
func TestStatementTimeoutDoesNotCutTheLockWait(t *testing.T) {
	tg := pgTarget(t)
	u, err := dburl.Parse(strings.Replace(tg.url.Redacted(), "?", "?options=-c%20statement_timeout%3D300&", 1))
	if err != nil {
		t.Fatal(err)
	}
	tg.url = u
	d := tg.dir(t, migrate.FormatGoose, map[string]string{"1_slow.sql": gooseFile("SELECT pg_sleep(2);\n")})
	release := holdLock(t, tg)
	_, _, err = tg.apply(t, d, Options{LockTimeout: time.Second})
	if err == nil || !strings.Contains(err.Error(), "still held after 1s") {
		t.Fatalf("got %v", err)
	}
	release()
	_, _, err = tg.apply(t, d, Options{LockTimeout: time.Second})
	if !errors.Is(err, ErrFailed) || !strings.Contains(err.Error(), "SQLSTATE 57014") {
		t.Fatalf("the URL's statement_timeout must bound the migration, got %v", err)
	}
}
