package changes

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/migrate/split"
)

// Options says which directory to compare with which base.
type Options struct {
	RepoDir string        // working directory inside the git repository ("" = current dir)
	Dir     string        // the migration directory, relative to RepoDir (or absolute inside the repo)
	Base    string        // the ref given with --base (branch, tag, SHA, origin/main ...)
	Format  string        // migrate format name of the directory (already resolved, never "auto")
	Dialect split.Dialect // for migrate.OpenFS
}

// Detect compares the migration directory at the merge-base of opts.Base and
// HEAD with the directory as it is on disk now. The working tree, not HEAD,
// is the new side on purpose: a developer running schemaguard before
// committing wants uncommitted and untracked migrations checked too, and in
// CI the two are the same. The merge-base, not the base tip, is the old
// side, so migrations merged into the base branch after this branch forked
// are neither "deleted" nor "modified" here.
//
// Only files the format counts as migrations are compared (goose .go files
// included; atlas.sum, READMEs and down files excluded), each side read with
// migrate.OpenFS. A file the format refuses to parse (a syntax error, a
// duplicate version) still takes part, compared by its bytes, so a broken
// new file shows up as Added for the linter to report rather than making
// detection fail.
//
// When the base or the history down to the merge-base is missing (shallow CI
// clones), Detect fetches from the remote: the ref itself, then deeper
// history in growing steps, finally all of it. Fetching adds objects only;
// the working tree is never touched.
func Detect(ctx context.Context, opts Options) (*Set, error) {
	if opts.Format == "" || opts.Format == migrate.FormatAuto {
		// Each side could detect a different format and compare nonsense.
		return nil, errors.New("changes: the directory format must be resolved before change detection, not auto")
	}
	repoDir := opts.RepoDir
	if repoDir == "" {
		repoDir = "."
	}
	repoDir, err := filepath.Abs(repoDir)
	if err != nil {
		return nil, err
	}
	top, err := toplevel(ctx, repoDir)
	if err != nil {
		return nil, err
	}
	dir := opts.Dir
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(repoDir, dir)
	}
	dir = realPath(dir)
	rel, err := filepath.Rel(realPath(top), dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil, fmt.Errorf("migration directory %s is outside the git repository %s", dir, top)
	}
	rel = filepath.ToSlash(rel)

	r, err := openRepo(ctx, top)
	if err != nil {
		return nil, err
	}
	mb, err := r.mergeBase(ctx, opts.Base)
	if err != nil {
		return nil, err
	}
	mopts := migrate.Options{Format: opts.Format, Dialect: opts.Dialect}
	work, err := readWork(dir, mopts)
	if err != nil {
		return nil, fmt.Errorf("reading migration directory %s: %w", dir, err)
	}
	snap, err := r.snapshot(ctx, mb, rel)
	if err != nil {
		return nil, err
	}
	base, err := readSide(snap, mopts)
	if err != nil {
		return nil, fmt.Errorf("reading migration directory %s at merge-base %s: %w", rel, mb, err)
	}

	s := &Set{Ref: opts.Base, Base: mb, RepoRoot: top, Dir: rel}
	for _, name := range work.names {
		old, ok := base.raw[name]
		switch {
		case !ok:
			s.Added = append(s.Added, name)
		case !bytes.Equal(old, work.raw[name]):
			s.Modified = append(s.Modified, name)
			if d := changesetDiff(base.file(name), work.file(name)); d != nil {
				if s.Changesets == nil {
					s.Changesets = map[string]*ChangesetDiff{}
				}
				s.Changesets[name] = d
			}
		}
	}
	for _, name := range base.names {
		if _, ok := work.raw[name]; !ok {
			s.Deleted = append(s.Deleted, name)
		}
	}
	for i := len(base.files) - 1; i >= 0; i-- {
		if f := base.files[i]; f.Kind != migrate.KindRepeatable {
			s.BaseNewest, s.BaseNewestVersion = f.Name, f.Version
			break
		}
	}
	return s, nil
}

// IsBefore reports whether version sorts before baseNewestVersion in the
// format's order: a new migration that the tool would run before one already
// on the base branch (out of order). An empty version (repeatable file) or an
// empty base never is.
func IsBefore(format, version, baseNewestVersion string) bool {
	if version == "" || baseNewestVersion == "" {
		return false
	}
	return migrate.CompareVersions(format, version, baseNewestVersion) < 0
}

