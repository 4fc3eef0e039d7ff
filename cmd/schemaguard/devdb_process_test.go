package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/schemaguard/schemaguard/internal/dbtest"
)

var scratchName = regexp.MustCompile(`scratch database (schemaguard_dev_\d+_[0-9a-f]+)`)

// devDir writes a directory whose history holds a statement that waits
// (so a run can be caught in the middle) and whose new file has findings.
func devDir(t *testing.T, sleep int) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"1_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(20), n int);\n",
		"2_wait.sql":  fmt.Sprintf("SELECT pg_sleep(%d);\n", sleep),
		"3_change.sql": "ALTER TABLE users ALTER COLUMN n TYPE bigint;\nALTER TABLE users ALTER COLUMN email TYPE varchar(500);\n" +
			"ALTER TABLE nobody ADD COLUMN x int;\n",
	}
	for name, body := range files {
		if err := os.MkdirAll(filepath.Join(dir, "m"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "m", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func sgLint(bin, dir string, out *processOutput) *exec.Cmd {
	cmd := exec.Command(bin, "lint", "--dir", "m", "--dir-format", "atlas")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SCHEMAGUARD_DEV_URL="+dbtest.ServerURL("postgres"), "NO_COLOR=1")
	cmd.Stdout, cmd.Stderr = out, out
	return cmd
}

// TestDevDatabaseProcesses runs the real binary with a dev database: two
// runs at once on one server, a run stopped by SIGTERM, a run killed
// outright whose scratch database the next run drops once it is stale.
func TestDevDatabaseProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "schemaguard")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	t.Run("two at once", func(t *testing.T) {
		dir := devDir(t, 1)
		var outs [2]processOutput
		var cmds [2]*exec.Cmd
		for i := range cmds {
			cmds[i] = sgLint(bin, dir, &outs[i])
			if err := cmds[i].Start(); err != nil {
				t.Fatal(err)
			}
		}
		for i, cmd := range cmds {
			err := cmd.Wait()
			out := outs[i].String()
			if cmd.ProcessState.ExitCode() != 1 {
				t.Fatalf("run %d: %v\n%s", i, err, out)
			}
			// The server's own answers: a rewrite, none for the widening,
			// and the missing table's error with its SQLSTATE.
			for _, want := range []string{
				`m/3_change.sql:1:19: warning PG301 type-change-rewrite: Changing column "n" of table "users" from int4 to int8`,
				`on the dev database it took ACCESS EXCLUSIVE on "users" and rewrote it`,
				`m/3_change.sql:3:1: error RP101 replay-failed: Statement fails on the dev database: relation "nobody" does not exist (SQLSTATE 42P01)`,
			} {
				if !strings.Contains(out, want) {
					t.Errorf("run %d lacks %q:\n%s", i, want, out)
				}
			}
			if strings.Contains(out, `column "email"`) {
				t.Errorf("run %d reports the varchar widening, which the server ran without a rewrite:\n%s", i, out)
			}
			m := scratchName.FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("run %d names no scratch database:\n%s", i, out)
			}
			if dbtest.DatabaseExists(t, dbtest.ServerURL("postgres"), m[1]) {
				t.Errorf("run %d left %s behind", i, m[1])
			}
		}
	})

	t.Run("SIGTERM drops the scratch database", func(t *testing.T) {
		dir := devDir(t, 60)
		var out processOutput
		cmd := sgLint(bin, dir, &out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		name := waitScratch(t, &out)
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		if code := cmd.ProcessState.ExitCode(); code != 2 {
			t.Errorf("exit %d after SIGTERM, want 2\n%s", code, out.String())
		}
		if dbtest.DatabaseExists(t, dbtest.ServerURL("postgres"), name) {
			t.Errorf("%s left behind after SIGTERM", name)
		}
	})

	t.Run("a killed run's database goes with the next run", func(t *testing.T) {
		dir := devDir(t, 60)
		var out processOutput
		cmd := sgLint(bin, dir, &out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		name := waitScratch(t, &out)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if !dbtest.DatabaseExists(t, dbtest.ServerURL("postgres"), name) {
			t.Fatalf("SIGKILL leaves the database (nothing can drop it); %s is gone already", name)
		}
		// An hour later, as its name tells: the next run drops it.
		parts := strings.Split(name, "_")
		old := strings.Replace(name, parts[2], strconv.FormatInt(time.Now().Add(-2*time.Hour).Unix(), 10), 1)
		renameDatabase(t, name, old)
		var next processOutput
		quick := devDir(t, 0)
		run := sgLint(bin, quick, &next)
		_ = run.Run()
		if dbtest.DatabaseExists(t, dbtest.ServerURL("postgres"), old) {
			t.Errorf("the stale %s was not dropped by the next run:\n%s", old, next.String())
		}
		if !strings.Contains(next.String(), old) {
			t.Errorf("the next run does not say it dropped %s:\n%s", old, next.String())
		}
	})
}

// waitScratch waits until a run names its scratch database on stderr.
func waitScratch(t *testing.T, out *processOutput) string {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := scratchName.FindStringSubmatch(out.String()); m != nil {
			time.Sleep(300 * time.Millisecond) // into the waiting statement
			return m[1]
		}
	}
	t.Fatalf("no scratch database named:\n%s", out.String())
	return ""
}

func renameDatabase(t *testing.T, from, to string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbtest.ServerURL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// The killed run's connection may linger a moment on the server.
	if _, err := conn.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", from); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf("ALTER DATABASE %s RENAME TO %s", from, to)); err != nil {
		t.Fatal(err)
	}
}
