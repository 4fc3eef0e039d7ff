// Package split cuts SQL text into statements the way a database client would,
// keeping the exact position of every statement in the original file.
package split

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// Dialect selects the lexical rules: quoting, comments and block bodies.
type Dialect string

const (
	Postgres Dialect = "postgres"
	MySQL    Dialect = "mysql"
)

// Options controls one Split call.
type Options struct {
	Dialect Dialect
	// Delimiter replaces ";" as the statement terminator (liquibase endDelimiter,
	// atlas:delimiter). Empty means ";" with dialect-aware block handling.
	Delimiter string
	// Whole returns the region as a single statement (liquibase splitStatements:false).
	Whole bool
	// NoClientCommands says the text goes to the server as written, with no
	// client in between (golang-migrate, goose, dbmate): a client command is
	// then an error, not a command. On MySQL that is a statement starting
	// with the word DELIMITER, which the server rejects as a syntax error;
	// the error wraps ErrClientCommand. Other DELIMITER words are ordinary
	// SQL and never switch the terminator.
	NoClientCommands bool
}

// ErrClientCommand is wrapped by the *Error for a client command met with
// Options.NoClientCommands.
var ErrClientCommand = errors.New("client command sent to the server")

// Statement is one statement of the source. Src[Pos:End] == Text: the text runs
// from the statement's first character to its last one, leading comments and the
// terminating delimiter excluded. Line and Column (1-based, Column counted in
// Unicode code points, a UTF-8 BOM not counted) locate the first character;
// EndLine and EndColumn locate the last one (inclusive).
type Statement struct {
	Text      string
	Pos, End  int
	Line      int
	Column    int
	EndLine   int
	EndColumn int
}

// Error is a lexical error (unterminated quote, comment or dollar body) at a
// position in the original source.
type Error struct {
	Msg          string
	Pos          int
	Line, Column int
	// Err is the category, when one applies (ErrClientCommand).
	Err error
}

func (e *Error) Error() string { return e.Msg }

func (e *Error) Unwrap() error { return e.Err }

// Split cuts src[start:end], a region of the file src (the whole file, so that
// positions are those of the file), into statements as the dialect's client
// would send them; an empty Dialect means Postgres. A region holding only
// comments and whitespace yields no statement. Comments between a statement's
// last token and its delimiter are left out of its Text like trailing
// whitespace, so that joining texts with ";" never comments a delimiter out.
// All Texts share one copy of the region.
//
// Semicolons inside routine bodies (PostgreSQL BEGIN ATOMIC ... END, MySQL
// CREATE PROCEDURE/FUNCTION/TRIGGER/EVENT with compound statements, MariaDB
// BEGIN NOT ATOMIC) do not end the statement; see block.go for how bodies are
// recognised and where that heuristic stops.
//
// Options.Delimiter, when set (other than ";"), is the only terminator: "/"
// or a word such as GO must stand alone on its line (any case, any
// parenthesis depth); any other delimiter ends a statement wherever it appears
// outside quotes and comments at parenthesis depth 0. Without it, MySQL
// "DELIMITER xx" lines switch the terminator as the mysql client does.
// Options.Whole returns the region as one statement, less one trailing ";".
//
// The error is an *Error for input that cannot be split (unterminated quote,
// comment or dollar body; DELIMITER without a delimiter; a client command
// with Options.NoClientCommands), else a plain error
// for a bad region or dialect.
func Split(src []byte, start, end int, opts Options) ([]Statement, error) {
	if start < 0 || end > len(src) || start > end {
		return nil, fmt.Errorf("split: region [%d:%d] out of range of a %d-byte source", start, end, len(src))
	}
	s := &scanner{src: src, start: start, end: end, whole: opts.Whole, noClient: opts.NoClientCommands, lastSemi: -1, lineClean: true}
	switch opts.Dialect {
	case "", Postgres:
		s.pg = true
	case MySQL:
	default:
		return nil, fmt.Errorf("split: unknown dialect %q", opts.Dialect)
	}
	s.blk.pg = s.pg
	s.pos = newPosTracker(src)
	if start == 0 && end >= len(bom) && bytes.HasPrefix(src, bom) {
		s.start = len(bom)
	}
	if d := userDelimiter(opts.Delimiter); d != "" && !opts.Whole {
		s.setDelim([]byte(d), true)
		s.delimUser = s.delim != nil
	}
	s.text, s.textBase = string(src[start:end]), start
	// Semicolons bound the statement count in the common case; sizing once
	// avoids regrowing (and copying) a slice of thousands of statements.
	s.out = make([]Statement, 0, bytes.Count(src[start:end], []byte{';'})+1)
	s.resetStmt()
	if err := s.run(); err != nil {
		return nil, err
	}
	return s.out, nil
}

// userDelimiter trims a word or symbol delimiter, but keeps one made only of
// whitespace: Atlas documents "\n\n" (a blank line) as a delimiter.
func userDelimiter(d string) string {
	if t := strings.TrimSpace(d); t != "" {
		return t
	}
	return d
}
