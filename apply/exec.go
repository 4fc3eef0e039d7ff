package apply

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/schemaguard/schemaguard/internal/dburl"
	"github.com/schemaguard/schemaguard/migrate"
)

// runner executes migrations on the run's session and keeps their rows.
type runner struct {
	s           session
	t           table
	toolVersion string
	appliedBy   string
	mask        func(string) string
}

// execute runs a step: writes its row, runs its units, marks it done.
func (r *runner) execute(ctx context.Context, st step) error {
	m := st.m
	rev := &Revision{Migration: m.key, Version: m.version, Kind: m.kind, Name: m.file.Name, Description: m.desc,
		Checksum: m.checksum, Applied: st.start, Total: len(m.stmts), AppliedChecksum: checksum(m.stmts[:st.start]),
		StartedAt: time.Now().UTC(), ToolVersion: r.toolVersion, AppliedBy: r.appliedBy}
	write := insertRevision
	if st.row != nil {
		write = updateRevision
	}
	if err := write(ctx, r.s, r.t, rev); err != nil {
		return err
	}
	for _, u := range m.units {
		if u.end <= rev.Applied {
			continue
		}
		var err error
		switch strategyFor(r.s.dialect(), m, u) {
		case asWritten:
			err = r.ownTransactions(ctx, m, rev, u)
		case mysqlGrouped:
			err = r.mysqlTransaction(ctx, m, rev, u)
		case statementByStatement:
			err = r.eachStatement(ctx, m, rev, u)
		default:
			err = r.oneTransaction(ctx, m, rev, u)
		}
		if err != nil {
			return err
		}
	}
	if !rev.done() {
		return r.progress(ctx, m, rev, len(m.stmts))
	}
	return nil
}

// strategy is how a unit is run and its progress recorded.
type strategy int

const (
	inOneTransaction     strategy = iota // PostgreSQL: the unit and its row commit together
	statementByStatement                 // no transaction: each statement commits with its progress
	mysqlGrouped                         // MySQL/MariaDB: one transaction between implicit DDL commits
	asWritten                            // the unit's own BEGIN/COMMIT decide
)

func (s strategy) String() string {
	return [...]string{
		"one transaction",
		"no transaction: statement by statement",
		"one transaction, committed by each DDL statement (MySQL)",
		"its own BEGIN/COMMIT",
	}[s]
}

// strategyFor honours the unit's transaction mode as its tool would run it.
func strategyFor(dialect string, m *migration, u unit) strategy {
	switch {
	case slices.ContainsFunc(m.stmts[u.start:u.end], func(s migrate.Statement) bool { return controlsTransaction(s.Text) }):
		return asWritten
	case dialect == dburl.MySQL && u.mode != migrate.TxNone:
		return mysqlGrouped
	case dialect == dburl.MySQL, u.mode == migrate.TxNone, u.mode == migrate.TxImplicit && u.end-u.start == 1:
		// A one-statement implicit transaction is no transaction block:
		// golang-migrate runs CREATE INDEX CONCURRENTLY alone in a file.
		return statementByStatement
	}
	return inOneTransaction
}

// oneTransaction runs a unit and its row update in one transaction
// (PostgreSQL, where DDL is transactional): all of it or nothing.
func (r *runner) oneTransaction(ctx context.Context, m *migration, rev *Revision, u unit) error {
	if err := r.s.run(ctx, "BEGIN"); err != nil {
		return err
	}
	for i := rev.Applied; i < u.end; i++ {
		if err := r.s.run(ctx, m.stmts[i].Text); err != nil {
			return r.failed(ctx, m, rev, i, err)
		}
	}
	if err := r.progress(ctx, m, rev, u.end); err != nil {
		return errors.Join(err, r.rollback(ctx))
	}
	if err := r.s.run(ctx, "COMMIT"); err != nil {
		// A deferred constraint fails at COMMIT: the unit's last statement
		// is the nearest place to point at.
		rev.Applied, rev.FinishedAt = u.start, nil
		return r.failed(ctx, m, rev, u.end-1, err)
	}
	return nil
}

