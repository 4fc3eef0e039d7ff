package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/schemaguard/schemaguard/internal/pipeline"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules"
	"github.com/schemaguard/schemaguard/report"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

type lintFlags struct {
	dirFlags
	base   string
	latest int
	all    bool
	output string
	failOn string
	devURL string
}

func newLintCmd() *cobra.Command {
	var lf lintFlags
	cmd := &cobra.Command{
		Use:   "lint",
		Short: "Find destructive, data-dependent and lock-heavy statements in new migrations",
		Long: `Lint the new migration files of a directory with no database at all: every earlier file is
parsed and folded into a schema model, so rules know which objects existed before each new file.

Which files are new — --base, --latest and --all exclude each other:
  --base REF   the files added or changed since the merge-base of REF and HEAD; the history is also
               checked against REF (IN102 edited, IN103 deleted, IN104 out of order)
  --latest N   the last N versioned files in execution order (default 1), with any file after them
               (Flyway R__ repeatables, goose .go files); for Liquibase the last N changesets
  --all        every file; each file's existing objects are those of the files before it

Settings come from .schemaguard.yaml (or --config); flags override it.
Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 the tool could not run.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runLint(cmd, &lf) },
	}
	lf.register(cmd)
	f := cmd.Flags()
	f.StringVar(&lf.base, "base", "", "git ref: lint the files added or changed since the merge-base of REF and HEAD (excludes --latest, --all)")
	f.IntVar(&lf.latest, "latest", 1, "lint the last N versioned files (Liquibase: changesets) and any file after them (excludes --base, --all)")
	f.BoolVar(&lf.all, "all", false, "lint every file of the directory (excludes --base, --latest)")
	f.StringVar(&lf.devURL, "dev-url", "", "replay the migrations on a throwaway database of this dev server (postgres://, mysql://, mariadb://; default $"+devURLEnv+")")
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
	if flags.Changed("latest") && lf.latest < 1 {
		return usageError("--latest: want a number of files of at least 1, got %d", lf.latest)
	}
	req := lf.request()
	req.Base, req.All = lf.base, lf.all
	if flags.Changed("fail-on") {
		req.FailOn = lf.failOn
	}
	if flags.Changed("latest") {
		req.Latest = lf.latest
	}
	req.DevURL, req.Log = lf.devURL, cmd.ErrOrStderr()
	if req.DevURL == "" {
		req.DevURL = os.Getenv(devURLEnv)
	}
	// SIGINT and SIGTERM cancel the run, so the dev database's scratch
	// database is dropped on the way out.
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd.SetContext(ctx)
	artifact, err := lf.lintArtifact(cmd.Context(), &req)
	if err != nil {
		return err
	}
	defer artifact.remove()
	results, err := pipeline.Lint(cmd.Context(), req)
	if err = artifact.relabel(err); err != nil {
		if lf.output != "text" {
			// A valid document (or an annotation), so the step that reads
			// or uploads it does not break too; the exit status and stderr
			// still say it failed.
			failOn, _ := pipeline.ParseFailOn(lf.failOn)
			_ = render(cmd.OutOrStdout(), lint.Failure(err, lf.dir, failOn), report.Options{Version: version(), Rules: rules.All()})
		}
		return inputError(err)
	}
	artifact.relabelResults(results)
	for _, r := range results {
		if r.DialectReason != "" {
			fmt.Fprintf(cmd.ErrOrStderr(), "schemaguard: %s: %s dialect (%s)\n", r.Dir, r.Dialect, r.DialectReason)
		}
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

// devURLEnv names the dev database for CI, where a flag would put the
// password on the command line.
const devURLEnv = "SCHEMAGUARD_DEV_URL"

// colorOK: colour only on a terminal, and never when NO_COLOR is set.
func colorOK(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && os.Getenv("NO_COLOR") == "" && term.IsTerminal(int(f.Fd()))
}
