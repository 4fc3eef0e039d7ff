package main

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/schemaguard/schemaguard/action"
	"github.com/spf13/cobra"
)

func newActionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "action",
		Short: "Run as the GitHub Action: read the inputs and event from the environment, lint and report",
		Long: `The GitHub Action's entrypoint (action.yml runs it). Everything comes from the environment the
runner sets: the inputs as INPUT_<NAME> variables, the event payload at GITHUB_EVENT_PATH, the token,
GITHUB_API_URL and the file commands. It lints the pull request's (or push's) new and changed
migrations, writes annotations, the job summary, the sticky pull request comment, a review with
one-click fixes and the outputs. See docs/action.md.
Exit status: 0 nothing at or above fail-on, 1 findings at or above it, 2 the action could not run.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// A cancelled job (SIGINT/SIGTERM) still drops the dev database's
			// scratch database.
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			code, err := action.Run(ctx, action.Env{Getenv: os.Getenv, Stdout: cmd.OutOrStdout(), Version: version()})
			switch code {
			case action.ExitOK:
				return nil
			case action.ExitFindings:
				return errFindings
			}
			return &exitError{code: exitUsage, err: err}
		},
	}
}
