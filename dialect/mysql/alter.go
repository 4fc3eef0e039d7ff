package mysql

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/schemaguard/schemaguard/schema"
)

// alterTable translates ALTER TABLE t <clause>, <clause> ... Each change
// points at its clause's first keyword. The mapping:
//
//   - ADD [COLUMN] c ... / ADD COLUMN (a ..., b ...): AddColumn each (FIRST /
//     AFTER are not modelled), plus AddConstraint{Inline} for PRIMARY KEY,
//     UNIQUE and CHECK written on the column;
//   - ADD PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK: AddConstraint (the realm
//     adds the index behind PRIMARY KEY and UNIQUE); ADD INDEX/KEY,
//     FULLTEXT, SPATIAL: CreateIndex with Table set. Unnamed keys and
//     indexes, inline ones included, are named after their first column
//     with GeneratedName set: MySQL appends _2, _3 ... when the table has an
//     index of that name, which only the catalog knows;
//   - DROP [COLUMN] (all of the statement's): one DropColumn;
//   - MODIFY c <def>: AlterColumnType with Type and NewDef, the full new
//     definition (NOT NULL, DEFAULT, AUTO_INCREMENT ...). No separate
//     SetNotNull/DropNotNull/SetDefault: rules compare NewDef with the realm;
//   - CHANGE old new <def>: RenameColumn old → new when the names differ
//     (other than in case), then AlterColumnType of new as for MODIFY;
//   - RENAME COLUMN a TO b: RenameColumn; RENAME INDEX|KEY: RenameIndex with
//     Table set; RENAME [TO|AS] u: RenameTable, emitted after every other
//     change of the statement because the server renames last;
//   - ALTER [COLUMN] c SET DEFAULT x / DROP DEFAULT: SetDefault;
//   - DROP INDEX|KEY i: DropIndex with Table set; DROP PRIMARY KEY:
//     DropConstraint{Kind PrimaryKey}; DROP FOREIGN KEY f: DropConstraint{Kind
//     ForeignKey}; DROP CHECK c: DropConstraint{Kind Check}; DROP CONSTRAINT
//     c: DropConstraint with Kind "" (any kind, looked up in the realm);
//   - ALGORITHM=, LOCK=, table options, FORCE, partitioning: no change
//     (Tree.AlterOptions gives ALGORITHM and LOCK).
func (t *translator) alterTable(n *ast.AlterTableStmt) {
	tbl := tableName(n.Table)
	cls := clauses(t.stmtToks())
	ci := 0
	nm := newNamer(tbl.Name, false)
	var drop *schema.DropColumn
	var renames []schema.Change
	for _, s := range n.Specs {
		if s == nil {
			continue
		}
		at, cl := t.at(), nextClause(cls, &ci, s.Tp)
		if cl != nil {
			at.Offset = cl.start
		}
		switch s.Tp {
		case ast.AlterTableAddColumns:
			for _, d := range s.NewColumns {
				if d == nil {
					continue
				}
				col, cons := t.column(d)
				t.add(&schema.AddColumn{At: at, Table: tbl, Column: col, IfNotExists: s.IfNotExists})
				t.inline(at, tbl, nm, cons)
			}
			for _, c := range s.NewConstraints {
				t.addConstraint(at, tbl, nm, c)
			}
		case ast.AlterTableAddConstraint:
			t.addConstraint(at, tbl, nm, s.Constraint)
		case ast.AlterTableDropColumn:
			if s.OldColumnName == nil {
				continue
			}
			if drop == nil {
				drop = &schema.DropColumn{At: at, Table: tbl}
				t.add(drop)
			}
			drop.Columns = append(drop.Columns, s.OldColumnName.Name.O)
		case ast.AlterTableModifyColumn, ast.AlterTableChangeColumn:
			t.redefine(at, tbl, nm, s)
		case ast.AlterTableRenameColumn:
			if s.OldColumnName != nil && s.NewColumnName != nil {
				t.add(&schema.RenameColumn{At: at, Table: tbl, From: s.OldColumnName.Name.O, To: s.NewColumnName.Name.O})
			}
		case ast.AlterTableRenameTable:
			renames = append(renames, &schema.RenameTable{At: at, From: tbl, To: tableName(s.NewTable)})
		case ast.AlterTableRenameIndex:
			t.add(&schema.RenameIndex{At: at, Table: tbl, From: schema.QName{Name: s.FromKey.O}, To: s.ToKey.O})
		case ast.AlterTableAlterColumn:
			t.setDefault(at, tbl, s)
		case ast.AlterTableDropIndex:
			t.add(&schema.DropIndex{At: at, Names: []schema.QName{{Name: s.Name}}, Table: tbl})
		case ast.AlterTableDropPrimaryKey:
			t.add(&schema.DropConstraint{At: at, Table: tbl, Kind: schema.PrimaryKey})
		case ast.AlterTableDropForeignKey:
			t.add(&schema.DropConstraint{At: at, Table: tbl, Name: s.Name, Kind: schema.ForeignKey})
		case ast.AlterTableDropCheck:
			// TiDB reads DROP CONSTRAINT as DROP CHECK; the text tells them apart.
			name, kind := s.Name, schema.Check
			if s.Constraint != nil && name == "" {
				name = s.Constraint.Name
			}
			if cl != nil && cl.next == "CONSTRAINT" {
				kind = ""
			}
			t.add(&schema.DropConstraint{At: at, Table: tbl, Name: name, Kind: kind})
		}
	}
	t.add(renames...)
}

