// Command schemaguard keeps SQL schema migrations safe: it reads migration
// directories in every common format, checks atlas.sum files and lints the
// new migrations for destructive, data-dependent and lock-heavy statements.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Exit codes shared by every command (RULES.md, Severity and exit status).
const (
	exitOK       = 0
	exitFindings = 1 // findings at or above the threshold, or a failed validation
	exitUsage    = 2 // the tool could not do its job: bad flag, bad input, bad config
)

// exitError carries an exit code up to main without printing twice.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

func inputError(err error) error { return &exitError{code: exitUsage, err: err} }

// findingsError signals exit 1 after the command already printed its report.
var errFindings = &exitError{code: exitFindings, err: errors.New("findings")}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee != errFindings {
			fmt.Fprintf(stderr, "schemaguard: %v\n", ee.err)
		}
		return ee.code
	}
	// cobra's own errors: unknown command, unknown or malformed flag.
	fmt.Fprintf(stderr, "schemaguard: %v\n", err)
	return exitUsage
}

// releaseVersion is set with -ldflags -X where the build has no VCS
// information to stamp (the Docker image, built without .git).
var releaseVersion string

// version is the module version of the binary: the release tag of `go
// install …@v1.2.3`, the version go build derives from the checkout's tag and
// commit, the tag given to a build without a checkout, or "(devel)" when
// none is known.
func version() string {
	if releaseVersion != "" {
		return releaseVersion
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

// versionLine is what --version prints: the module version and, when the
// binary was built from a git checkout, the commit, its time and whether the
// work tree had uncommitted changes.
func versionLine() string {
	v := version()
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	var rev, at string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return v
	}
	v += " (commit " + rev
	if at != "" {
		v += ", " + at
	}
	if modified {
		v += ", modified"
	}
	return v + ")"
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "schemaguard",
		Short:         "Keep SQL schema migrations safe",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.Version = versionLine()
	root.SetVersionTemplate("schemaguard {{.Version}}\n")
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError("%v", err) })
	root.AddCommand(newLintCmd(), newInspectCmd(), newHashCmd(), newValidateCmd(), newRulesCmd(),
		newPushCmd(), newPullCmd(), newApplyCmd(), newStatusCmd(), newActionCmd())
	return root
}
