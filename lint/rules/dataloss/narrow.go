package dataloss

import (
	"strings"

	"fmt"
	"slices"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/schema"
)

// NarrowingTypeChange is MF105.
var NarrowingTypeChange = &lint.Analyzer{
	Code:     "MF105",
	Name:     "narrowing-type-change",
	Severity: lint.Warning,
	Summary:  "a column type change that can lose data or fail (shorter varchar, int8→int4, text→varchar(n), numeric scale down)",
	Dialects: bothDialects,
	Doc:      doc("MF105"),
	Run:      runNarrowing,
}

func runNarrowing(p *lint.Pass) {
	for i, c := range p.Changes() {
		ac, ok := c.(*schema.AlterColumnType)
		if !ok {
			continue
		}
		st := at(p, i).column(ac.Table, ac.Column)
		// A column added in this file holds only defaults; an unknown one
		// has an unknown type, and guessing would only make noise.
		if !st.Existing || st.Col == nil || st.Col.Type.Name == "" {
			continue
		}
		newType := ac.Type
		if newType.Name == "" && ac.NewDef != nil {
			newType = ac.NewDef.Type
		}
		loss := lossOf(p, st.Col.Type, newType)
		if loss == "" || explicitConversion(ac) {
			continue
		}
		p.Reportf(ac, narrowFix(p, ac.Table, ac.Column, st.Col.Type, newType),
			"Changing column %q of table %q from %s to %s %s", ac.Column, ac.Table.String(),
			st.Col.Type.String(), newType.String(), loss)
	}
}

// explicitConversion: a USING expression other than the column itself or a
// plain cast of it says how every value converts (substr, round, a CASE),
// so the author has decided what is lost and nothing fails.
func explicitConversion(ac *schema.AlterColumnType) bool {
	u := strings.ToLower(strings.Join(strings.Fields(ac.Using), ""))
	if u == "" {
		return false
	}
	col := strings.ToLower(ac.Column)
	for _, trivial := range []string{col, `"` + col + `"`} {
		if u == trivial || strings.HasPrefix(u, trivial+"::") || strings.HasPrefix(u, "cast("+trivial+"as") {
			return false
		}
	}
	return true
}

// failsOn words a conversion failure per dialect: MySQL outside strict mode
// does not fail but truncates or clamps, which is worse.
func failsOn(p *lint.Pass, what string) string {
	if p.Dialect == lint.MySQL {
		server := "MySQL"
		if p.MariaDB {
			server = "MariaDB"
		}
		return "fails on " + what + " (outside strict mode " + server + " silently truncates or clamps them)"
	}
	return "fails on " + what
}

func sameType(a, b schema.Type) bool {
	return a.Name == b.Name && a.Array == b.Array && a.Unsigned == b.Unsigned &&
		slices.Equal(a.Mods, b.Mods) && slices.Equal(a.Values, b.Values)
}

// lossOf says how converting a column from old to new can fail or lose
// data, "" when it cannot (widening, same type, or a pair we do not know:
// no guess). The table is documented in doc/MF105.md.
func lossOf(p *lint.Pass, old, new schema.Type) string {
	loss := rangeLoss(p, old, new)
	if loss == "" && new.Unsigned && !old.Unsigned {
		// MySQL's UNSIGNED numbers hold no negative value, whatever their
		// range otherwise.
		switch classify(old, p.Dialect).fam {
		case famInt, famNumeric, famFloat:
			return failsOn(p, "negative values")
		}
	}
	return loss
}

