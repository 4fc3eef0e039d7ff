package pglock

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules/internal/pgsql"
	"github.com/schemaguard/schemaguard/schema"
)

// exclusiveLock is an ACCESS EXCLUSIVE lock a statement takes on a relation
// that existed before the file.
type exclusiveLock struct {
	at  schema.Change // the clause that takes it; nil for the statement
	rel string        // for the message: `table "users"`
}

// accessExclusive returns the first ACCESS EXCLUSIVE lock the statement
// takes on an existing table or materialized view (postgres-locking.md §2).
func accessExclusive(p *lint.Pass) (exclusiveLock, bool) {
	for _, c := range p.Changes() {
		for _, q := range lockedBy(p, c) {
			if existingTable(p, q) {
				return exclusiveLock{at: c, rel: relKind(p, q) + " " + quoteName(q)}, true
			}
		}
		if di, ok := c.(*schema.DropIndex); ok && !di.Concurrently {
			// DROP INDEX locks the index's table; an index the realm does
			// not know counts as existing, its table being unknown too.
			for _, n := range di.Names {
				if t, idx := p.Realm.IndexByName(n); idx == nil && di.IfExists {
					continue // never created: IF EXISTS makes it a no-op
				} else if idx == nil {
					return exclusiveLock{at: c, rel: "the table of index " + quoteName(n)}, true
				} else if t != nil && existingTable(p, t.Name) {
					return exclusiveLock{at: c, rel: relKind(p, t.Name) + " " + quoteName(t.Name)}, true
				}
			}
		}
		if m, ok := c.(*schema.Maintenance); ok && len(m.Targets) == 0 && (m.Kind == "vacuum_full" || m.Kind == "cluster") {
			return exclusiveLock{at: c, rel: "each table it processes"}, true
		}
	}
	return treeExclusive(p)
}

func quoteName(q schema.QName) string { return `"` + q.String() + `"` }

// lockedBy lists the relations change c locks in ACCESS EXCLUSIVE mode.
func lockedBy(p *lint.Pass, c schema.Change) []schema.QName {
	one := func(q schema.QName) []schema.QName { return []schema.QName{q} }
	switch c := c.(type) {
	case *schema.AddColumn:
		return one(c.Table)
	case *schema.DropColumn:
		return one(c.Table)
	case *schema.RenameColumn:
		return one(c.Table)
	case *schema.AlterColumnType:
		return one(c.Table)
	case *schema.SetNotNull:
		return one(c.Table)
	case *schema.DropNotNull:
		return one(c.Table)
	case *schema.SetDefault:
		return one(c.Table)
	case *schema.AddIdentity:
		return one(c.Table)
	case *schema.SetLogged:
		return one(c.Table)
	case *schema.RenameTable:
		return one(c.From)
	case *schema.RenameConstraint:
		return one(c.Table)
	case *schema.AddConstraint:
		// ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE; every other kind
		// ACCESS EXCLUSIVE.
		if c.Constraint != nil && c.Constraint.Kind != schema.ForeignKey {
			return one(c.Table)
		}
	case *schema.DropConstraint:
		// Dropping a foreign key locks the referenced table too.
		if k := p.Realm.ConstraintByName(c.Table, c.Name); k != nil && k.Kind == schema.ForeignKey {
			return []schema.QName{c.Table, k.RefTable}
		}
		return one(c.Table)
	case *schema.DropTable:
		return withReferenced(p, present(p, c.Names, c.IfExists))
	case *schema.DropView:
		if c.Materialized {
			return c.Names
		}
	case *schema.Truncate:
		if !c.Delete {
			return c.Tables
		}
	case *schema.Maintenance:
		switch {
		case c.Kind == "vacuum_full" || c.Kind == "cluster":
			return c.Targets
		case c.Kind == "refresh" && !c.Concurrently:
			return c.Targets
		}
	case *schema.LockTable:
		if m := strings.ToUpper(strings.Join(strings.Fields(strings.ReplaceAll(c.Mode, "_", " ")), " ")); m == "" ||
			strings.TrimSuffix(m, " MODE") == "ACCESS EXCLUSIVE" || m == "ACCESSEXCLUSIVELOCK" {
			return c.Tables
		}
	case *schema.PartitionOp:
		switch {
		case c.Op == "attach":
			return one(c.Partition)
		case c.Op == "detach" && !c.Concurrently:
			return []schema.QName{c.Table, c.Partition}
		}
	}
	return nil
}

