package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/schemaguard/schemaguard/internal/dbtest"
	"github.com/schemaguard/schemaguard/internal/dburl"
)

// TestApplyProcesses runs the real binary, built once, as separate
// processes: several replicas at once, and runs killed half-way.
func TestApplyProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "schemaguard")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Run("concurrent/postgres", func(t *testing.T) { t.Parallel(); concurrentApply(t, bin, "postgres") })
	t.Run("concurrent/mariadb", func(t *testing.T) { t.Parallel(); concurrentApply(t, bin, "mysql") })
	t.Run("killed/postgres-no-transaction", func(t *testing.T) { t.Parallel(); killedApply(t, bin, pgNoTransaction) })
	t.Run("killed/mariadb-no-transaction", func(t *testing.T) { t.Parallel(); killedApply(t, bin, mysqlNoTransaction) })
	t.Run("killed/mariadb-transaction", func(t *testing.T) { t.Parallel(); killedApply(t, bin, mysqlTransaction) })
}

// newTarget creates a private database and returns its URL, as given to
// the binary and parsed.
func newTarget(t *testing.T, kind string) (string, *dburl.URL) {
	t.Helper()
	raw, drop, err := dbtest.NewDatabase(kind)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Error(err)
		}
	})
	u, err := dburl.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return raw, u
}

