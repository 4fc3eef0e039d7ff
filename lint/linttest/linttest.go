// Package linttest runs analyzers over txtar cases whose SQL comments say
// what must be reported, so adding a rule case is adding a file.
//
// A case is a .txtar archive of migration files. Its comment section holds
// "key: value" settings: format (default atlas), dialect (default postgres),
// latest (how many trailing files are linted; default 1), version (target
// major version). In the linted files a comment line
//
//	-- want: PG101 PG307
//
// expects exactly those codes on the next statement; statements without a
// want comment must produce nothing from the analyzers under test.
//
// Every case runs twice: statically, and replayed on the dev database of
// the machine (PostgreSQL, or MariaDB for the MySQL dialect), where the
// analyzers must find the same, with no new false alarm. A statement whose
// findings differ on a server (the server's own error, RP101; the algorithm
// it accepts, MY110/MY111) says so with a "-- want-dev: CODE ..." line,
// which replaces its want line in that mode; "devdb: skip <why>" in the
// case's comment keeps a case static (syntax the server does not know).
package linttest

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/schemaguard/schemaguard/dialect"
	"github.com/schemaguard/schemaguard/dialect/mysql"
	"github.com/schemaguard/schemaguard/dialect/postgres"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/migrate/split"
)

var (
	wantRE    = regexp.MustCompile(`^\s*(?:--|#)\s*want:\s*(.*)$`)
	wantDevRE = regexp.MustCompile(`^\s*(?:--|#)\s*want-dev:\s*(.*)$`)
)

// Run checks every testdata/*.txtar case below dir against the analyzers.
func Run(t *testing.T, dir string, analyzers ...*lint.Analyzer) {
	t.Helper()
	cases, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no txtar cases in %s (%v)", dir, err)
	}
	for _, c := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(c), ".txtar"), func(t *testing.T) {
			runCase(t, c, analyzers, false)
			t.Run("devdb", func(t *testing.T) { runCase(t, c, analyzers, true) })
		})
	}
}

// Case is a parsed test case, exported for tests that inspect results directly.
type Case struct {
	Dir    *migrate.Dir
	Config lint.Config
	Latest int
	// DevSkip says why the case is not replayed on a dev database ("" when
	// it is).
	DevSkip string
	// fsys and opts read Dir; Reopen reads it again with a file changed.
	fsys fstest.MapFS
	opts migrate.Options
}

// Reopen reads the case's directory again with one file's content
// replaced (to check that a suggested rewrite applies cleanly).
func Reopen(c Case, name string, raw []byte) (*migrate.Dir, error) {
	fsys := fstest.MapFS{}
	for k, v := range c.fsys {
		fsys[k] = v
	}
	fsys["m/"+name] = &fstest.MapFile{Data: raw}
	return migrate.OpenFS(fsys, "m", c.opts)
}

// Load reads a txtar case into a directory and a lint configuration.
func Load(t *testing.T, file string, analyzers []*lint.Analyzer) Case {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{"format": migrate.FormatAtlas, "dialect": lint.Postgres, "latest": "1"}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			settings[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys["m/"+f.Name] = &fstest.MapFile{Data: f.Data}
	}
	sd := split.Postgres
	if settings["dialect"] != lint.Postgres {
		sd = split.MySQL
	}
	opts := migrate.Options{Format: settings["format"], Dialect: sd}
	d, err := migrate.OpenFS(fsys, "m", opts)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	latest, _ := strconv.Atoi(settings["latest"])
	version, _ := strconv.Atoi(settings["version"])
	devSkip := devSkipReason(settings["devdb"])
	if version != 0 && devSkip == "" {
		// A dev server answers for its own version, not the case's.
		devSkip = "the case is about version " + settings["version"] + "; the dev server runs its own"
	}
	return Case{Dir: d, Latest: latest, fsys: fsys, opts: opts, DevSkip: devSkip, Config: lint.Config{
		Dialect: settings["dialect"], MariaDB: settings["mariadb"] == "true", Version: version,
		Parser: Parser(settings["dialect"], settings["mariadb"] == "true"), Analyzers: analyzers, FailOn: lint.Error, DirPath: "m",
	}}
}

// Parser returns the statement parser of a dialect.
func Parser(d string, mariadb bool) dialect.Parser {
	if d == lint.MySQL {
		return mysql.New(mariadb)
	}
	return postgres.New()
}

