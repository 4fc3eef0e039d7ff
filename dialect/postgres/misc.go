package postgres

import (
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemaguard/schemaguard/schema"
)

// createIndex translates CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT
// EXISTS] [name] ON t (...) [WHERE ...]. Key columns are names or
// expression texts; INCLUDE columns are not key columns and are left out.
func (t *translator) createIndex(s *pg_query.IndexStmt) {
	idx := &schema.Index{Name: s.GetIdxname(), Unique: s.GetUnique(), Primary: s.GetPrimary(), Partial: s.GetWhereClause() != nil,
		NullsNotDistinct: s.GetNullsNotDistinct()}
	for _, p := range s.GetIndexParams() {
		t.indexElem(p.GetIndexElem(), &idx.Columns)
	}
	for _, c := range conjuncts(s.GetWhereClause()) {
		i := len(idx.Where)
		idx.Where = append(idx.Where, "")
		t.render(c, func(s string) { idx.Where[i] = s })
	}
	t.add(&schema.CreateIndex{At: t.at(-1), Table: relName(s.GetRelation()), Index: idx, Concurrently: s.GetConcurrent(), IfNotExists: s.GetIfNotExists()})
}

// vacuum: VACUUM FULL rewrites under ACCESS EXCLUSIVE; plain VACUUM and
// ANALYZE are reported too since VACUUM refuses a transaction block.
func (t *translator) vacuum(s *pg_query.VacuumStmt) {
	kind := "analyze"
	if s.GetIsVacuumcmd() {
		kind = "vacuum"
		for _, o := range s.GetOptions() {
			if d := o.GetDefElem(); d.GetDefname() == "full" && defBool(d) {
				kind = "vacuum_full"
			}
		}
	}
	m := &schema.Maintenance{At: t.at(-1), Kind: kind}
	for _, r := range s.GetRels() {
		if rv := r.GetVacuumRelation().GetRelation(); rv != nil {
			m.Targets = append(m.Targets, relName(rv))
		}
	}
	t.add(m)
}

// defBool reads a boolean option the way PostgreSQL's defGetBoolean does:
// no argument means true.
func defBool(d *pg_query.DefElem) bool {
	a := d.GetArg()
	switch {
	case a == nil:
		return true
	case a.GetInteger() != nil:
		return a.GetInteger().GetIval() != 0
	case a.GetBoolean() != nil:
		return a.GetBoolean().GetBoolval()
	case a.GetString_() != nil:
		switch strings.ToLower(a.GetString_().GetSval()) {
		case "false", "off", "0", "no":
			return false
		}
	}
	return true
}

var reindexScopes = map[pg_query.ReindexObjectType]string{
	pg_query.ReindexObjectType_REINDEX_OBJECT_INDEX:    "index",
	pg_query.ReindexObjectType_REINDEX_OBJECT_TABLE:    "table",
	pg_query.ReindexObjectType_REINDEX_OBJECT_SCHEMA:   "schema",
	pg_query.ReindexObjectType_REINDEX_OBJECT_DATABASE: "database",
	pg_query.ReindexObjectType_REINDEX_OBJECT_SYSTEM:   "system",
}

// reindex: REINDEX [(CONCURRENTLY)] INDEX|TABLE|SCHEMA|DATABASE|SYSTEM.
// Schema and database targets are a QName with only Name set.
func (t *translator) reindex(s *pg_query.ReindexStmt) {
	m := &schema.Maintenance{At: t.at(-1), Kind: "reindex", ReindexScope: reindexScopes[s.GetKind()]}
	if rv := s.GetRelation(); rv != nil {
		m.Targets = []schema.QName{relName(rv)}
	} else if s.GetName() != "" {
		m.Targets = []schema.QName{{Name: s.GetName()}}
	}
	for _, p := range s.GetParams() {
		if d := p.GetDefElem(); d.GetDefname() == "concurrently" && defBool(d) {
			m.Concurrently = true
		}
	}
	t.add(m)
}

// delete: without WHERE it empties the table (a Truncate with Delete set),
// even with USING.
func (t *translator) delete(s *pg_query.DeleteStmt) {
	tbl := relName(s.GetRelation())
	if s.GetWhereClause() == nil {
		t.add(&schema.Truncate{At: t.at(-1), Tables: []schema.QName{tbl}, Delete: true})
		return
	}
	refs := columnRefs(s.GetWhereClause())
	for _, u := range s.GetUsingClause() {
		refs = append(refs, columnRefs(u)...)
	}
	// WITH ranked AS (SELECT id, row_number() OVER (PARTITION BY key ...))
	// DELETE ... WHERE id IN (SELECT id FROM ranked WHERE rn > 1): the
	// de-duplicating DELETE compares the key's columns in its CTE.
	if w := s.GetWithClause(); w != nil {
		refs = append(refs, columnRefsIn(w)...)
	}
	t.add(&schema.Delete{At: t.at(-1), Table: tbl, WhereColumns: refs})
}

// conjuncts splits a condition at its top-level ANDs.
func conjuncts(n *pg_query.Node) []*pg_query.Node {
	if n == nil {
		return nil
	}
	if b := n.GetBoolExpr(); b != nil && b.GetBoolop() == pg_query.BoolExprType_AND_EXPR {
		var out []*pg_query.Node
		for _, a := range b.GetArgs() {
			out = append(out, conjuncts(a)...)
		}
		return out
	}
	return []*pg_query.Node{n}
}

