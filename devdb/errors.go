package devdb

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/schemaguard/schemaguard/internal/dburl"
	"github.com/schemaguard/schemaguard/observed"
)

// ErrNotReplayable is wrapped by the error of Replay and Run for a file
// whose effect cannot be reproduced from SQL (a goose Go migration): the
// caller reports it as a notice and goes on.
var ErrNotReplayable = errors.New("migration cannot be replayed from SQL")

// ErrPrivilege is wrapped by the error of Open when the dev database's user
// lacks a privilege the scratch database needs; the message says which.
var ErrPrivilege = errors.New("missing privilege on the dev database")

// ErrUnsupported is wrapped by the error of Open for a server older than
// the versions the tool supports (PostgreSQL 13, MySQL 8.0, MariaDB 10.6).
var ErrUnsupported = errors.New("unsupported dev database server")

// ReplayError is a history file that failed on the dev database: the
// caller reports it naming File:Line:Column and the server's error (exit 2,
// the history is broken, not the new files).
type ReplayError struct {
	File         string
	Line, Column int
	Server       *observed.ServerError
	// AtCommit: the server refused the COMMIT that ends the transaction
	// whose last statement is at Line (a deferred constraint, for one).
	AtCommit bool
}

func (e *ReplayError) Error() string {
	msg := fmt.Sprintf("replay %s:%d:%d: ", e.File, e.Line, e.Column)
	if e.AtCommit {
		msg += "committing the transaction ending here failed: "
	}
	msg += e.Server.Error()
	if e.Server.Detail != "" {
		msg += "; " + e.Server.Detail
	}
	if e.Server.Hint != "" {
		msg += "; hint: " + e.Server.Hint
	}
	return msg
}

// masker turns driver errors into errors whose text holds no password. The
// driver's error is not wrapped (printing it unwrapped could leak); only the
// context's error is, so callers can tell a cancelled run.
type masker struct{ password string }

func (m masker) text(s string) string { return dburl.Mask(s, m.password) }

// wrap returns "<what>: <masked err>" on one line (pgx puts the reasons of
// a failed connection on lines of their own).
func (m masker) wrap(ctx context.Context, what string, err error) error {
	if ctx != nil && ctx.Err() != nil {
		return fmt.Errorf("%s: %w", what, ctx.Err())
	}
	msg := strings.Join(strings.Fields(err.Error()), " ")
	return errors.New(m.text(what + ": " + msg))
}

// serverError converts a statement's failure into the server's own error;
// ok is false when the error did not come from the server (connection
// lost) or the context was cancelled (the server's "canceling statement"
// answers the tool's own cancel request), which means the tool cannot go
// on.
func (m masker) serverError(ctx context.Context, err error) (*observed.ServerError, bool) {
	if ctx.Err() != nil {
		return nil, false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return &observed.ServerError{
			Code:     pe.Code,
			Message:  m.text(pe.Message),
			Detail:   m.text(pe.Detail),
			Hint:     m.text(pe.Hint),
			Position: int(pe.Position),
		}, true
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return &observed.ServerError{Code: strconv.Itoa(int(me.Number)), Message: m.text(me.Message)}, true
	}
	return nil, false
}
