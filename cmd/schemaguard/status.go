package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/schemaguard/schemaguard/apply"
	"github.com/spf13/cobra"
)

func newStatusCmd() *cobra.Command {
	var tf targetFlags
	var format string
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show which migrations a database has applied, which are pending, edited or failed",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" {
				return usageError("--format: unknown format %q (want text or json)", format)
			}
			u, dir, err := tf.open(cmd)
			if err != nil {
				return err
			}
			st, err := apply.Status(cmd.Context(), dir, apply.Options{URL: u, Table: tf.table})
			if err != nil {
				return targetError(err, u)
			}
			if format == "json" {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(st)
			}
			writeStatusText(cmd.OutOrStdout(), st)
			return nil
		},
	}
	tf.register(cmd)
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// statusOrder is the order of the counts in the text summary.
var statusOrder = []string{apply.StateApplied, apply.StateBaseline, apply.StatePending, apply.StateChanged,
	apply.StateEdited, apply.StateFailed, apply.StateInterrupted, apply.StateRunning, apply.StateUnknown}

func writeStatusText(w io.Writer, st *apply.State) {
	version := st.Version
	if version == "" {
		version = "(none)"
	}
	fmt.Fprintf(w, "%s: version %s (revisions in %s)\n", st.Database, version, st.Table)
	if st.LockedBy != "" {
		fmt.Fprintf(w, "an apply is running: the migration lock is held by %s\n", st.LockedBy)
	}
	width := 0
	for _, m := range st.Migrations {
		width = max(width, len(label(m)))
	}
	for _, m := range st.Migrations {
		fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf("%-11s %-*s  %s", m.State, width, label(m), statusDetail(m)), " "))
	}
	var counts []string
	for _, s := range statusOrder {
		if n := st.Counts[s]; n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, s))
		}
	}
	fmt.Fprintln(w, strings.Join(counts, ", "))
}

func label(m apply.MigrationState) string {
	if m.Changeset != "" {
		return m.Path + " changeset " + m.Changeset
	}
	return m.Path
}

func statusDetail(m apply.MigrationState) string {
	r := m.Revision
	switch {
	case m.Kind == "go" && r == nil:
		return "goose Go migration: apply cannot run it"
	case r == nil:
		return ""
	case m.State == apply.StateFailed:
		return fmt.Sprintf("%d of %d statements applied; line %d: %s", r.Applied, r.Total, r.ErrorLine, r.Error)
	case r.FinishedAt == nil:
		return fmt.Sprintf("%d of %d statements applied, started %s", r.Applied, r.Total, r.StartedAt.Format(time.RFC3339))
	}
	return fmt.Sprintf("%s by %s (schemaguard %s)", r.FinishedAt.Format(time.RFC3339), r.AppliedBy, r.ToolVersion)
}
