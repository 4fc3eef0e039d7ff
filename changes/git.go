package changes

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// git runs the git binary in one directory. Every call spells out its
// arguments (no shell), so a ref or path can never be read as shell syntax.
type git struct {
	dir string
}

// gitError is a failed git command with what git said on stderr, which is
// where the useful part of a git failure always is.
type gitError struct {
	args   []string
	code   int // exit code; -1 when git did not run or was killed
	stderr string
	err    error
}

func (e *gitError) Error() string {
	msg := e.stderr
	if msg == "" {
		msg = e.err.Error()
	}
	return fmt.Sprintf("git %s: %s", strings.Join(e.args, " "), msg)
}

func (e *gitError) Unwrap() error { return e.err }

// env keeps git from waiting on a credential prompt nobody will answer (CI)
// and makes its messages English, which is what our error texts assume.
func gitEnv() []string {
	return append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GCM_INTERACTIVE=never", "LC_ALL=C",
		// Paths we pass are literal file names, never pathspec patterns.
		"GIT_LITERAL_PATHSPECS=1")
}

func (g *git) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = g.dir
	cmd.Env = gitEnv()
	return cmd
}

// run returns git's stdout with surrounding white space trimmed.
func (g *git) run(ctx context.Context, args ...string) (string, error) {
	out, err := g.output(ctx, args...)
	return strings.TrimSpace(string(out)), err
}

// output returns git's stdout untouched (for -z listings).
func (g *git) output(ctx context.Context, args ...string) ([]byte, error) {
	cmd := g.command(ctx, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.Bytes(), newGitError(args, err, stderr.String())
	}
	return stdout.Bytes(), nil
}

func newGitError(args []string, err error, stderr string) error {
	ge := &gitError{args: args, code: -1, stderr: strings.TrimSpace(stderr), err: err}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		ge.code = ee.ExitCode()
	}
	if errors.Is(err, exec.ErrNotFound) {
		ge.err = fmt.Errorf("git is not installed or not in PATH: %w", err)
	}
	return ge
}

// toplevel finds the root of the work tree containing dir.
func toplevel(ctx context.Context, dir string) (string, error) {
	g := &git{dir: dir}
	top, err := g.run(ctx, "rev-parse", "--show-toplevel")
	if err != nil {
		var ge *gitError
		if errors.As(err, &ge) && strings.Contains(ge.stderr, "not a git repository") {
			return "", fmt.Errorf("%s is not inside a git repository (change detection needs the repository's history): %w", dir, err)
		}
		return "", err
	}
	if top == "" {
		// A bare repository or the .git directory itself: no work tree to compare.
		return "", fmt.Errorf("%s is not inside a git work tree", dir)
	}
	return filepath.FromSlash(top), nil
}

// repo is what base resolution needs to know about the repository.
type repo struct {
	git
	shallow bool
	remotes []string
}

func openRepo(ctx context.Context, top string) (*repo, error) {
	r := &repo{git: git{dir: top}}
	if _, err := r.run(ctx, "rev-parse", "--verify", "--quiet", "HEAD^{commit}"); err != nil {
		return nil, fmt.Errorf("the repository has no commit at HEAD yet: %w", err)
	}
	s, err := r.run(ctx, "rev-parse", "--is-shallow-repository")
	if err != nil {
		return nil, err
	}
	r.shallow = s == "true"
	rs, err := r.run(ctx, "remote")
	if err != nil {
		return nil, err
	}
	r.remotes = strings.Fields(rs)
	return r, nil
}

// shallowHint is the fix for the usual cause of a missing base: CI checked
// out one commit (actions/checkout defaults to fetch-depth: 1).
const shallowHint = "add `fetch-depth: 0` to the actions/checkout step (with: fetch-depth: 0) " +
	"or fetch the base branch before running schemaguard"

// resolve returns the commit SHA a ref names, or "" when it names nothing.
func (r *repo) resolve(ctx context.Context, ref string) string {
	sha, err := r.run(ctx, "rev-parse", "--verify", "--quiet", ref+"^{commit}")
	if err != nil {
		return ""
	}
	return sha
}

// remoteFor picks the remote to fetch a ref from and the name the ref has
// there: "origin/main" is "main" on origin; a bare "main" or a SHA is asked
// of origin (or the only remote).
func (r *repo) remoteFor(ref string) (remote, src string) {
	for _, rm := range r.remotes {
		for _, prefix := range []string{"refs/remotes/" + rm + "/", rm + "/"} {
			if rest, ok := strings.CutPrefix(ref, prefix); ok && rest != "" {
				return rm, rest
			}
		}
	}
	for _, rm := range r.remotes {
		if rm == "origin" {
			return rm, ref
		}
	}
	return r.remotes[0], ref
}

