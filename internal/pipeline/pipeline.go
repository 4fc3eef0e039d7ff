// Package pipeline turns what a caller asks for (command-line flags or
// action inputs) into linted results: it resolves the configuration file
// against the request, opens each migration directory, picks the new files
// and runs the linter. The CLI and the GitHub Action share it, so both lint
// exactly the same way.
package pipeline

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/schemaguard/schemaguard/changes"
	"github.com/schemaguard/schemaguard/config"
	"github.com/schemaguard/schemaguard/devdb"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/migrate/split"
	"github.com/schemaguard/schemaguard/observed"
)

// Request says what to lint. Zero values mean "not given": the
// configuration file, then the defaults, decide.
type Request struct {
	// Config is the configuration file; "" reads config.FileName from the
	// working directory when it is there.
	Config  string
	Dir     string
	Format  string // directory format, or "auto"
	Dialect string
	FailOn  string
	// Which files are new: at most one of Base, Latest and All. None given
	// means the newest file (Latest 1).
	Base   string
	Latest int
	All    bool
	// DevURL is a dev database to replay the migrations on (lint
	// --dev-url); "" lints statically.
	DevURL string
	// Log receives what the run tells the user besides the result (a stale
	// scratch database dropped ...); nil discards it.
	Log io.Writer
}

// Defaults used when neither the request nor the configuration file says.
const (
	DefaultDir     = "migrations"
	DefaultDialect = "postgres"
	DefaultFailOn  = "error"
)

// Lint lints every directory the request names (one, or each directory of
// the configuration file) and returns one result per directory. Every error
// means the tool could not do its job (exit status 2) and names the flag,
// file or line at fault.
func Lint(ctx context.Context, req Request) ([]*lint.Result, error) {
	if err := req.check(); err != nil {
		return nil, err
	}
	targets, cfgFile, err := Resolve(req)
	if err != nil {
		return nil, err
	}
	var results []*lint.Result
	for _, t := range targets {
		res, err := lintTarget(ctx, req, t, configName(cfgFile))
		if err != nil {
			return nil, err
		}
		results = append(results, res)
	}
	return results, nil
}

func (req Request) check() error {
	selectors := 0
	for _, given := range []bool{req.Base != "", req.Latest != 0, req.All} {
		if given {
			selectors++
		}
	}
	if selectors > 1 {
		return fmt.Errorf("--base, --latest and --all choose the files to lint; give only one")
	}
	if req.Latest < 0 {
		return fmt.Errorf("--latest: want a number of files of at least 1, got %d", req.Latest)
	}
	return nil
}

// Resolve reads the configuration file the request names (or the default
// one, when present) and returns the directories to work on with their
// settings, for every command that reads a migration directory.
func Resolve(req Request) ([]config.Settings, *config.File, error) {
	cfgFile, err := config.Load(req.Config)
	if err != nil {
		return nil, nil, err
	}
	return Targets(req, cfgFile), cfgFile, nil
}

// Targets resolves the directories to lint: the requested directory, else
// every directory of the configuration file, else its top level. What the
// request gives wins over the file; the defaults fill the rest.
func Targets(req Request, f *config.File) []config.Settings {
	var targets []config.Settings
	switch {
	case f == nil:
		targets = []config.Settings{{}}
	case req.Dir != "":
		targets = []config.Settings{f.Target(req.Dir)}
	default:
		targets = f.Targets()
	}
	for i := range targets {
		t := &targets[i]
		for _, o := range []struct {
			dst       *string
			given, df string
		}{
			{&t.Dir, req.Dir, DefaultDir},
			{&t.Format, req.Format, migrate.FormatAuto},
			// No default dialect here: OpenTarget detects it.
			{&t.Dialect, req.Dialect, ""},
			{&t.FailOn, req.FailOn, DefaultFailOn},
		} {
			switch {
			case o.given != "":
				*o.dst = o.given
			case *o.dst == "":
				*o.dst = o.df
			}
		}
	}
	return targets
}

func lintTarget(ctx context.Context, req Request, settings config.Settings, configPath string) (*lint.Result, error) {
	failOn, err := ParseFailOn(settings.FailOn)
	if err != nil {
		return nil, err
	}
	severity, err := settings.Severities(rules.All())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", configPath, err)
	}
	if _, err := SplitDialect(settings.Dialect); settings.Dialect != "" && err != nil {
		return nil, err
	}
	if req.DevURL != "" {
		if settings.Dialect, err = urlDialect(req.DevURL, settings.Dialect); err != nil {
			return nil, err
		}
	}
	t, err := openTarget(settings, true)
	if err != nil {
		return nil, err
	}
	if req.DevURL != "" {
		return lintReplayed(ctx, req, t, severity, failOn)
	}
	res, err := lintOpened(ctx, req, t, severity, failOn, nil)
	if err != nil || syntaxErrors(res) == 0 {
		return res, err
	}
	// Statements that do not parse may mean the wrong dialect. Only then is
	// it checked, so a run whose statements all parse pays nothing for it.
	changed, err := t.settleDialect(true)
	if err != nil || !changed {
		return res, err
	}
	return lintOpened(ctx, req, t, severity, failOn, nil)
}