// eachStatement runs a unit without a transaction, each statement committed
// together with its progress, so a re-run resumes after the last one. A
// statement the server refuses in a transaction block runs on its own, its
// progress recorded right after it.
func (r *runner) eachStatement(ctx context.Context, m *migration, rev *Revision, u unit) error {
	for i := rev.Applied; i < u.end; i++ {
		text := m.stmts[i].Text
		if r.s.dialect() == dburl.MySQL || !outsideTransaction(text) {
			if err := r.s.run(ctx, "BEGIN"); err != nil {
				return err
			}
			err := r.s.run(ctx, text)
			if err == nil {
				if err := r.progress(ctx, m, rev, i+1); err != nil {
					return errors.Join(err, r.rollback(ctx))
				}
				if err := r.s.run(ctx, "COMMIT"); err != nil {
					return r.failed(ctx, m, rev, i, err)
				}
				continue
			}
			if !refusesTransaction(err) {
				return r.failed(ctx, m, rev, i, err)
			}
			if err := r.rollback(ctx); err != nil {
				return err
			}
		}
		if err := r.s.run(ctx, text); err != nil {
			return r.failed(ctx, m, rev, i, err)
		}
		if err := r.progress(ctx, m, rev, i+1); err != nil {
			return fmt.Errorf("%s:%d is applied but could not be recorded; mark it applied before the next run: %w", m.path, m.stmts[i].Line, err)
		}
	}
	return nil
}

// mysqlTransaction runs a unit in one transaction as far as MySQL/MariaDB
// allow: a DDL statement commits implicitly, before and after itself, so the
// progress recorded after it commits on its own, and a new transaction
// groups the statements that follow, up to the next DDL.
func (r *runner) mysqlTransaction(ctx context.Context, m *migration, rev *Revision, u unit) error {
	if err := r.s.run(ctx, "START TRANSACTION"); err != nil {
		return err
	}
	for i := rev.Applied; i < u.end; i++ {
		if err := r.s.run(ctx, m.stmts[i].Text); err != nil {
			return r.failed(ctx, m, rev, i, err)
		}
		if err := r.progress(ctx, m, rev, i+1); err != nil {
			return errors.Join(err, r.rollback(ctx))
		}
		in, err := r.s.inTransaction(ctx)
		if err != nil {
			return err
		}
		if !in && i+1 < u.end {
			if err := r.s.run(ctx, "START TRANSACTION"); err != nil {
				return err
			}
		}
	}
	if err := r.s.run(ctx, "COMMIT"); err != nil {
		return r.failed(ctx, m, rev, u.end-1, err)
	}
	return nil
}

// ownTransactions runs a unit that holds its own BEGIN/COMMIT statement by
// statement, as written. Progress is recorded after each statement: inside
// the file's transaction the record commits or rolls back with it.
func (r *runner) ownTransactions(ctx context.Context, m *migration, rev *Revision, u unit) error {
	for i := rev.Applied; i < u.end; i++ {
		if err := r.s.run(ctx, m.stmts[i].Text); err != nil {
			return r.failed(ctx, m, rev, i, err)
		}
		if err := r.progress(ctx, m, rev, i+1); err != nil {
			return errors.Join(err, r.rollback(ctx))
		}
	}
	in, err := r.s.inTransaction(ctx)
	if err != nil {
		return err
	}
	if in {
		open := fmt.Errorf("the file opens a transaction it does not end (no COMMIT after its last BEGIN)")
		rev.Applied, rev.FinishedAt = u.start, nil
		return r.failed(ctx, m, rev, u.end-1, open)
	}
	return nil
}

// progress records that the first n statements are applied, and the
// migration done when that is all of them.
func (r *runner) progress(ctx context.Context, m *migration, rev *Revision, n int) error {
	next := *rev
	next.Applied, next.AppliedChecksum = n, checksum(m.stmts[:n])
	if n == len(m.stmts) {
		now := time.Now().UTC()
		next.FinishedAt = &now
	}
	if err := recordProgress(ctx, r.s, r.t, &next); err != nil {
		return err
	}
	*rev = next
	return nil
}

func (r *runner) rollback(ctx context.Context) error {
	in, err := r.s.inTransaction(ctx)
	if err != nil || !in {
		return err
	}
	return r.s.run(ctx, "ROLLBACK")
}

// failed ends a failed statement: rolls back what is open, records the
// error on the row, and returns the error naming file, line and the
// server's message. What is applied is read back from the row, which only
// holds what committed.
func (r *runner) failed(ctx context.Context, m *migration, rev *Revision, i int, cause error) error {
	if ctx.Err() != nil {
		// Interrupted: record what can still be recorded, briefly.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
	}
	ferr := failure(m, m.stmts[i], cause, rev.Applied, false)
	if r.rollback(ctx) == nil {
		var applied int
		if queryOne(ctx, r.s, "SELECT applied FROM "+r.t.quoted+" WHERE migration = ?", []any{m.key}, &applied) == nil {
			ferr.Applied = applied
		}
		msg := r.mask(cause.Error())
		// Best effort: the error is reported either way.
		_ = r.s.exec(ctx, "UPDATE "+r.t.quoted+" SET error = ?, error_line = ? WHERE migration = ?", msg, ferr.Line, m.key)
	}
	ferr.RolledBack = ferr.Applied < i
	return ferr
}