// rangeLoss is lossOf apart from the negative values an UNSIGNED type
// refuses.
func rangeLoss(p *lint.Pass, old, new schema.Type) string {
	if new.Name == "" || old.Array != new.Array || sameType(old, new) {
		return "" // array ↔ scalar needs USING and fails loudly on its own
	}
	o, n := classify(old, p.Dialect), classify(new, p.Dialect)
	if o.fam == famUnknown {
		return ""
	}
	if n.fam == famString && n.length > 0 {
		// Any value whose text is longer than the new limit is lost.
		l := textLen(o)
		if o.fam == famInt && old.Unsigned {
			l = maxDigits(o.width, true) // no sign
		}
		if l == 0 || l > n.length {
			if o.fam == famBinary {
				return failsOn(p, "bytes that are not valid characters or longer than "+fmt.Sprint(n.length))
			}
			return failsOn(p, fmt.Sprintf("values longer than %d characters", n.length))
		}
		return ""
	}
	switch o.fam {
	case famString:
		switch n.fam {
		case famString:
			return ""
		case famBinary:
			if n.length > 0 && (o.length == 0 || n.length < o.length) {
				return failsOn(p, fmt.Sprintf("values longer than %d bytes", n.length))
			}
			return ""
		}
		if n.fam == famEnum {
			return failsOn(p, "values that are not members of the new "+new.Name)
		}
		return failsOn(p, "values that are not valid "+new.Name)
	case famInt:
		return intLoss(p, o, n, old, new)
	case famNumeric:
		return numericLoss(p, o, n, new)
	case famFloat:
		return floatLoss(p, o, n, new)
	case famBool:
		if n.fam == famBool || n.fam == famInt || n.fam == famString {
			return ""
		}
	case famDate:
		switch n.fam {
		case famDate, famString:
			return ""
		case famDateTime:
			if p.Dialect == lint.MySQL && new.Name == "timestamp" {
				return failsOn(p, "dates outside TIMESTAMP's 1970–2038 range")
			}
			return ""
		}
	case famDateTime:
		switch n.fam {
		case famString:
			return ""
		case famDate:
			return "drops the time of day of every value"
		case famTime:
			return "drops the date of every value"
		case famDateTime:
			if p.Dialect == lint.MySQL && new.Name == "timestamp" && old.Name != "timestamp" {
				return failsOn(p, "values outside TIMESTAMP's 1970–2038 range")
			}
			if n.fsp < o.fsp {
				return fmt.Sprintf("rounds away fractional seconds beyond %d digits", n.fsp)
			}
			return "" // timestamp ↔ timestamptz reinterprets, loses nothing
		}
	case famTime:
		switch n.fam {
		case famString:
			return ""
		case famTime:
			if n.fsp < o.fsp {
				return fmt.Sprintf("rounds away fractional seconds beyond %d digits", n.fsp)
			}
			return ""
		}
	case famUUID, famJSON:
		// json → jsonb normalises (duplicate keys collapse) but keeps the
		// document; flagging the usual upgrade would be noise.
		if n.fam == o.fam || n.fam == famString {
			return ""
		}
	case famBinary:
		switch n.fam {
		case famBinary:
			if n.length > 0 && (o.length == 0 || n.length < o.length) {
				return failsOn(p, fmt.Sprintf("values longer than %d bytes", n.length))
			}
			return ""
		case famString:
			return failsOn(p, "bytes that are not valid characters")
		}
	case famEnum:
		if n.fam == famEnum || n.fam == famString {
			return "" // value removal is MY112's; unbounded text holds any member
		}
	}
	if n.fam == famUnknown {
		return ""
	}
	return failsOn(p, "values that do not convert to "+new.Name)
}

func intLoss(p *lint.Pass, o, n typeInfo, old, new schema.Type) string {
	switch n.fam {
	case famInt:
		switch {
		case intFits(o.width, old.Unsigned, n.width, new.Unsigned):
			return ""
		case new.Unsigned && !old.Unsigned && n.width >= o.width:
			return failsOn(p, "negative values")
		case old.Unsigned && !new.Unsigned && n.width == o.width:
			return failsOn(p, "values above "+intRange(n.width, false)[1])
		}
		return failsOn(p, "values outside the range of "+intName(new))
	case famNumeric:
		if n.bounded && n.prec-n.scale < maxDigits(o.width, old.Unsigned) {
			return failsOn(p, fmt.Sprintf("values with more than %d digits", n.prec-n.scale))
		}
		return ""
	case famFloat:
		bits := intBits(o.width)
		if old.Unsigned {
			bits++ // no sign bit
		}
		if n.width < bits {
			return fmt.Sprintf("rounds integers beyond 2^%d (%s keeps %d bits of precision)", n.width, new.Name, n.width)
		}
		return ""
	case famString:
		return "" // bounded strings are handled by the caller
	case famBool:
		return "turns every non-zero value into true"
	case famUnknown:
		return ""
	}
	return failsOn(p, "values that do not convert to "+new.Name)
}

