package devdb

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/observed"
	"github.com/schemaguard/schemaguard/schema"
)

// run executes a new file statement by statement in its tool's
// transaction mode:
//   - TxFile: BEGIN at the start of the unit, COMMIT at its end;
//   - TxImplicit with several statements: the same, and after a COMMIT of
//     the file's own a new transaction for what follows, as PostgreSQL runs
//     the rest of a multi-statement query in a new implicit transaction;
//   - TxNone (and a lone TxImplicit statement): autocommit, observed by
//     wrapping each statement in BEGIN ... COMMIT, which commits exactly as
//     autocommit does; a statement that refuses a transaction block
//     (SQLSTATE 25001: CONCURRENTLY, VACUUM ...) is rolled back and run
//     bare, as it would run in production.
//
// The file's own BEGIN, COMMIT, ROLLBACK ... run bare, and the connection's
// transaction status decides whether the next statement is inside a
// transaction; a TxFile statement after the file's own COMMIT runs in
// autocommit, as it does under the tool. What a unit leaves open is
// committed at its end.
//
// Locks are read inside the transaction right before and after each
// statement. A statement run outside any transaction has released its
// locks by the time anything can read them, so it gets no Locks; its
// rewrites and tables are still observed.
func (e *pgEngine) run(ctx context.Context, f *migrate.File, touched [][]schema.QName) ([]observed.Statement, error) {
	obs := make([]observed.Statement, len(f.Statements))
	e.last = nil
	start, err := e.read(ctx, unionNames(touched), false, false, false)
	if err != nil {
		return nil, err
	}
	e.existing = newPgExisting(start)
	if e.existing.enums, err = e.oidSet(ctx, "enum types", "SELECT oid FROM pg_type WHERE typtype = 'e'"); err != nil {
		return nil, err
	}
	// Catalogs left out, as in pgLocksSQL.
	if e.existing.rels, err = e.oidSet(ctx, "relations", "SELECT oid FROM pg_class WHERE oid >= 16384"); err != nil {
		return nil, err
	}
	for _, u := range units(f) {
		failed, err := e.runUnit(ctx, f, u, touched, obs)
		if err != nil || failed {
			return obs, err
		}
	}
	return obs, nil
}

// runUnit runs one transaction unit; failed reports a statement the server
// refused (recorded in obs), after which nothing more of the file runs.
func (e *pgEngine) runUnit(ctx context.Context, f *migrate.File, u unit, touched [][]schema.QName, obs []observed.Statement) (failed bool, err error) {
	mode := u.mode
	if mode == migrate.TxImplicit && len(u.stmts) == 1 {
		mode = migrate.TxNone // a one-statement query is no transaction block
	}
	if mode != migrate.TxNone {
		if err := e.control(ctx, "BEGIN"); err != nil {
			return false, err
		}
	}
	for j, st := range u.stmts {
		i := u.first + j
		failed, err := e.runStatement(ctx, st, mode, touchedAt(touched, i), &obs[i])
		if err != nil || failed {
			return failed, err
		}
	}
	if e.txStatus() == txIdle {
		return false, nil
	}
	if err := e.exec(ctx, "COMMIT"); err != nil {
		last := &obs[u.first+len(u.stmts)-1]
		se, ok := e.m.serverError(ctx, err)
		if !ok {
			return false, e.m.wrap(ctx, "commit "+f.Name, err)
		}
		last.Err, last.After = se, nil
		return true, e.rollback(ctx)
	}
	return false, nil
}

func (e *pgEngine) runStatement(ctx context.Context, st migrate.Statement, mode migrate.TxMode, names []schema.QName, o *observed.Statement) (failed bool, err error) {
	ctl := isTxControl(st.Text)
	begin := e.txStatus() == txIdle && !ctl
	wrapped := begin && mode != migrate.TxImplicit
	inTx := begin || e.txStatus() == txOpen
	locks := inTx && !ctl
	// Nothing ran since the previous statement's read of the same tables
	// in the same transaction: that read is this statement's before.
	before := e.last
	if begin || before == nil || !slices.Equal(e.lastNames, names) || (before.locks != nil) != locks {
		if before, err = e.read(ctx, names, locks, false, begin); err != nil {
			return false, err
		}
	}
	e.existing.mark(before)
	o.Ran, o.InTx, o.Before = true, inTx, tables(before)
	err = e.timed(ctx, st.Text, o)
	if err != nil && wrapped && sqlState(err) == "25001" {
		// Autocommit runs it outside any transaction block: so do we.
		if err := e.rollback(ctx); err != nil {
			return false, err
		}
		wrapped, o.InTx = false, false
		before.locks = nil
		err = e.timed(ctx, st.Text, o)
	}
	if err != nil {
		return e.failed(ctx, err, o)
	}
	after, err := e.read(ctx, names, before.locks != nil, true, false)
	if err != nil {
		return false, err
	}
	if wrapped {
		if err := e.exec(ctx, "COMMIT"); err != nil {
			return e.failed(ctx, err, o)
		}
	} else {
		e.last, e.lastNames = after, names
	}
	e.existing.carry(before, after)
	e.existing.mark(after)
	if before.locks != nil {
		o.Locks, o.Held = lockDiff(before, after, e.existing.rels)
	}
	o.Rewrites = rewrites(before, after)
	o.After = tables(after)
	return false, nil
}

