package postgres

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemaguard/schemaguard/schema"
)

// alterTable translates ALTER [FOREIGN] TABLE [IF EXISTS] [ONLY] t with
// each sub-command in order. Each change points at its sub-command's first
// keyword; an inline constraint of ADD COLUMN points at the constraint.
// Several DROP COLUMNs in one statement become one DropColumn (at the
// first), so a rule reports them once. Sub-commands the model does not track
// (SET STATISTICS, OWNER TO, triggers, ...) add nothing.
func (t *translator) alterTable(s *pg_query.AlterTableStmt) {
	switch s.GetObjtype() {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
	default: // ALTER INDEX / VIEW / SEQUENCE ... share the node
		return
	}
	tbl := relName(s.GetRelation())
	cmds := s.GetCmds()
	offs := t.clauses(int(s.GetRelation().GetLocation()))
	var drop *schema.DropColumn
	for i, n := range cmds {
		cmd := n.GetAlterTableCmd()
		at := schema.At{Offset: t.start}
		if len(offs) == len(cmds) {
			at.Offset = offs[i]
		}
		switch cmd.GetSubtype() {
		case pg_query.AlterTableType_AT_AddColumn:
			col, cons := t.columnDef(tbl, cmd.GetDef().GetColumnDef())
			t.add(&schema.AddColumn{At: at, Table: tbl, Column: col, IfNotExists: cmd.GetMissingOk()})
			for _, c := range cons {
				t.add(&schema.AddConstraint{At: c.at, Table: tbl, Constraint: c.con, Inline: true})
			}
		case pg_query.AlterTableType_AT_DropColumn:
			if drop == nil {
				drop = &schema.DropColumn{At: at, Table: tbl}
				t.add(drop)
			}
			drop.Columns = append(drop.Columns, cmd.GetName())
		case pg_query.AlterTableType_AT_AlterColumnType:
			d := cmd.GetDef().GetColumnDef()
			typ, _ := normType(d.GetTypeName())
			c := &schema.AlterColumnType{At: at, Table: tbl, Column: cmd.GetName(), Type: typ}
			t.render(d.GetRawDefault(), func(s string) { c.Using = s })
			t.add(c)
		case pg_query.AlterTableType_AT_SetNotNull:
			t.add(&schema.SetNotNull{At: at, Table: tbl, Column: cmd.GetName()})
		case pg_query.AlterTableType_AT_DropNotNull:
			t.add(&schema.DropNotNull{At: at, Table: tbl, Column: cmd.GetName()})
		case pg_query.AlterTableType_AT_ColumnDefault:
			c := &schema.SetDefault{At: at, Table: tbl, Column: cmd.GetName()}
			if def := cmd.GetDef(); def != nil {
				c.Default = t.expr(def)
			}
			t.add(c)
		case pg_query.AlterTableType_AT_AddIdentity:
			t.add(&schema.AddIdentity{At: at, Table: tbl, Column: cmd.GetName()})
		case pg_query.AlterTableType_AT_AddConstraint:
			if c := t.constraint(cmd.GetDef().GetConstraint()); c != nil {
				t.add(&schema.AddConstraint{At: at, Table: tbl, Constraint: c})
			}
		case pg_query.AlterTableType_AT_DropConstraint:
			t.add(&schema.DropConstraint{At: at, Table: tbl, Name: cmd.GetName()})
		case pg_query.AlterTableType_AT_ValidateConstraint:
			t.add(&schema.ValidateConstraint{At: at, Table: tbl, Name: cmd.GetName()})
		case pg_query.AlterTableType_AT_SetLogged, pg_query.AlterTableType_AT_SetUnLogged:
			t.add(&schema.SetLogged{At: at, Table: tbl, Logged: cmd.GetSubtype() == pg_query.AlterTableType_AT_SetLogged})
		case pg_query.AlterTableType_AT_AttachPartition, pg_query.AlterTableType_AT_DetachPartition,
			pg_query.AlterTableType_AT_DetachPartitionFinalize:
			pc := cmd.GetDef().GetPartitionCmd()
			op := map[pg_query.AlterTableType]string{
				pg_query.AlterTableType_AT_AttachPartition:         "attach",
				pg_query.AlterTableType_AT_DetachPartition:         "detach",
				pg_query.AlterTableType_AT_DetachPartitionFinalize: "finalize",
			}[cmd.GetSubtype()]
			t.add(&schema.PartitionOp{At: at, Table: tbl, Partition: relName(pc.GetName()), Op: op, Concurrently: pc.GetConcurrent()})
		}
	}
}

// rename translates RenameStmt: tables, views and materialized views,
// columns, table constraints, indexes, types and enum values. The change
// points at the RENAME keyword.
func (t *translator) rename(s *pg_query.RenameStmt) {
	at := t.at(-1)
	if rv := s.GetRelation(); rv != nil {
		if offs := t.clauses(int(rv.GetLocation())); len(offs) > 0 {
			at.Offset = offs[0]
		}
	}
	rel := relName(s.GetRelation())
	switch s.GetRenameType() {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE,
		pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW:
		t.add(&schema.RenameTable{At: at, From: rel, To: schema.QName{Name: s.GetNewname()}})
	case pg_query.ObjectType_OBJECT_COLUMN:
		t.add(&schema.RenameColumn{At: at, Table: rel, From: s.GetSubname(), To: s.GetNewname()})
	case pg_query.ObjectType_OBJECT_TABCONSTRAINT:
		t.add(&schema.RenameConstraint{At: at, Table: rel, From: s.GetSubname(), To: s.GetNewname()})
	case pg_query.ObjectType_OBJECT_INDEX:
		t.add(&schema.RenameIndex{At: at, From: rel, To: s.GetNewname()})
	case pg_query.ObjectType_OBJECT_TYPE:
		t.add(&schema.RenameType{At: at, From: listName(s.GetObject().GetList().GetItems()), To: schema.QName{Name: s.GetNewname()}})
	}
}

// setSchema translates ALTER TABLE/VIEW/TYPE ... SET SCHEMA as a rename
// into the new schema.
func (t *translator) setSchema(s *pg_query.AlterObjectSchemaStmt) {
	at := t.at(-1)
	switch s.GetObjectType() {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE,
		pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW:
		if offs := t.clauses(int(s.GetRelation().GetLocation())); len(offs) > 0 {
			at.Offset = offs[0]
		}
		from := relName(s.GetRelation())
		t.add(&schema.RenameTable{At: at, From: from, To: schema.QName{Schema: s.GetNewschema(), Name: from.Name}})
	case pg_query.ObjectType_OBJECT_TYPE:
		from := listName(s.GetObject().GetList().GetItems())
		t.add(&schema.RenameType{At: at, From: from, To: schema.QName{Schema: s.GetNewschema(), Name: from.Name}})
	}
}

// alterEnum translates ALTER TYPE ... ADD VALUE and RENAME VALUE.
func (t *translator) alterEnum(s *pg_query.AlterEnumStmt) {
	typ := listName(s.GetTypeName())
	if s.GetOldVal() != "" {
		t.add(&schema.RenameEnumValue{At: t.at(-1), Type: typ, From: s.GetOldVal(), To: s.GetNewVal()})
		return
	}
	c := &schema.AddEnumValue{At: t.at(-1), Type: typ, Value: s.GetNewVal(), IfNotExists: s.GetSkipIfNewValExists()}
	if s.GetNewValIsAfter() {
		c.After = s.GetNewValNeighbor()
	} else {
		c.Before = s.GetNewValNeighbor()
	}
	t.add(c)
}
