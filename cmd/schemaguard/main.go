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

// version is the module version of the binary ("(devel)" in a source build).
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "schemaguard",
		Short:         "Keep SQL schema migrations safe",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.Version = version()
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError("%v", err) })
	root.AddCommand(newLintCmd(), newInspectCmd(), newHashCmd(), newValidateCmd(), newRulesCmd(), newActionCmd())
	return root
}
