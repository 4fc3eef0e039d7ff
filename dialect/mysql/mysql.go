// Package mysql is the MySQL/MariaDB dialect adapter: it parses statements
// with the TiDB parser (github.com/pingcap/tidb/pkg/parser, MySQL 8 grammar
// with TiDB's MariaDB keywords enabled for MariaDB) and translates its trees
// into dialect-neutral schema Changes.
//
// Names are kept as written, unquoted: MySQL on Linux compares table names
// case-sensitively (lower_case_table_names=0), so a table is "Users" if the
// migration says Users; column and index names, which the server compares
// without case, are kept as written too: the catalog matches column names
// without case (schema.Realm.FoldColumnCase) and avoids index names in any
// case when it names a key, but looks indexes up by their exact name.
// Schema is "" unless the statement qualifies the name with a database.
//
// Statements the TiDB grammar cannot read but the servers run are handled
// in three ways, in this order:
//
//  1. Stored programs (CREATE [OR REPLACE] [DEFINER=...] [AGGREGATE]
//     PROCEDURE|FUNCTION|TRIGGER|EVENT, ALTER and DROP of them, and MariaDB's
//     BEGIN NOT ATOMIC block) are recognised by their leading words before
//     any parsing and yield a Statement with no Changes and a Tree whose
//     Skipped names the kind: their bodies hold ";" and DML that must never
//     count as the migration's own (a DELETE in a body is not a Truncate).
//  2. A statement that fails to parse is rewritten (see normalize.go for the
//     exact list: spatial and MariaDB column types, SRID, SPATIAL INDEX,
//     INVISIBLE, SET PERSIST, ... and, for MariaDB, CREATE OR REPLACE,
//     WAIT/NOWAIT, ALTER ONLINE, IF [NOT] EXISTS clauses, NOCOPY, system
//     versioning, RETURNING) and parsed again; Tree.Rewritten is then set.
//  3. For MariaDB, a statement that still fails but uses a MariaDB-only
//     feature the model does not track (system versioning and application
//     periods, sequences, EXECUTE IMMEDIATE) yields a Statement with no
//     Changes and Tree.Skipped "mariadb" instead of a syntax error.
//
// Anything else that fails is a *dialect.SyntaxError at the byte offset of
// the token TiDB stopped at. The other way round, TiDB accepts in MySQL
// mode some MariaDB (and TiDB) syntax that MySQL refuses: the IF [NOT]
// EXISTS of ALTER TABLE clauses, CREATE INDEX and DROP INDEX. The MySQL
// parser reports those as syntax errors too (see notMySQL).
package mysql

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver" // literal values for the parser

	"github.com/schemaguard/schemaguard/dialect"
)

// Parser implements dialect.Parser for MySQL, or MariaDB when built with
// New(true). It is safe for concurrent use: a TiDB parser reuses its result
// buffer from one call to the next, so each goroutine borrows its own from
// a pool and the engine can parse files in parallel.
type Parser struct {
	mariadb bool
	tidb    sync.Pool // of *parser.Parser
}

// New returns a MySQL parser, or a MariaDB one when mariadb is true.
func New(mariadb bool) *Parser {
	p := &Parser{mariadb: mariadb}
	p.tidb.New = func() any {
		tp := parser.New()
		tp.SetMariaDB(mariadb)
		return tp
	}
	return p
}

var _ dialect.Parser = (*Parser)(nil)

// Tree is the Statement.Tree of this adapter.
type Tree struct {
	// Stmts are TiDB's trees of the statements in the text, normally one;
	// nil when Skipped is set.
	Stmts []ast.StmtNode
	// Skipped says why the text was accepted without a tree: "procedure",
	// "function", "trigger", "event", "compound" (MariaDB BEGIN NOT ATOMIC)
	// or "mariadb" (MariaDB-only syntax TiDB cannot read).
	Skipped string
	// Rewritten: Stmts come from the text after the rewrites in
	// normalize.go, so details they dropped (WAIT n, NOCOPY, SRID,
	// visibility) are not in the tree.
	Rewritten bool
}