func numericLoss(p *lint.Pass, o, n typeInfo, new schema.Type) string {
	switch n.fam {
	case famNumeric:
		if !n.bounded {
			return ""
		}
		if !o.bounded || n.prec-n.scale < o.prec-o.scale {
			return failsOn(p, fmt.Sprintf("values with more than %d digits before the decimal point", n.prec-n.scale))
		}
		if n.scale < o.scale {
			return fmt.Sprintf("rounds values to %d decimal places", n.scale)
		}
		return ""
	case famInt:
		if o.bounded && o.scale == 0 && o.prec < maxDigits(n.width, false) {
			return ""
		}
		if !o.bounded || o.scale > 0 {
			return "rounds away the fractional part of values and " + failsOn(p, "values outside the range of "+new.Name)
		}
		return failsOn(p, "values outside the range of "+new.Name)
	case famFloat:
		digits := 15
		if n.width < 53 {
			digits = 6
		}
		if !o.bounded || o.prec > digits {
			return fmt.Sprintf("loses precision beyond about %d significant digits", digits)
		}
		return ""
	case famString, famUnknown:
		return ""
	}
	return failsOn(p, "values that do not convert to "+new.Name)
}

func floatLoss(p *lint.Pass, o, n typeInfo, new schema.Type) string {
	switch n.fam {
	case famFloat:
		if n.width < o.width {
			return "loses precision and " + failsOn(p, "values outside the range of "+new.Name)
		}
		return ""
	case famNumeric:
		if n.bounded {
			return "rounds values and " + failsOn(p, "values that do not fit "+new.String())
		}
		if p.Dialect == lint.Postgres && p.Version < 14 {
			return failsOn(p, "Infinity (numeric has no infinity before PostgreSQL 14)")
		}
		return ""
	case famInt:
		return "rounds away the fractional part of values and " + failsOn(p, "values outside the range of "+new.Name)
	case famString, famUnknown:
		return ""
	}
	return failsOn(p, "values that do not convert to "+new.Name)
}

// intFits reports whether every value of an integer of ow bytes (unsigned
// or not) fits one of nw bytes: an unsigned value needs a wider signed type,
// and no unsigned type holds a negative value.
func intFits(ow int, ou bool, nw int, nu bool) bool {
	switch {
	case ou == nu:
		return nw >= ow
	case ou:
		return nw > ow
	}
	return false
}

// intName is an integer type's name with its signedness.
func intName(t schema.Type) string {
	if t.Unsigned {
		return t.Name + " unsigned"
	}
	return t.Name
}

// intRange gives the smallest and largest value of an integer of w bytes.
func intRange(w int, unsigned bool) [2]string {
	if unsigned {
		return [2]string{"0", map[int]string{1: "255", 2: "65535", 3: "16777215", 4: "4294967295", 8: "18446744073709551615"}[w]}
	}
	return map[int][2]string{1: {"-128", "127"}, 2: {"-32768", "32767"}, 3: {"-8388608", "8388607"},
		4: {"-2147483648", "2147483647"}, 8: {"-9223372036854775808", "9223372036854775807"}}[w]
}

// narrowFix gives the query that finds the rows the change would hurt,
// where one is simple enough, else the safe pattern.
func narrowFix(p *lint.Pass, q schema.QName, col string, old, new schema.Type) string {
	t, c := sqlName(p, q), ident(p, col)
	o, n := classify(old, p.Dialect), classify(new, p.Dialect)
	check := ""
	switch {
	case n.fam == famString && n.length > 0 && (o.fam == famString || o.fam == famEnum):
		fn := "length"
		if p.Dialect == lint.MySQL {
			fn = "char_length"
		}
		check = fmt.Sprintf("SELECT count(*) FROM %s WHERE %s(%s) > %d;", t, fn, c, n.length)
	case o.fam == famInt && n.fam == famInt && !intFits(o.width, old.Unsigned, n.width, new.Unsigned):
		lim := intRange(n.width, new.Unsigned)
		check = fmt.Sprintf("SELECT count(*) FROM %s WHERE %s NOT BETWEEN %s AND %s;", t, c, lim[0], lim[1])
	}
	safe := "or add a new column of the new type, backfill it with an explicit conversion that handles bad values, switch the application over, then drop the old column."
	if check == "" {
		return "Check that every existing value converts, " + safe
	}
	return "Check the existing values first (" + check + " must return 0), " + safe
}
