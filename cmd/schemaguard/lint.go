package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/schemaguard/schemaguard/changes"
	"github.com/schemaguard/schemaguard/config"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/report"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

type lintFlags struct {
	dirFlags
	config string
	base   string
	latest int
	all    bool
	output string
	failOn string
}

func newLintCmd() *cobra.Command {
	var lf lintFlags
	cmd := &cobra.Command{
		Use:   "lint",
		Short: "Find destructive, data-dependent and lock-heavy statements in new migrations",
		Long: `Lint the new migration files of a directory with no database at all: every earlier file is
parsed and folded into a schema model, so rules know which objects existed before each new file.

Which files are new: --base REF (added or changed since the merge-base of REF and HEAD),
--latest N (the last N files in execution order, default 1) or --all.
Settings come from .schemaguard.yaml (or --config); flags override it.
Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 the tool could not run.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runLint(cmd, &lf) },
	}
	lf.register(cmd)
	f := cmd.Flags()
	f.StringVar(&lf.config, "config", "", "configuration file (default: "+config.FileName+" in the working directory, if present)")
	f.StringVar(&lf.base, "base", "", "git ref: lint the files added or changed since the merge-base of REF and HEAD")
	f.IntVar(&lf.latest, "latest", 1, "lint the last N files of the directory")
	f.BoolVar(&lf.all, "all", false, "lint every file of the directory")
	f.StringVar(&lf.output, "format", "text", "output format: "+strings.Join(report.Formats(), ", "))
	f.StringVar(&lf.failOn, "fail-on", "error", "lowest severity that fails the run: error, warning or none")
	return cmd
}

func runLint(cmd *cobra.Command, lf *lintFlags) error {
	render, err := report.Lookup(lf.output)
	if err != nil {
		return usageError("--format: %v", err)
	}
	flags := cmd.Flags()
	selectors := 0
	for _, name := range []string{"base", "latest", "all"} {
		if flags.Changed(name) {
			selectors++
		}
	}
	if selectors > 1 {
		return usageError("--base, --latest and --all choose the files to lint; give only one")
	}
	if lf.latest < 1 {
		return usageError("--latest: want a number of files of at least 1, got %d", lf.latest)
	}
	cfgFile, err := config.Load(lf.config)
	if err != nil {
		return inputError(err)
	}
	targets, err := lintTargets(cmd, lf, cfgFile)
	if err != nil {
		return err
	}
	var results []*lint.Result
	for _, t := range targets {
		res, err := lintTarget(cmd.Context(), lf, t, configName(cfgFile))
		if err != nil {
			return err
		}
		results = append(results, res)
	}
	res := lint.Merge(results...)
	if err := render(cmd.OutOrStdout(), res, report.Options{
		Color: colorOK(cmd.OutOrStdout()), Version: version(), Rules: rules.All()}); err != nil {
		return inputError(err)
	}
	if res.Failed {
		return errFindings
	}
	return nil
}

// lintTargets resolves the directories to lint: the --dir flag, else every
// directory of the config file, else its top level; flags override the file.
func lintTargets(cmd *cobra.Command, lf *lintFlags, f *config.File) ([]config.Settings, error) {
	var targets []config.Settings
	switch {
	case f == nil:
		targets = []config.Settings{{}}
	case cmd.Flags().Changed("dir"):
		targets = []config.Settings{f.Target(lf.dir)}
	default:
		targets = f.Targets()
	}
	for i := range targets {
		t := &targets[i]
		for _, o := range []struct {
			flag string
			dst  *string
			val  string
		}{{"dir", &t.Dir, lf.dir}, {"dir-format", &t.Format, lf.dirFlags.format}, {"dialect", &t.Dialect, lf.dialect}, {"fail-on", &t.FailOn, lf.failOn}} {
			if cmd.Flags().Changed(o.flag) || *o.dst == "" {
				*o.dst = o.val
			}
		}
	}
	return targets, nil
}

func lintTarget(ctx context.Context, lf *lintFlags, t config.Settings, configPath string) (*lint.Result, error) {
	failOn, err := parseFailOn(t.FailOn)
	if err != nil {
		return nil, err
	}
	lang, err := dialectFor(t)
	if err != nil {
		return nil, err
	}
	severity, err := t.Severities(rules.All())
	if err != nil {
		return nil, inputError(fmt.Errorf("%s: %w", configPath, err))
	}
	df := dirFlags{dir: t.Dir, format: t.Format, dialect: t.Dialect}
	dir, err := df.open()
	if err != nil {
		return nil, err
	}
	cfg := lint.Config{Dialect: lang.name, MariaDB: lang.mariadb, Version: lang.version, Parser: lang.parser,
		Analyzers: rules.All(), Severity: severity, FailOn: failOn, DirPath: t.Dir}
	sel := lint.Latest(lf.latest, dir)
	if dir.Format == migrate.FormatLiquibase {
		sel, cfg.Units = lint.LatestChangesets(lf.latest, dir)
	}
	switch {
	case lf.all:
		sel, cfg.Units = lint.All, nil
	case lf.base != "":
		set, err := changes.Detect(ctx, changes.Options{Dir: t.Dir, Base: lf.base, Format: dir.Format, Dialect: dir.Dialect})
		if err != nil {
			return nil, inputError(fmt.Errorf("--base %s: %w", lf.base, err))
		}
		cfg.Changes = set
		sel, cfg.Units = lint.ChangedSince(set), lint.ChangedChangesets(set)
	}
	return lint.Run(dir, sel, cfg), nil
}

func parseFailOn(s string) (lint.Severity, error) {
	if strings.EqualFold(s, "none") {
		return lint.Off, nil
	}
	sev, err := lint.ParseSeverity(s)
	if err != nil || sev == lint.Off || sev == lint.Notice {
		return lint.Off, usageError("--fail-on: unknown threshold %q (want error, warning or none)", s)
	}
	return sev, nil
}

// colorOK: colour only on a terminal, and never when NO_COLOR is set.
func colorOK(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && os.Getenv("NO_COLOR") == "" && term.IsTerminal(int(f.Fd()))
}

// configName names the configuration in messages ("--dir-format" style
// flags are named by the flag; rule settings only come from the file).
func configName(f *config.File) string {
	if f == nil {
		return "config"
	}
	return f.Path
}
