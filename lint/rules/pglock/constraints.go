package pglock

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules/internal/observe"
	"github.com/schemaguard/schemaguard/lint/rules/internal/pgsql"
	"github.com/schemaguard/schemaguard/schema"
)

// CheckNotValid is PG305.
var CheckNotValid = &lint.Analyzer{
	Code:     "PG305",
	Name:     "check-not-valid",
	Severity: lint.Warning,
	Summary:  "ADD CHECK on an existing table without NOT VALID scans the table under ACCESS EXCLUSIVE",
	Doc:      doc("PG305"),
	Dialects: postgresOnly,
	Run:      func(p *lint.Pass) { runNotValid(p, schema.Check) },
}

// ForeignKeyNotValid is PG306.
var ForeignKeyNotValid = &lint.Analyzer{
	Code:     "PG306",
	Name:     "foreign-key-not-valid",
	Severity: lint.Warning,
	Summary:  "ADD FOREIGN KEY on an existing table without NOT VALID scans both tables while blocking their writes",
	Doc:      doc("PG306"),
	Dialects: postgresOnly,
	Run:      func(p *lint.Pass) { runNotValid(p, schema.ForeignKey) },
}

func runNotValid(p *lint.Pass, kind schema.ConstraintKind) {
	for _, c := range p.Changes() {
		ac, ok := c.(*schema.AddConstraint)
		if !ok || ac.Constraint == nil || ac.Constraint.Kind != kind || ac.Constraint.NotValid || !existingTable(p, ac.Table) {
			continue
		}
		tc, haveTree := findConstraint(p, ac)
		col := inlineColumn(p, ac)
		if ac.Inline && kind == schema.ForeignKey {
			// REFERENCES on a new column: PostgreSQL skips the check, the
			// column being all NULL, unless a DEFAULT fills it.
			if !(col != nil && col.Default != nil) && !(haveTree && tc.defaulted()) {
				continue
			}
		}
		name := constraintName(ac)
		fix := notValidFix(ac, name, tc, haveTree)
		// The statement itself can take NOT VALID when the constraint is all
		// it does; validating comes later, in another migration.
		replacement := ""
		if haveTree && !ac.Inline && len(p.Changes()) == 1 {
			replacement, _ = tc.addNotValid(ac.Constraint.Name)
		}
		if t := p.Realm.Table(ac.Table); kind == schema.ForeignKey && t != nil && t.Partitioned && p.Version < 18 {
			fix += "\n-- " + ac.Table.String() + " is partitioned: before PostgreSQL 18 NOT VALID foreign keys are refused there, so apply this pattern to each partition instead, or add the key in a quiet period."
		}
		if kind == schema.Check {
			what := "Adding " + label("CHECK constraint", ac.Constraint.Name)
			if ac.Inline {
				what = fmt.Sprintf("Adding a CHECK constraint on new column %q", columnOf(ac, col))
			}
			p.ReportReplacing(ac, fix, replacement, "%s to table %q without NOT VALID scans the whole table under an ACCESS EXCLUSIVE lock%s",
				what, ac.Table.String(), observe.Confirmed(p, ac.Table))
			continue
		}
		if ac.Inline {
			p.Reportf(ac, fix, "Adding column %q with a DEFAULT and REFERENCES %q to table %q checks every existing row against %q under an ACCESS EXCLUSIVE lock",
				columnOf(ac, col), ac.Constraint.RefTable.String(), ac.Table.String(), ac.Constraint.RefTable.String())
			continue
		}
		p.ReportReplacing(ac, fix, replacement, "Adding %s to table %q without NOT VALID checks every existing row against %q while blocking writes to both tables (SHARE ROW EXCLUSIVE)%s",
			label("foreign key", ac.Constraint.Name), ac.Table.String(), ac.Constraint.RefTable.String(), observe.Confirmed(p, ac.Table))
	}
}

func label(kind, name string) string {
	if name == "" {
		return "an unnamed " + kind
	}
	return fmt.Sprintf("%s %q", kind, name)
}

// inlineColumn is the ADD COLUMN of the statement an inline constraint is
// written on, nil when not inline or not found.
func inlineColumn(p *lint.Pass, ac *schema.AddConstraint) *schema.Column {
	if !ac.Inline {
		return nil
	}
	var only *schema.Column
	n := 0
	for _, c := range p.Changes() {
		add, ok := c.(*schema.AddColumn)
		if !ok || add.Column == nil || !sameName(p, add.Table, ac.Table) {
			continue
		}
		if slices.Contains(ac.Constraint.Columns, add.Column.Name) {
			return add.Column
		}
		only, n = add.Column, n+1
	}
	if n == 1 {
		return only
	}
	return nil
}

func columnOf(ac *schema.AddConstraint, col *schema.Column) string {
	if col != nil {
		return col.Name
	}
	if len(ac.Constraint.Columns) > 0 {
		return ac.Constraint.Columns[0]
	}
	return ""
}

// constraintName is the constraint's name, or the one PostgreSQL would
// generate, so the fix can VALIDATE it by name.
func constraintName(ac *schema.AddConstraint) string {
	c := ac.Constraint
	if c.Name != "" {
		return c.Name
	}
	if c.Kind == schema.ForeignKey {
		return objectName(ac.Table.Name, strings.Join(c.Columns, "_"), "fkey")
	}
	col := ""
	if len(c.Columns) == 1 {
		col = c.Columns[0]
	}
	return objectName(ac.Table.Name, col, "check")
}

// notValidFix: add the constraint NOT VALID (a catalog change, no scan),
// then VALIDATE it in a later transaction, under SHARE UPDATE EXCLUSIVE
// which lets reads and writes go on.
func notValidFix(ac *schema.AddConstraint, name string, tc treeConstraint, haveTree bool) string {
	t := pgsql.QName(ac.Table)
	steps := []string{"Add the constraint NOT VALID (no scan of existing rows), then validate it:"}
	if haveTree && ac.Inline {
		if s, ok := tc.addColumnWithout(); ok {
			steps = append(steps, s)
		} else {
			haveTree = false
		}
	}
	if haveTree {
		if s, ok := tc.addNotValid(name); ok {
			steps = append(steps, s)
		} else {
			haveTree = false
		}
	}
	if !haveTree {
		steps = steps[:1]
		if ac.Inline {
			steps = append(steps, "-- add the column without the constraint, then:")
		}
		steps = append(steps, modelNotValid(ac, t, name))
	}
	steps = append(steps, "-- in a separate transaction (a later migration), which scans without blocking reads or writes:",
		fmt.Sprintf("ALTER TABLE %s VALIDATE CONSTRAINT %s;", t, pgsql.Ident(name)))
	return strings.Join(steps, "\n")
}

// modelNotValid builds the statement from the model when there is no tree.
func modelNotValid(ac *schema.AddConstraint, t, name string) string {
	c := ac.Constraint
	if c.Kind == schema.ForeignKey {
		ref := pgsql.QName(c.RefTable)
		if len(c.RefColumns) > 0 {
			ref += " (" + identList(c.RefColumns) + ")"
		}
		return fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s NOT VALID; -- keep its ON DELETE/ON UPDATE options",
			t, pgsql.Ident(name), identList(c.Columns), ref)
	}
	return fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s CHECK (<expression>) NOT VALID;", t, pgsql.Ident(name))
}

func identList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = pgsql.Ident(n)
	}
	return strings.Join(q, ", ")
}
