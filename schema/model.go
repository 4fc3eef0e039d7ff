// Package schema is the dialect-neutral model of a database schema that both
// the static catalog (folded from parsed migration history) and, later, a dev
// database produce. Lint rules read it to learn what existed before a file.
package schema

import (
	"strconv"
	"strings"
)

// QName is a schema-qualified object name. Schema "" means the realm's
// default schema (public on PostgreSQL, the current database on MySQL).
// Names are stored as the server stores them (unquoted identifiers folded).
type QName struct {
	Schema string `json:"schema,omitempty"`
	Name   string `json:"name"`
}

func (q QName) String() string {
	if q.Schema == "" {
		return q.Name
	}
	return q.Schema + "." + q.Name
}

// Origin records whether an object existed before the file being linted
// ("existing": production may hold rows in it) or was created by it.
type Origin struct {
	Existing bool `json:"existing"`
}

// Type is a column type as written, normalised: lower-case base name without
// schema (int4 not integer, varchar not character varying) and its modifiers.
type Type struct {
	Name  string `json:"name"`
	Mods  []int  `json:"mods,omitempty"` // varchar(20) → [20]; numeric(10,2) → [10 2]
	Array bool   `json:"array,omitempty"`
	// Values of a MySQL inline ENUM/SET type, in order.
	Values []string `json:"values,omitempty"`
	// Unsigned: a MySQL numeric type declared UNSIGNED (or ZEROFILL), which
	// holds no negative values and, for integers, twice the positive range.
	Unsigned bool `json:"unsigned,omitempty"`
}

// Expr is a default or generation expression.
type Expr struct {
	Text string `json:"text"`
	// Volatile: evaluated per row (random(), gen_random_uuid(), nextval(),
	// clock_timestamp(), or a user function, which PostgreSQL makes VOLATILE
	// unless declared otherwise). now() and constants are not volatile.
	Volatile bool `json:"volatile,omitempty"`
}

// Column is a table column.
type Column struct {
	Origin
	Name    string `json:"name"`
	Type    Type   `json:"type"`
	NotNull bool   `json:"not_null,omitempty"`
	Default *Expr  `json:"default,omitempty"`
	// Generated is "stored" or "virtual" for generated columns, else "".
	Generated string `json:"generated,omitempty"`
	Identity  bool   `json:"identity,omitempty"`
	Serial    bool   `json:"serial,omitempty"` // serial/bigserial/smallserial, or MySQL AUTO_INCREMENT
}

// ConstraintKind names a table constraint kind.
type ConstraintKind string

const (
	PrimaryKey ConstraintKind = "primary_key"
	Unique     ConstraintKind = "unique"
	Check      ConstraintKind = "check"
	ForeignKey ConstraintKind = "foreign_key"
	Exclude    ConstraintKind = "exclude"
)

// Constraint is a table constraint.
type Constraint struct {
	Origin
	Name    string         `json:"name,omitempty"` // "" when the server would generate one
	Kind    ConstraintKind `json:"kind"`
	Columns []string       `json:"columns,omitempty"`
	// NotValid: added with NOT VALID and not validated since.
	NotValid bool `json:"not_valid,omitempty"`
	// NotNullColumn is set for a CHECK that proves a column non-null
	// (CHECK (col IS NOT NULL)), so SET NOT NULL can skip its scan.
	NotNullColumn string   `json:"not_null_column,omitempty"`
	RefTable      QName    `json:"ref_table,omitempty"`
	RefColumns    []string `json:"ref_columns,omitempty"`
	UsingIndex    string   `json:"using_index,omitempty"` // ADD ... USING INDEX name
	// GeneratedName: the statement gave no name and the adapter filled in
	// the server's default without seeing the table's other indexes; with
	// TableScopedIndexes the realm derives the name again (see Index).
	GeneratedName bool `json:"generated_name,omitempty"`
}

// Index is an index on a table.
type Index struct {
	Origin
	Name    string   `json:"name"`
	Columns []string `json:"columns,omitempty"` // column names; expression parts as their text
	Unique  bool     `json:"unique,omitempty"`
	Primary bool     `json:"primary,omitempty"`
	Partial bool     `json:"partial,omitempty"`
	// Where are the conjuncts of a partial index's predicate (the parts of
	// a top-level AND), each as the server's deparser writes it.
	Where []string `json:"where,omitempty"`
	// NullsNotDistinct: NULLS NOT DISTINCT (PostgreSQL 15), rows whose
	// indexed columns hold NULL conflict too.
	NullsNotDistinct bool `json:"nulls_not_distinct,omitempty"`
	// GeneratedName: the statement gave no name and the adapter filled in
	// the one the server gives when nothing clashes (MySQL's first column
	// name for ALTER TABLE t ADD INDEX (phone)). With TableScopedIndexes the
	// realm derives the name again from the table's indexes (phone_2 when
	// phone is taken); rules may still show the adapter's name.
	GeneratedName bool `json:"generated_name,omitempty"`
}

// Table is a table (or materialized view, which can hold indexes).
type Table struct {
	Origin
	Name        QName         `json:"name"`
	Columns     []*Column     `json:"columns"`
	Constraints []*Constraint `json:"constraints,omitempty"`
	Indexes     []*Index      `json:"indexes,omitempty"`
	// Partitioned tables cannot take CONCURRENTLY index builds on the parent.
	Partitioned bool `json:"partitioned,omitempty"`
	// Materialized: a materialized view, kept here because it holds rows and
	// indexes and takes table locks (REFRESH).
	Materialized bool `json:"materialized,omitempty"`
}

// Enum is an enumerated type (PostgreSQL CREATE TYPE ... AS ENUM).
type Enum struct {
	Origin
	Name   QName    `json:"name"`
	Values []string `json:"values"`
}

// Schema is a namespace (PostgreSQL schema). The realm's default schema
// always exists and counts as existing.
type Schema struct {
	Origin
	Name string `json:"name"`
}

// View is a plain view (materialized views are Tables).
type View struct {
	Origin
	Name QName `json:"name"`
}

// String renders the type as SQL: varchar(20), numeric(10,2), int4[],
// enum('a','b'), int unsigned.
func (t Type) String() string {
	var b strings.Builder
	name := t.Name
	if name == "bpchar" {
		// PostgreSQL's internal name for char(n); both spellings are valid SQL.
		name = "char"
	}
	b.WriteString(name)
	if len(t.Values) > 0 {
		quoted := make([]string, len(t.Values))
		for i, v := range t.Values {
			quoted[i] = QuoteValue(v)
		}
		b.WriteString("(" + strings.Join(quoted, ",") + ")")
	} else if len(t.Mods) > 0 {
		b.WriteByte('(')
		for i, m := range t.Mods {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(m))
		}
		b.WriteByte(')')
	}
	if t.Unsigned {
		b.WriteString(" unsigned")
	}
	if t.Array {
		b.WriteString("[]")
	}
	return b.String()
}

// valueEscaper escapes a MySQL string literal, where a backslash escapes
// too: inline value lists (ENUM, SET) are MySQL's.
var valueEscaper = strings.NewReplacer(`\`, `\\`, "'", "''")

// QuoteValue renders an ENUM/SET member as a MySQL string literal.
func QuoteValue(v string) string { return "'" + valueEscaper.Replace(v) + "'" }
