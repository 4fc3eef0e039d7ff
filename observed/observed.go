// Package observed holds what a dev database showed while it ran a statement
// of a new migration: the locks the statement took, the relations it
// rewrote, the ALTER algorithm a MySQL/MariaDB server accepted, its own error,
// and the touched tables as the server's catalog describes them before and
// after. The devdb package produces these values and the lint engine reads
// them; neither imports the other.
package observed

import (
	"time"

	"github.com/schemaguard/schemaguard/schema"
)

// Statement is the observation of one statement of a new migration file.
type Statement struct {
	// Ran is false when the statement was not executed: an earlier statement
	// of its file failed, so the replay of that file stopped.
	Ran bool
	// Locks are the relation locks the statement itself took (PostgreSQL,
	// from pg_locks of its own backend), the strongest mode per relation,
	// in the order of Relation.
	Locks []Lock
	// Held are all relation locks the statement's transaction holds right
	// after it, the strongest mode per relation: a lock an earlier statement
	// of the same transaction took is in Held but not in Locks.
	Held []Lock
	// Rewrites are the relations whose storage the statement replaced
	// (pg_class.relfilenode changed): the table, its indexes, its TOAST table.
	Rewrites []schema.QName
	// Algorithm is, on MySQL/MariaDB, the cheapest ALTER algorithm the
	// server accepted for an ALTER TABLE on an existing table: "INSTANT",
	// "NOCOPY" (MariaDB), "INPLACE" or "COPY"; "" when not probed.
	Algorithm string
	// LockNone is, on MySQL/MariaDB, whether the server accepted LOCK=NONE
	// for that ALTER (concurrent writes keep running). Meaningful only when
	// Algorithm is set.
	LockNone bool
	// InTx: the statement ran inside a transaction on the dev database.
	InTx     bool
	Duration time.Duration
	// Err is the server's error when the statement failed (RP101).
	Err *ServerError
	// Before and After are the tables the statement touched as the server's
	// catalog showed them right before and right after it (nil entries are
	// absent: created or dropped by the statement). Existing flags follow
	// the server: an object is existing when it was there before the file.
	Before, After []*schema.Table
}

// Lock is a lock a statement took on a relation. Relation names are
// resolved: the schema is always filled in on PostgreSQL ("public"), and is
// "" on MySQL/MariaDB, where it means the scratch database.
type Lock struct {
	Relation schema.QName `json:"relation"`
	// Kind is the relation kind: "table", "index", "sequence", "view",
	// "materialized view", "toast".
	Kind string `json:"kind"`
	// Mode is PostgreSQL's lock mode in SQL spelling: "ACCESS EXCLUSIVE",
	// "SHARE ROW EXCLUSIVE", "SHARE" ...
	Mode string `json:"mode"`
}

// ServerError is a statement's failure as the server reported it.
type ServerError struct {
	// Code is the SQLSTATE (PostgreSQL) or the error number (MySQL/MariaDB).
	Code    string `json:"code"`
	Message string `json:"message"`
	// Detail and Hint are PostgreSQL's extra fields, "" when absent.
	Detail string `json:"detail,omitempty"`
	Hint   string `json:"hint,omitempty"`
	// Position is the 1-based character position in the statement the
	// server pointed at (PostgreSQL), 0 when none.
	Position int `json:"position,omitempty"`
}

func (e *ServerError) Error() string {
	return e.Message + " (" + e.Code + ")"
}

// Strength orders PostgreSQL lock modes from weakest to strongest; unknown
// modes are 0.
func Strength(mode string) int {
	switch mode {
	case "ACCESS SHARE":
		return 1
	case "ROW SHARE":
		return 2
	case "ROW EXCLUSIVE":
		return 3
	case "SHARE UPDATE EXCLUSIVE":
		return 4
	case "SHARE":
		return 5
	case "SHARE ROW EXCLUSIVE":
		return 6
	case "EXCLUSIVE":
		return 7
	case "ACCESS EXCLUSIVE":
		return 8
	}
	return 0
}

// LockOn returns the strongest mode the statement itself took on a
// relation, "" when it took none (or the transaction held it already).
func (s *Statement) LockOn(q schema.QName) string {
	for _, l := range s.Locks {
		if l.Relation == q {
			return l.Mode
		}
	}
	return ""
}

// Rewrote reports whether the statement rewrote a relation.
func (s *Statement) Rewrote(q schema.QName) bool {
	for _, r := range s.Rewrites {
		if r == q {
			return true
		}
	}
	return false
}