func sqlRows(t *testing.T, u *dburl.URL, q string) string {
	t.Helper()
	rows, err := query(u, q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	var lines []string
	for _, r := range rows {
		lines = append(lines, strings.Join(r, " "))
	}
	return strings.Join(lines, "\n")
}

// sgApply prepares `schemaguard apply --dir m` in dir, the URL in the
// environment, both output streams into out.
func sgApply(bin, dir, url string, out *processOutput) *exec.Cmd {
	cmd := exec.Command(bin, "apply", "--dir", "m")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SCHEMAGUARD_URL="+url)
	cmd.Stdout, cmd.Stderr = out, out
	return cmd
}

// concurrentApply starts 8 replicas at once on one database: each file is
// applied exactly once, by one of them, and all exit 0.
func concurrentApply(t *testing.T, bin, kind string) {
	raw, u := newTarget(t, kind)
	dir := t.TempDir()
	const files = 6
	if err := os.Mkdir(filepath.Join(dir, "m"), 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= files; i++ {
		// Neither statement is idempotent: a second run of a file fails.
		body := fmt.Sprintf("CREATE TABLE t%d (id int PRIMARY KEY);\nINSERT INTO t%d VALUES (%d);\n", i, i, i)
		if err := os.WriteFile(filepath.Join(dir, "m", fmt.Sprintf("%d_t%d.up.sql", i, i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const replicas = 8
	outs := make([]processOutput, replicas)
	cmds := make([]*exec.Cmd, replicas)
	for i := range cmds {
		cmds[i] = sgApply(bin, dir, raw, &outs[i])
	}
	var wg sync.WaitGroup
	errs := make([]error, replicas)
	for i, c := range cmds {
		wg.Go(func() { errs[i] = c.Run() })
	}
	wg.Wait()
	appliedRe := regexp.MustCompile(`(?m)^applied (\d+) migrations?`)
	total := 0
	for i := range cmds {
		if errs[i] != nil {
			t.Errorf("replica %d: %v\n%s", i, errs[i], outs[i].String())
			continue
		}
		if m := appliedRe.FindStringSubmatch(outs[i].String()); m != nil {
			n, _ := strconv.Atoi(m[1])
			total += n
		} else if !strings.Contains(outs[i].String(), "nothing to apply") {
			t.Errorf("replica %d:\n%s", i, outs[i].String())
		}
	}
	if total != files {
		t.Errorf("the replicas applied %d migrations in all, want %d", total, files)
	}
	got := sqlRows(t, u, "SELECT count(*), sum(applied), sum(total) FROM schemaguard_revisions WHERE finished_at IS NOT NULL")
	if want := fmt.Sprintf("%d %d %d", files, 2*files, 2*files); got != want {
		t.Errorf("revisions: %s, want %s", got, want)
	}
	for i := 1; i <= files; i++ {
		if got := sqlRows(t, u, fmt.Sprintf("SELECT id FROM t%d", i)); got != strconv.Itoa(i) {
			t.Errorf("t%d holds %q", i, got)
		}
	}
}

// killCase is a migration file with a gate: a statement that blocks while
// the test holds a lock, so the run is reliably killed at that point.
type killCase struct {
	kind, name, body string
	// before of total statements are applied and committed when the run
	// waits at the gate.
	before, total int
	// gateQuery returns a row once the run waits at the gate.
	gateQuery string
	rows      string // the table's rows after the resumed run
}

var (
	pgNoTransaction = killCase{kind: "postgres", name: "1_items.sql", before: 3, total: 5, rows: "1\n2",
		body: "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE TABLE items (id int PRIMARY KEY);\nINSERT INTO items VALUES (1);\n" +
			"CREATE INDEX CONCURRENTLY items_id ON items (id);\nSELECT pg_advisory_xact_lock(4242);\nINSERT INTO items VALUES (2);\n",
		gateQuery: "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'SELECT pg_advisory_xact_lock%'"}
	// golang-migrate runs MySQL files without a transaction.
	mysqlNoTransaction = killCase{kind: "mysql", name: "1_items.up.sql", before: 3, total: 5, rows: "1\n2\n3",
		body: "CREATE TABLE items (id int PRIMARY KEY);\nINSERT INTO items VALUES (1);\nINSERT INTO items VALUES (2);\n" +
			"DO GET_LOCK('GATE', 600);\nINSERT INTO items VALUES (3);\n",
		gateQuery: "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE 'DO GET_LOCK%'"}
	// goose runs a file in a transaction: the INSERTs before the gate are
	// in it, uncommitted, when the run dies.
	mysqlTransaction = killCase{kind: "mysql", name: "1_items.sql", before: 1, total: 5, rows: "1\n2\n3",
		body: "-- +goose Up\nCREATE TABLE items (id int PRIMARY KEY);\nINSERT INTO items VALUES (1);\nINSERT INTO items VALUES (2);\n" +
			"DO GET_LOCK('GATE', 600);\nINSERT INTO items VALUES (3);\n",
		gateQuery: "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE 'DO GET_LOCK%'"}
)

// killedApply kills a run (SIGKILL) while its file waits at the gate; the
// next run resumes after the statements recorded as applied, runs none of
// them again and loses no row.
func killedApply(t *testing.T, bin string, c killCase) {
	raw, u := newTarget(t, c.kind)
	dir := t.TempDir()
	gate := "gate_" + u.Database() // GET_LOCK names are server-wide
	if err := os.Mkdir(filepath.Join(dir, "m"), 0o755); err != nil {
		t.Fatal(err)
	}
	body := strings.ReplaceAll(c.body, "GATE", gate)
	if err := os.WriteFile(filepath.Join(dir, "m", c.name), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	closeGate := holdGate(t, u, gate)

	var out processOutput
	run := sgApply(bin, dir, raw, &out)
	if err := run.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, u, c.gateQuery, &out)
	if got := sqlRows(t, u, "SELECT applied FROM schemaguard_revisions"); got != strconv.Itoa(c.before) {
		t.Fatalf("before the kill, applied = %s, want %d", got, c.before)
	}
	if err := run.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = run.Wait()
	// The server notices the dead client only when the gate opens; end its
	// session now, as the server eventually would, so its locks go.
	endSessions(t, u)
	closeGate()

	if got := sqlRows(t, u, "SELECT applied, total, finished_at IS NULL FROM schemaguard_revisions"); !strings.HasPrefix(got, strconv.Itoa(c.before)+" ") {
		t.Fatalf("after the kill the row says %q", got)
	}
	var again processOutput
	if err := sgApply(bin, dir, raw, &again).Run(); err != nil {
		t.Fatalf("the resumed run failed (a statement ran twice?): %v\n%s", err, again.String())
	}
	want := fmt.Sprintf("statements %d-%d of %d", c.before+1, c.total, c.total)
	if !strings.Contains(again.String(), "resumed") || !strings.Contains(again.String(), want) {
		t.Errorf("resumed run, want %q:\n%s", want, again.String())
	}
	if got := sqlRows(t, u, "SELECT id FROM items ORDER BY id"); got != c.rows {
		t.Errorf("items: %q, want %q", got, c.rows)
	}
	if got := sqlRows(t, u, "SELECT applied = total, finished_at IS NOT NULL FROM schemaguard_revisions"); got != "t t" && got != "1 1" {
		t.Errorf("row after the resumed run: %q", got)
	}
}

// holdGate takes the lock the migration's gate statement waits for and
// returns the function that releases it.
func holdGate(t *testing.T, u *dburl.URL, gate string) func() {
	t.Helper()
	ctx := context.Background()
	if u.Dialect == dburl.Postgres {
		cfg, err := u.PgxConfig()
		if err != nil {
			t.Fatal(err)
		}
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(4242)"); err != nil {
			t.Fatal(err)
		}
		return func() { conn.Close(ctx) }
	}
	cfg, err := u.MySQLConfig()
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1) // GET_LOCK belongs to the connection
	if _, err := db.ExecContext(ctx, "DO GET_LOCK(?, 0)", gate); err != nil {
		t.Fatal(err)
	}
	return func() { db.Close() }
}

// waitFor polls until the query returns a row: the run is at the gate.
func waitFor(t *testing.T, u *dburl.URL, q string, out *processOutput) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if sqlRows(t, u, q) != "" {
			return
		}
	}
	t.Fatalf("the run never reached the gate:\n%s", out.String())
}

// endSessions ends the killed run's server sessions.
func endSessions(t *testing.T, u *dburl.URL) {
	t.Helper()
	q := "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE 'schemaguard apply@%'"
	left := "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'schemaguard apply@%'"
	if u.Dialect != dburl.Postgres {
		ids := sqlRows(t, u, "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()")
		for _, id := range strings.Fields(ids) {
			sqlRows(t, u, "KILL "+id)
		}
		left = "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID() AND COMMAND <> 'Killed'"
	} else {
		sqlRows(t, u, q)
	}
	for deadline := time.Now().Add(time.Minute); sqlRows(t, u, left) != ""; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the killed run's session does not end")
		}
	}
}
