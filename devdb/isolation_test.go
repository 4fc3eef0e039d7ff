package devdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schemaguard/schemaguard/internal/dbtest"
	"github.com/schemaguard/schemaguard/internal/dburl"
	"github.com/schemaguard/schemaguard/migrate/split"
)

// mysqlAdmin is a database/sql handle on the MySQL server named by url,
// closed at the test's end.
func mysqlAdmin(t testing.TB, url string) *sql.DB {
	t.Helper()
	u, err := dburl.Parse(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := u.MySQLConfig()
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// adminExec runs statements as the test servers' administrator.
func adminExec(t testing.TB, url string, stmts ...string) {
	t.Helper()
	u, err := dburl.Parse(url)
	if err != nil {
		t.Fatal(err)
	}
	if u.Dialect == dburl.MySQL {
		db := mysqlAdmin(t, url)
		for _, s := range stmts {
			if _, err := db.Exec(s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
		return
	}
	ctx := context.Background()
	cfg, err := u.PgxConfig()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, s := range stmts {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func randHex(t testing.TB) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// withUser returns url with another user and password.
func withUser(url, user, password string) string {
	scheme, rest, _ := strings.Cut(url, "://")
	if at := strings.Index(rest, "@"); at >= 0 {
		rest = rest[at+1:]
	}
	return scheme + "://" + user + ":" + password + "@" + rest
}

var servers = []struct {
	name    string
	url     func() string
	dialect split.Dialect
	history string
	table   string
}{
	{"postgres", pgURL, split.Postgres, pgHistory, "orders"},
	{"mysql", myURL, split.MySQL, myHistory, "items"},
}

func TestTwoSessionsShareAServer(t *testing.T) {
	for _, srv := range servers {
		t.Run(srv.name, func(t *testing.T) {
			var wg sync.WaitGroup
			names := make([]string, 2)
			errs := make([]error, 2)
			for i := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = func() error {
						s, err := Open(context.Background(), srv.url(), Options{})
						if err != nil {
							return err
						}
						defer s.Close()
						names[i] = s.Database()
						prefix := map[bool]string{true: "MariaDB ", false: "MySQL "}[s.MariaDB()]
						if srv.dialect == split.Postgres {
							prefix = "PostgreSQL "
						}
						if s.Version() < 8 || !strings.HasPrefix(s.ServerVersion(), prefix) || s.Dialect() != string(srv.dialect) {
							return fmt.Errorf("server %q version %d dialect %s", s.ServerVersion(), s.Version(), s.Dialect())
						}
						if err := s.Replay(context.Background(), atlasFile(t, srv.dialect, srv.history)); err != nil {
							return err
						}
						f := atlasFile(t, srv.dialect, "ALTER TABLE "+srv.table+" ADD COLUMN c INT")
						obs, err := s.Run(context.Background(), f, each(1, srv.table))
						if err != nil {
							return err
						}
						if obs[0].Err != nil {
							return obs[0].Err
						}
						return s.Close()
					}()
				}()
			}
			wg.Wait()
			for i := range 2 {
				if errs[i] != nil {
					t.Errorf("session %d: %v", i, errs[i])
				}
				if names[i] == "" || dbtest.DatabaseExists(t, srv.url(), names[i]) {
					t.Errorf("session %d: scratch database %q not dropped", i, names[i])
				}
			}
			if names[0] == names[1] {
				t.Errorf("both sessions used %s", names[0])
			}
		})
	}
}

func TestStaleScratchDatabases(t *testing.T) {
	for _, srv := range servers {
		t.Run(srv.name, func(t *testing.T) {
			now := time.Now()
			stale := fmt.Sprintf("%s%d_%s", ScratchPrefix, now.Add(-2*StaleAfter).Unix(), randHex(t))
			live := fmt.Sprintf("%s%d_%s", ScratchPrefix, now.Add(-StaleAfter/2).Unix(), randHex(t))
			quote := func(n string) string {
				if srv.dialect == split.MySQL {
					return myIdent(n)
				}
				return pgx.Identifier{n}.Sanitize()
			}
			adminExec(t, srv.url(), "CREATE DATABASE "+quote(stale), "CREATE DATABASE "+quote(live))
			t.Cleanup(func() {
				adminExec(t, srv.url(), "DROP DATABASE IF EXISTS "+quote(stale), "DROP DATABASE IF EXISTS "+quote(live))
			})
			var logged []string
			s, err := Open(testCtx(t), srv.url(), Options{Logf: func(f string, a ...any) { logged = append(logged, fmt.Sprintf(f, a...)) }})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if dbtest.DatabaseExists(t, srv.url(), stale) {
				t.Errorf("stale %s was not dropped", stale)
			}
			if !dbtest.DatabaseExists(t, srv.url(), live) {
				t.Errorf("%s of a live run was dropped", live)
			}
			if !strings.Contains(strings.Join(logged, "\n"), "dropped stale scratch database "+stale) {
				t.Errorf("log %q does not name the dropped database", logged)
			}
		})
	}
}

func TestMissingPrivilege(t *testing.T) {
	const password = "Pw-Never-Shown-42"
	t.Run("postgres", func(t *testing.T) {
		role := "sg_test_nocreatedb_" + randHex(t)
		adminExec(t, pgURL(), "CREATE ROLE "+role+" LOGIN PASSWORD '"+password+"'")
		t.Cleanup(func() { adminExec(t, pgURL(), "DROP ROLE IF EXISTS "+role) })
		_, err := Open(testCtx(t), withUser(pgURL(), role, password), Options{})
		if !errors.Is(err, ErrPrivilege) || !strings.Contains(err.Error(), "CREATEDB") || !strings.Contains(err.Error(), role) {
			t.Errorf("Open: %v, want ErrPrivilege naming CREATEDB and the role", err)
		}
		if err != nil && strings.Contains(err.Error(), password) {
			t.Errorf("the password shows in %q", err)
		}
	})
	t.Run("mysql", func(t *testing.T) {
		user := "sg_test_noprv_" + randHex(t)[:8]
		adminExec(t, myURL(), "CREATE USER '"+user+"'@'%' IDENTIFIED BY '"+password+"'")
		t.Cleanup(func() { adminExec(t, myURL(), "DROP USER IF EXISTS '"+user+"'@'%'") })
		_, err := Open(testCtx(t), withUser(myURL(), user, password), Options{})
		if !errors.Is(err, ErrPrivilege) || !strings.Contains(err.Error(), `schemaguard\_dev\_%`) {
			t.Errorf("Open: %v, want ErrPrivilege naming the grant on schemaguard\\_dev\\_%%", err)
		}
		if err != nil && strings.Contains(err.Error(), password) {
			t.Errorf("the password shows in %q", err)
		}
	})
}

// The least privileges the docs ask for are enough for a whole run.
func TestLeastPrivileges(t *testing.T) {
	const password = "Least-Pw-7"
	t.Run("postgres", func(t *testing.T) {
		role := "sg_test_createdb_" + randHex(t)
		adminExec(t, pgURL(), "CREATE ROLE "+role+" LOGIN CREATEDB PASSWORD '"+password+"'")
		t.Cleanup(func() { adminExec(t, pgURL(), "DROP ROLE IF EXISTS "+role) })
		s := openSession(t, withUser(pgURL(), role, password))
		replayAll(t, s, atlasFile(t, split.Postgres, pgHistory))
		o := runOK(t, s, atlasFile(t, split.Postgres, "ALTER TABLE orders ADD COLUMN c int"), each(1, "orders"))[0]
		if o.LockOn(q2("public", "orders")) != "ACCESS EXCLUSIVE" {
			t.Errorf("locks %s", lockString(o.Locks))
		}
	})
	t.Run("mysql", func(t *testing.T) {
		user := "sg_test_least_" + randHex(t)[:8]
		adminExec(t, myURL(), "CREATE USER '"+user+"'@'%' IDENTIFIED BY '"+password+"'",
			"GRANT ALL ON `schemaguard\\_dev\\_%`.* TO '"+user+"'@'%'")
		t.Cleanup(func() { adminExec(t, myURL(), "DROP USER IF EXISTS '"+user+"'@'%'") })
		s := openSession(t, withUser(myURL(), user, password))
		replayAll(t, s, atlasFile(t, split.MySQL, myHistory))
		o := runOK(t, s, atlasFile(t, split.MySQL, "ALTER TABLE items ADD COLUMN c INT"), each(1, "items"))[0]
		if o.Algorithm != "INSTANT" {
			t.Errorf("Algorithm %q", o.Algorithm)
		}
	})
}

func TestPasswordNeverShown(t *testing.T) {
	const password = "S3cret-Pw_9"
	user := "sg_test_pw_" + randHex(t)[:8]
	adminExec(t, myURL(), "CREATE USER '"+user+"'@'%' IDENTIFIED BY 'the-right-one'")
	t.Cleanup(func() { adminExec(t, myURL(), "DROP USER IF EXISTS '"+user+"'@'%'") })
	for _, url := range []string{
		withUser(myURL(), user, password),                                            // wrong password
		"mysql://root:" + password + "@127.0.0.1:1/",                                 // nothing listens
		"postgres://postgres:" + password + "@127.0.0.1:1/postgres",                  // nothing listens
		"postgres://postgres:" + password + "@127.0.0.1:notaport/x",                  // bad URL
		"postgres://postgres:" + password + "@127.0.0.1:5432/postgres?sslmode=bogus", // bad option
	} {
		_, err := Open(testCtx(t), url, Options{})
		if err == nil {
			t.Errorf("Open(%s) worked", dburl.Mask(url, password))
			continue
		}
		if strings.Contains(err.Error(), password) {
			t.Errorf("the password shows in %q", err)
		}
	}
}

// A run cancelled mid-statement (SIGINT) is an error of the tool, not a
// finding, and Close still drops the scratch database.
func TestCancelledRunIsCleanedUp(t *testing.T) {
	for _, srv := range []struct {
		name, url, sleep string
		dialect          split.Dialect
	}{
		{"postgres", pgURL(), "SELECT pg_sleep(60)", split.Postgres},
		{"mysql", myURL(), "SELECT SLEEP(60)", split.MySQL},
	} {
		t.Run(srv.name, func(t *testing.T) {
			s, err := Open(testCtx(t), srv.url, Options{})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			obs, err := s.Run(ctx, atlasFile(t, srv.dialect, srv.sleep), nil)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Run: %v (observations %+v), want the context's error", err, obs)
			}
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
			if dbtest.DatabaseExists(t, srv.url, s.Database()) {
				t.Errorf("scratch database %s left behind", s.Database())
			}
			if err := s.Close(); err != nil {
				t.Errorf("second Close: %v", err)
			}
		})
	}
}
