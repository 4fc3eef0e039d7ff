package main

import (
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
}

func (f *dirFlags) register(cmd *cobra.Command) {
	f.cmd = cmd
	cmd.Flags().StringVar(&f.dir, "dir", pipeline.DefaultDir, "migration directory")
	cmd.Flags().StringVar(&f.format, "dir-format", migrate.FormatAuto,
		"directory format: "+strings.Join(append([]string{migrate.FormatAuto}, migrate.Formats()...), ", "))
	cmd.Flags().StringVar(&f.dialect, "dialect", pipeline.DefaultDialect, "SQL dialect: postgres, mysql or mariadb")
	cmd.Flags().StringVar(&f.config, "config", "", "configuration file (default: "+config.FileName+" in the working directory, if present)")
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

// open reads the one directory a command works on. A configuration file
// that lists several directories needs --dir to choose.
func (f *dirFlags) open() (*migrate.Dir, error) {
	targets, err := f.targets()
	if err != nil {
		return nil, err
	}
	if len(targets) > 1 {
		names := make([]string, len(targets))
		for i, t := range targets {
			names[i] = t.Dir
		}
		return nil, usageError("the configuration lists %d directories (%s): pass --dir to choose one", len(targets), strings.Join(names, ", "))
	}
	t, err := pipeline.OpenTarget(targets[0], false)
	if err != nil {
		return nil, inputError(err)
	}
	return t.Migrations, nil
}

// each opens every target directory in turn, leniently: a file its tool
// would refuse keeps what precedes the problem (File.Problem says what).
func (f *dirFlags) each(fn func(t *pipeline.Target) error) error {
	targets, err := f.targets()
	if err != nil {
		return err
	}
	for _, settings := range targets {
		t, err := pipeline.OpenTarget(settings, true)
		if err != nil {
			return inputError(err)
		}
		if err := fn(t); err != nil {
			return err
		}
	}
	return nil
}
