package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/schemaguard/schemaguard/internal/pipeline"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/spf13/cobra"
)

// inspectDir is the JSON contract of `schemaguard inspect --format json`,
// documented in the README; fields are only ever added, never renamed.
type inspectDir struct {
	Dir        string `json:"dir"`
	Format     string `json:"format"`
	Detected   bool   `json:"detected"`
	DetectedBy string `json:"detected_by,omitempty"`
	Dialect    string `json:"dialect"`
	// DialectReason says how the dialect was decided when nothing named it.
	DialectReason string        `json:"dialect_reason,omitempty"`
	Files         []inspectFile `json:"files"`
}

type inspectFile struct {
	Name          string              `json:"name"`
	Version       string              `json:"version"`
	Description   string              `json:"description"`
	Kind          migrate.Kind        `json:"kind"`
	TxMode        migrate.TxMode      `json:"tx_mode"`
	Units         []migrate.Unit      `json:"units"`
	NotReplayable string              `json:"not_replayable,omitempty"`
	Problem       *inspectProblem     `json:"problem,omitempty"`
	Directives    []migrate.Directive `json:"directives"`
	Statements    []inspectStatement  `json:"statements"`
}

// inspectProblem is what the file's tool would refuse; the statements stop
// before its line.
type inspectProblem struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

type inspectStatement struct {
	Text       string              `json:"text"`
	Offset     int                 `json:"offset"`
	Line       int                 `json:"line"`
	Column     int                 `json:"column"`
	EndLine    int                 `json:"end_line"`
	EndColumn  int                 `json:"end_column"`
	Unit       int                 `json:"unit"`
	Directives []migrate.Directive `json:"directives"`
}

func newInspectCmd() *cobra.Command {
	var df dirFlags
	var format string
	cmd := &cobra.Command{
		Use:   "inspect",
		Short: "Print the migration directory as schemaguard (and its tool) sees it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" {
				return usageError("--format: unknown format %q (want text or json)", format)
			}
			var views []inspectDir
			err := df.each(cmd.Context(), func(t *pipeline.Target) error {
				dir := t.Migrations
				v := inspectView(t.Dir, dir)
				v.DialectReason = t.DialectReason
				views = append(views, v)
				for _, f := range dir.Files {
					if f.Problem != nil {
						fmt.Fprintf(cmd.ErrOrStderr(), "schemaguard: warning: %v: the file is read up to this line only; a linted history file is skipped from here and the model may be incomplete\n", f.Problem)
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			if format == "json" {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				if len(views) == 1 {
					return enc.Encode(views[0])
				}
				// Several directories of a configuration file: one array.
				return enc.Encode(views)
			}
			for i, v := range views {
				if i > 0 {
					fmt.Fprintln(cmd.OutOrStdout())
				}
				writeInspectText(cmd.OutOrStdout(), v)
			}
			return nil
		},
	}
	df.register(cmd)
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func inspectView(path string, dir *migrate.Dir) inspectDir {
	v := inspectDir{Dir: path, Format: dir.Format, Detected: dir.Detected, DetectedBy: dir.DetectedBy,
		Dialect: string(dir.Dialect), Files: []inspectFile{}}
	for _, f := range dir.Files {
		vf := inspectFile{Name: f.Name, Version: f.Version, Description: f.Description, Kind: f.Kind,
			TxMode: f.TxMode, Units: nonNil(f.Units), NotReplayable: f.NotReplayable,
			Directives: nonNil(f.Directives), Statements: []inspectStatement{}}
		if p := f.Problem; p != nil {
			vf.Problem = &inspectProblem{Line: p.Line, Column: p.Column, Message: p.Msg}
		}
		for _, s := range f.Statements {
			vf.Statements = append(vf.Statements, inspectStatement{Text: s.Text, Offset: s.Pos,
				Line: s.Line, Column: s.Column, EndLine: s.EndLine, EndColumn: s.EndColumn,
				Unit: s.Unit, Directives: nonNil(s.Directives)})
		}
		v.Files = append(v.Files, vf)
	}
	return v
}

// nonNil keeps JSON arrays as [] rather than null, so consumers need no null checks.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func writeInspectText(w io.Writer, v inspectDir) {
	how := "given"
	if v.Detected {
		how = "detected: " + v.DetectedBy
	}
	dialect := v.Dialect + " dialect"
	if v.DialectReason != "" {
		dialect += " (" + v.DialectReason + ")"
	}
	fmt.Fprintf(w, "%s: %s format (%s), %s, %d files\n", v.Dir, v.Format, how, dialect, len(v.Files))
	for _, f := range v.Files {
		fmt.Fprintf(w, "\n%s  version=%s  tx=%s  statements=%d\n", f.Name, f.Version, f.TxMode, len(f.Statements))
		if f.NotReplayable != "" {
			fmt.Fprintf(w, "  not replayable: %s\n", f.NotReplayable)
		}
		for _, d := range f.Directives {
			fmt.Fprintf(w, "  file directive %s %s (line %d)\n", d.Name, strings.Join(d.Args, " "), d.Line)
		}
		for _, s := range f.Statements {
			fmt.Fprintf(w, "  %d:%d-%d:%d  %s\n", s.Line, s.Column, s.EndLine, s.EndColumn, excerpt(s.Text, 70))
		}
	}
}

// excerpt gives the first line of a statement, shortened for one terminal line.
func excerpt(text string, max int) string {
	line, _, multi := strings.Cut(text, "\n")
	line = strings.TrimRight(line, "\r")
	r := []rune(line)
	if len(r) > max {
		return string(r[:max-1]) + "…"
	}
	if multi {
		return line + " …"
	}
	return line
}
