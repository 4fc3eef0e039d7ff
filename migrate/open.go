package migrate

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"runtime"
	"strings"
	"sync"

	"github.com/schemaguard/schemaguard/migrate/split"
)

// formatReaders maps each concrete format to the function that reads a
// directory the way that format's tool does. Each returns files in execution
// order.
var formatReaders = map[string]func(*reader) ([]*File, error){
	FormatAtlas:         readAtlas,
	FormatGolangMigrate: readGolangMigrate,
	FormatGoose:         readGoose,
	FormatDbmate:        readDbmate,
	FormatFlyway:        readFlyway,
	FormatLiquibase:     readLiquibase,
	FormatPlain:         readPlain,
}

// Formats returns the concrete format names (Options.Format also accepts
// "auto" and "").
func Formats() []string {
	return []string{FormatAtlas, FormatDbmate, FormatFlyway, FormatGolangMigrate, FormatGoose, FormatLiquibase, FormatPlain}
}

// Open reads the migration directory at path from disk.
func Open(dirPath string, opts Options) (*Dir, error) {
	st, err := os.Stat(dirPath)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is already in Error.File
		}
		return nil, &Error{File: dirPath, Msg: "cannot open migration directory: " + err.Error()}
	}
	if !st.IsDir() {
		return nil, &Error{File: dirPath, Msg: "not a directory"}
	}
	d, err := OpenFS(os.DirFS(dirPath), ".", opts)
	if d != nil {
		d.Path = dirPath
		for _, f := range d.Files {
			if f.Problem != nil {
				f.Problem.Dir = dirPath
			}
		}
	}
	if e, ok := err.(*Error); ok {
		if e.File == "." {
			e.File = dirPath // directory-level errors name the directory as given
		} else {
			e.Dir = dirPath
		}
	}
	return d, err
}

// OpenFS reads the migration directory name inside fsys. File names in the
// result are relative to that directory.
func OpenFS(fsys fs.FS, name string, opts Options) (*Dir, error) {
	dialect := opts.Dialect
	if dialect == "" {
		dialect = split.Postgres
	}
	if dialect != split.Postgres && dialect != split.MySQL {
		return nil, &Error{Msg: "unknown dialect " + quote(string(dialect)) + ": want postgres or mysql"}
	}
	format := opts.Format
	if format == "" {
		format = FormatAuto
	}
	if _, ok := formatReaders[format]; !ok && format != FormatAuto {
		return nil, &Error{Msg: "unknown directory format " + quote(format) + ": want one of auto, " + strings.Join(Formats(), ", ")}
	}
	r := &reader{fsys: fsys, root: name, dialect: dialect, lenient: opts.Lenient, cache: map[string][]byte{}}
	if err := r.walk(); err != nil {
		return nil, err
	}
	d := &Dir{Path: name, Format: format, Dialect: dialect}
	for _, e := range r.top() {
		if e == "atlas.sum" {
			sum, err := r.read(e)
			if err != nil {
				return nil, err
			}
			d.Sum = sum
		}
	}
	if format == FormatAuto {
		f, by, err := detect(r, name)
		if err != nil {
			return nil, err
		}
		d.Format, d.Detected, d.DetectedBy = f, true, by
	}
	r.format = d.Format
	files, err := formatReaders[d.Format](r)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		// Almost always a wrong path or format; an empty result would let a
		// CI check pass while checking nothing.
		return nil, &Error{File: name, Msg: "no " + d.Format + " migration files in the directory", Err: ErrNoMigrations}
	}
	d.Files = files
	return d, nil
}

// reader lists and reads the directory once; detection and the format
// readers share its cache.
type reader struct {
	fsys    fs.FS
	root    string
	dialect split.Dialect
	lenient bool
	format  string     // the format being read, once detection is done
	files   []string   // regular files, relative slash paths, lexical order, recursive
	mu      sync.Mutex // guards cache: files are read on every core
	cache   map[string][]byte
}

// walk lists every file below the root. Hidden directories (.git, .idea) are
// not entered: no tool keeps migrations there and scanning them only costs.
// Symbolic links to files count as files; links to directories are not
// followed, which also rules out cycles.
func (r *reader) walk() error {
	err := fs.WalkDir(r.fsys, r.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := p
		if r.root != "." {
			rel = strings.TrimPrefix(strings.TrimPrefix(p, r.root), "/")
		}
		if d.IsDir() {
			if p != r.root && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			st, err := fs.Stat(r.fsys, p)
			if err != nil || st.IsDir() {
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		r.files = append(r.files, rel)
		return nil
	})
	if err != nil {
		return &Error{File: r.root, Msg: "cannot read migration directory: " + err.Error()}
	}
	return nil
}

// top lists the files directly in the directory (no sub-directory).
func (r *reader) top() []string {
	var out []string
	for _, f := range r.files {
		if !strings.Contains(f, "/") {
			out = append(out, f)
		}
	}
	return out
}

func (r *reader) read(rel string) ([]byte, error) {
	r.mu.Lock()
	b, ok := r.cache[rel]
	r.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := fs.ReadFile(r.fsys, path.Join(r.root, rel))
	if err != nil {
		return nil, &Error{File: rel, Msg: "cannot read file: " + err.Error()}
	}
	r.mu.Lock()
	r.cache[rel] = b
	r.mu.Unlock()
	return b, nil
}

// eachFile reads n files with read(i), on every core: reading and cutting
// thousands of files is most of what opening a directory costs, and each
// file is read on its own. The files come back in order; the error is the
// first file's that failed, as a sequential reading would give.
func eachFile(n int, read func(i int) (*File, error)) ([]*File, error) {
	files, errs := make([]*File, n), make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				files[i], errs[i] = read(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// load reads a file into a fresh File and its source index.
func (r *reader) load(rel string) (*source, *File, error) {
	raw, err := r.read(rel)
	if err != nil {
		return nil, nil, err
	}
	s := newSource(rel, raw, r.dialect)
	s.format = r.format
	return s, &File{Name: rel, Raw: raw, Kind: KindVersioned}, nil
}

// parse applies a format's reading of one file's content to f. A problem
// located in the file is fatal unless the directory is read leniently: then
// f records it and keeps what the same reading yields for the text before
// the problem's line. When that text is refused too (a statement cut in
// half by the problem line), the cut moves up to where the reading of it
// stopped, until some prefix reads cleanly or none is left.
func (r *reader) parse(s *source, f *File, read func(*source, *File) error) error {
	err := read(s, f)
	var e *Error
	if err == nil || !r.lenient || !errors.As(err, &e) || e.File != f.Name {
		return err
	}
	f.Problem = e
	f.Statements, f.Units, f.Directives, f.TxMode = nil, nil, nil, ""
	for line := e.Line; line >= 2; {
		head := newSource(s.name, s.raw[:s.lineStart(line-1)], s.dialect)
		head.format = s.format
		part := &File{Name: f.Name, Raw: f.Raw, Kind: f.Kind}
		err := read(head, part)
		if err == nil {
			f.Statements, f.Units, f.Directives, f.TxMode = part.Statements, part.Units, part.Directives, part.TxMode
			return nil
		}
		if !errors.As(err, &e) || e.Line >= line {
			return nil
		}
		line = e.Line
	}
	return nil
}