// side is one state of the directory as the format sees it.
type side struct {
	files []*migrate.File   // read by the format, execution order
	names []string          // files' names, then the refused ones (sorted)
	raw   map[string][]byte // bytes of every name
}

func (s *side) file(name string) *migrate.File {
	for _, f := range s.files {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// changesetDiff compares two versions of a changelog changeset by changeset;
// nil when the files are not changeset-based.
func changesetDiff(old, cur *migrate.File) *ChangesetDiff {
	if old == nil || cur == nil || !old.Changesets() || !cur.Changesets() {
		return nil
	}
	before := map[string]string{}
	for k, u := range old.Units {
		before[u.ID] = old.UnitSQL(k)
	}
	d := &ChangesetDiff{Lines: map[string]int{}}
	now := map[string]bool{}
	for k, u := range cur.Units {
		d.Lines[u.ID] = u.Line
		now[u.ID] = true
		sql, ok := before[u.ID]
		switch {
		case !ok:
			d.Added = append(d.Added, u.ID)
		case sql != cur.UnitSQL(k):
			d.Modified = append(d.Modified, u.ID)
		}
	}
	for _, u := range old.Units {
		if !now[u.ID] {
			d.Removed = append(d.Removed, u.ID)
		}
	}
	return d
}

// maxRefused bounds the re-reads readSide does; a directory with more files
// the format refuses is not worth comparing, the open error says why.
const maxRefused = 50

// readSide reads a directory with the format. When the format refuses a file
// it names, the file is hidden and the directory read again, so one bad file
// cannot hide the rest; the refused file is kept, by bytes, as a member.
func readSide(fsys fs.FS, opts migrate.Options) (*side, error) {
	h := &hideFS{fsys: fsys, hidden: map[string]bool{}}
	for {
		d, err := migrate.OpenFS(h, ".", opts)
		if noMigrations(err) {
			d, err = &migrate.Dir{}, nil
		}
		if err == nil {
			s := &side{files: d.Files, raw: map[string][]byte{}}
			for _, f := range d.Files {
				s.names = append(s.names, f.Name)
				s.raw[f.Name] = f.Raw
			}
			refused := make([]string, 0, len(h.hidden))
			for name := range h.hidden {
				refused = append(refused, name)
			}
			slices.Sort(refused)
			for _, name := range refused {
				b, rerr := fs.ReadFile(fsys, name)
				if rerr != nil {
					return nil, rerr
				}
				s.names = append(s.names, name)
				s.raw[name] = b
			}
			return s, nil
		}
		var me *migrate.Error
		if !errors.As(err, &me) || me.File == "" || me.File == "." || h.hidden[me.File] || len(h.hidden) >= maxRefused {
			return nil, err
		}
		if st, serr := fs.Stat(fsys, me.File); serr != nil || !st.Mode().IsRegular() {
			return nil, err
		}
		h.hidden[me.File] = true
	}
}

// noMigrations reports migrate's refusal of a directory without migration
// files. For the linter that is almost always a wrong path; here it is an
// ordinary state: the directory was empty at the base, or everything in it
// was deleted or refused.
func noMigrations(err error) bool { return errors.Is(err, migrate.ErrNoMigrations) }

// readWork reads the directory on disk; a directory that is gone has no
// migrations (all of the base's are Deleted).
func readWork(dir string, opts migrate.Options) (*side, error) {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return &side{raw: map[string][]byte{}}, nil
	}
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, errors.New("not a directory")
	}
	return readSide(os.DirFS(dir), opts)
}

// hideFS is fsys without the hidden files.
type hideFS struct {
	fsys   fs.FS
	hidden map[string]bool
}