// timed runs the statement and records its duration.
func (e *pgEngine) timed(ctx context.Context, sql string, o *observed.Statement) error {
	t0 := time.Now()
	err := e.exec(ctx, sql)
	o.Duration = time.Since(t0)
	return err
}

// failed records the server's refusal and rolls back what is open; an
// error that is not the server's means the tool cannot go on.
func (e *pgEngine) failed(ctx context.Context, err error, o *observed.Statement) (bool, error) {
	se, ok := e.m.serverError(ctx, err)
	if !ok {
		return false, e.m.wrap(ctx, "run statement on the scratch database", err)
	}
	o.Err = se
	return true, e.rollback(ctx)
}

// control runs a transaction command of the tool's own.
func (e *pgEngine) control(ctx context.Context, sql string) error {
	if err := e.exec(ctx, sql); err != nil {
		return e.m.wrap(ctx, sql+" on the scratch database", err)
	}
	return nil
}

func (e *pgEngine) txStatus() byte { return e.conn.PgConn().TxStatus() }

func sqlState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// tables returns the schema tables of a read, entry for entry.
func tables(s *pgState) []*schema.Table {
	if len(s.tables) == 0 {
		return nil
	}
	out := make([]*schema.Table, len(s.tables))
	for i, t := range s.tables {
		if t != nil {
			out[i] = t.t
		}
	}
	return out
}

// unionNames lists every table a file's statements name, once each.
func unionNames(touched [][]schema.QName) []schema.QName {
	var out []schema.QName
	seen := map[schema.QName]bool{}
	for _, ts := range touched {
		for _, q := range ts {
			if !seen[q] {
				seen[q] = true
				out = append(out, q)
			}
		}
	}
	return out
}

// oidSet runs a query of one OID column and returns its rows as a set;
// what names the read in an error.
func (e *pgEngine) oidSet(ctx context.Context, what, query string) (map[uint32]bool, error) {
	rows, err := e.conn.Query(ctx, query)
	if err != nil {
		return nil, e.m.wrap(ctx, "read "+what, err)
	}
	oids, err := pgx.CollectRows(rows, pgx.RowTo[uint32])
	if err != nil {
		return nil, e.m.wrap(ctx, "read "+what, err)
	}
	out := make(map[uint32]bool, len(oids))
	for _, o := range oids {
		out[o] = true
	}
	return out, nil
}

// enum reads an enum type's labels in order.
func (e *pgEngine) enum(ctx context.Context, q schema.QName) (*schema.Enum, error) {
	rows, err := e.conn.Query(ctx, `SELECT t.oid, e.enumlabel FROM pg_type t
LEFT JOIN pg_enum e ON e.enumtypid = t.oid
WHERE t.oid = to_regtype($1) AND t.typtype = 'e' ORDER BY e.enumsortorder`, quotedNames([]schema.QName{q})[0])
	if err != nil {
		return nil, e.m.wrap(ctx, "read enum "+q.String(), err)
	}
	var out *schema.Enum
	var oid uint32
	var label *string
	_, err = pgx.ForEachRow(rows, []any{&oid, &label}, func() error {
		if out == nil {
			out = &schema.Enum{Name: q, Values: []string{}}
			out.Existing = e.existing != nil && e.existing.enums[oid]
		}
		if label != nil {
			out.Values = append(out.Values, *label)
		}
		return nil
	})
	if err != nil {
		return nil, e.m.wrap(ctx, "read enum "+q.String(), err)
	}
	return out, nil
}
