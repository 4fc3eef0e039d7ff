package schema

// A Change is one effect of a statement on the schema or its data, in a form
// shared by every dialect: the PostgreSQL and MySQL adapters translate their
// parsers' trees into Changes, the catalog folds them into a Realm, and the
// dialect-neutral rules (DS, MF, BC, CD) read them. A statement yields zero or
// more Changes (ALTER TABLE with several sub-commands yields several).
type Change interface {
	// Loc is the byte offset of the change's clause inside the statement
	// text, or -1 when only the statement as a whole is known.
	Loc() int
}

// At carries the clause offset; embed it in every Change.
type At struct{ Offset int }

func (a At) Loc() int { return a.Offset }

// Schema (PostgreSQL) / database (MySQL) level.
type (
	CreateSchema struct {
		At
		Name string
	}
	DropSchema struct {
		At
		Names   []string
		Cascade bool
	}
)

// Tables.
type (
	CreateTable struct {
		At
		Table       *Table
		IfNotExists bool
		// AsSelect: CREATE TABLE ... AS SELECT (columns unknown statically).
		AsSelect bool
		// PartitionOf is the parent of CREATE TABLE ... PARTITION OF parent,
		// whose columns the new table takes; zero otherwise.
		PartitionOf QName
	}
	DropTable struct {
		At
		Names   []QName
		Cascade bool
		// IfExists: DROP TABLE IF EXISTS, a no-op for a table that is not
		// there.
		IfExists bool
	}
	RenameTable struct {
		At
		From QName
		To   QName // To.Schema "" keeps From's schema
	}
	// SetLogged: ALTER TABLE SET LOGGED / SET UNLOGGED, which rewrites the
	// table under ACCESS EXCLUSIVE.
	SetLogged struct {
		At
		Table  QName
		Logged bool
	}
	// PartitionOp: ALTER TABLE parent ATTACH / DETACH PARTITION child. Op is
	// "attach", "detach" or "finalize" (DETACH ... FINALIZE, which completes
	// an interrupted concurrent detach).
	PartitionOp struct {
		At
		Table, Partition QName
		Op               string
		Concurrently     bool
	}
	// Truncate also stands for DELETE without WHERE (Delete true).
	Truncate struct {
		At
		Tables []QName
		Delete bool
	}
)

// Columns.
type (
	AddColumn struct {
		At
		Table  QName
		Column *Column
		// Inline constraints written on the column (UNIQUE, PRIMARY KEY,
		// REFERENCES, CHECK); also reported as AddConstraint changes.
		IfNotExists bool
	}
	DropColumn struct {
		At
		Table   QName
		Columns []string
	}
	RenameColumn struct {
		At
		Table QName
		From  string
		To    string
	}
	// AlterColumnType changes a column's type (PG ALTER COLUMN TYPE, MySQL
	// MODIFY/CHANGE). For MySQL CHANGE old new, a RenameColumn precedes it.
	AlterColumnType struct {
		At
		Table  QName
		Column string
		Type   Type
		Using  string // USING expression text, "" when absent
		// NewDef is the full new definition when the dialect restates it
		// (MySQL MODIFY/CHANGE); nil on PostgreSQL.
		NewDef *Column
	}
	SetNotNull struct {
		At
		Table  QName
		Column string
	}
	DropNotNull struct {
		At
		Table  QName
		Column string
	}
	SetDefault struct {
		At
		Table   QName
		Column  string
		Default *Expr // nil: DROP DEFAULT
	}
	// AddIdentity: ALTER COLUMN ADD GENERATED ... AS IDENTITY.
	AddIdentity struct {
		At
		Table  QName
		Column string
	}
)

// Constraints and indexes.
type (
	AddConstraint struct {
		At
		Table      QName
		Constraint *Constraint
		// Inline: written inside ADD COLUMN or CREATE TABLE.
		Inline bool
	}
	DropConstraint struct {
		At
		Table QName
		Name  string
		// Kind when the dialect says it (MySQL DROP FOREIGN KEY / DROP PRIMARY
		// KEY); "" means look it up in the realm.
		Kind ConstraintKind
	}
	// RenameConstraint: ALTER TABLE t RENAME CONSTRAINT a TO b (an index
	// backing the constraint is renamed with it).
	RenameConstraint struct {
		At
		Table    QName
		From, To string
	}
	ValidateConstraint struct {
		At
		Table QName
		Name  string
	}
	CreateIndex struct {
		At
		Table        QName
		Index        *Index
		Concurrently bool
		IfNotExists  bool
	}
	DropIndex struct {
		At
		Names []QName // PG: schema-qualified index names
		// Table is set when the dialect scopes index names to a table (MySQL).
		Table        QName
		Concurrently bool
		IfExists     bool
	}
	RenameIndex struct {
		At
		Table QName // MySQL; zero on PostgreSQL
		From  QName
		To    string
	}
)