func (t *translator) update(s *pg_query.UpdateStmt) {
	c := &schema.Update{At: t.at(-1), Table: relName(s.GetRelation()), HasWhere: s.GetWhereClause() != nil}
	c.WhereNull = isNullColumn(s.GetWhereClause())
	c.WhereColumns = columnRefs(s.GetWhereClause())
	for _, n := range s.GetTargetList() {
		rt := n.GetResTarget()
		if name := rt.GetName(); name != "" && !slices.Contains(c.Columns, name) {
			c.Columns = append(c.Columns, name)
			val := rt.GetVal()
			if tc := val.GetTypeCast(); tc != nil { // NULL::text is NULL too
				val = tc.GetArg()
			}
			if v := val.GetAConst(); v != nil && v.GetIsnull() {
				c.NullColumns = append(c.NullColumns, name)
			}
		}
	}
	t.add(c)
}

// isNullColumn returns col when the condition is "col IS NULL", or an OR
// with such a branch: every NULL of col satisfies it.
func isNullColumn(n *pg_query.Node) string {
	if nt := n.GetNullTest(); nt != nil && nt.GetNulltesttype() == pg_query.NullTestType_IS_NULL {
		if fields := nt.GetArg().GetColumnRef().GetFields(); len(fields) > 0 {
			return fields[len(fields)-1].GetString_().GetSval()
		}
	}
	if b := n.GetBoolExpr(); b != nil && b.GetBoolop() == pg_query.BoolExprType_OR_EXPR {
		for _, arg := range b.GetArgs() {
			if col := isNullColumn(arg); col != "" {
				return col
			}
		}
	}
	return ""
}

// set translates SET [LOCAL] / RESET. RESET and SET ... TO DEFAULT give
// Value "DEFAULT"; RESET ALL gives Name "all". SET TRANSACTION and SET
// ... FROM CURRENT add nothing.
func (t *translator) set(s *pg_query.VariableSetStmt) {
	c := &schema.SetConfig{At: t.at(-1), Name: s.GetName(), Local: s.GetIsLocal()}
	switch s.GetKind() {
	case pg_query.VariableSetKind_VAR_SET_VALUE:
		vals := make([]string, 0, len(s.GetArgs()))
		for _, a := range s.GetArgs() {
			vals = append(vals, constText(a.GetAConst()))
		}
		c.Value = strings.Join(vals, ", ")
	case pg_query.VariableSetKind_VAR_SET_DEFAULT, pg_query.VariableSetKind_VAR_RESET:
		c.Value = "DEFAULT"
	case pg_query.VariableSetKind_VAR_RESET_ALL:
		c.Name, c.Value = "all", "DEFAULT"
	default:
		return
	}
	t.add(c)
}

// setConfigCalls translates `SELECT set_config('lock_timeout', '5s', true)`,
// the spelling of SET [LOCAL] that ORMs and scripts use, into SetConfig.
func (t *translator) setConfigCalls(s *pg_query.SelectStmt) {
	for _, target := range s.GetTargetList() {
		fc := target.GetResTarget().GetVal().GetFuncCall()
		if fc == nil || len(fc.GetArgs()) != 3 {
			continue
		}
		names := fc.GetFuncname()
		if len(names) == 0 || names[len(names)-1].GetString_().GetSval() != "set_config" {
			continue
		}
		args := fc.GetArgs()
		name, value := args[0].GetAConst(), args[1].GetAConst()
		if name == nil || value == nil || name.GetSval() == nil {
			continue
		}
		local := false
		if b := args[2].GetAConst(); b != nil {
			local = b.GetBoolval().GetBoolval() || strings.EqualFold(constText(b), "true") || strings.EqualFold(constText(b), "on")
		}
		t.add(&schema.SetConfig{At: t.at(-1), Name: strings.ToLower(name.GetSval().GetSval()), Value: constText(value), Local: local})
	}
}

// constText is a constant's value as text ('5s' → 5s, 1000 → 1000).
func constText(c *pg_query.A_Const) string {
	switch {
	case c.GetSval() != nil:
		return c.GetSval().GetSval()
	case c.GetIval() != nil:
		return strconv.Itoa(int(c.GetIval().GetIval()))
	case c.GetFval() != nil:
		return c.GetFval().GetFval()
	case c.GetBoolval() != nil:
		return strconv.FormatBool(c.GetBoolval().GetBoolval())
	}
	return ""
}

// transaction: BEGIN/START → begin; COMMIT/END and PREPARE TRANSACTION
// (which ends the block) → commit; ROLLBACK → rollback; AND CHAIN opens
// the next transaction at once. Savepoints add nothing.
func (t *translator) transaction(s *pg_query.TransactionStmt) {
	var op string
	switch s.GetKind() {
	case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN, pg_query.TransactionStmtKind_TRANS_STMT_START:
		op = "begin"
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT, pg_query.TransactionStmtKind_TRANS_STMT_PREPARE:
		op = "commit"
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		op = "rollback"
	default:
		return
	}
	t.add(&schema.TxControl{At: t.at(-1), Op: op})
	if s.GetChain() {
		t.add(&schema.TxControl{At: t.at(-1), Op: "begin"})
	}
}

// lockModes spells LockStmt modes (lockdefs.h numbering) as LOCK TABLE
// takes them; LOCK without IN ... MODE is ACCESS EXCLUSIVE.
var lockModes = map[int32]string{
	1: "ACCESS SHARE", 2: "ROW SHARE", 3: "ROW EXCLUSIVE", 4: "SHARE UPDATE EXCLUSIVE",
	5: "SHARE", 6: "SHARE ROW EXCLUSIVE", 7: "EXCLUSIVE", 8: "ACCESS EXCLUSIVE",
}
