package pglock

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules/internal/observe"
	"github.com/schemaguard/schemaguard/lint/rules/internal/pgsql"
	"github.com/schemaguard/schemaguard/schema"
)

// TypeChangeRewrite is PG301.
var TypeChangeRewrite = &lint.Analyzer{
	Code:     "PG301",
	Name:     "type-change-rewrite",
	Severity: lint.Warning,
	Summary:  "ALTER COLUMN TYPE on an existing column that rewrites the table (and its indexes) under ACCESS EXCLUSIVE",
	Doc:      doc("PG301"),
	Dialects: postgresOnly,
	Run:      runTypeChangeRewrite,
}

func runTypeChangeRewrite(p *lint.Pass) {
	for _, c := range p.Changes() {
		ac, ok := c.(*schema.AlterColumnType)
		if !ok {
			continue
		}
		col, existing := existingColumn(p, ac.Table, ac.Column)
		// Without the old type there is nothing to compare: don't guess.
		if !existing || col == nil || col.Type.Name == "" {
			continue
		}
		reason := rewriteReason(col.Type, ac.Type, ac.Using, ac.Column, p.Version)
		// The dev database's answer wins over the reading of the types: a
		// change it ran without a new relfilenode is no rewrite, one it
		// rewrote is (a session time zone, a domain, a cast we do not know).
		if rewrote, known := observe.Rewrote(p, ac.Table); known {
			if !rewrote {
				continue
			}
			if reason == "" {
				reason = "the dev database rewrote it"
			}
		}
		if reason == "" {
			continue
		}
		p.Reportf(ac, typeChangeFix(ac), "Changing column %q of table %q from %s to %s rewrites the table and all its indexes under an ACCESS EXCLUSIVE lock (%s)%s",
			ac.Column, ac.Table.String(), col.Type.String(), ac.Type.String(), reason, observe.Confirmed(p, ac.Table))
	}
}

func typeChangeFix(ac *schema.AlterColumnType) string {
	t := pgsql.QName(ac.Table)
	return fmt.Sprintf(`No in-place change avoids the rewrite. Migrate through a new column instead:
ALTER TABLE %[1]s ADD COLUMN %[2]s %[3]s;
-- keep it in sync with a trigger, backfill existing rows in small batches,
-- then swap the columns in one short transaction (with a lock_timeout):
ALTER TABLE %[1]s RENAME COLUMN %[4]s TO %[5]s;
ALTER TABLE %[1]s RENAME COLUMN %[2]s TO %[4]s;`,
		t, pgsql.Ident(objectName(ac.Column, "", "new")), ac.Type.String(), pgsql.Ident(ac.Column), pgsql.Ident(objectName(ac.Column, "", "old")))
}

// rewriteReason says why changing from old to new rewrites the table, or ""
// when PostgreSQL only relabels the column (binary-coercible change).
func rewriteReason(old, new schema.Type, using, column string, version int) string {
	if !trivialUsing(using, column) {
		return "the USING expression is evaluated for every row"
	}
	o, n := normType(old), normType(new)
	if o.Name == n.Name && slices.Equal(o.Mods, n.Mods) && o.Array == n.Array {
		return ""
	}
	if o.Array || n.Array {
		return "array elements are converted one by one"
	}
	switch {
	case stringType(o.Name) && stringType(n.Name):
		return stringChange(o, n)
	case o.Name == "numeric" && n.Name == "numeric":
		return numericChange(o, n)
	case o.Name == "cidr" && n.Name == "inet":
		return ""
	case o.Name == "varbit" && n.Name == "varbit":
		return widening(o, n, "a shorter maximum length is checked for every row")
	case timeType(o.Name) && timeType(n.Name) && o.Name == n.Name:
		return widening(o, n, "a lower precision rounds every value")
	case zoneChange(o.Name, n.Name):
		if version < 12 {
			return fmt.Sprintf("before PostgreSQL 12, %s to %s converts every value", o.Name, n.Name)
		}
		if r := widening(o, n, "a lower precision rounds every value"); r != "" {
			return r
		}
		return ""
	}
	return "the values must be converted"
}

// stringChange covers varchar and text, which share one representation.
func stringChange(o, n schema.Type) string {
	if n.Name == "text" || len(n.Mods) == 0 {
		return "" // no length limit to check
	}
	if o.Name == "text" || len(o.Mods) == 0 {
		return "the new length limit is checked for every row"
	}
	if n.Mods[0] >= o.Mods[0] {
		return ""
	}
	return "a shorter length is checked for every row"
}

// numericChange: widening the precision at the same scale, or dropping the
// limits, keeps the stored values; anything else recomputes them.
func numericChange(o, n schema.Type) string {
	if len(n.Mods) == 0 {
		return ""
	}
	if len(o.Mods) == 0 {
		return "every value must be rounded to the new precision and scale"
	}
	if scale(o) != scale(n) {
		return "a scale change rescales every value"
	}
	if n.Mods[0] >= o.Mods[0] {
		return ""
	}
	return "a lower precision is checked for every row"
}

func scale(t schema.Type) int {
	if len(t.Mods) > 1 {
		return t.Mods[1]
	}
	return 0
}

// widening accepts removing or raising a single length/precision modifier,
// which PostgreSQL's length-coercion support functions treat as a no-op.
func widening(o, n schema.Type, narrowing string) string {
	switch {
	case len(n.Mods) == 0:
		return ""
	case len(o.Mods) == 0 || n.Mods[0] < o.Mods[0]:
		return narrowing
	}
	return ""
}

func stringType(n string) bool { return n == "varchar" || n == "text" }

func timeType(n string) bool {
	return n == "timestamp" || n == "timestamptz" || n == "time" || n == "timetz"
}

func zoneChange(a, b string) bool {
	return a == "timestamp" && b == "timestamptz" || a == "timestamptz" && b == "timestamp"
}

// trivialUsing reports a USING clause that only names the column (possibly
// cast to the new type), which converts no differently than none.
func trivialUsing(using, column string) bool {
	u := strings.ToLower(strings.Join(strings.Fields(using), ""))
	if u == "" {
		return true
	}
	u = strings.ReplaceAll(u, `"`, "")
	col := strings.ToLower(column)
	return u == col || strings.HasPrefix(u, col+"::") && castTarget.MatchString(u[len(col)+2:])
}

// castTarget is a bare type name with optional modifiers, as in c::varchar(10).
var castTarget = regexp.MustCompile(`^[a-z_][a-z0-9_.]*(\(\d+(,\d+)?\))?(\[\])?$`)

// typeAliases maps SQL spellings to the internal names the model uses, in
// case a producer kept the spelling.
var typeAliases = map[string]string{
	"integer": "int4", "int": "int4", "smallint": "int2", "bigint": "int8",
	"character varying": "varchar", "char varying": "varchar", "character": "bpchar", "char": "bpchar",
	"decimal": "numeric", "real": "float4", "double precision": "float8", "boolean": "bool",
	"timestamp without time zone": "timestamp", "timestamp with time zone": "timestamptz",
	"time without time zone": "time", "time with time zone": "timetz", "bit varying": "varbit",
}

func normType(t schema.Type) schema.Type {
	name := strings.ToLower(strings.TrimSpace(t.Name))
	name = strings.TrimPrefix(name, "pg_catalog.")
	if a, ok := typeAliases[name]; ok {
		name = a
	}
	t.Name = name
	return t
}
