package postgres

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemaguard/schemaguard/schema"
)

// Expression texts (defaults, USING, index expressions) come from
// PostgreSQL's own deparser: the tree gives where an expression starts but
// not where it ends, so slicing the source would need a second grammar.
// A deparse call costs about as much as parsing a small statement, so the
// expressions of a statement are collected and rendered in one call as
// SELECT e1, e2, ... whose output is split back at top-level commas.

type pendingText struct {
	node *pg_query.Node
	set  func(string)
}

// render passes n's SQL text to set: at once for the simple shapes
// quickText knows, else from flush.
func (t *translator) render(n *pg_query.Node, set func(string)) {
	if n == nil {
		return
	}
	if s, ok := quickText(n); ok {
		set(s)
		return
	}
	t.pending = append(t.pending, pendingText{n, set})
}

// expr is a DEFAULT (or similar) expression with its volatility; its text
// is filled in by flush.
func (t *translator) expr(n *pg_query.Node) *schema.Expr {
	e := &schema.Expr{Volatile: volatile(n)}
	t.render(n, func(s string) { e.Text = s })
	return e
}

// flush deparses every pending expression. Should the batch fail or not
// split into as many parts (it does not happen with valid trees), each
// expression is deparsed alone; one that still fails keeps text "".
func (t *translator) flush() {
	p := t.pending
	t.pending = nil
	if len(p) == 0 {
		return
	}
	nodes := make([]*pg_query.Node, len(p))
	for i, x := range p {
		nodes[i] = x.node
	}
	if parts := splitTop(t.deparse(nodes...)); len(parts) == len(p) {
		for i, x := range p {
			x.set(parts[i])
		}
		return
	}
	for _, x := range p {
		x.set(t.deparse(x.node))
	}
}

// deparse renders SELECT n1, n2, ... and returns what follows SELECT.
func (t *translator) deparse(nodes ...*pg_query.Node) string {
	targets := make([]*pg_query.Node, len(nodes))
	for i, n := range nodes {
		targets[i] = pg_query.MakeResTargetNodeWithVal(n, -1)
	}
	sel := &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{TargetList: targets}}}
	out, err := pg_query.Deparse(&pg_query.ParseResult{Version: t.version, Stmts: []*pg_query.RawStmt{{Stmt: sel}}})
	if err != nil || !strings.HasPrefix(out, "SELECT ") {
		return ""
	}
	return out[len("SELECT "):]
}

// splitTop splits a deparsed target list at commas outside parentheses and
// brackets.
func splitTop(s string) []string {
	if s == "" {
		return nil
	}
	var parts []string
	depth, from := 0, 0
	for tk, ok := next(s, 0); ok; tk, ok = next(s, tk.end) {
		switch tk.kind {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, strings.TrimSpace(s[from:tk.start]))
				from = tk.end
			}
		}
	}
	return append(parts, strings.TrimSpace(s[from:]))
}