func (h *hideFS) Open(name string) (fs.File, error) {
	if h.hidden[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return h.fsys.Open(name)
}

func (h *hideFS) Stat(name string) (fs.FileInfo, error) {
	if h.hidden[name] {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return fs.Stat(h.fsys, name)
}

// ReadDir is what fs.WalkDir lists directories with, so hidden files
// disappear from the listing, not only from Open.
func (h *hideFS) ReadDir(name string) ([]fs.DirEntry, error) {
	es, err := fs.ReadDir(h.fsys, name)
	return slices.DeleteFunc(es, func(e fs.DirEntry) bool { return h.hidden[path.Join(name, e.Name())] }), err
}

// snapshot returns the files below dir (repository-relative, "." for the
// root) at commit, keyed by their path relative to dir. All contents come
// from one git cat-file process: one git call per file would cost seconds on
// a directory of a thousand migrations.
func (r *repo) snapshot(ctx context.Context, commit, dir string) (fstest.MapFS, error) {
	args := []string{"ls-tree", "-r", "-z", commit}
	prefix := ""
	if dir != "." {
		args = append(args, "--", dir)
		prefix = dir + "/"
	}
	out, err := r.output(ctx, args...)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, rec := range strings.Split(string(out), "\x00") {
		meta, p, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		// Blobs only (submodules are commits). A name with a newline cannot be
		// asked of cat-file's line protocol; no migration tool accepts one.
		if !ok || len(f) != 3 || f[1] != "blob" || !strings.HasPrefix(p, prefix) || strings.Contains(p, "\n") {
			continue
		}
		paths = append(paths, p)
	}
	fsys := fstest.MapFS{}
	if len(paths) == 0 {
		return fsys, nil
	}
	blobs, err := r.catFiles(ctx, commit, paths)
	if err != nil {
		return nil, err
	}
	for i, p := range paths {
		if blobs[i] != nil {
			fsys[strings.TrimPrefix(p, prefix)] = &fstest.MapFile{Data: blobs[i], Mode: 0o644}
		}
	}
	return fsys, nil
}

// catFiles reads commit:path for each path. --follow-symlinks gives a
// symbolic link the content of its target, as reading it on disk does; a
// link that leads outside the tree, nowhere or to a directory yields nil,
// matching migrate, which skips what it cannot read as a file.
func (r *repo) catFiles(ctx context.Context, commit string, paths []string) ([][]byte, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	args := []string{"cat-file", "--batch", "--follow-symlinks"}
	cmd := r.command(ctx, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, newGitError(args, err, "")
	}
	// Write requests while reading answers: git answers as it reads, and
	// either pipe filling up while the other side waits would deadlock.
	written := make(chan struct{})
	go func() {
		defer close(written)
		w := bufio.NewWriter(stdin)
		for _, p := range paths {
			if _, err := fmt.Fprintf(w, "%s:%s\n", commit, p); err != nil {
				break
			}
		}
		w.Flush()
		stdin.Close()
	}()
	blobs, readErr := readBatch(bufio.NewReader(stdout), len(paths))
	if readErr != nil {
		cancel()
	}
	<-written
	waitErr := cmd.Wait()
	if readErr != nil {
		if stderr.Len() > 0 {
			return nil, newGitError(args, readErr, stderr.String())
		}
		return nil, fmt.Errorf("git cat-file --batch at %s: %w", commit, readErr)
	}
	if waitErr != nil {
		return nil, newGitError(args, waitErr, stderr.String())
	}
	return blobs, nil
}

// readBatch parses n answers of cat-file --batch --follow-symlinks.
func readBatch(br *bufio.Reader, n int) ([][]byte, error) {
	blobs := make([][]byte, n)
	for i := range blobs {
		header, err := br.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("reading object %d of %d: %w", i+1, n, err)
		}
		header = strings.TrimSuffix(header, "\n")
		if strings.HasSuffix(header, " missing") || strings.HasSuffix(header, " ambiguous") {
			return nil, fmt.Errorf("object %s", header)
		}
		// "<oid> <type> <size>" for an object; "<dangling|loop|symlink|notdir> <size>"
		// for a link git could not follow inside the tree.
		f := strings.Fields(header)
		if len(f) < 2 {
			return nil, fmt.Errorf("unexpected cat-file answer %q", header)
		}
		size, err := strconv.Atoi(f[len(f)-1])
		if err != nil || size < 0 {
			return nil, fmt.Errorf("unexpected cat-file answer %q", header)
		}
		data := make([]byte, size+1) // the content and its terminating newline
		if _, err := io.ReadFull(br, data); err != nil {
			return nil, fmt.Errorf("reading object %d of %d: %w", i+1, n, err)
		}
		if len(f) == 3 && f[1] == "blob" {
			blobs[i] = data[:size]
		}
	}
	return blobs, nil
}

// realPath resolves symbolic links in p as git does for the top-level path,
// so the two can be related. Only the longest existing prefix is resolved:
// the directory may be gone from the work tree and still be in the base.
func realPath(p string) string {
	p = filepath.Clean(p)
	rest := ""
	for {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(p, rest)
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}
