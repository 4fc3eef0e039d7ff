package mysql

import (
	"slices"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
	"github.com/pingcap/tidb/pkg/parser/opcode"

	"github.com/schemaguard/schemaguard/schema"
)

// translator accumulates the Changes of the statements of one text.
type translator struct {
	text    string
	toks    []token
	mariadb bool
	start   int // where the current statement starts; statement-level changes point here
	changes []schema.Change
}

func (t *translator) add(c ...schema.Change) { t.changes = append(t.changes, c...) }

func (t *translator) at() schema.At { return schema.At{Offset: t.start} }

// stmt translates one statement. Statements without a tracked effect
// (INSERT, SELECT, GRANT, CREATE SEQUENCE, OPTIMIZE, UNLOCK TABLES ...) add
// nothing.
func (t *translator) stmt(n ast.StmtNode) {
	switch n := n.(type) {
	case *ast.CreateDatabaseStmt:
		t.add(&schema.CreateSchema{At: t.at(), Name: n.Name.O})
	case *ast.DropDatabaseStmt:
		t.add(&schema.DropSchema{At: t.at(), Names: []string{n.Name.O}})
	case *ast.CreateTableStmt:
		t.createTable(n)
	case *ast.DropTableStmt:
		t.dropTable(n)
	case *ast.RenameTableStmt:
		starts := renamePairs(t.stmtToks())
		for i, p := range n.TableToTables {
			at := t.at()
			if i > 0 && i < len(starts) {
				at.Offset = starts[i]
			}
			t.add(&schema.RenameTable{At: at, From: tableName(p.OldTable), To: tableName(p.NewTable)})
		}
	case *ast.TruncateTableStmt:
		t.add(&schema.Truncate{At: t.at(), Tables: []schema.QName{tableName(n.Table)}})
	case *ast.DeleteStmt:
		t.delete(n)
	case *ast.UpdateStmt:
		t.update(n)
	case *ast.AlterTableStmt:
		t.alterTable(n)
	case *ast.CreateIndexStmt:
		idx := &schema.Index{Name: n.IndexName, Unique: n.KeyType == ast.IndexKeyTypeUnique, Columns: indexColumns(n.IndexPartSpecifications)}
		t.add(&schema.CreateIndex{At: t.at(), Table: tableName(n.Table), Index: idx, IfNotExists: n.IfNotExists})
	case *ast.DropIndexStmt:
		t.add(&schema.DropIndex{At: t.at(), Names: []schema.QName{{Name: n.IndexName}}, Table: tableName(n.Table), IfExists: n.IfExists})
	case *ast.CreateViewStmt:
		t.add(&schema.CreateView{At: t.at(), Name: tableName(n.ViewName), OrReplace: n.OrReplace})
	case *ast.SetStmt:
		t.set(n)
	case *ast.BeginStmt:
		t.add(&schema.TxControl{At: t.at(), Op: "begin"})
	case *ast.CommitStmt:
		t.add(&schema.TxControl{At: t.at(), Op: "commit"})
	case *ast.RollbackStmt:
		if n.SavepointName == "" { // ROLLBACK TO SAVEPOINT keeps the transaction
			t.add(&schema.TxControl{At: t.at(), Op: "rollback"})
		}
	case *ast.LockTablesStmt:
		for _, l := range n.TableLocks {
			t.add(&schema.LockTable{At: t.at(), Tables: []schema.QName{tableName(l.Table)}, Mode: strings.ToUpper(l.Type.String())})
		}
	}
}

func tableName(n *ast.TableName) schema.QName {
	if n == nil {
		return schema.QName{}
	}
	return schema.QName{Schema: n.Schema.O, Name: n.Name.O}
}

func tableNames(ns []*ast.TableName) []schema.QName {
	out := make([]schema.QName, 0, len(ns))
	for _, n := range ns {
		out = append(out, tableName(n))
	}
	return out
}

// dropTable: DROP [TEMPORARY] TABLE and DROP VIEW share the node.
func (t *translator) dropTable(n *ast.DropTableStmt) {
	if n.IsView {
		t.add(&schema.DropView{At: t.at(), Names: tableNames(n.Tables)})
		return
	}
	t.add(&schema.DropTable{At: t.at(), Names: tableNames(n.Tables), IfExists: n.IfExists})
}