// mergeBase resolves ref and computes its merge-base with HEAD, fetching
// from the remote when the ref or the history in between is not local. The
// fetches only add objects and update FETCH_HEAD (and, as git fetch always
// does, a matching remote-tracking branch): they never touch the work tree.
func (r *repo) mergeBase(ctx context.Context, ref string) (string, error) {
	if ref == "" {
		return "", errors.New("no base ref given")
	}
	if strings.HasPrefix(ref, "-") {
		return "", fmt.Errorf("invalid base ref %q", ref)
	}
	base := r.resolve(ctx, ref)
	if base == "" {
		var err error
		if base, err = r.fetchRef(ctx, ref); err != nil {
			return "", err
		}
	}
	mb, err := r.tryMergeBase(ctx, ref, base)
	if mb != "" || err != nil || !r.shallow {
		return mb, err
	}
	// Shallow: the merge-base is usually below the fetched depth. Deepen in
	// growing steps so a recent branch point costs a small fetch, and only
	// then pay for the whole history.
	if len(r.remotes) == 0 {
		return "", fmt.Errorf("shallow clone: cannot find the merge-base of %s and HEAD and there is no git remote to fetch more history from; %s", ref, shallowHint)
	}
	remote, _ := r.remoteFor(ref)
	var lastFetch error
	for _, n := range []int{50, 200, 1000, 0} {
		if err := r.deepen(ctx, remote, n); err != nil {
			lastFetch = err
			continue
		}
		if mb, err := r.tryMergeBase(ctx, ref, base); mb != "" || err != nil {
			return mb, err
		}
	}
	if lastFetch != nil {
		return "", fmt.Errorf("shallow clone: cannot find the merge-base of %s and HEAD and fetching more history failed (%w); %s", ref, lastFetch, shallowHint)
	}
	return "", fmt.Errorf("%s and HEAD have no common ancestor (even with the full history fetched)", ref)
}

// tryMergeBase returns "" without error when git finds no merge-base: no
// common ancestor, or (shallow) history that stops before it.
func (r *repo) tryMergeBase(ctx context.Context, ref, base string) (string, error) {
	mb, err := r.run(ctx, "merge-base", base, "HEAD")
	if err == nil && mb != "" {
		return mb, nil
	}
	var ge *gitError
	if err == nil || (errors.As(err, &ge) && ge.code == 1) {
		if r.shallow {
			return "", nil
		}
		return "", fmt.Errorf("git merge-base %s HEAD: %s and HEAD have no common ancestor", ref, ref)
	}
	if r.shallow {
		// Exit 128 "bad object" etc.: history objects are missing; fetching more may help.
		return "", nil
	}
	return "", fmt.Errorf("git merge-base %s HEAD: %w", ref, err)
}

// fetchRef fetches a ref the repository does not have and returns its SHA.
// In a shallow clone only the recent part of its history is fetched; mergeBase
// deepens it as far as needed.
func (r *repo) fetchRef(ctx context.Context, ref string) (string, error) {
	if len(r.remotes) == 0 {
		if r.shallow {
			return "", fmt.Errorf("base ref %q not found and the clone is shallow with no git remote to fetch it from; %s", ref, shallowHint)
		}
		return "", fmt.Errorf("unknown base ref %q: not a branch, tag or commit of this repository", ref)
	}
	remote, src := r.remoteFor(ref)
	args := []string{"fetch", "--no-tags"}
	if r.shallow {
		args = append(args, "--depth=50")
	}
	if _, err := r.run(ctx, append(args, remote, src)...); err != nil {
		hint := ""
		if r.shallow {
			hint = "; the clone is shallow: " + shallowHint
		}
		return "", fmt.Errorf("unknown base ref %q: not found locally and fetching %q from remote %q failed: %w%s", ref, src, remote, err, hint)
	}
	// FETCH_HEAD is rewritten by the next fetch, so keep the SHA, not the name.
	sha := r.resolve(ctx, "FETCH_HEAD")
	if sha == "" {
		return "", fmt.Errorf("unknown base ref %q: fetched %q from %q but it is not a commit", ref, src, remote)
	}
	return sha, nil
}

// deepen extends the shallow history by n commits (n == 0: unshallow). It
// asks for the shallow boundary commits themselves, so every truncated line
// of history (HEAD's and the base's, even a CI merge commit no branch
// points to) grows; servers that refuse SHA requests get the plain form,
// which deepens the configured branches.
func (r *repo) deepen(ctx context.Context, remote string, n int) error {
	if n == 0 {
		if _, err := r.run(ctx, "fetch", "--no-tags", "--unshallow", remote); err != nil {
			return err
		}
		r.shallow = false
		return nil
	}
	depth := fmt.Sprintf("--deepen=%d", n)
	if bounds := r.shallowCommits(ctx); len(bounds) > 0 && len(bounds) <= 100 {
		args := append([]string{"fetch", "--no-tags", depth, remote}, bounds...)
		if _, err := r.run(ctx, args...); err == nil {
			r.refreshShallow(ctx)
			return nil
		}
	}
	if _, err := r.run(ctx, "fetch", "--no-tags", depth, remote); err != nil {
		return err
	}
	r.refreshShallow(ctx)
	return nil
}

// shallowCommits lists the boundary commits recorded in $GIT_DIR/shallow.
func (r *repo) shallowCommits(ctx context.Context) []string {
	p, err := r.run(ctx, "rev-parse", "--git-path", "shallow")
	if err != nil {
		return nil
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.dir, p)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil
	}
	return strings.Fields(string(b))
}

// refreshShallow notes that a deepen may have reached the root commits.
func (r *repo) refreshShallow(ctx context.Context) {
	if s, err := r.run(ctx, "rev-parse", "--is-shallow-repository"); err == nil {
		r.shallow = s == "true"
	}
}
