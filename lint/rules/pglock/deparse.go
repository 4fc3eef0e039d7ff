package pglock

import (
	"strings"
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules/internal/pgsql"
	"github.com/schemaguard/schemaguard/schema"
	"google.golang.org/protobuf/proto"
)

// Fixes for constraints are rebuilt from the statement's own tree, so the
// expression, ON DELETE actions, DEFERRABLE and quoting survive exactly;
// the Changes do not carry a CHECK's expression.

// treeConstraint is a constraint clause of an ALTER TABLE: table-level
// (col nil) or written on a column of ADD COLUMN.
type treeConstraint struct {
	at  *pg_query.AlterTableStmt
	con *pg_query.Constraint
	col *pg_query.ColumnDef
}

var contypes = map[schema.ConstraintKind]pg_query.ConstrType{
	schema.Check:      pg_query.ConstrType_CONSTR_CHECK,
	schema.ForeignKey: pg_query.ConstrType_CONSTR_FOREIGN,
}

// findConstraint returns the tree clause of change ac: the k-th clause of
// its kind and placement, where ac is the k-th such change of the
// statement. ok is false when the tree and the changes do not line up.
func findConstraint(p *lint.Pass, ac *schema.AddConstraint) (treeConstraint, bool) {
	at := pgsql.Stmt(p).GetAlterTableStmt()
	want, known := contypes[ac.Constraint.Kind]
	if at == nil || !known {
		return treeConstraint{}, false
	}
	var clauses []treeConstraint
	for _, n := range at.GetCmds() {
		cmd := n.GetAlterTableCmd()
		switch cmd.GetSubtype() {
		case pg_query.AlterTableType_AT_AddColumn:
			cd := cmd.GetDef().GetColumnDef()
			for _, cn := range cd.GetConstraints() {
				if c := cn.GetConstraint(); c.GetContype() == want && ac.Inline {
					clauses = append(clauses, treeConstraint{at, c, cd})
				}
			}
		case pg_query.AlterTableType_AT_AddConstraint:
			if c := cmd.GetDef().GetConstraint(); c.GetContype() == want && !ac.Inline {
				clauses = append(clauses, treeConstraint{at, c, nil})
			}
		}
	}
	k, total := -1, 0
	for _, c := range p.Changes() {
		o, ok := c.(*schema.AddConstraint)
		if !ok || o.Constraint == nil || o.Constraint.Kind != ac.Constraint.Kind || o.Inline != ac.Inline {
			continue
		}
		if o == ac {
			k = total
		}
		total++
	}
	if k < 0 || total != len(clauses) {
		return treeConstraint{}, false
	}
	return clauses[k], true
}

// addNotValid renders ALTER TABLE ... ADD CONSTRAINT name ... NOT VALID for
// the clause, as a table constraint named name.
func (tc treeConstraint) addNotValid(name string) (string, bool) {
	con, ok := proto.Clone(tc.con).(*pg_query.Constraint)
	if !ok {
		return "", false
	}
	con.Conname = name
	con.SkipValidation = true
	con.InitiallyValid = false
	if tc.col != nil && con.GetContype() == pg_query.ConstrType_CONSTR_FOREIGN && len(con.GetFkAttrs()) == 0 {
		con.FkAttrs = []*pg_query.Node{pg_query.MakeStrNode(tc.col.GetColname())}
	}
	return deparseAlter(tc.at, &pg_query.AlterTableCmd{
		Subtype:  pg_query.AlterTableType_AT_AddConstraint,
		Def:      &pg_query.Node{Node: &pg_query.Node_Constraint{Constraint: con}},
		Behavior: pg_query.DropBehavior_DROP_RESTRICT,
	})
}

// addColumnWithout renders the ADD COLUMN of an inline clause without it.
func (tc treeConstraint) addColumnWithout() (string, bool) {
	cd, ok := proto.Clone(tc.col).(*pg_query.ColumnDef)
	if !ok {
		return "", false
	}
	var keep []*pg_query.Node
	for i, cn := range tc.col.GetConstraints() {
		if cn.GetConstraint() != tc.con {
			keep = append(keep, cd.Constraints[i])
		}
	}
	cd.Constraints = keep
	return deparseAlter(tc.at, &pg_query.AlterTableCmd{
		Subtype:  pg_query.AlterTableType_AT_AddColumn,
		Def:      &pg_query.Node{Node: &pg_query.Node_ColumnDef{ColumnDef: cd}},
		Behavior: pg_query.DropBehavior_DROP_RESTRICT,
	})
}

// defaulted reports an inline clause whose column has a DEFAULT.
func (tc treeConstraint) defaulted() bool {
	if tc.col == nil {
		return false
	}
	if tc.col.GetRawDefault() != nil {
		return true
	}
	for _, cn := range tc.col.GetConstraints() {
		if cn.GetConstraint().GetContype() == pg_query.ConstrType_CONSTR_DEFAULT {
			return true
		}
	}
	return false
}

func deparseAlter(at *pg_query.AlterTableStmt, cmd *pg_query.AlterTableCmd) (string, bool) {
	stmt := &pg_query.AlterTableStmt{Relation: at.GetRelation(), Objtype: at.GetObjtype(), MissingOk: at.GetMissingOk(),
		Cmds: []*pg_query.Node{{Node: &pg_query.Node_AlterTableCmd{AlterTableCmd: cmd}}}}
	v := treeVersion()
	if v == 0 {
		return "", false
	}
	out, err := pg_query.Deparse(&pg_query.ParseResult{Version: v, Stmts: []*pg_query.RawStmt{
		{Stmt: &pg_query.Node{Node: &pg_query.Node_AlterTableStmt{AlterTableStmt: stmt}}}}})
	if err != nil || strings.TrimSpace(out) == "" {
		return "", false
	}
	return strings.TrimRight(strings.TrimSpace(out), ";") + ";", true
}

// treeVersion is the parse-tree version Deparse insists on; the library
// exposes it only through a parse.
var treeVersion = sync.OnceValue(func() int32 {
	res, err := pg_query.Parse("SELECT 1")
	if err != nil {
		return 0
	}
	return res.GetVersion()
})
