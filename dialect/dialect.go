// Package dialect defines what a SQL dialect adapter gives the linter: the
// effect of one statement as dialect-neutral schema Changes, plus the
// dialect's own tree for rules that need more.
package dialect

import (
	"fmt"

	"github.com/schemaguard/schemaguard/schema"
)

// Statement is one parsed statement.
type Statement struct {
	// Changes in the order the server applies them. Empty for statements with
	// no schema or data effect the model tracks (SELECT, GRANT, COMMENT ...).
	Changes []schema.Change
	// Literals are the string constants the statement uses; rules match them
	// against new enum values (PG310).
	Literals []string
	// Tree is the dialect parser's node (for PostgreSQL a *pg_query.RawStmt).
	Tree any
}

// Parser parses the text of one statement, as cut by migrate/split.
type Parser interface {
	Parse(text string) (*Statement, error)
	// ParseModel parses a statement of the history, which only feeds the
	// schema model. A statement that cannot change the model (INSERT,
	// UPDATE, COMMENT, GRANT ...) is recognised by a cheap scan of its
	// words and yields an empty Statement without being parsed; Literals and
	// Tree are never filled. A history of thousands of files costs what its
	// DDL costs.
	ParseModel(text string) (*Statement, error)
}

// SyntaxError is a statement that does not parse. Offset is the byte offset
// in the statement text where the parser stopped (-1 when unknown).
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	if e.Offset < 0 {
		return e.Msg
	}
	return fmt.Sprintf("%s (at byte %d)", e.Msg, e.Offset)
}
