package action

import (
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
)

// repoRoot finds the top of the git work tree holding dir: the nearest
// ancestor with a .git entry (a directory, or the file of a worktree or
// submodule). Without one, fallback (GITHUB_WORKSPACE) or dir itself is the
// root, which is what the runner makes annotation paths relative to.
func repoRoot(dir, fallback string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	for d := abs; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if fallback != "" {
		if real, err := filepath.EvalSymlinks(fallback); err == nil {
			return real
		}
		return fallback
	}
	return abs
}

// rebaser turns the paths of a lint result, relative to the working
// directory, into paths relative to the repository root, which GitHub
// expects everywhere (annotations, review comments, links, SARIF), also when
// the step runs with a working-directory.
type rebaser struct {
	root, cwd string
}

func newRebaser(cwd, root string) rebaser {
	if real, err := filepath.EvalSymlinks(cwd); err == nil {
		cwd = real
	}
	return rebaser{root: root, cwd: cwd}
}

// repoPath is p relative to the repository root, slash-separated; a path
// outside the repository stays absolute.
func (r rebaser) repoPath(p string) string {
	if p == "" {
		return p
	}
	abs := p
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(r.cwd, p)
	}
	rel, err := filepath.Rel(r.root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(filepath.Clean(abs))
	}
	return path.Clean(filepath.ToSlash(rel))
}

// rebase rewrites every path of res in place.
func (r rebaser) rebase(res *lint.Result) {
	res.Dir = r.repoPath(res.Dir)
	for i := range res.Files {
		f := &res.Files[i]
		f.Path = r.repoPath(f.Path)
		for j := range f.Diagnostics {
			f.Diagnostics[j].File = r.repoPath(f.Diagnostics[j].File)
		}
	}
}

// localPath is the file on disk of a repository path.
func (r rebaser) localPath(repoRel string) string {
	if filepath.IsAbs(repoRel) {
		return repoRel
	}
	return filepath.Join(r.root, filepath.FromSlash(repoRel))
}
