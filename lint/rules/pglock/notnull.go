package pglock

import (
	"fmt"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules/internal/observe"
	"github.com/schemaguard/schemaguard/lint/rules/internal/pgsql"
	"github.com/schemaguard/schemaguard/schema"
)

// SetNotNullScan is PG303.
var SetNotNullScan = &lint.Analyzer{
	Code:     "PG303",
	Name:     "set-not-null-scan",
	Severity: lint.Warning,
	Summary:  "SET NOT NULL on an existing column without a validated CHECK (col IS NOT NULL) scans the whole table under ACCESS EXCLUSIVE",
	Doc:      doc("PG303"),
	Dialects: postgresOnly,
	Run:      runSetNotNull,
}

// PrimaryKeyNullable is PG304.
var PrimaryKeyNullable = &lint.Analyzer{
	Code:     "PG304",
	Name:     "primary-key-nullable",
	Severity: lint.Warning,
	Summary:  "a primary key over nullable existing columns implies SET NOT NULL scans under ACCESS EXCLUSIVE",
	Doc:      doc("PG304"),
	Dialects: postgresOnly,
	Run:      runPrimaryKeyNullable,
}

// provenNotNull reports whether a validated CHECK (col IS NOT NULL) lets
// PostgreSQL 12+ skip the scan of SET NOT NULL. The realm already holds the
// checks validated earlier in this file and in every earlier one.
func provenNotNull(p *lint.Pass, q schema.QName, col string) bool {
	if p.Version < 12 {
		return false
	}
	t := p.Realm.Table(q)
	if t == nil {
		return false
	}
	for _, c := range t.Constraints {
		if c.Kind == schema.Check && !c.NotValid && c.NotNullColumn == col {
			return true
		}
	}
	return false
}

// needsScan reports whether making column col of q NOT NULL scans existing
// rows: the column existed, may hold NULLs, and nothing proves otherwise.
func needsScan(p *lint.Pass, q schema.QName, col string) bool {
	c, existing := existingColumn(p, q, col)
	if !existing || c != nil && c.NotNull {
		return false
	}
	return !provenNotNull(p, q, col)
}

func runSetNotNull(p *lint.Pass) {
	for _, c := range p.Changes() {
		sn, ok := c.(*schema.SetNotNull)
		if !ok || !needsScan(p, sn.Table, sn.Column) {
			continue
		}
		why := "no validated CHECK (" + pgsql.Ident(sn.Column) + " IS NOT NULL) proves it has no NULLs"
		if p.Version < 12 {
			why = "before PostgreSQL 12 no constraint lets it skip the scan"
		}
		p.Reportf(sn, notNullFix(p, sn.Table, []string{sn.Column}, ""),
			"Setting NOT NULL on column %q of table %q scans the whole table under an ACCESS EXCLUSIVE lock: %s%s",
			sn.Column, sn.Table.String(), why, observe.Confirmed(p, sn.Table))
	}
}

func runPrimaryKeyNullable(p *lint.Pass) {
	for _, c := range p.Changes() {
		ac, ok := c.(*schema.AddConstraint)
		if !ok || ac.Constraint == nil || ac.Constraint.Kind != schema.PrimaryKey || !existingTable(p, ac.Table) {
			continue
		}
		var nullable []string
		for _, col := range keyColumns(p, ac) {
			// Only columns the realm knows: a key column it does not know
			// is either new in this statement or a guess.
			if p.Realm.Column(ac.Table, col) != nil && needsScan(p, ac.Table, col) && !setNotNullHere(p, ac.Table, col) {
				nullable = append(nullable, col)
			}
		}
		if len(nullable) == 0 {
			continue
		}
		p.Reportf(ac, notNullFix(p, ac.Table, nullable, "then add the primary key, ideally USING INDEX of a unique index built CONCURRENTLY (see PG104)"),
			"Adding a primary key to table %q makes nullable %s %s NOT NULL, which scans the whole table under an ACCESS EXCLUSIVE lock%s",
			ac.Table.String(), plural(len(nullable), "column", "columns"), quoted(nullable), observe.Confirmed(p, ac.Table))
	}
}

// keyColumns are the constraint's columns, or for ADD PRIMARY KEY USING
// INDEX, the index's.
func keyColumns(p *lint.Pass, ac *schema.AddConstraint) []string {
	if len(ac.Constraint.Columns) > 0 || ac.Constraint.UsingIndex == "" {
		return ac.Constraint.Columns
	}
	// An index lives in its table's schema.
	_, idx := p.Realm.IndexByName(schema.QName{Schema: ac.Table.Schema, Name: ac.Constraint.UsingIndex})
	if idx == nil {
		return nil
	}
	return idx.Columns
}

// setNotNullHere: the same statement sets the column NOT NULL itself, which
// PG303 reports.
func setNotNullHere(p *lint.Pass, q schema.QName, col string) bool {
	for _, c := range p.Changes() {
		if sn, ok := c.(*schema.SetNotNull); ok && sn.Column == col && sameName(p, sn.Table, q) {
			return true
		}
	}
	return false
}

// notNullFix gives the scan-free sequence: a NOT VALID check, validated
// under a weak lock in a later transaction, proves the column non-null so
// SET NOT NULL skips its scan.
func notNullFix(p *lint.Pass, q schema.QName, cols []string, last string) string {
	t := pgsql.QName(q)
	if p.Version < 12 {
		s := "Before PostgreSQL 12, SET NOT NULL always scans, whatever constraints exist. Backfill the NULLs first and run it in a quiet period with a short lock_timeout (on 12+ a validated CHECK (col IS NOT NULL) avoids the scan)."
		if last != "" {
			s += " Then " + last + "."
		}
		return s
	}
	names := make([]string, len(cols))
	for i, col := range cols {
		names[i] = pgsql.Ident(objectName(q.Name, col, "not_null"))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Prove the %s non-null with a CHECK validated under a weak lock, so SET NOT NULL skips the scan:\n",
		plural(len(cols), "column", "columns"))
	for i, col := range cols {
		fmt.Fprintf(&b, "ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID;\n", t, names[i], pgsql.Ident(col))
	}
	b.WriteString("-- in a separate transaction (e.g. the next migration); it scans without blocking reads or writes:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "ALTER TABLE %s VALIDATE CONSTRAINT %s;\n", t, n)
	}
	for _, col := range cols {
		fmt.Fprintf(&b, "ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;\n", t, pgsql.Ident(col))
	}
	fmt.Fprintf(&b, "-- optional, %s redundant now:\n", plural(len(cols), "the check is", "the checks are"))
	for _, n := range names {
		fmt.Fprintf(&b, "ALTER TABLE %s DROP CONSTRAINT %s;\n", t, n)
	}
	if last != "" {
		fmt.Fprintf(&b, "-- %s", last)
	}
	return strings.TrimRight(b.String(), "\n")
}
