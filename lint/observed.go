package lint

import (
	"fmt"

	"github.com/schemaguard/schemaguard/observed"
	"github.com/schemaguard/schemaguard/schema"
)

// putTables puts the tables a dev database showed into the catalog, in
// place of the model's reading of them; a table present in before but not
// in after (the same position) is gone.
func (e *engine) putTables(tables, before []*schema.Table) {
	for i, t := range tables {
		switch {
		case t != nil:
			e.realm.PutTable(t)
		case i < len(before) && before[i] != nil:
			e.realm.RemoveTable(before[i].Name)
		}
	}
}

// afterObserved puts the server's state after a statement into the
// catalog, over what the static fold made of it.
func (e *engine) afterObserved(o *observed.Statement) {
	if o != nil && o.Err == nil {
		e.putTables(o.After, o.Before)
	}
}

// evidenceOf renders an observation for reports (nil in static mode).
func evidenceOf(o *observed.Statement) *Evidence {
	if o == nil {
		return nil
	}
	ev := &Evidence{Locks: o.Locks, Algorithm: o.Algorithm, LockNone: o.LockNone,
		DurationMS: float64(o.Duration.Microseconds()) / 1000, ServerError: o.Err}
	for _, r := range o.Rewrites {
		ev.Rewrites = append(ev.Rewrites, r.String())
	}
	return ev
}

// replayFailure is RP101: the statement failed on the dev database, at the
// position the server pointed at when it did.
func replayFailure(p *Pass, err *observed.ServerError) Diagnostic {
	loc := -1
	if err.Position > 0 {
		loc = charOffset(p.Stmt().Stmt.Text, err.Position-1)
	}
	msg := fmt.Sprintf("Statement fails on the dev database: %s (%s %s)", err.Message, errorCodeKind(p.Dialect), err.Code)
	if err.Detail != "" {
		msg += "; " + err.Detail
	}
	fix := "Correct the statement so that it runs on the server (the replay of this file stopped here)."
	if err.Hint != "" {
		fix = err.Hint + "\n" + fix
	}
	return p.diagnostic(loc, fix, msg)
}

func errorCodeKind(dialect string) string {
	if dialect == MySQL {
		return "error"
	}
	return "SQLSTATE"
}

// charOffset is the byte offset of the n-th character (0-based) of text.
func charOffset(text string, n int) int {
	for i := range text {
		if n == 0 {
			return i
		}
		n--
	}
	return -1
}

// Observed is what the dev database showed for the current statement
// (lint --dev-url), nil in static mode or when the statement did not run.
// Rules that can read the server's evidence (locks taken, relations
// rewritten, the ALTER algorithm accepted) prefer it to their own reading
// of the SQL.
func (p *Pass) Observed() *observed.Statement { return p.observed }

// ReplayFailed is RP101, reported by the engine when a statement of a
// linted file fails on the dev database.
var ReplayFailed = &Analyzer{
	Code:     "RP101",
	Name:     "replay-failed",
	Severity: Error,
	Summary:  "a statement fails on the dev database; the message carries the database's own error and the file:line",
	Dialects: []string{Postgres, MySQL},
	Doc: `With ` + "`--dev-url`" + `, schemaguard runs every new statement on a throwaway database, in the transaction
mode its migration tool would use. A statement the server refuses — a missing table, a type it cannot cast,
a CONCURRENTLY index inside a transaction, an enum value used in the transaction that added it — fails the
same way in production, and leaves the migration half-applied wherever the tool runs it outside a
transaction. The message quotes the server's own error and its code (SQLSTATE on PostgreSQL, the error
number on MySQL/MariaDB); the position is where the server pointed, when it did.

The replay of the file stops at the failing statement: later statements are checked statically only.
Rules that predict a failure (PG103, PG310) are still reported next to RP101.

The dev database is empty apart from what the history creates: a statement that fails only on
production data (a duplicate key, a NULL in a column made NOT NULL) does not fail here — that is what the
MF rules are for.

## Fix

Correct the statement and lint again. If the statement depends on something outside the migration
directory (an extension, a role, a table another service creates), create it on the dev database first,
or suppress the finding for that statement:

` + "```sql" + `
-- lint:ignore RP101 the role is created by the platform team
GRANT SELECT ON orders TO reporting;
` + "```\n",
}
