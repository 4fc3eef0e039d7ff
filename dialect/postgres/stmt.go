package postgres

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemaguard/schemaguard/schema"
)

// stmt translates one statement node. Statements without a tracked effect
// (INSERT, SELECT, COPY, GRANT, COMMENT, CREATE FUNCTION/TRIGGER/EXTENSION/
// SEQUENCE, DO ...) add nothing; a function body or DO block is a string to
// the parser, so the statements inside it never become Changes.
func (t *translator) stmt(n *pg_query.Node) {
	switch n := n.GetNode().(type) {
	case *pg_query.Node_CreateSchemaStmt:
		t.createSchema(n.CreateSchemaStmt)
	case *pg_query.Node_CreateStmt:
		t.createTable(n.CreateStmt)
	case *pg_query.Node_CreateTableAsStmt:
		t.createTableAs(n.CreateTableAsStmt)
	case *pg_query.Node_DropStmt:
		t.drop(n.DropStmt)
	case *pg_query.Node_AlterTableStmt:
		t.alterTable(n.AlterTableStmt)
	case *pg_query.Node_RenameStmt:
		t.rename(n.RenameStmt)
	case *pg_query.Node_AlterObjectSchemaStmt:
		t.setSchema(n.AlterObjectSchemaStmt)
	case *pg_query.Node_IndexStmt:
		t.createIndex(n.IndexStmt)
	case *pg_query.Node_CreateEnumStmt:
		s := n.CreateEnumStmt
		t.add(&schema.CreateEnum{At: t.at(-1), Enum: &schema.Enum{Name: listName(s.GetTypeName()), Values: strs(s.GetVals())}})
	case *pg_query.Node_AlterEnumStmt:
		t.alterEnum(n.AlterEnumStmt)
	case *pg_query.Node_ViewStmt:
		s := n.ViewStmt
		t.add(&schema.CreateView{At: t.at(-1), Name: relName(s.GetView()), OrReplace: s.GetReplace()})
	case *pg_query.Node_RefreshMatViewStmt:
		s := n.RefreshMatViewStmt
		t.add(&schema.Maintenance{At: t.at(-1), Kind: "refresh", Targets: []schema.QName{relName(s.GetRelation())}, Concurrently: s.GetConcurrent()})
	case *pg_query.Node_VacuumStmt:
		t.vacuum(n.VacuumStmt)
	case *pg_query.Node_ClusterStmt:
		m := &schema.Maintenance{At: t.at(-1), Kind: "cluster"}
		if rv := n.ClusterStmt.GetRelation(); rv != nil {
			m.Targets = []schema.QName{relName(rv)}
		}
		t.add(m)
	case *pg_query.Node_ReindexStmt:
		t.reindex(n.ReindexStmt)
	case *pg_query.Node_TruncateStmt:
		t.add(&schema.Truncate{At: t.at(-1), Tables: relNames(n.TruncateStmt.GetRelations())})
	case *pg_query.Node_DeleteStmt:
		t.with(n.DeleteStmt.GetWithClause())
		t.delete(n.DeleteStmt)
	case *pg_query.Node_UpdateStmt:
		t.with(n.UpdateStmt.GetWithClause())
		t.update(n.UpdateStmt)
	case *pg_query.Node_InsertStmt:
		t.with(n.InsertStmt.GetWithClause())
	case *pg_query.Node_SelectStmt:
		t.with(n.SelectStmt.GetWithClause())
		if into := n.SelectStmt.GetIntoClause(); into != nil { // SELECT ... INTO t
			t.add(&schema.CreateTable{At: t.at(-1), Table: &schema.Table{Name: relName(into.GetRel())}, AsSelect: true})
		}
		t.setConfigCalls(n.SelectStmt)
	case *pg_query.Node_VariableSetStmt:
		t.set(n.VariableSetStmt)
	case *pg_query.Node_TransactionStmt:
		t.transaction(n.TransactionStmt)
	case *pg_query.Node_LockStmt:
		s := n.LockStmt
		t.add(&schema.LockTable{At: t.at(-1), Tables: relNames(s.GetRelations()), Mode: lockModes[s.GetMode()]})
	}
}

// with translates data-modifying CTEs (WITH d AS (DELETE FROM t) ...),
// which change rows just like top-level statements.
func (t *translator) with(w *pg_query.WithClause) {
	for _, c := range w.GetCtes() {
		switch q := c.GetCommonTableExpr().GetCtequery().GetNode().(type) {
		case *pg_query.Node_DeleteStmt:
			t.delete(q.DeleteStmt)
		case *pg_query.Node_UpdateStmt:
			t.update(q.UpdateStmt)
		}
	}
}

func relNames(nodes []*pg_query.Node) []schema.QName {
	out := make([]schema.QName, 0, len(nodes))
	for _, n := range nodes {
		if rv := n.GetRangeVar(); rv != nil {
			out = append(out, relName(rv))
		}
	}
	return out
}

// createSchema also translates the elements of CREATE SCHEMA s CREATE
// TABLE ..., which land in s when unqualified.
func (t *translator) createSchema(s *pg_query.CreateSchemaStmt) {
	name := s.GetSchemaname()
	if name == "" { // CREATE SCHEMA AUTHORIZATION role names it after the role
		name = s.GetAuthrole().GetRolename()
	}
	t.add(&schema.CreateSchema{At: t.at(-1), Name: name})
	for _, e := range s.GetSchemaElts() {
		var rv *pg_query.RangeVar
		switch e := e.GetNode().(type) {
		case *pg_query.Node_CreateStmt:
			rv = e.CreateStmt.GetRelation()
		case *pg_query.Node_IndexStmt:
			rv = e.IndexStmt.GetRelation()
		case *pg_query.Node_ViewStmt:
			rv = e.ViewStmt.GetView()
		default:
			continue
		}
		if rv != nil && rv.Schemaname == "" {
			rv.Schemaname = name
		}
		t.stmt(e)
	}
}