// Stmt is the first statement's tree, nil when there is none.
func (t *Tree) Stmt() ast.StmtNode {
	if t == nil || len(t.Stmts) == 0 {
		return nil
	}
	return t.Stmts[0]
}

// AlterOptions returns the ALGORITHM and LOCK clauses of an ALTER TABLE
// (upper case, "" when absent), for rules that reason about online DDL.
func (t *Tree) AlterOptions() (algorithm, lock string) {
	at, ok := t.Stmt().(*ast.AlterTableStmt)
	if !ok {
		return "", ""
	}
	for _, s := range at.Specs {
		switch s.Tp {
		case ast.AlterTableAlgorithm:
			algorithm = strings.ToUpper(s.Algorithm.String())
		case ast.AlterTableLock:
			lock = strings.ToUpper(s.LockType.String())
		}
	}
	return algorithm, lock
}

// Parse parses the text of one statement (several are translated in order)
// and translates it. See the package comment for what is accepted without
// a tree.
func (p *Parser) Parse(text string) (st *dialect.Statement, err error) {
	toks := scan(text)
	if kind := routineKind(toks, p.mariadb); kind != "" {
		return &dialect.Statement{Tree: &Tree{Skipped: kind}}, nil
	}
	stmts, perr := p.parse(text)
	tree := &Tree{Stmts: stmts}
	if perr != nil {
		if alt := normalize(text, toks, p.mariadb); alt != "" {
			if s2, err2 := p.parse(alt); err2 == nil {
				stmts, perr = s2, nil
				tree = &Tree{Stmts: s2, Rewritten: true}
			}
		}
	}
	if perr != nil {
		if p.mariadb && mariaDBOnly(toks) {
			return &dialect.Statement{Tree: &Tree{Skipped: "mariadb"}}, nil
		}
		return nil, syntaxError(text, toks, perr)
	}
	if !p.mariadb {
		if err := notMySQL(text, toks); err != nil {
			return nil, err
		}
	}
	// The translation reads TiDB trees whose optional parts are nil in
	// shapes a test may have missed; that must cost one statement, never
	// the process.
	defer func() {
		if r := recover(); r != nil {
			st, err = nil, fmt.Errorf("mysql: translating statement: %v", r)
		}
	}()
	tr := &translator{text: text, toks: toks, mariadb: p.mariadb}
	starts := stmtStarts(toks, len(stmts))
	for i, s := range stmts {
		tr.start = starts[i]
		tr.stmt(s)
	}
	return &dialect.Statement{Changes: tr.changes, Literals: literals(stmts), Tree: tree}, nil
}

// ParseModel implements dialect.Parser: only statements that can change the
// schema model are parsed (see modelStatement), and neither the tree nor
// the literals are kept.
func (p *Parser) ParseModel(text string) (*dialect.Statement, error) {
	if !modelStatement(scan(text)) {
		return &dialect.Statement{}, nil
	}
	st, err := p.Parse(text)
	if err != nil {
		return nil, err
	}
	return &dialect.Statement{Changes: st.Changes}, nil
}

// modelStatement reports whether one of the statements in the tokens
// starts with CREATE, ALTER, DROP or RENAME: only those change the schema
// model (CREATE TABLE ... SELECT included; SELECT ... INTO fills
// variables or files, not tables).
func modelStatement(toks []token) bool {
	first := true
	for _, t := range toks {
		if first && (t.is("CREATE") || t.is("ALTER") || t.is("DROP") || t.is("RENAME")) {
			return true
		}
		first = t.kind == tPunct && t.up == ";"
	}
	return false
}

// parse runs the TiDB parser. It is not safe for concurrent use, hence the
// lock; a panic inside it (it has happened on odd input) becomes a syntax
// error, and the parser, whose state is then unknown, is replaced.
func (p *Parser) parse(text string) (stmts []ast.StmtNode, err error) {
	tp := p.tidb.Get().(*parser.Parser)
	defer func() {
		if r := recover(); r != nil {
			// A parser that panicked may hold broken state: drop it.
			stmts, err = nil, &dialect.SyntaxError{Offset: -1, Msg: fmt.Sprintf("the MySQL parser failed on this statement: %v", r)}
			return
		}
		p.tidb.Put(tp)
	}()
	stmts, _, err = tp.Parse(text, "", "")
	// The slice is the parser's reusable buffer; the nodes are fresh.
	return slices.Clone(stmts), err
}

