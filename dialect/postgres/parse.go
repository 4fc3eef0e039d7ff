// Package postgres is the PostgreSQL dialect adapter: it parses statements
// with PostgreSQL's own parser (pg_query_go, libpg_query) and translates
// their trees into dialect-neutral schema Changes.
package postgres

import (
	"errors"
	"fmt"
	"sort"
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
func (p *Parser) Parse(text string) (st *dialect.Statement, err error) {
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
	st = &dialect.Statement{Literals: literals(res.GetStmts())}
	tr := &translator{text: text, version: res.GetVersion()}
	for i, raw := range res.GetStmts() {
		if i == 0 {
			st.Tree = raw
		}
		tr.rawStmt(raw)
	}
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
	toks       []*pg_query.ScanToken
	scanned    bool
	changes    []schema.Change
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

// tokens scans the whole text once, on demand: only ALTER and RENAME need
// clause positions the tree does not carry.
func (t *translator) tokens() []*pg_query.ScanToken {
	if !t.scanned {
		t.scanned = true
		if res, err := pg_query.Scan(t.text); err == nil {
			for _, tk := range res.GetTokens() {
				if tk.GetToken() != pg_query.Token_SQL_COMMENT && tk.GetToken() != pg_query.Token_C_COMMENT {
					t.toks = append(t.toks, tk)
				}
			}
		}
	}
	return t.toks
}

// clauses returns the offsets of the comma-separated clauses that follow
// the relation name rv in the current statement: ALTER TABLE t <clause>,
// <clause> ... (commas inside parentheses or brackets do not separate).
// AlterTableCmd nodes carry no location, and this gives each sub-command
// the position of its first keyword (ADD, DROP, ALTER ...).
func (t *translator) clauses(rv *pg_query.RangeVar) []int {
	toks := t.tokens()
	loc := rv.GetLocation()
	i := sort.Search(len(toks), func(i int) bool { return toks[i].GetStart() >= loc })
	// Skip the possibly qualified name and an inheritance star.
	for i < len(toks) {
		i++
		if i < len(toks) && toks[i].GetToken() == pg_query.Token_ASCII_46 { // "."
			i++
			continue
		}
		break
	}
	if i < len(toks) && toks[i].GetToken() == pg_query.Token_ASCII_42 { // "*"
		i++
	}
	var out []int
	depth, fresh := 0, true
	for ; i < len(toks) && int(toks[i].GetStart()) < t.end; i++ {
		tk := toks[i].GetToken()
		if depth == 0 && (tk == pg_query.Token_ASCII_44 || tk == pg_query.Token_ASCII_59) { // "," ";"
			if tk == pg_query.Token_ASCII_59 {
				break
			}
			fresh = true
			continue
		}
		if fresh {
			out = append(out, int(toks[i].GetStart()))
			fresh = false
		}
		switch tk {
		case pg_query.Token_ASCII_40, pg_query.Token_ASCII_91: // "(" "["
			depth++
		case pg_query.Token_ASCII_41, pg_query.Token_ASCII_93: // ")" "]"
			depth--
		}
	}
	return out
}

// deparse renders an expression as SQL by deparsing SELECT <expr> with
// PostgreSQL's own deparser: the tree gives expression starts but not ends,
// so slicing the source would need a second grammar.
func (t *translator) deparse(n *pg_query.Node) string {
	if n == nil {
		return ""
	}
	sel := &pg_query.SelectStmt{TargetList: []*pg_query.Node{pg_query.MakeResTargetNodeWithVal(n, -1)}}
	tree := &pg_query.ParseResult{Version: t.version, Stmts: []*pg_query.RawStmt{{Stmt: &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}}}}}
	out, err := pg_query.Deparse(tree)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(out, "SELECT ")
}

// expr is a DEFAULT (or similar) expression with its volatility.
func (t *translator) expr(n *pg_query.Node) *schema.Expr {
	return &schema.Expr{Text: t.deparse(n), Volatile: volatile(n)}
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
