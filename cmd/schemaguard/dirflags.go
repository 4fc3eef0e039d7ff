package main

import (
	"slices"
	"strings"

	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/migrate/split"
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

// splitDialect maps the --dialect value to the splitter's lexical rules.
func splitDialect(name string) (split.Dialect, error) {
	switch strings.ToLower(name) {
	case "postgres", "postgresql", "pg":
		return split.Postgres, nil
	case "mysql", "mariadb":
		return split.MySQL, nil
	}
	return "", usageError("--dialect: unknown dialect %q (want postgres, mysql or mariadb)", name)
}

func (f *dirFlags) open() (*migrate.Dir, error) {
	if f.format != migrate.FormatAuto && !slices.Contains(migrate.Formats(), f.format) {
		return nil, usageError("--dir-format: unknown format %q (want %s or %s)", f.format,
			migrate.FormatAuto, strings.Join(migrate.Formats(), ", "))
	}
	d, err := splitDialect(f.dialect)
	if err != nil {
		return nil, err
	}
	dir, err := migrate.Open(f.dir, migrate.Options{Format: f.format, Dialect: d})
	if err != nil {
		// migrate names the directory or the file and line already.
		return nil, inputError(err)
	}
	return dir, nil
}