// lintReplayed lints with a dev database: a private scratch database on the
// server of req.DevURL, dropped at the end, also on error and when ctx is
// cancelled (SIGINT, SIGTERM).
func lintReplayed(ctx context.Context, req Request, t *Target, severity map[string]lint.Severity, failOn lint.Severity) (*lint.Result, error) {
	logf := func(format string, args ...any) {
		if req.Log != nil {
			fmt.Fprintf(req.Log, "schemaguard: "+format+"\n", args...)
		}
	}
	s, err := devdb.Open(ctx, req.DevURL, devdb.Options{Logf: logf})
	if err != nil {
		return nil, fmt.Errorf("--dev-url: %w", err)
	}
	logf("%s: replaying on %s, scratch database %s", t.Dir, s.ServerVersion(), s.Database())
	defer func() {
		if err := s.Close(); err != nil {
			logf("dropping the scratch database %s: %v", s.Database(), err)
		}
	}()
	return lintOpened(ctx, req, t, severity, failOn, s)
}

// lintOpened lints an opened directory, replaying it on the dev database
// session s when there is one.
func lintOpened(ctx context.Context, req Request, t *Target, severity map[string]lint.Severity, failOn lint.Severity, s *devdb.Session) (*lint.Result, error) {
	if s != nil {
		// The server says which it is and which version: its rules apply.
		if s.Dialect() == lint.MySQL {
			t.Dialect = "mysql"
			if s.MariaDB() {
				t.Dialect = "mariadb"
			}
		}
		t.PostgresVersion, t.MySQLVersion = "", ""
	}
	lang, err := DialectFor(t.Settings)
	if err != nil {
		return nil, err
	}
	if s != nil {
		lang.Version = s.Version()
	}
	dir := t.Migrations
	cfg := lint.Config{Dialect: lang.Name, MariaDB: lang.MariaDB, Version: lang.Version, Parser: lang.Parser,
		Analyzers: rules.All(), Severity: severity, FailOn: failOn, DirPath: t.Dir}
	latest := max(req.Latest, 1)
	sel := lint.Latest(latest, dir)
	if dir.Format == migrate.FormatLiquibase {
		sel, cfg.Units = lint.LatestChangesets(latest, dir)
	}
	switch {
	case req.All:
		sel, cfg.Units = lint.All, nil
	case req.Base != "":
		set, err := changes.Detect(ctx, changes.Options{Dir: t.Dir, Base: req.Base, Format: dir.Format, Dialect: dir.Dialect})
		if err != nil {
			return nil, fmt.Errorf("--base %s: %w", req.Base, err)
		}
		cfg.Changes = set
		sel, cfg.Units = lint.ChangedSince(set), lint.ChangedChangesets(set)
	}
	// History is fact, but a new file its tool would refuse is an input
	// error, as it would be without the history around it.
	for i, f := range dir.Files {
		if f.Problem != nil && sel(i, f) {
			return nil, f.Problem
		}
	}
	var rp *devdb.Replayed
	if s != nil {
		if rp, err = replayDir(ctx, s, dir, t.Dir, sel, lang.Parser); err != nil {
			return nil, err
		}
		cfg.Observed = func(f *migrate.File) []observed.Statement { return rp.Observations[f] }
	}
	res := lint.Run(dir, sel, cfg)
	res.DialectReason = t.DialectReason
	if s != nil {
		addReplayNotices(res, rp, t.Dir)
		res.DevDatabase = s.ServerVersion()
	}
	return res, nil
}

// syntaxErrors counts the statements the run could not parse: SY101 on
// linted files and its notices on history files.
func syntaxErrors(res *lint.Result) int {
	n := 0
	for _, f := range res.Files {
		for _, d := range f.Diagnostics {
			if d.Code == lint.SyntaxError.Code {
				n++
			}
		}
	}
	return n
}

// OpenDir reads a migration directory in a format ("auto" detects it) with
// the lexical rules of a dialect. A file its tool would refuse is an error.
func OpenDir(path, format, dialect string) (*migrate.Dir, error) {
	return open(path, format, dialect, false)
}

// OpenLenient is OpenDir for readers of history (lint, inspect, hash): a
// file its tool would refuse records the problem in File.Problem and keeps
// the statements before it, and the caller decides what the problem means.
func OpenLenient(path, format, dialect string) (*migrate.Dir, error) {
	return open(path, format, dialect, true)
}

func open(path, format, dialect string, lenient bool) (*migrate.Dir, error) {
	if format != migrate.FormatAuto && !slices.Contains(migrate.Formats(), format) {
		return nil, fmt.Errorf("--dir-format: unknown format %q (want %s or %s)", format,
			migrate.FormatAuto, strings.Join(migrate.Formats(), ", "))
	}
	d, err := SplitDialect(dialect)
	if err != nil {
		return nil, err
	}
	// migrate names the directory or the file and line in its errors.
	return migrate.Open(path, migrate.Options{Format: format, Dialect: d, Lenient: lenient})
}

// SplitDialect maps a dialect name to the splitter's lexical rules.
func SplitDialect(name string) (split.Dialect, error) {
	switch strings.ToLower(name) {
	case "postgres", "postgresql", "pg":
		return split.Postgres, nil
	case "mysql", "mariadb":
		return split.MySQL, nil
	}
	return "", fmt.Errorf("--dialect: unknown dialect %q (want postgres, mysql or mariadb)", name)
}

// ParseFailOn reads a failure threshold: error, warning or none.
func ParseFailOn(s string) (lint.Severity, error) {
	if strings.EqualFold(s, "none") {
		return lint.Off, nil
	}
	sev, err := lint.ParseSeverity(s)
	if err != nil || sev == lint.Off || sev == lint.Notice {
		return lint.Off, fmt.Errorf("--fail-on: unknown threshold %q (want error, warning or none)", s)
	}
	return sev, nil
}

// configName names the configuration in messages about rule settings,
// which only come from the file.
func configName(f *config.File) string {
	if f == nil {
		return "config"
	}
	return f.Path
}
