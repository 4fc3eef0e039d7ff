package main

import (
	"strings"

	"github.com/schemaguard/schemaguard/internal/pipeline"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/spf13/cobra"
)

// dirFlags are the flags every command that reads a migration directory takes.
type dirFlags struct {
	dir     string
	format  string
	dialect string
}

func (f *dirFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.dir, "dir", "migrations", "migration directory")
	cmd.Flags().StringVar(&f.format, "dir-format", migrate.FormatAuto,
		"directory format: "+strings.Join(append([]string{migrate.FormatAuto}, migrate.Formats()...), ", "))
	cmd.Flags().StringVar(&f.dialect, "dialect", "postgres", "SQL dialect: postgres, mysql or mariadb")
}

func (f *dirFlags) open() (*migrate.Dir, error) {
	dir, err := pipeline.OpenDir(f.dir, f.format, f.dialect)
	if err != nil {
		return nil, inputError(err)
	}
	return dir, nil
}