// delete: a DELETE that removes every row of its table (no WHERE, no
// LIMIT, no join condition) is a Truncate with Delete set; any restriction
// makes it a Delete. A multi-table DELETE reports each target table.
func (t *translator) delete(n *ast.DeleteStmt) {
	var targets []schema.QName
	if n.IsMultiTable && n.Tables != nil {
		// The targets may name the FROM clause's aliases: DELETE a FROM t a ...
		aliases := map[string]schema.QName{}
		if n.TableRefs != nil {
			collectSources(n.TableRefs.TableRefs, func(name schema.QName, alias string) {
				if alias != "" {
					aliases[strings.ToLower(alias)] = name
				}
			})
		}
		for _, q := range tableNames(n.Tables.Tables) {
			if real, ok := aliases[strings.ToLower(q.Name)]; ok && q.Schema == "" {
				q = real
			}
			targets = append(targets, q)
		}
	} else if n.TableRefs != nil {
		targets = sourceTables(n.TableRefs.TableRefs)
	}
	restricted := n.Where != nil || n.Limit != nil || n.TableRefs != nil && joinRestricts(n.TableRefs.TableRefs)
	var refs []string
	if restricted {
		refs = columnRefs(n.Where)
		if n.TableRefs != nil {
			refs = append(refs, joinRefs(n.TableRefs.TableRefs)...)
		}
	}
	for _, q := range targets {
		if restricted {
			t.add(&schema.Delete{At: t.at(), Table: q, WhereColumns: refs})
		} else {
			t.add(&schema.Truncate{At: t.at(), Tables: []schema.QName{q}, Delete: true})
		}
	}
}

// update reports one Update per assigned table; a column qualified with an
// alias or table name of a multi-table UPDATE is attributed to that table.
func (t *translator) update(n *ast.UpdateStmt) {
	if n.TableRefs == nil {
		return
	}
	aliases := map[string]schema.QName{}
	var tables []schema.QName
	collectSources(n.TableRefs.TableRefs, func(name schema.QName, alias string) {
		tables = append(tables, name)
		aliases[strings.ToLower(name.Name)] = name
		if alias != "" {
			aliases[strings.ToLower(alias)] = name
		}
	})
	if len(tables) == 0 {
		return
	}
	byTable := map[schema.QName]*schema.Update{}
	var order []schema.QName
	for _, a := range n.List {
		if a.Column == nil {
			continue
		}
		q := tables[0]
		if qual := a.Column.Table.L; qual != "" {
			if aq, ok := aliases[qual]; ok {
				q = aq
			}
		}
		u := byTable[q]
		if u == nil {
			u = &schema.Update{At: t.at(), Table: q, HasWhere: n.Where != nil}
			u.WhereNull = isNullColumn(n.Where)
			u.WhereColumns = columnRefs(n.Where)
			// The condition's column must be this table's: a multi-table
			// UPDATE may pick rows by another table's column.
			if col, vals := valuesPicked(n.Where); col != nil && (col.Table.L == "" || aliases[col.Table.L] == q) {
				u.WhereValuesColumn, u.WhereValues = col.Name.O, vals
			}
			byTable[q] = u
			order = append(order, q)
		}
		if c := a.Column.Name.O; !slices.Contains(u.Columns, c) {
			u.Columns = append(u.Columns, c)
			expr := a.Expr
			if cast, ok := expr.(*ast.FuncCastExpr); ok { // CAST(NULL AS CHAR) is NULL too
				expr = cast.Expr
			}
			if v, ok := expr.(ast.ValueExpr); ok && v.GetValue() == nil {
				u.NullColumns = append(u.NullColumns, c)
			}
		}
	}
	for _, q := range order {
		t.add(byTable[q])
	}
}

// isNullColumn returns col when the condition is "col IS NULL", or an OR
// with such a branch: every NULL of col satisfies it.
func isNullColumn(e ast.ExprNode) string {
	switch e := e.(type) {
	case *ast.IsNullExpr:
		if col, ok := e.Expr.(*ast.ColumnNameExpr); ok && !e.Not {
			return col.Name.Name.O
		}
	case *ast.ParenthesesExpr:
		return isNullColumn(e.Expr)
	case *ast.BinaryOperationExpr:
		if e.Op == opcode.LogicOr {
			if col := isNullColumn(e.L); col != "" {
				return col
			}
			return isNullColumn(e.R)
		}
	}
	return ""
}

// valuesPicked reads a condition of the shape col = 'v', col IN ('v', ...)
// or an OR of those on the same column, and returns the column and the
// string constants; nil when the condition has another shape.
func valuesPicked(e ast.ExprNode) (*ast.ColumnName, []string) {
	constant := func(e ast.ExprNode) (string, bool) {
		v, ok := e.(ast.ValueExpr)
		if !ok || v.GetValue() == nil {
			return "", false
		}
		s, ok := v.GetValue().(string)
		return s, ok
	}
	column := func(e ast.ExprNode) *ast.ColumnName {
		if c, ok := e.(*ast.ColumnNameExpr); ok {
			return c.Name
		}
		return nil
	}
	switch e := e.(type) {
	case *ast.ParenthesesExpr:
		return valuesPicked(e.Expr)
	case *ast.PatternInExpr:
		col := column(e.Expr)
		if col == nil || e.Not || e.Sel != nil {
			return nil, nil
		}
		var vals []string
		for _, x := range e.List {
			s, ok := constant(x)
			if !ok {
				return nil, nil
			}
			vals = append(vals, s)
		}
		return col, vals
	case *ast.BinaryOperationExpr:
		switch e.Op {
		case opcode.EQ:
			col, lit := e.L, e.R
			if column(col) == nil {
				col, lit = e.R, e.L
			}
			if s, ok := constant(lit); ok && column(col) != nil {
				return column(col), []string{s}
			}
		case opcode.LogicOr:
			lc, lv := valuesPicked(e.L)
			rc, rv := valuesPicked(e.R)
			if lc != nil && rc != nil && lc.Name.L == rc.Name.L && lc.Table.L == rc.Table.L {
				return lc, append(lv, rv...)
			}
		}
	}
	return nil, nil
}

