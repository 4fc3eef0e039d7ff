package changes

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/migrate"
)

// emptyCommits adds n commits to branch in one git fast-import run (one
// process instead of n), so history can be longer than the first fetch.
func (r *testRepo) emptyCommits(branch string, n int) {
	r.t.Helper()
	var b strings.Builder
	for i := 0; i < n; i++ {
		msg := fmt.Sprintf("filler %d\n", i)
		fmt.Fprintf(&b, "commit refs/heads/%s\ncommitter t <t@t> 1704067200 +0000\ndata %d\n%s", branch, len(msg), msg)
		if i == 0 {
			fmt.Fprintf(&b, "from %s\n", r.git("rev-parse", branch))
		}
		b.WriteString("\n")
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir = r.dir
	cmd.Stdin = strings.NewReader(b.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		r.t.Fatalf("fast-import: %v\n%s", err, out)
	}
}

// origin builds a remote whose feature branch forked from main at the
// returned commit, five commits ago, while main moved 61 commits on
// (further than the first fetch of the base reaches) and gained 4_m.
func origin(t *testing.T) (o *testRepo, fork string) {
	o = newRepo(t)
	o.write("db/1_a.up.sql", "SELECT 1;\n")
	o.commit("a")
	o.write("db/2_b.up.sql", "SELECT 2;\n")
	fork = o.commit("b")
	o.git("checkout", "-q", "-b", "feature")
	o.write("db/3_f.up.sql", "SELECT 3;\n")
	o.commit("f1")
	for i := 2; i <= 5; i++ {
		o.write("notes.txt", fmt.Sprint(i))
		o.commit(fmt.Sprint("f", i))
	}
	o.git("checkout", "-q", "main")
	o.write("db/4_m.up.sql", "SELECT 4;\n")
	o.commit("m")
	o.emptyCommits("main", 60)
	return o, fork
}

// clone makes a depth-1 clone of origin's feature branch with one more
// local commit on a local branch, as a CI job or a developer has it.
func clone(t *testing.T, o *testRepo, extra ...string) *testRepo {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "work")
	args := append([]string{"clone", "-q", "--depth", "1", "--branch", "feature"}, extra...)
	gitIn(t, o.dir, append(args, "file://"+o.dir, dir)...)
	w := &testRepo{t: t, dir: dir}
	if w.git("rev-parse", "--is-shallow-repository") != "true" {
		t.Fatal("clone is not shallow")
	}
	w.git("checkout", "-q", "-b", "mine")
	w.write("db/5_local.up.sql", "SELECT 5;\n")
	w.commit("local")
	return w
}

func TestShallowCloneFetchesHistory(t *testing.T) {
	o, fork := origin(t)
	mainTip := o.git("rev-parse", "main")
	cases := []struct {
		name, base string
		extra      []string
	}{
		{"remote-tracking name", "origin/main", nil},
		{"branch name", "main", nil},
		{"commit SHA", mainTip, nil},
		// The base ref is local (all branches at depth 1), only history is missing.
		{"ref present, history missing", "origin/main", []string{"--no-single-branch"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := clone(t, o, c.extra...)
			s := w.detect(migrate.FormatGolangMigrate, c.base)
			if s.Base != fork {
				t.Errorf("Base = %s, want the fork point %s", s.Base, fork)
			}
			if s.Ref != c.base {
				t.Errorf("Ref = %q, want %q", s.Ref, c.base)
			}
			wantSet(t, s, []string{"3_f.up.sql", "5_local.up.sql"}, nil, nil, "2_b.up.sql", "2")
		})
	}
}

// Without a remote nothing can be fetched: the error must say which ref,
// that the clone is shallow, and how to fix the CI checkout.
func TestShallowCloneWithoutRemote(t *testing.T) {
	o, fork := origin(t)
	w := clone(t, o)
	w.git("fetch", "-q", "--depth=1", "origin", "main")
	w.git("branch", "base", "FETCH_HEAD")
	w.git("remote", "remove", "origin")
	ctx := context.Background()
	for _, base := range []string{"base", fork, "origin/main"} {
		_, err := Detect(ctx, Options{RepoDir: w.dir, Dir: "db", Base: base, Format: migrate.FormatGolangMigrate})
		wantErr(t, err, base, "shallow", "fetch-depth: 0")
	}
}

// A complete clone with a remote does not fetch: the base is local.
func TestFullCloneNeedsNoFetch(t *testing.T) {
	o, fork := origin(t)
	dir := filepath.Join(t.TempDir(), "work")
	gitIn(t, o.dir, "clone", "-q", "--branch", "feature", "file://"+o.dir, dir)
	w := &testRepo{t: t, dir: dir}
	s := w.detect(migrate.FormatGolangMigrate, "origin/main")
	if s.Base != fork {
		t.Errorf("Base = %s, want %s", s.Base, fork)
	}
	wantSet(t, s, []string{"3_f.up.sql"}, nil, nil, "2_b.up.sql", "2")
}

// Servers that refuse requests for unadvertised commits (protocol v0
// without allowAnySHA1InWant) still get the base's history: by branch
// name, and in the end by unshallowing.
func TestShallowCloneOldProtocol(t *testing.T) {
	o, fork := origin(t)
	w := clone(t, o)
	t.Setenv("GIT_CONFIG_COUNT", "1")
	t.Setenv("GIT_CONFIG_KEY_0", "protocol.version")
	t.Setenv("GIT_CONFIG_VALUE_0", "0")
	s := w.detect(migrate.FormatGolangMigrate, "origin/main")
	if s.Base != fork {
		t.Errorf("Base = %s, want the fork point %s", s.Base, fork)
	}
	wantSet(t, s, []string{"3_f.up.sql", "5_local.up.sql"}, nil, nil, "2_b.up.sql", "2")
}