func runCase(t *testing.T, file string, analyzers []*lint.Analyzer, dev bool) {
	c := Load(t, file, analyzers)
	sel := lint.Latest(c.Latest, c.Dir)
	if dev {
		if c.DevSkip != "" {
			t.Skip("static only: " + c.DevSkip)
		}
		observe(t, &c, sel)
	}
	res := lint.Run(c.Dir, sel, c.Config)
	byName := map[string]*migrate.File{}
	for _, f := range c.Dir.Files {
		byName[f.Name] = f
	}
	for _, fr := range res.Files {
		f := byName[fr.Name]
		if f == nil {
			for _, d := range fr.Diagnostics {
				t.Errorf("%s: unexpected %s %s", fr.Name, d.Code, d.Message)
			}
			continue
		}
		want := wants(f, dev)
		got := map[int][]string{}
		for _, d := range fr.Diagnostics {
			idx := stmtAt(f, d.Line)
			if idx < 0 {
				t.Errorf("%s:%d:%d: %s reported outside any statement", f.Name, d.Line, d.Column, d.Code)
				continue
			}
			got[idx] = append(got[idx], d.Code)
			st := f.Statements[idx]
			if off := offsetOf(f.Raw, d.Line, d.Column); off < st.Pos || off >= st.End {
				t.Errorf("%s:%d:%d: %s points outside its statement (bytes %d..%d, got %d)", f.Name, d.Line, d.Column, d.Code, st.Pos, st.End, off)
			}
			// The engine lowers SY101 to a notice for a statement the dev
			// database ran: its syntax is newer than the parser's.
			lowered := dev && d.Code == lint.SyntaxError.Code && d.Severity == lint.Notice
			if spec, ok := Catalog[d.Code]; !ok || d.Name != spec.Name || d.Severity != spec.Severity && !lowered {
				t.Errorf("%s:%d: %s reported as %s/%s; the catalog says %s/%s", f.Name, d.Line, d.Code, d.Name, d.Severity, spec.Name, spec.Severity)
			}
			if d.Message == "" || !strings.Contains(d.Message, " ") {
				t.Errorf("%s:%d: %s has no real message: %q", f.Name, d.Line, d.Code, d.Message)
			}
		}
		for idx := range f.Statements {
			g, w := norm(got[idx]), norm(want[idx])
			if g != w {
				s := f.Statements[idx]
				t.Errorf("%s:%d: %s\n  got  [%s]\n  want [%s]\n  messages: %s", f.Name, s.Line, excerpt(s.Text), g, w, messages(fr, f, idx))
			}
		}
	}
}

// wants maps statement index to the codes its want comment expects; on a
// dev database a want-dev comment replaces the want comment.
func wants(f *migrate.File, dev bool) map[int][]string {
	lines := strings.Split(string(f.Raw), "\n")
	w, wDev := map[int][]string{}, map[int][]string{}
	for n, l := range lines {
		l = strings.TrimRight(l, "\r")
		target := w
		m := wantRE.FindStringSubmatch(l)
		if m == nil {
			if m = wantDevRE.FindStringSubmatch(l); m == nil {
				continue
			}
			target = wDev
		}
		for i, s := range f.Statements {
			if s.Line > n+1 {
				target[i] = append(target[i], strings.Fields(strings.ReplaceAll(m[1], ",", " "))...)
				break
			}
		}
	}
	if dev {
		for i, codes := range wDev {
			w[i] = codes
		}
	}
	return w
}

// offsetOf turns a 1-based line and code-point column into a byte offset of
// the original file (a UTF-8 BOM is not counted), or -1.
func offsetOf(raw []byte, line, col int) int {
	i := 0
	if strings.HasPrefix(string(raw), "\uFEFF") {
		i = 3
	}
	for l := 1; l < line; l++ {
		nl := strings.IndexByte(string(raw[i:]), '\n')
		if nl < 0 {
			return -1
		}
		i += nl + 1
	}
	for c := 1; c < col; c++ {
		_, size := utf8.DecodeRune(raw[i:])
		if size == 0 || raw[i] == '\n' {
			return -1
		}
		i += size
	}
	return i
}

func stmtAt(f *migrate.File, line int) int {
	for i, s := range f.Statements {
		if line >= s.Line && line <= s.EndLine {
			return i
		}
	}
	return -1
}

func norm(codes []string) string {
	c := append([]string(nil), codes...)
	sort.Strings(c)
	return strings.Join(c, " ")
}

func messages(fr lint.FileResult, f *migrate.File, idx int) string {
	var b strings.Builder
	for _, d := range fr.Diagnostics {
		if stmtAt(f, d.Line) == idx {
			fmt.Fprintf(&b, "\n    %s %s", d.Code, d.Message)
		}
	}
	return b.String()
}

func excerpt(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return s
}
