package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/schemaguard/schemaguard/apply"
	"github.com/schemaguard/schemaguard/internal/dburl"
	"github.com/schemaguard/schemaguard/internal/pipeline"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/migrate/atlassum"
	"github.com/spf13/cobra"
)

// urlEnv are the environment variables read, in order, when --url is not
// given, so the URL (and its password) stays off the process command line.
var urlEnv = []string{"SCHEMAGUARD_URL", "DATABASE_URL"}

// targetFlags are the flags of the commands that talk to a target database.
type targetFlags struct {
	dirFlags
	url   string
	table string
}

func (f *targetFlags) register(cmd *cobra.Command) {
	f.dirFlags.register(cmd)
	dialect := cmd.Flags().Lookup("dialect")
	dialect.Usage, dialect.DefValue = "SQL dialect: postgres, mysql or mariadb (default: the URL's)", ""
	cmd.Flags().StringVar(&f.url, "url", "", "target database URL (postgres://, mysql://, mariadb://); default $SCHEMAGUARD_URL, then $DATABASE_URL")
	cmd.Flags().StringVar(&f.table, "revisions-table", apply.DefaultTable, "revision table, name or schema.name")
}

// open resolves the URL, checks that --dialect agrees with it (or takes the
// dialect from it when --dialect is not given) and reads the directory.
func (f *targetFlags) open(cmd *cobra.Command) (*dburl.URL, *migrate.Dir, error) {
	raw, from := f.url, "--url"
	for _, env := range urlEnv {
		if raw == "" {
			raw, from = os.Getenv(env), "$"+env
		}
	}
	if raw == "" {
		return nil, nil, usageError("--url: no database URL (give --url, or set SCHEMAGUARD_URL or DATABASE_URL)")
	}
	u, err := dburl.Parse(raw)
	if err != nil {
		return nil, nil, usageError("%s: %v", from, err)
	}
	urlDialect := u.Dialect
	if u.MariaDB {
		urlDialect = "mariadb"
	}
	if !cmd.Flags().Changed("dialect") {
		// The dialect follows the URL (over the configuration file too).
		_ = cmd.Flags().Set("dialect", urlDialect)
	} else if family(f.dialect) != u.Dialect {
		return nil, nil, usageError("--dialect %s does not match the database URL %s (a %s URL)", f.dialect, u.Redacted(), urlDialect)
	}
	var dir *migrate.Dir
	err = f.dirFlags.one(cmd.Context(), func(t *pipeline.Target) error {
		dir = t.Migrations
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return u, dir, nil
}

// family maps a --dialect value to the URL dialect it needs.
func family(dialect string) string {
	switch dialect {
	case "mysql", "mariadb":
		return dburl.MySQL
	case "postgres", "postgresql", "pg":
		return dburl.Postgres
	}
	return dialect
}

func newApplyCmd() *cobra.Command {
	var tf targetFlags
	var opts apply.Options
	cmd := &cobra.Command{
		Use:   "apply",
		Short: "Apply the pending migrations to a database, once, under an advisory lock",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.LockTimeout < 0 {
				return usageError("--lock-timeout %s: want a duration of 0 or more", opts.LockTimeout)
			}
			u, dir, err := tf.open(cmd)
			if err != nil {
				return err
			}
			if err := checkSum(tf.dir, dir); err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			opts.URL, opts.Table, opts.ToolVersion, opts.Log = u, tf.table, version(), cmd.OutOrStdout()
			_, err = apply.Apply(ctx, dir, opts)
			return targetError(err, u)
		},
	}
	tf.register(cmd)
	f := cmd.Flags()
	f.DurationVar(&opts.LockTimeout, "lock-timeout", 10*time.Minute, "how long to wait for another run's migration lock (0: do not wait)")
	f.BoolVar(&opts.DryRun, "dry-run", false, "print the statements that would run; write nothing")
	f.StringVar(&opts.Baseline, "baseline", "", "record the migrations up to this `version` as applied without running them (database created before schemaguard)")
	f.StringVar(&opts.ToVersion, "to-version", "", "stop after the migrations of this `version`")
	f.BoolVar(&opts.AllowEdited, "allow-edited", false, "go on when an applied migration's file changed since")
	f.BoolVar(&opts.AllowOutOfOrder, "allow-out-of-order", false, "apply pending migrations that sort before applied ones")
	return cmd
}

// checkSum refuses a directory whose atlas.sum no longer matches it, as
// Atlas does before it applies: someone changed a file without re-hashing.
func checkSum(path string, dir *migrate.Dir) error {
	if dir.Sum == nil {
		return nil
	}
	recorded, err := atlassum.Parse(dir.Sum)
	if err != nil {
		return inputError(fmt.Errorf("%s: %w", path, err))
	}
	if m := atlassum.Validate(recorded, atlassum.ComputeDir(dir)); m != nil {
		return inputError(fmt.Errorf("%s/%v (run schemaguard validate)", path, m))
	}
	return nil
}

// targetError maps the apply package's errors to exit codes: the migrations
// stopped the run (1), or the tool could not do its job (2).
func targetError(err error, u *dburl.URL) error {
	if err == nil {
		return nil
	}
	masked := errors.New(dburl.Mask(err.Error(), u.Password()))
	if errors.Is(err, apply.ErrFailed) || errors.Is(err, apply.ErrEdited) || errors.Is(err, apply.ErrOutOfOrder) {
		return &exitError{code: exitFindings, err: masked}
	}
	if errors.Is(err, context.Canceled) {
		masked = fmt.Errorf("interrupted: %w", masked)
	}
	return &exitError{code: exitUsage, err: masked}
}