// stmtToks are the tokens of the current statement.
func (t *translator) stmtToks() []token {
	var out []token
	for _, tk := range t.toks {
		if tk.start < t.start {
			continue
		}
		if tk.depth == 0 && tk.kind == tPunct && tk.up == ";" {
			break
		}
		out = append(out, tk)
	}
	return out
}

// clauseWord is the keyword a sub-command's clause starts with; "" for
// options (ALGORITHM=, LOCK=, ENGINE= ...), which start with any other word.
func clauseWord(tp ast.AlterTableType) string {
	switch tp {
	case ast.AlterTableAddColumns, ast.AlterTableAddConstraint, ast.AlterTableAddPartitions, ast.AlterTableAddStatistics:
		return "ADD"
	case ast.AlterTableDropColumn, ast.AlterTableDropPrimaryKey, ast.AlterTableDropIndex, ast.AlterTableDropForeignKey,
		ast.AlterTableDropCheck, ast.AlterTableDropPartition, ast.AlterTableDropStatistics:
		return "DROP"
	case ast.AlterTableModifyColumn:
		return "MODIFY"
	case ast.AlterTableChangeColumn:
		return "CHANGE"
	case ast.AlterTableRenameColumn, ast.AlterTableRenameTable, ast.AlterTableRenameIndex:
		return "RENAME"
	case ast.AlterTableAlterColumn, ast.AlterTableAlterCheck, ast.AlterTableIndexInvisible:
		return "ALTER"
	}
	return ""
}

var verbs = map[string]bool{"ADD": true, "DROP": true, "MODIFY": true, "CHANGE": true, "RENAME": true, "ALTER": true}

// nextClause pairs a sub-command with the next clause that starts with its
// keyword, so a clause TiDB folds or splits differently cannot shift the
// rest; nil when none is left.
func nextClause(cls []clause, ci *int, tp ast.AlterTableType) *clause {
	want := clauseWord(tp)
	for k := *ci; k < len(cls); k++ {
		if w := cls[k].word; w == want || want == "" && !verbs[w] {
			*ci = k + 1
			return &cls[k]
		}
	}
	return nil
}

// inline reports the keys written on a column of ADD/MODIFY/CHANGE.
func (t *translator) inline(at schema.At, tbl schema.QName, nm *namer, cons []inlineCon) {
	for _, c := range cons {
		nm.name(c.con, nil)
		t.add(&schema.AddConstraint{At: at, Table: tbl, Constraint: c.con, Inline: true})
	}
}

func (t *translator) addConstraint(at schema.At, tbl schema.QName, nm *namer, c *ast.Constraint) {
	con, idx := constraintOf(c, nm)
	switch {
	case con != nil:
		t.add(&schema.AddConstraint{At: at, Table: tbl, Constraint: con})
	case idx != nil:
		t.add(&schema.CreateIndex{At: at, Table: tbl, Index: idx, IfNotExists: c.IfNotExists})
	}
}

// redefine translates MODIFY and CHANGE.
func (t *translator) redefine(at schema.At, tbl schema.QName, nm *namer, s *ast.AlterTableSpec) {
	if len(s.NewColumns) == 0 || s.NewColumns[0] == nil {
		return
	}
	col, cons := t.column(s.NewColumns[0])
	name := col.Name
	if s.Tp == ast.AlterTableChangeColumn && s.OldColumnName != nil {
		old := s.OldColumnName.Name.O
		switch {
		case old == col.Name:
		case strings.EqualFold(old, col.Name): // same column to the server
			name = old
		default:
			t.add(&schema.RenameColumn{At: at, Table: tbl, From: old, To: col.Name})
		}
	}
	t.add(&schema.AlterColumnType{At: at, Table: tbl, Column: name, Type: col.Type, NewDef: col})
	t.inline(at, tbl, nm, cons)
}

// setDefault translates ALTER [COLUMN] c SET DEFAULT x | DROP DEFAULT.
func (t *translator) setDefault(at schema.At, tbl schema.QName, s *ast.AlterTableSpec) {
	if len(s.NewColumns) == 0 || s.NewColumns[0] == nil || s.NewColumns[0].Name == nil {
		return
	}
	d := s.NewColumns[0]
	c := &schema.SetDefault{At: at, Table: tbl, Column: d.Name.Name.O}
	for _, o := range d.Options {
		// TiDB leaves the option's type unset here.
		if o != nil && o.Expr != nil && (o.Tp == ast.ColumnOptionDefaultValue || o.Tp == ast.ColumnOptionNoOption) {
			c.Default = expr(o.Expr)
		}
	}
	t.add(c)
}
