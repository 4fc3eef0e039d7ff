package schema

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Default names of unnamed indexes and constraints, derived the way
// PostgreSQL derives them (src/backend/commands/indexcmds.c ChooseIndexName,
// catalog/pg_constraint.c ChooseConstraintName, makeObjectName), so that a
// later DROP CONSTRAINT t_a_key or DROP INDEX t_a_idx finds the object the
// history created without a name. With TableScopedIndexes, unnamed keys and
// indexes get MySQL's names instead (mysqlIndexName): the MySQL adapter
// names them inside CREATE TABLE, where it sees every index of the table;
// for those added by ALTER TABLE its name is a guess (GeneratedName) that
// the realm, which knows the table's other indexes, derives again.

// maxIdent is PostgreSQL's identifier length limit (NAMEDATALEN - 1).
const maxIdent = 63

// makeObjectName joins name1_name2_label, truncating the longer of name1 and
// name2 first so the result fits in maxIdent bytes, never splitting a
// multi-byte character.
func makeObjectName(name1, name2, label string) string {
	n1, n2 := len(name1), len(name2)
	overhead := 0
	if name2 != "" {
		overhead++
	}
	if label != "" {
		overhead += len(label) + 1
	}
	avail := maxIdent - overhead
	for n1+n2 > avail && n1+n2 > 0 {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	var b strings.Builder
	b.WriteString(clip(name1, n1))
	if name2 != "" {
		b.WriteByte('_')
		b.WriteString(clip(name2, n2))
	}
	if label != "" {
		b.WriteByte('_')
		b.WriteString(label)
	}
	return b.String()
}

// clip cuts s to at most n bytes at a character boundary (pg_mbcliplen).
func clip(s string, n int) string {
	if n >= len(s) {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// nameAddition joins column names with "_" (ChooseIndexNameAddition and
// ChooseForeignKeyConstraintNameAddition); index expressions contribute the
// name PostgreSQL figures for them.
func nameAddition(cols []string) string {
	var b strings.Builder
	for _, c := range cols {
		if b.Len() > 0 {
			b.WriteByte('_')
		}
		b.WriteString(indexColName(c))
		if b.Len() > 2*maxIdent { // the rest would be truncated anyway
			break
		}
	}
	return b.String()
}

// indexColName is the name PostgreSQL's FigureIndexColname gives an index
// column written as text: the column itself, a function's name for a call
// (lower(email) → lower), the cast operand's name for a cast, "case" for a
// CASE expression, else "expr".
func indexColName(text string) string {
	s := strings.TrimSpace(text)
	id, rest := leadingIdent(s)
	if id == "" {
		return "expr"
	}
	rest = strings.TrimLeft(rest, " \t\n")
	switch {
	case rest == "":
		return id
	case strings.HasPrefix(rest, "("):
		return id
	case strings.HasPrefix(rest, "::"):
		return id
	case strings.EqualFold(id, "case"):
		return "case"
	}
	return "expr"
}

// chooseRelationName returns name1_name2_label, or with label1, label2 ...
// when a relation (or, for constraints, a constraint of tbl) already has it.
func (r *Realm) chooseRelationName(schema string, tbl *Table, name1, name2, label string) string {
	for pass := 0; ; pass++ {
		l := label
		if pass > 0 {
			l = label + strconv.Itoa(pass)
		}
		n := makeObjectName(name1, name2, l)
		if r.relationExists(schema, n) {
			continue
		}
		if tbl != nil {
			if _, c := tbl.constraint(n); c != nil {
				continue
			}
		}
		return n
	}
}

// chooseConstraintName names a CHECK or FOREIGN KEY constraint. PostgreSQL
// avoids names used by any constraint of the schema; the realm checks the
// table's own constraints, where collisions happen in practice.
func chooseConstraintName(tbl *Table, name2, label string) string {
	for pass := 0; ; pass++ {
		l := label
		if pass > 0 {
			l = label + strconv.Itoa(pass)
		}
		n := makeObjectName(tbl.Name.Name, name2, l)
		if _, c := tbl.constraint(n); c == nil {
			return n
		}
	}
}

// nameConstraint fills in c.Name as the server would for table t in schema.
// Unnamed foreign keys and checks added to a MySQL table still get
// PostgreSQL's names: MySQL numbers them after the table's existing ones
// (t_ibfk_N, t_chk_N; MariaDB's checks are CONSTRAINT_N), not modelled yet.
func (r *Realm) nameConstraint(schema string, t *Table, c *Constraint) {
	if c.Name != "" {
		return
	}
	if r.TableScopedIndexes {
		switch c.Kind {
		case PrimaryKey:
			c.Name = "PRIMARY"
			return
		case Unique:
			c.Name = r.mysqlIndexName(schema, t, c.Columns)
			return
		}
	}
	switch c.Kind {
	case PrimaryKey:
		c.Name = r.chooseRelationName(schema, t, t.Name.Name, "", "pkey")
	case Unique:
		c.Name = r.chooseRelationName(schema, t, t.Name.Name, nameAddition(c.Columns), "key")
	case Exclude:
		c.Name = r.chooseRelationName(schema, t, t.Name.Name, nameAddition(c.Columns), "excl")
	case ForeignKey:
		c.Name = chooseConstraintName(t, nameAddition(c.Columns), "fkey")
	default: // CHECK: named after its column when it references exactly one
		col := ""
		if len(c.Columns) == 1 {
			col = c.Columns[0]
		}
		c.Name = chooseConstraintName(t, col, "check")
	}
}

// nameIndex fills in i.Name for an index added without a name.
func (r *Realm) nameIndex(schema string, t *Table, i *Index) {
	switch {
	case i.Name != "":
	case r.TableScopedIndexes && i.Primary:
		i.Name = "PRIMARY"
	case r.TableScopedIndexes:
		i.Name = r.mysqlIndexName(schema, t, i.Columns)
	default:
		i.Name = r.chooseRelationName(schema, nil, t.Name.Name, nameAddition(i.Columns), "idx")
	}
}

// mysqlIndexName is the name MySQL gives an unnamed key of table t
// (make_unique_key_name in sql/sql_table.cc): its first column's name as the
// table spells it, or "functional_index" when that part is an expression;
// then base_2, base_3 ... while the table has an index of that name (in any
// case). PRIMARY is reserved for the primary key.
func (r *Realm) mysqlIndexName(schema string, t *Table, cols []string) string {
	base := "functional_index"
	if len(cols) > 0 {
		if col := r.column(t, cols[0]); col != nil {
			base = col.Name
		} else if wordIdent(cols[0]) { // a column the catalog missed
			base = cols[0]
		}
	}
	name := base
	for n := 2; strings.EqualFold(name, "PRIMARY") || r.indexNameTaken(schema, t, name); n++ {
		name = base + "_" + strconv.Itoa(n)
	}
	return name
}
