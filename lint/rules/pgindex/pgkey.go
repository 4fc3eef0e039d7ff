package pgindex

import (
	"fmt"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules/internal/observe"
	"github.com/schemaguard/schemaguard/lint/rules/internal/pgsql"
	"github.com/schemaguard/schemaguard/schema"
)

// AddPrimaryKeyLocks is PG104.
var AddPrimaryKeyLocks = &lint.Analyzer{
	Code:     "PG104",
	Name:     "add-primary-key-locks",
	Severity: lint.Warning,
	Summary:  "ADD PRIMARY KEY on an existing table without `USING INDEX` of a concurrently built index",
	Doc:      doc("PG104"),
	Dialects: postgresOnly,
	Run:      func(p *lint.Pass) { runKeyLocks(p, schema.PrimaryKey) },
}

// AddUniqueConstraintLocks is PG105.
var AddUniqueConstraintLocks = &lint.Analyzer{
	Code:     "PG105",
	Name:     "add-unique-constraint-locks",
	Severity: lint.Warning,
	Summary:  "ADD UNIQUE constraint (or ADD COLUMN … UNIQUE) on an existing table without `USING INDEX`",
	Doc:      doc("PG105"),
	Dialects: postgresOnly,
	Run:      func(p *lint.Pass) { runKeyLocks(p, schema.Unique) },
}

// runKeyLocks reports a primary key or unique constraint whose index would
// be built while ALTER TABLE holds ACCESS EXCLUSIVE on an existing table.
func runKeyLocks(p *lint.Pass, kind schema.ConstraintKind) {
	for _, c := range p.Changes() {
		ac, ok := c.(*schema.AddConstraint)
		if !ok || ac.Constraint == nil || ac.Constraint.Kind != kind || ac.Constraint.UsingIndex != "" {
			continue
		}
		if !p.Existing(ac.Table) || createdHere(p, ac.Table) {
			continue
		}
		k := keyOf(p, ac)
		at := schema.Change(ac)
		if k.column != nil && ac.Loc() < 0 {
			at = k.column
		}
		dups := ""
		if k.column == nil && len(k.cols) > 0 {
			// Existing rows: the build also fails on a duplicate (MF101
			// leaves keys to this rule on PostgreSQL).
			dups = fmt.Sprintf(", and fails if existing rows hold duplicate values in (%s)", strings.Join(k.cols, ", "))
		}
		p.Reportf(at, k.fix(p), "%s builds its unique index while holding an ACCESS EXCLUSIVE lock on table %q, blocking reads and writes until it is done%s%s",
			k.subject(), ac.Table.String(), dups, observe.Confirmed(p, ac.Table))
	}
}

// key is one flagged constraint with what the fix needs to know.
type key struct {
	add     *schema.AddConstraint
	t       *schema.Table // nil when the table is unknown
	cols    []string
	column  *schema.AddColumn // the ADD COLUMN an inline constraint is written on
	conName string            // the constraint's name, or PostgreSQL's default one
}

func keyOf(p *lint.Pass, ac *schema.AddConstraint) key {
	k := key{add: ac, t: p.Realm.Table(ac.Table), cols: ac.Constraint.Columns}
	if ac.Inline {
		for _, c := range p.Changes() {
			col, ok := c.(*schema.AddColumn)
			if ok && col.Column != nil && sameTable(col.Table, ac.Table) &&
				(len(k.cols) == 0 || len(k.cols) == 1 && k.cols[0] == col.Column.Name) {
				k.column = col
				k.cols = []string{col.Column.Name}
			}
		}
	}
	k.conName = ac.Constraint.Name
	if k.conName == "" {
		// PostgreSQL's own choice, so the fix keeps the name code may rely on.
		if ac.Constraint.Kind == schema.PrimaryKey {
			k.conName = pgName(ac.Table.Name, "pkey")
		} else {
			k.conName = pgName(strings.Join(append([]string{ac.Table.Name}, k.cols...), "_"), "key")
		}
	}
	return k
}

func (k key) subject() string {
	what, word := "unique constraint", "UNIQUE"
	if k.add.Constraint.Kind == schema.PrimaryKey {
		what, word = "primary key", "PRIMARY KEY"
	}
	if k.column != nil {
		return fmt.Sprintf("Adding column %q with %s", k.column.Column.Name, word)
	}
	name := ""
	if k.add.Constraint.Name != "" {
		name = fmt.Sprintf(" %q", k.add.Constraint.Name)
	}
	on := ""
	if len(k.cols) > 0 {
		on = " (" + strings.Join(k.cols, ", ") + ")"
	}
	return fmt.Sprintf("Adding %s%s%s", what, name, on)
}

func (k key) fix(p *lint.Pass) string {
	pk := k.add.Constraint.Kind == schema.PrimaryKey
	word := "UNIQUE"
	if pk {
		word = "PRIMARY KEY"
	}
	if len(k.cols) == 0 {
		return "Build a unique index with CREATE UNIQUE INDEX CONCURRENTLY, then add the constraint with " +
			"ALTER TABLE … ADD CONSTRAINT … " + word + " USING INDEX. " + outsideTxNote(p)
	}
	if k.t != nil && k.t.Partitioned {
		return "USING INDEX is not available on a partitioned table. On each partition build the index with " +
			"CREATE UNIQUE INDEX CONCURRENTLY and add the constraint with USING INDEX; adding the constraint to the " +
			"parent afterwards attaches those instead of building new ones."
	}
	table, idx := pgsql.QName(k.add.Table), pgName(k.conName, "idx")
	var b strings.Builder
	if k.column != nil {
		fmt.Fprintf(&b, "Add column %s without %s (and fill it), then:\n", pgsql.Ident(k.column.Column.Name), word)
	}
	// The index lives in the table's schema; USING INDEX takes it unqualified.
	fmt.Fprintf(&b, "CREATE UNIQUE INDEX CONCURRENTLY %s ON %s (%s);\n", pgsql.Ident(idx), table, pgsql.List(k.cols))
	fmt.Fprintf(&b, "ALTER TABLE %s ADD CONSTRAINT %s %s USING INDEX %s;\n", table, pgsql.Ident(k.conName), word, pgsql.Ident(idx))
	if pk {
		if nullable := nullableColumns(p, k); len(nullable) > 0 {
			fmt.Fprintf(&b, "The primary key still scans the table under the lock to make %s NOT NULL: first add "+
				"CHECK (… IS NOT NULL) NOT VALID, VALIDATE it and SET NOT NULL (PostgreSQL 12+ then skips the scan).\n",
				pgsql.List(nullable))
		}
	}
	b.WriteString("The ALTER TABLE then only takes a brief lock. " + outsideTxNote(p))
	return b.String()
}

// nullableColumns lists the key's existing columns not yet NOT NULL; a new
// inline column is the ADD COLUMN's business, unknown columns say nothing.
func nullableColumns(p *lint.Pass, k key) []string {
	if k.column != nil {
		return nil
	}
	var out []string
	for _, c := range k.cols {
		if col := p.Realm.Column(k.add.Table, c); col != nil && !col.NotNull {
			out = append(out, c)
		}
	}
	return out
}

// pgName joins base and suffix with "_" the way PostgreSQL names implicit
// objects, cutting base so the result fits in 63 bytes.
func pgName(base, suffix string) string {
	const maxLen = 63
	if room := maxLen - len(suffix) - 1; len(base) > room {
		cut := room
		for cut > 0 && (base[cut]&0xC0) == 0x80 {
			cut-- // keep UTF-8 sequences whole
		}
		base = base[:cut]
	}
	return base + "_" + suffix
}
