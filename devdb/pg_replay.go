package devdb

import (
	"context"
	"strings"

	"github.com/schemaguard/schemaguard/migrate"
)

// Transaction status bytes of pgconn.PgConn.TxStatus (ReadyForQuery).
const (
	txIdle   = 'I'
	txOpen   = 'T'
	txFailed = 'E'
)

// replay runs a history file unit by unit. A transactional unit goes to the
// server as one simple-protocol query (BEGIN; ...; COMMIT for TxFile, the
// bare statements for TxImplicit, exactly as golang-migrate sends a file),
// so the server's own parser and transaction rules apply and the whole unit
// costs one round trip; TxNone statements go one by one, in autocommit.
func (e *pgEngine) replay(ctx context.Context, f *migrate.File) error {
	for _, u := range units(f) {
		var err error
		if u.mode == migrate.TxNone {
			err = e.replayEach(ctx, f, u.stmts)
		} else {
			err = e.replayBatch(ctx, f, u)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (e *pgEngine) replayEach(ctx context.Context, f *migrate.File, stmts []migrate.Statement) error {
	for _, st := range stmts {
		if err := e.exec(ctx, st.Text); err != nil {
			return e.replayFailed(ctx, f, st, err, false)
		}
	}
	return e.commitLeftOpen(ctx, f, stmts)
}

// replayBatch sends a transactional unit as one query. When it fails, the
// statements that completed before the failure each sent a CommandComplete,
// so their count names the failing statement without running anything
// again.
func (e *pgEngine) replayBatch(ctx context.Context, f *migrate.File, u unit) error {
	parts := make([]string, 0, len(u.stmts)+2)
	offset := 0
	if u.mode == migrate.TxFile {
		parts = append(parts, "BEGIN")
		offset = 1
	}
	for _, st := range u.stmts {
		parts = append(parts, st.Text)
	}
	if u.mode == migrate.TxFile {
		parts = append(parts, "COMMIT")
	}
	e.last = nil
	results, err := e.conn.PgConn().Exec(ctx, strings.Join(parts, ";\n")).ReadAll()
	if err == nil {
		if err := e.forgetPrepared(ctx, parts...); err != nil {
			return err
		}
		return e.commitLeftOpen(ctx, f, u.stmts)
	}
	failed := len(results)
	for i, r := range results {
		if r.Err != nil {
			failed = i
			break
		}
	}
	failed -= offset
	switch {
	case failed >= len(u.stmts): // the closing COMMIT
		return e.replayFailed(ctx, f, u.stmts[len(u.stmts)-1], err, true)
	case failed < 0:
		failed = 0
	}
	return e.replayFailed(ctx, f, u.stmts[failed], err, false)
}

// commitLeftOpen commits a transaction the unit's own BEGIN left open, as
// the end of a unit does in production (the tool's connection goes on or
// closes; either way nothing stays pending for the next file).
func (e *pgEngine) commitLeftOpen(ctx context.Context, f *migrate.File, stmts []migrate.Statement) error {
	if e.conn.PgConn().TxStatus() == txIdle {
		return nil
	}
	if err := e.exec(ctx, "COMMIT"); err != nil {
		return e.replayFailed(ctx, f, stmts[len(stmts)-1], err, true)
	}
	return nil
}

// replayFailed rolls back what is open and returns the *ReplayError, or the
// tool's own error when the server did not answer.
func (e *pgEngine) replayFailed(ctx context.Context, f *migrate.File, st migrate.Statement, err error, atCommit bool) error {
	se, ok := e.m.serverError(ctx, err)
	if !ok {
		return e.m.wrap(ctx, "replay "+f.Name, err)
	}
	if rerr := e.rollback(ctx); rerr != nil {
		return rerr
	}
	return &ReplayError{File: f.Name, Line: st.Line, Column: st.Column, Server: se, AtCommit: atCommit}
}

// rollback ends an open or failed transaction.
func (e *pgEngine) rollback(ctx context.Context) error {
	if e.conn.PgConn().TxStatus() == txIdle {
		return nil
	}
	if err := e.exec(ctx, "ROLLBACK"); err != nil {
		return e.m.wrap(ctx, "roll back on the scratch database", err)
	}
	return nil
}

// exec runs one statement alone over the simple protocol, as migration
// tools send it. Whatever it does, the last read is then out of date.
func (e *pgEngine) exec(ctx context.Context, sql string) error {
	e.last = nil
	if _, err := e.conn.PgConn().Exec(ctx, sql).ReadAll(); err != nil {
		return err
	}
	return e.forgetPrepared(ctx, sql)
}

// forgetPrepared follows a DISCARD ALL or DEALLOCATE of the migration's:
// they drop the session's prepared statements, those of its own catalog
// reads included, which pgx must then prepare again.
func (e *pgEngine) forgetPrepared(ctx context.Context, stmts ...string) error {
	for _, sql := range stmts {
		if w, _ := firstWord(sql); w == "DISCARD" || w == "DEALLOCATE" {
			if err := e.conn.DeallocateAll(ctx); err != nil {
				return e.m.wrap(ctx, "reset prepared statements", err)
			}
			return nil
		}
	}
	return nil
}
