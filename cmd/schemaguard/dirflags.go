package main

import (
	"errors"
	"fmt"
	"path/filepath"
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
	var located *migrate.Error
	if errors.As(err, &located) && located.File != "" {
		// Name the file as the user sees it: relative to the working directory.
		withDir := *located
		withDir.File = filepath.Join(f.dir, located.File)
		return nil, inputError(&withDir)
	}
	if err != nil {
		return nil, inputError(fmt.Errorf("read --dir %s: %w", f.dir, err))
	}
	return dir, nil
}
