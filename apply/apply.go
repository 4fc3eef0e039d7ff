// Package apply applies a migration directory to a target database exactly
// once, however many replicas start at the same moment: an advisory lock
// makes runs take turns, a revision table records every migration with its
// checksum and how many of its statements are applied, each file runs in the
// transaction mode its tool would use, and a run interrupted half-way
// resumes after the last applied statement.
package apply

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schemaguard/schemaguard/internal/dburl"
	"github.com/schemaguard/schemaguard/migrate"
)

// Options says where and how to apply.
type Options struct {
	URL *dburl.URL
	// Table is the revision table, "name" or "schema.name"; "" is DefaultTable.
	Table string
	// LockTimeout is how long to wait for another run's lock; 0 does not wait.
	LockTimeout time.Duration
	// LockLogEvery is how often a waiting run logs who holds the lock
	// (default 10s).
	LockLogEvery time.Duration
	// DryRun prints the statements that would run and writes nothing.
	DryRun bool
	// Baseline records every migration up to this version as applied
	// without running it (a database created before schemaguard).
	Baseline string
	// ToVersion stops after the migrations of this version.
	ToVersion       string
	AllowEdited     bool
	AllowOutOfOrder bool
	// ToolVersion and AppliedBy (default: the host name) go into each row.
	ToolVersion string
	AppliedBy   string
	// Log receives the deploy log: a line per migration, totals at the end.
	Log io.Writer
}

// Summary is what a run did.
type Summary struct {
	Applied    int // migrations run to the end
	Statements int // statements run
	Baselined  int
	Version    string // the database's version after the run
	Duration   time.Duration
}

// Apply applies the directory's pending migrations.
func Apply(ctx context.Context, dir *migrate.Dir, opts Options) (*Summary, error) {
	start := time.Now()
	ms, err := migrations(dir)
	if err != nil {
		return nil, err
	}
	if opts.AppliedBy == "" {
		opts.AppliedBy, _ = os.Hostname()
	}
	log := newLogger(opts.Log, ms, opts.URL.Password())
	s, err := connect(ctx, opts.URL, appName(opts.AppliedBy), log.notice)
	if err != nil {
		return nil, err
	}
	defer s.close()
	t, err := resolveTable(ctx, s, opts.Table)
	if err != nil {
		return nil, err
	}
	log.printf("apply %s to %s (revisions in %s)", dir.Path, opts.URL.Redacted(), t)
	l, err := takeLock(ctx, s, t, opts, log)
	if err != nil {
		return nil, err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = l.release(ctx) // closing the connection releases it anyway
	}()
	rows := map[string]*Revision{}
	exists, err := tableExists(ctx, s, t)
	if err == nil && exists {
		rows, err = loadRevisions(ctx, s, t)
	}
	if err != nil {
		return nil, err
	}
	p, err := makePlan(planInput{format: dir.Format, ms: ms, rows: rows, baseline: opts.Baseline,
		toVersion: opts.ToVersion, allowEdited: opts.AllowEdited, allowOutOfOrder: opts.AllowOutOfOrder})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 && opts.Baseline == "" {
		if err := refuseNonEmpty(ctx, s, t); err != nil {
			return nil, err
		}
	}
	log.plan(p, opts.DryRun)
	sum := &Summary{Baselined: len(p.baseline)}
	if opts.DryRun {
		log.dryRun(p, s.dialect())
		sum.Version = currentVersion(dir.Format, rows)
		return sum, nil
	}
	if !exists {
		if err := createTable(ctx, s, t); err != nil {
			return nil, err
		}
	}
	r := &runner{s: s, t: t, toolVersion: opts.ToolVersion, appliedBy: opts.AppliedBy,
		mask: func(m string) string { return dburl.Mask(m, opts.URL.Password()) }}
	if err := r.baseline(ctx, p.baseline); err != nil {
		return nil, err
	}
	for _, st := range p.steps {
		began := time.Now()
		err := r.execute(ctx, st)
		log.step(st, err, time.Since(began))
		if err != nil {
			log.totals(sum, start, false)
			return sum, err
		}
		sum.Applied++
		sum.Statements += len(st.m.stmts) - st.start
		if held, err := l.held(ctx); err != nil || !held {
			return sum, errors.Join(fmt.Errorf("after %s: this session no longer holds the migration lock (did the file release advisory locks?); stopping", st.m.name()), err)
		}
	}
	if rows, err = loadRevisions(ctx, s, t); err != nil {
		return sum, err
	}
	sum.Version = currentVersion(dir.Format, rows)
	sum.Duration = time.Since(start)
	log.totals(sum, start, true)
	return sum, nil
}

// takeLock waits for the run's lock, logging who holds it while it waits.
func takeLock(ctx context.Context, s session, t table, opts Options, log *logger) (*lock, error) {
	l, err := newLock(ctx, s, t)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	waited := false
	err = l.acquire(ctx, opts.LockTimeout, opts.LockLogEvery, func(holder string, d time.Duration) {
		waited = true
		log.printf("waiting for the migration lock (%s so far), held by %s", d.Round(time.Second), holder)
	})
	if err == nil && waited {
		log.printf("lock acquired after %s", duration(time.Since(start)))
	}
	return l, err
}

// appName names the run in the server's session list, so another replica
// waiting for the lock can say who holds it.
func appName(host string) string {
	name := "schemaguard apply@" + host
	if len(name) > 63 { // PostgreSQL truncates application_name there
		name = name[:63]
	}
	return name
}

// baseline records migrations as applied without running them.
func (r *runner) baseline(ctx context.Context, ms []*migration) error {
	now := time.Now().UTC()
	for _, m := range ms {
		rev := &Revision{Migration: m.key, Version: m.version, Kind: KindBaseline, Name: m.file.Name,
			Description: m.desc, Checksum: m.checksum, Applied: 0, Total: len(m.stmts),
			AppliedChecksum: checksum(nil), StartedAt: now, FinishedAt: &now, ToolVersion: r.toolVersion, AppliedBy: r.appliedBy}
		if err := insertRevision(ctx, r.s, r.t, rev); err != nil {
			return err
		}
	}
	return nil
}

// refuseNonEmpty stops a first run on a database that already holds
// objects: applying the directory from its first file would collide with
// them, or worse, run on top of a schema nobody recorded.
func refuseNonEmpty(ctx context.Context, s session, t table) error {
	var q string
	args := []any{t.schema, t.name}
	if s.dialect() == dburl.Postgres {
		q = `SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
			AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
			AND NOT (n.nspname = ? AND c.relname = ?)
			AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
			ORDER BY 1 LIMIT 4`
	} else {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_name <> ? ORDER BY 1 LIMIT 4`
	}
	var names []string
	err := s.query(ctx, q, args, func(scan func(...any) error) error {
		var n string
		err := scan(&n)
		names = append(names, n)
		return err
	})
	if err != nil {
		return fmt.Errorf("check that the database is empty: %w", err)
	}
	if len(names) == 0 {
		return nil
	}
	if len(names) == 4 {
		names[3] = "…"
	}
	return usagef("the database already holds objects (%s) but %s records no migration: if its schema came from these migrations, record them with --baseline VERSION (the last version it already has)",
		joinNames(names), t)
}
