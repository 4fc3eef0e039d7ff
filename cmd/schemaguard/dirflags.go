package main

import (
	"context"
	"strings"

	"github.com/schemaguard/schemaguard/config"
	"github.com/schemaguard/schemaguard/internal/pipeline"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/spf13/cobra"
)

// dirFlags are the flags every command that reads a migration directory
// takes. The configuration file fills what the flags leave out, as for lint.
type dirFlags struct {
	dir     string
	format  string
	dialect string
	config  string
	cmd     *cobra.Command
	// registry reaches the registry of a --dir oci://… (ocidir.go).
	registry registryFlags
}

func (f *dirFlags) register(cmd *cobra.Command) {
	f.cmd = cmd
	cmd.Flags().StringVar(&f.dir, "dir", pipeline.DefaultDir, "migration directory")
	cmd.Flags().StringVar(&f.format, "dir-format", migrate.FormatAuto,
		"directory format: "+strings.Join(append([]string{migrate.FormatAuto}, migrate.Formats()...), ", "))
	cmd.Flags().StringVar(&f.dialect, "dialect", "", "SQL dialect: postgres, mysql or mariadb (default: the configuration's, the dev database URL's, else from the statements, postgres when in doubt)")
	cmd.Flags().StringVar(&f.config, "config", "", "configuration file (default: "+config.FileName+" in the working directory, if present)")
	f.registry.register(cmd)
}

// request is what the flags ask for; flags the user did not give are left
// to the configuration file and the defaults.
func (f *dirFlags) request() pipeline.Request {
	req := pipeline.Request{Config: f.config}
	for _, o := range []struct {
		flag     string
		dst, val *string
	}{{"dir", &req.Dir, &f.dir}, {"dir-format", &req.Format, &f.format}, {"dialect", &req.Dialect, &f.dialect}} {
		if f.cmd.Flags().Changed(o.flag) {
			*o.dst = *o.val
		}
	}
	return req
}

// targets are the directories the command works on: --dir, else every
// directory of the configuration file.
func (f *dirFlags) targets() ([]config.Settings, error) {
	targets, _, err := pipeline.Resolve(f.request())
	if err != nil {
		return nil, inputError(err)
	}
	return targets, nil
}

// one reads the one directory a command works on, strictly: a file its
// tool would refuse is an error. A configuration file that lists several
// directories needs --dir to choose.
func (f *dirFlags) one(ctx context.Context, fn func(t *pipeline.Target) error) error {
	targets, err := f.targets()
	if err != nil {
		return err
	}
	if len(targets) > 1 {
		names := make([]string, len(targets))
		for i, t := range targets {
			names[i] = t.Dir
		}
		return usageError("the configuration lists %d directories (%s): pass --dir to choose one", len(targets), strings.Join(names, ", "))
	}
	return f.openTarget(ctx, targets[0], false, fn)
}

// each opens every target directory in turn, leniently: a file its tool
// would refuse keeps what precedes the problem (File.Problem says what).
func (f *dirFlags) each(ctx context.Context, fn func(t *pipeline.Target) error) error {
	targets, err := f.targets()
	if err != nil {
		return err
	}
	for _, settings := range targets {
		if err := f.openTarget(ctx, settings, true, fn); err != nil {
			return err
		}
	}
	return nil
}

// openTarget opens a directory, pulling it first when it is an oci://
// artifact (removed again once fn is done: the files are read by then),
// and names its files inside the artifact in errors.
func (f *dirFlags) openTarget(ctx context.Context, settings config.Settings, lenient bool, fn func(t *pipeline.Target) error) error {
	artifact, err := f.pullArtifact(ctx, &settings)
	if err != nil {
		return err
	}
	defer artifact.remove()
	t, err := pipeline.OpenTarget(settings, lenient)
	if err != nil {
		return inputError(artifact.relabel(err))
	}
	if artifact != nil {
		t.Dir = artifact.label
		for _, file := range t.Migrations.Files {
			if file.Problem != nil {
				_ = artifact.relabel(file.Problem)
			}
		}
	}
	return fn(t)
}