// present drops, for an IF EXISTS statement, the tables the history never
// created: the statement does nothing to them (DROP TABLE IF EXISTS before
// a CREATE TEMP TABLE of the same name).
func present(p *lint.Pass, names []schema.QName, ifExists bool) []schema.QName {
	if !ifExists {
		return names
	}
	var out []schema.QName
	for _, q := range names {
		if p.Realm.Table(q) != nil {
			out = append(out, q)
		}
	}
	return out
}

// withReferenced adds, to dropped tables, the tables their foreign keys
// reference: DROP TABLE locks those too.
func withReferenced(p *lint.Pass, names []schema.QName) []schema.QName {
	out := append([]schema.QName(nil), names...)
	for _, n := range names {
		if t := p.Realm.Table(n); t != nil {
			for _, k := range t.Constraints {
				if k.Kind == schema.ForeignKey {
					out = append(out, k.RefTable)
				}
			}
		}
	}
	return out
}

// treeExclusive covers ALTER TABLE forms no Change describes (OWNER TO, SET
// TABLESPACE, SET STORAGE, INHERIT, REPLICA IDENTITY, ENABLE RULE ...),
// following PostgreSQL's AlterTableGetLockLevel: ACCESS EXCLUSIVE unless
// the subcommand is one of the known weaker ones.
func treeExclusive(p *lint.Pass) (exclusiveLock, bool) {
	at := pgsql.Stmt(p).GetAlterTableStmt()
	if at == nil || at.GetRelation() == nil {
		return exclusiveLock{}, false
	}
	switch at.GetObjtype() {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_MATVIEW:
	default:
		return exclusiveLock{}, false
	}
	q := schema.QName{Schema: at.GetRelation().GetSchemaname(), Name: at.GetRelation().GetRelname()}
	if !existingTable(p, q) {
		return exclusiveLock{}, false
	}
	for _, n := range at.GetCmds() {
		if exclusiveCmd(n.GetAlterTableCmd()) {
			return exclusiveLock{rel: relKind(p, q) + " " + quoteName(q)}, true
		}
	}
	return exclusiveLock{}, false
}

// weakerCmds take less than ACCESS EXCLUSIVE on the altered table.
var weakerCmds = map[pg_query.AlterTableType]bool{
	pg_query.AlterTableType_AT_SetStatistics:           true, // SHARE UPDATE EXCLUSIVE
	pg_query.AlterTableType_AT_SetOptions:              true,
	pg_query.AlterTableType_AT_ResetOptions:            true,
	pg_query.AlterTableType_AT_ClusterOn:               true,
	pg_query.AlterTableType_AT_DropCluster:             true,
	pg_query.AlterTableType_AT_ValidateConstraint:      true,
	pg_query.AlterTableType_AT_SetRelOptions:           true, // fillfactor, autovacuum_* ...
	pg_query.AlterTableType_AT_ResetRelOptions:         true,
	pg_query.AlterTableType_AT_AttachPartition:         true, // on the parent
	pg_query.AlterTableType_AT_DetachPartitionFinalize: true,
	pg_query.AlterTableType_AT_EnableTrig:              true, // SHARE ROW EXCLUSIVE
	pg_query.AlterTableType_AT_EnableAlwaysTrig:        true,
	pg_query.AlterTableType_AT_EnableReplicaTrig:       true,
	pg_query.AlterTableType_AT_EnableTrigAll:           true,
	pg_query.AlterTableType_AT_EnableTrigUser:          true,
	pg_query.AlterTableType_AT_DisableTrig:             true,
	pg_query.AlterTableType_AT_DisableTrigAll:          true,
	pg_query.AlterTableType_AT_DisableTrigUser:         true,
}

func exclusiveCmd(cmd *pg_query.AlterTableCmd) bool {
	if cmd == nil || weakerCmds[cmd.GetSubtype()] {
		return false
	}
	switch cmd.GetSubtype() {
	case pg_query.AlterTableType_AT_AddConstraint:
		return cmd.GetDef().GetConstraint().GetContype() != pg_query.ConstrType_CONSTR_FOREIGN
	case pg_query.AlterTableType_AT_DetachPartition:
		return !cmd.GetDef().GetPartitionCmd().GetConcurrent()
	}
	return true
}
