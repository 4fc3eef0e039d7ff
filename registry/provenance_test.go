package registry

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func gitRun(t *testing.T, dir string, extraEnv []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	cmd.Env = append(cmd.Env, extraEnv...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func TestDetectProvenance(t *testing.T) {
	ctx := context.Background()

	// Outside git, without GitHub: no source, no revision, the epoch.
	plainDir := writeTree(t, migrations)
	p, notes, err := DetectProvenance(ctx, plainDir, "", env(nil))
	if err != nil || p.Source != "" || p.Revision != "" || !p.Created.Equal(time.Unix(0, 0)) {
		t.Errorf("outside git: %+v, %v", p, err)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "created annotation is 1970-01-01T00:00:00Z") {
		t.Errorf("outside git: notes %q", notes)
	}

	// In GitHub Actions the environment names source and revision;
	// SOURCE_DATE_EPOCH decides created.
	p, _, err = DetectProvenance(ctx, plainDir, "", env(map[string]string{
		"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "Acme/Shop",
		"GITHUB_SHA": "feedface", "SOURCE_DATE_EPOCH": "1700000000"}))
	if err != nil || p.Source != "https://github.com/Acme/Shop" || p.Revision != "feedface" ||
		!p.Created.Equal(time.Unix(1700000000, 0)) {
		t.Errorf("actions: %+v, %v", p, err)
	}
	// --source wins over the environment.
	p, _, _ = DetectProvenance(ctx, plainDir, "https://git.example.com/shop", env(map[string]string{
		"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/shop"}))
	if p.Source != "https://git.example.com/shop" {
		t.Errorf("--source: got %q", p.Source)
	}
	if _, _, err := DetectProvenance(ctx, plainDir, "", env(map[string]string{"SOURCE_DATE_EPOCH": "yesterday"})); err == nil ||
		!strings.Contains(err.Error(), `$SOURCE_DATE_EPOCH: want seconds since 1970-01-01 UTC, got "yesterday"`) {
		t.Errorf("bad SOURCE_DATE_EPOCH: %v", err)
	}

	// In a git work tree: HEAD and its commit time, whatever the clock says.
	repo := t.TempDir()
	gitRun(t, repo, nil, "init", "-q")
	migDir := filepath.Join(repo, "db", "migrations")
	if err := os.MkdirAll(migDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(migDir, "1_a.up.sql"), []byte("SELECT 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitRun(t, repo, nil, "add", ".")
	gitRun(t, repo, []string{"GIT_COMMITTER_DATE=2023-05-06T07:08:09Z", "GIT_AUTHOR_DATE=2020-01-01T00:00:00Z"}, "commit", "-q", "-m", "m")
	head := gitRun(t, repo, nil, "rev-parse", "HEAD")
	p, notes, err = DetectProvenance(ctx, migDir, "", env(nil))
	if err != nil || p.Revision != head || !p.Created.Equal(time.Date(2023, 5, 6, 7, 8, 9, 0, time.UTC)) || len(notes) != 0 {
		t.Errorf("git: %+v, notes %q, %v; want revision %s created at the commit time", p, notes, err, head)
	}
	// SOURCE_DATE_EPOCH still wins.
	p, _, _ = DetectProvenance(ctx, migDir, "", env(map[string]string{"SOURCE_DATE_EPOCH": "0"}))
	if !p.Created.Equal(time.Unix(0, 0)) || p.Revision != head {
		t.Errorf("git + SOURCE_DATE_EPOCH: %+v", p)
	}
	// An uncommitted change is pointed out.
	if err := os.WriteFile(filepath.Join(migDir, "2_b.up.sql"), []byte("SELECT 2;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, notes, _ = DetectProvenance(ctx, migDir, "", env(nil))
	if len(notes) != 1 || !strings.Contains(notes[0], "has uncommitted changes") {
		t.Errorf("dirty tree: notes %q", notes)
	}
}
