package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/schemaguard/schemaguard/lint/rules"
	"github.com/spf13/cobra"
)

type ruleView struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	Severity string   `json:"severity"`
	Dialects []string `json:"dialects"`
	Summary  string   `json:"summary"`
}

func newRulesCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the rules with their codes, names and default severities",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var views []ruleView
			for _, a := range rules.All() {
				views = append(views, ruleView{a.Code, a.Name, a.Severity.String(), a.Dialects, a.Summary})
			}
			switch format {
			case "json":
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(views)
			case "text":
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
				for _, v := range views {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", v.Code, v.Name, v.Severity, strings.Join(v.Dialects, ","), v.Summary)
				}
				return tw.Flush()
			}
			return usageError("--format: unknown format %q (want text or json)", format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}