// sourceTables lists the base tables of a FROM clause.
func sourceTables(j *ast.Join) []schema.QName {
	var out []schema.QName
	collectSources(j, func(q schema.QName, _ string) { out = append(out, q) })
	return out
}

func collectSources(n ast.ResultSetNode, f func(schema.QName, string)) {
	switch n := n.(type) {
	case *ast.Join:
		if n == nil {
			return
		}
		collectSources(n.Left, f)
		collectSources(n.Right, f)
	case *ast.TableSource:
		if tn, ok := n.Source.(*ast.TableName); ok && tn != nil {
			f(tableName(tn), n.AsName.O)
		}
	}
}

// joinRefs lists the columns the ON conditions and USING lists of a join
// reference.
func joinRefs(n ast.ResultSetNode) []string {
	j, ok := n.(*ast.Join)
	if !ok || j == nil {
		return nil
	}
	var out []string
	if j.On != nil {
		out = append(out, columnRefs(j.On.Expr)...)
	}
	for _, c := range j.Using {
		out = append(out, c.Name.O)
	}
	out = append(out, joinRefs(j.Left)...)
	return append(out, joinRefs(j.Right)...)
}

// joinRestricts reports whether a FROM clause joins with a condition, so a
// DELETE over it touches only the matching rows.
func joinRestricts(n ast.ResultSetNode) bool {
	j, ok := n.(*ast.Join)
	if !ok || j == nil {
		return false
	}
	if j.Right != nil && (j.On != nil || len(j.Using) > 0 || j.NaturalJoin) {
		return true
	}
	return joinRestricts(j.Left) || joinRestricts(j.Right)
}

// set translates SET of session system variables (SET x = v, SET SESSION
// x = v, SET @@x = v, SET @@session.x = v). GLOBAL and PERSIST settings do
// not apply to the migration's own session, user variables are not
// settings, and SET NAMES / CHARACTER SET / TRANSACTION add nothing.
func (t *translator) set(n *ast.SetStmt) {
	for _, v := range n.Variables {
		if v == nil || !v.IsSystem || v.IsGlobal || v.IsInstance || v.Name == "" {
			continue
		}
		if v.Name == ast.SetNames || v.Name == ast.SetCharset {
			continue
		}
		t.add(&schema.SetConfig{At: t.at(), Name: strings.ToLower(v.Name), Value: settingValue(v.Value)})
	}
}

// settingValue is a SET value as text: 5, 10s, ON, DEFAULT.
func settingValue(e ast.ExprNode) string {
	switch e := e.(type) {
	case nil:
		return ""
	case *ast.DefaultExpr:
		return "DEFAULT"
	case *ast.ColumnNameExpr: // ON, OFF and other bare words
		return e.Name.Name.O
	case ast.ValueExpr:
		if s, ok := e.GetValue().(string); ok {
			return s
		}
	}
	return restore(e)
}

// restoreFlags render expressions readably: keywords upper case, names
// unquoted as the realm's column matching expects, strings single-quoted.
const restoreFlags = format.RestoreStringSingleQuotes | format.RestoreKeyWordUppercase |
	format.RestoreSpacesAroundBinaryOperation | format.RestoreStringWithoutCharset

// restore renders a node as SQL ("" when TiDB cannot).
func restore(n ast.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	if err := n.Restore(format.NewRestoreCtx(restoreFlags, &b)); err != nil {
		return ""
	}
	return b.String()
}

// literals returns the string constants of the statements in the order
// written, each once.
func literals(stmts []ast.StmtNode) []string {
	v := &literalVisitor{seen: map[string]bool{}}
	for _, s := range stmts {
		s.Accept(v)
	}
	return v.out
}

type literalVisitor struct {
	out  []string
	seen map[string]bool
}

func (v *literalVisitor) Enter(n ast.Node) (ast.Node, bool) {
	if ve, ok := n.(ast.ValueExpr); ok {
		if s, ok := ve.GetValue().(string); ok && !v.seen[s] {
			v.seen[s] = true
			v.out = append(v.out, s)
		}
	}
	return n, false
}

func (v *literalVisitor) Leave(n ast.Node) (ast.Node, bool) { return n, true }