// stmtStarts returns where each of n statements starts: after the previous
// top-level ";", past blanks and comments. Statement-level changes point
// there.
func stmtStarts(toks []token, n int) []int {
	out := make([]int, n)
	k, fresh := 0, true
	for _, t := range toks {
		if k >= n {
			break
		}
		if t.depth == 0 && t.up == ";" && t.kind == tPunct {
			fresh = true
			continue
		}
		if fresh {
			out[k] = t.start
			k++
			fresh = false
		}
	}
	return out
}

// routineKind recognises statements that create, alter or drop a stored
// program by their leading words; "" for anything else.
func routineKind(toks []token, mariadb bool) string {
	w := firstWords(toks, 3)
	if len(w) < 2 {
		return ""
	}
	switch w[0] {
	case "DROP":
		return routineWord(w[1], true)
	case "BEGIN":
		if mariadb && len(w) == 3 && w[1] == "NOT" && w[2] == "ATOMIC" {
			return "compound"
		}
	case "CREATE", "ALTER":
		// Skip OR REPLACE, ALGORITHM=, DEFINER = user, SQL SECURITY,
		// AGGREGATE ...; stop at the first word naming another object.
		for _, t := range toks[1:min(len(toks), 24)] {
			if t.kind != tWord {
				continue
			}
			if k := routineWord(t.up, w[0] == "CREATE"); k != "" {
				return k
			}
			if otherObjects[t.up] {
				return ""
			}
		}
	}
	return ""
}

func routineWord(w string, trigger bool) string {
	switch w {
	case "PROCEDURE", "FUNCTION", "EVENT":
		return strings.ToLower(w)
	case "TRIGGER":
		if trigger {
			return "trigger"
		}
	}
	return ""
}

var otherObjects = map[string]bool{
	"TABLE": true, "VIEW": true, "INDEX": true, "UNIQUE": true, "FULLTEXT": true, "SPATIAL": true,
	"DATABASE": true, "SCHEMA": true, "USER": true, "ROLE": true, "SEQUENCE": true, "TEMPORARY": true,
	"TABLESPACE": true, "SERVER": true, "LOGFILE": true, "RESOURCE": true, "INSTANCE": true,
}

// mariaDBOnly reports MariaDB features the TiDB grammar lacks and the model
// does not track: system-versioned tables and application-time periods
// (PERIOD FOR, AS ROW START/END, FOR SYSTEM_TIME), sequences, and EXECUTE
// IMMEDIATE.
func mariaDBOnly(toks []token) bool {
	w := firstWords(toks, 3)
	if len(w) >= 2 && w[0] == "EXECUTE" && w[1] == "IMMEDIATE" {
		return true
	}
	if len(w) >= 2 && (w[0] == "CREATE" || w[0] == "ALTER" || w[0] == "DROP") {
		for _, x := range w[1:] {
			if x == "SEQUENCE" {
				return true
			}
		}
	}
	for i, t := range toks {
		next := tokAt(toks, i+1)
		switch {
		case t.is("SYSTEM") && next.is("VERSIONING"),
			t.is("PERIOD") && next.is("FOR"),
			t.is("SYSTEM_TIME"),
			t.is("AS") && next.is("ROW") && (tokAt(toks, i+2).is("START") || tokAt(toks, i+2).is("END")):
			return true
		}
	}
	return false
}