// Types and views.
type (
	CreateEnum struct {
		At
		Enum *Enum
	}
	AddEnumValue struct {
		At
		Type  QName
		Value string
		// Before/After name the neighbour when the value is not appended.
		Before, After string
		IfNotExists   bool
	}
	// RenameEnumValue: ALTER TYPE e RENAME VALUE 'a' TO 'b'.
	RenameEnumValue struct {
		At
		Type     QName
		From, To string
	}
	// RenameType: ALTER TYPE ... RENAME TO / SET SCHEMA.
	RenameType struct {
		At
		From QName
		To   QName // To.Schema "" keeps From's schema
	}
	DropType struct {
		At
		Names []QName
	}
	CreateView struct {
		At
		Name         QName
		Materialized bool
		OrReplace    bool
	}
	DropView struct {
		At
		Names        []QName
		Materialized bool
	}
)

// Data changes and maintenance.
type (
	// Update is an UPDATE; Columns are the assigned columns.
	Update struct {
		At
		Table    QName
		Columns  []string
		HasWhere bool
		// NullColumns are assigned a NULL constant: no backfill for them.
		NullColumns []string
		// WhereNull is the column when the WHERE clause is exactly
		// "col IS NULL" (the shape of a complete backfill), else "".
		WhereNull string
		// WhereColumns are the columns the WHERE clause references.
		WhereColumns []string
		// WhereValues, with WhereValuesColumn, are the constants the WHERE
		// clause picks rows by when it is exactly col = 'v', col IN (...) or
		// an OR of those on one column (MySQL; the shape of moving the rows
		// off ENUM values before removing them).
		WhereValuesColumn string
		WhereValues       []string
	}
	// Delete is a DELETE with a WHERE clause (a DELETE without one is a Truncate).
	Delete struct {
		At
		Table QName
		// WhereColumns are the columns the WHERE clause (and a join's
		// condition) references, the shape of a de-duplicating DELETE.
		WhereColumns []string
	}
	// Maintenance: VACUUM [FULL], ANALYZE, CLUSTER, REINDEX, REFRESH
	// MATERIALIZED VIEW. Plain VACUUM and ANALYZE are reported too because
	// VACUUM refuses a transaction block (PG103).
	Maintenance struct {
		At
		// "vacuum_full", "vacuum", "analyze", "cluster", "reindex", "refresh".
		// Targets is empty for a database-wide VACUUM/ANALYZE/CLUSTER.
		Kind         string
		Targets      []QName
		Concurrently bool
		// ReindexScope is "index", "table", "schema", "database" or "system" for REINDEX.
		ReindexScope string
	}
	// SetConfig: SET [LOCAL] name = value (lock_timeout, statement_timeout ...).
	SetConfig struct {
		At
		Name  string
		Value string
		Local bool
	}
	// TxControl: BEGIN / START TRANSACTION, COMMIT / END, ROLLBACK.
	TxControl struct {
		At
		Op string // "begin", "commit", "rollback"
	}
	// LockTable: LOCK TABLE t [IN mode].
	LockTable struct {
		At
		Tables []QName
		Mode   string
	}
)

// TablesOf names the tables a change works on (the table altered, the
// tables created, dropped, renamed, truncated or updated, a foreign key's
// referenced table), so a dev database can read them before and after.
func TablesOf(c Change) []QName {
	switch c := c.(type) {
	case *CreateTable:
		if c.Table != nil {
			return []QName{c.Table.Name}
		}
	case *DropTable:
		return c.Names
	case *RenameTable:
		to := c.To
		if to.Schema == "" {
			to.Schema = c.From.Schema
		}
		return []QName{c.From, to}
	case *Truncate:
		return c.Tables
	case *AddColumn:
		return []QName{c.Table}
	case *DropColumn:
		return []QName{c.Table}
	case *RenameColumn:
		return []QName{c.Table}
	case *AlterColumnType:
		return []QName{c.Table}
	case *SetNotNull:
		return []QName{c.Table}
	case *DropNotNull:
		return []QName{c.Table}
	case *SetDefault:
		return []QName{c.Table}
	case *AddIdentity:
		return []QName{c.Table}
	case *AddConstraint:
		if c.Constraint != nil && c.Constraint.Kind == ForeignKey && c.Constraint.RefTable.Name != "" {
			return []QName{c.Table, c.Constraint.RefTable}
		}
		return []QName{c.Table}
	case *DropConstraint:
		return []QName{c.Table}
	case *RenameConstraint:
		return []QName{c.Table}
	case *ValidateConstraint:
		return []QName{c.Table}
	case *CreateIndex:
		return []QName{c.Table}
	case *DropIndex:
		if c.Table.Name != "" {
			return []QName{c.Table}
		}
	case *RenameIndex:
		if c.Table.Name != "" {
			return []QName{c.Table}
		}
	case *SetLogged:
		return []QName{c.Table}
	case *PartitionOp:
		return []QName{c.Table, c.Partition}
	case *Update:
		return []QName{c.Table}
	case *Delete:
		return []QName{c.Table}
	case *CreateView:
		if c.Materialized {
			return []QName{c.Name}
		}
	case *DropView:
		if c.Materialized {
			return c.Names
		}
	case *Maintenance:
		return c.Targets
	case *LockTable:
		return c.Tables
	}
	return nil
}
