package main

import (
	"context"
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
	// registry reaches the registry of a --dir oci://… (ocidir.go).
	registry registryFlags
}

func (f *dirFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.dir, "dir", "migrations", "migration directory")
	cmd.Flags().StringVar(&f.format, "dir-format", migrate.FormatAuto,
		"directory format: "+strings.Join(append([]string{migrate.FormatAuto}, migrate.Formats()...), ", "))
	cmd.Flags().StringVar(&f.dialect, "dialect", "postgres", "SQL dialect: postgres, mysql or mariadb")
	f.registry.register(cmd)
}

func (f *dirFlags) open(ctx context.Context) (*migrate.Dir, error) {
	artifact, err := f.pullArtifact(ctx)
	if err != nil {
		return nil, err
	}
	defer artifact.remove() // the files are in memory once read
	dir, err := pipeline.OpenDir(artifact.path(f.dir), f.format, f.dialect)
	if err != nil {
		return nil, inputError(artifact.relabel(err))
	}
	return dir, nil
}