// notMySQL returns a syntax error at the first IF [NOT] EXISTS that MySQL 8
// has no grammar for but TiDB accepts in MySQL mode as well as MariaDB's:
// inside ALTER TABLE (ADD/DROP/MODIFY/CHANGE COLUMN, ADD/DROP INDEX, ADD/DROP
// PARTITION ...) and in CREATE INDEX and DROP INDEX. MySQL has it only for
// whole objects (CREATE TABLE, DROP TABLE, DROP VIEW, CREATE DATABASE ...),
// which are left alone. nil when there is none.
func notMySQL(text string, toks []token) error {
	stmt := toks
	for len(stmt) > 0 {
		end := len(stmt)
		for i, t := range stmt {
			if t.depth == 0 && t.kind == tPunct && t.up == ";" {
				end = i
				break
			}
		}
		if i := ifExistsClause(stmt[:end]); i >= 0 {
			t := stmt[i]
			return &dialect.SyntaxError{Offset: t.start, Msg: fmt.Sprintf(
				"syntax error at or near %q: MySQL has no IF [NOT] EXISTS here (MariaDB has)", text[t.start:t.end])}
		}
		if end == len(stmt) {
			break
		}
		stmt = stmt[end+1:]
	}
	return nil
}

// ifExistsClause returns the index of the IF of an IF [NOT] EXISTS MySQL
// refuses in one statement's tokens, or -1.
func ifExistsClause(toks []token) int {
	w := firstWords(toks, 4)
	if len(w) < 2 {
		return -1
	}
	switch {
	case w[0] == "ALTER":
		// ALTER [ONLINE] [IGNORE] TABLE; MySQL has no ALTER TABLE IF EXISTS
		// either.
		if !slices.Contains(w[1:], "TABLE") {
			return -1
		}
	case w[0] == "CREATE" && (w[1] == "INDEX" || len(w) > 2 && w[2] == "INDEX" && indexKinds[w[1]]),
		w[0] == "DROP" && w[1] == "INDEX":
	default:
		return -1
	}
	for i, t := range toks {
		if t.depth != 0 || !t.is("IF") {
			continue
		}
		if next := tokAt(toks, i+1); next.is("EXISTS") || next.is("NOT") && tokAt(toks, i+2).is("EXISTS") {
			return i
		}
	}
	return -1
}

var indexKinds = map[string]bool{"UNIQUE": true, "FULLTEXT": true, "SPATIAL": true}

// syntaxError converts TiDB's error. Its message is `line L column C near
// "<rest of the text from the failing token>"` (the rest is cut at 2048
// bytes, then followed by "(total length N)"), so the failing token's byte
// offset is the text's length minus the rest's. The message is rephrased
// around that token.
func syntaxError(text string, toks []token, err error) error {
	var se *dialect.SyntaxError
	if errors.As(err, &se) {
		return se
	}
	msg := err.Error()
	off := nearOffset(text, msg)
	if off < 0 {
		if i := strings.Index(msg, "]"); strings.HasPrefix(msg, "[") && i > 0 {
			msg = strings.TrimSpace(msg[i+1:]) // "[parser:1800]Unknown ALGORITHM ..."
		}
		return &dialect.SyntaxError{Offset: -1, Msg: msg}
	}
	for _, t := range toks {
		if t.end > off {
			if t.start > off { // the parser stopped inside a comment or blank
				off = t.start
			}
			tok := text[t.start:t.end]
			if len(tok) > 40 {
				tok = tok[:40] + "…"
			}
			return &dialect.SyntaxError{Offset: off, Msg: fmt.Sprintf("syntax error at or near %q", tok)}
		}
	}
	return &dialect.SyntaxError{Offset: off, Msg: "syntax error at end of input"}
}

func nearOffset(text, msg string) int {
	const near = ` near "`
	i := strings.Index(msg, near)
	if !strings.HasPrefix(msg, "line ") || i < 0 {
		return -1
	}
	rest := msg[i+len(near):]
	if j := strings.LastIndex(rest, "(total length "); j >= 0 {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest[j+len("(total length "):]), ")"))
		if err == nil && n <= len(text) {
			return len(text) - n
		}
	}
	for off := 0; off <= len(text); off++ {
		if strings.HasPrefix(rest, text[off:]) && strings.HasPrefix(rest[len(text)-off:], `"`) {
			return off
		}
	}
	return -1
}
