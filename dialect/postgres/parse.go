// Package postgres is the PostgreSQL dialect adapter: it parses statements
// with PostgreSQL's own parser (pg_query_go, libpg_query) and translates
// their trees into dialect-neutral schema Changes.
package postgres

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/schemaguard/schemaguard/dialect"
	"github.com/schemaguard/schemaguard/schema"
)

// Parser implements dialect.Parser for PostgreSQL. It holds no state and is
// safe for concurrent use.
type Parser struct{}

// New returns a PostgreSQL parser.
func New() *Parser { return &Parser{} }

var _ dialect.Parser = (*Parser)(nil)

// Parse parses text (normally one statement; several are merged in order)
// and translates it. A statement that does not parse yields a
// *dialect.SyntaxError. Statements with no tracked effect yield no Changes.
func (p *Parser) Parse(text string) (*dialect.Statement, error) {
	return parse(text, true)
}

// ParseModel implements dialect.Parser: only statements that can change the
// schema model are parsed, and their literals are not collected.
func (p *Parser) ParseModel(text string) (*dialect.Statement, error) {
	if !modelStatement(text) {
		return &dialect.Statement{}, nil
	}
	return parse(text, false)
}

// parse parses and translates text; full keeps the tree and the literals,
// which only rules read.
func parse(text string, full bool) (st *dialect.Statement, err error) {
	// The translation reads an arbitrary tree through nil-safe getters; a
	// missed case must cost one statement's changes, never the process.
	defer func() {
		if r := recover(); r != nil {
			st, err = nil, fmt.Errorf("postgres: translating statement: %v", r)
		}
	}()
	res, err := pg_query.Parse(text)
	if err != nil {
		return nil, syntaxError(text, err)
	}
	st = &dialect.Statement{}
	if full {
		st.Literals = literals(text, res.GetStmts())
	}
	tr := &translator{text: text, version: res.GetVersion()}
	for i, raw := range res.GetStmts() {
		if i == 0 && full {
			st.Tree = raw
		}
		tr.rawStmt(raw)
	}
	tr.flush()
	st.Changes = tr.changes
	return st, nil
}

// syntaxError converts pg_query's error. Its Cursorpos is PostgreSQL's
// error cursor: 1-based and counted in characters, not bytes (verified with
// multi-byte literals before the error), so it is walked to a byte offset.
func syntaxError(text string, err error) error {
	var pe *parser.Error
	if !errors.As(err, &pe) {
		return &dialect.SyntaxError{Offset: -1, Msg: err.Error()}
	}
	off := -1
	if pe.Cursorpos > 0 {
		off = len(text)
		chars := pe.Cursorpos - 1
		for i := range text {
			if chars == 0 {
				off = i
				break
			}
			chars--
		}
	}
	return &dialect.SyntaxError{Offset: off, Msg: pe.Message}
}

// translator accumulates the Changes of the statements of one text.
type translator struct {
	text    string
	version int32
	// start and end delimit the current statement; start is past leading
	// blanks and comments, so it is where a statement-level change points.
	start, end int
	changes    []schema.Change
	pending    []pendingText // expression texts to deparse, see flush
}

func (t *translator) add(c ...schema.Change) { t.changes = append(t.changes, c...) }

func (t *translator) rawStmt(raw *pg_query.RawStmt) {
	begin := int(raw.GetStmtLocation())
	t.end = len(t.text)
	if l := int(raw.GetStmtLen()); l > 0 && begin+l <= len(t.text) {
		t.end = begin + l
	}
	t.start = skipBlank(t.text, begin)
	t.stmt(raw.GetStmt())
}

// at returns a node location as a change offset, or the statement start
// when the parser gave none (-1).
func (t *translator) at(loc int32) schema.At {
	if loc >= 0 && int(loc) < len(t.text) {
		return schema.At{Offset: int(loc)}
	}
	return schema.At{Offset: t.start}
}

// skipBlank returns the offset of the first byte at or after i that is not
// white space or inside a comment.
func skipBlank(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v':
			i++
		case strings.HasPrefix(s[i:], "--"):
			nl := strings.IndexByte(s[i:], '\n')
			if nl < 0 {
				return len(s)
			}
			i += nl + 1
		case strings.HasPrefix(s[i:], "/*"):
			depth := 0 // PostgreSQL block comments nest
			for i < len(s) {
				if strings.HasPrefix(s[i:], "/*") {
					depth, i = depth+1, i+2
				} else if strings.HasPrefix(s[i:], "*/") {
					depth, i = depth-1, i+2
					if depth == 0 {
						break
					}
				} else {
					_, w := utf8.DecodeRuneInString(s[i:])
					i += w
				}
			}
		default:
			return i
		}
	}
	return i
}

// Name helpers.

// strs reads String nodes; nil when there are none.
func strs(nodes []*pg_query.Node) []string {
	var out []string
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			out = append(out, s.GetSval())
		}
	}
	return out
}

func relName(rv *pg_query.RangeVar) schema.QName {
	return schema.QName{Schema: rv.GetSchemaname(), Name: rv.GetRelname()}
}

// listName reads a possibly qualified name given as String nodes
// (name, schema.name, or catalog.schema.name).
func listName(nodes []*pg_query.Node) schema.QName {
	parts := strs(nodes)
	switch len(parts) {
	case 0:
		return schema.QName{}
	case 1:
		return schema.QName{Name: parts[0]}
	}
	return schema.QName{Schema: parts[len(parts)-2], Name: parts[len(parts)-1]}
}
