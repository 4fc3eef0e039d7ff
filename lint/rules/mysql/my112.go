package mysql

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/schema"
)

// EnumSetReorder is MY112.
var EnumSetReorder = &lint.Analyzer{
	Code:     "MY112",
	Name:     "enum-set-reorder",
	Severity: lint.Warning,
	Summary:  "ENUM/SET values removed, reordered or inserted anywhere but at the end",
	Dialects: mysqlOnly,
	Doc:      doc("MY112"),
	Run:      runEnumSetReorder,
}

func runEnumSetReorder(p *lint.Pass) {
	for i, c := range p.Changes() {
		ac, ok := c.(*schema.AlterColumnType)
		if !ok || ac.NewDef == nil {
			continue
		}
		nt := ac.NewDef.Type
		if nt.Name != "enum" && nt.Name != "set" {
			continue
		}
		orig := originalColumn(p, i, ac.Table, ac.Column)
		old := p.Realm.Column(ac.Table, orig)
		// Unknown columns are left alone: without the old list there is
		// nothing to compare. Columns created in this file hold no rows.
		if old == nil || !old.Existing || old.Type.Name != nt.Name || len(old.Type.Values) == 0 {
			continue
		}
		// A value that an earlier UPDATE of the file moved every row off
		// holds no row any more: dropping it loses nothing.
		held := slices.DeleteFunc(slices.Clone(old.Type.Values), func(v string) bool {
			return !slices.Contains(nt.Values, v) && movedOff(p, ac.Table, orig, v)
		})
		what := enumChange(held, nt.Values)
		if what == "" {
			continue
		}
		kind := strings.ToUpper(nt.Name)
		p.Reportf(ac, enumFix(ac, old.Type.Values, nt.Values),
			"Changing %s column %q of table %q from (%s) to (%s) %s; only appending values at the end is an in-place change",
			kind, ac.Column, ac.Table.String(), valueList(old.Type.Values), valueList(nt.Values), what)
	}
}

// movedOff reports whether an earlier statement of the file rewrites column
// col of every row that holds value v: an UPDATE of the column without
// WHERE, or with WHERE col = v / col IN (..., v, ...).
func movedOff(p *lint.Pass, table schema.QName, col, v string) bool {
	for _, s := range p.Prior() {
		if s.Parsed == nil {
			continue
		}
		for _, c := range s.Parsed.Changes {
			u, ok := c.(*schema.Update)
			if !ok || !sameTable(u.Table, table) || !slices.ContainsFunc(u.Columns, func(c string) bool { return strings.EqualFold(c, col) }) {
				continue
			}
			if !u.HasWhere || strings.EqualFold(u.WhereValuesColumn, col) && slices.Contains(u.WhereValues, v) {
				return true
			}
		}
	}
	return false
}

// enumChange describes how the new member list differs from the old one
// other than by appending; "" when it only appends (or is unchanged).
func enumChange(old, new []string) string {
	if len(new) >= len(old) && slices.Equal(old, new[:len(old)]) {
		return ""
	}
	var removed []string
	for _, v := range old {
		if !slices.Contains(new, v) {
			removed = append(removed, v)
		}
	}
	if len(removed) > 0 {
		return fmt.Sprintf("removes %s, which rows may hold", valueList(removed))
	}
	// Every old value is kept: either a new one comes before an old one,
	// or the old ones changed order.
	for i, v := range new {
		if !slices.Contains(old, v) && slices.ContainsFunc(new[i+1:], func(w string) bool { return slices.Contains(old, w) }) {
			return fmt.Sprintf("inserts %s before existing values", schema.QuoteValue(v))
		}
	}
	return "reorders the existing values"
}

// enumFix proposes the definition that keeps the old members in their
// order and appends the new ones.
func enumFix(ac *schema.AlterColumnType, old, new []string) string {
	keep := slices.Clone(old)
	for _, v := range new {
		if !slices.Contains(keep, v) {
			keep = append(keep, v)
		}
	}
	def := *ac.NewDef
	def.Type.Values = keep
	var extra []string
	if def.NotNull {
		extra = append(extra, "NOT NULL")
	}
	if def.Default != nil && def.Default.Text != "" {
		extra = append(extra, "DEFAULT "+def.Default.Text)
	}
	stmt := strings.TrimSpace(fmt.Sprintf("ALTER TABLE %s MODIFY %s %s %s", sqlName(ac.Table), ident(def.Name), def.Type.String(), strings.Join(extra, " ")))
	return "Keep the existing values in their order and append new ones at the end: " + stmt +
		"; to retire a value, first UPDATE the rows that hold it, in a separate step."
}
