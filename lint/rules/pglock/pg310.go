package pglock

import (
	"slices"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/schema"
)

// EnumValueInTransaction is PG310.
var EnumValueInTransaction = &lint.Analyzer{
	Code:     "PG310",
	Name:     "enum-value-in-transaction",
	Severity: lint.Warning,
	Summary:  "ALTER TYPE … ADD VALUE and a use of the new value in the same transaction (fails until the ADD VALUE commits)",
	Doc:      doc("PG310"),
	Dialects: postgresOnly,
	Run:      runEnumValueInTransaction,
}

const enumFix = "Commit the new value before anything uses it: put the ALTER TYPE ... ADD VALUE in its own migration (or end the transaction right after it), and use the value in a later one."

func runEnumValueInTransaction(p *lint.Pass) {
	cur := p.Stmt()
	for _, c := range p.Changes() {
		av, ok := c.(*schema.AddEnumValue)
		if !ok || cur.Tx == 0 {
			continue
		}
		e := p.Realm.Enum(av.Type)
		if e != nil && slices.Contains(e.Values, av.Value) {
			continue // already there: IF NOT EXISTS makes it a no-op, else it fails for another reason
		}
		if p.Version < 12 {
			// Before 12, ADD VALUE refuses a transaction block unless the
			// type was created in the same transaction.
			if !createdInTx(p, av.Type, cur.Tx) {
				p.Reportf(av, enumFix, "ALTER TYPE %s ADD VALUE %q cannot run inside a transaction block before PostgreSQL 12, and this statement runs in one",
					av.Type.String(), av.Value)
			}
			continue
		}
		if use := firstUse(p, av.Type, av.Value, cur.Tx); use != nil {
			p.Reportf(av, enumFix, "New value %q of enum %q is used at line %d in the same transaction; PostgreSQL rejects it there (unsafe use of new value) because the ADD VALUE has not committed yet",
				av.Value, av.Type.String(), use.Stmt.Line)
		}
	}
}

// firstUse finds the first later statement of transaction tx whose string
// constants include value and that can reach the enum: it names the type
// (a cast, a column definition) or a table with a column of that type. So
// 'c' written into a text column is no use of the new label 'c'. Statements
// that only define types (another ADD VALUE placed BEFORE or AFTER it, a
// rename) do not use the value.
func firstUse(p *lint.Pass, enum schema.QName, value string, tx int) *lint.StmtInfo {
	words := append([]string{enum.Name}, tablesWithEnum(p, enum)...)
	for _, s := range p.Later() {
		if s.Tx != tx {
			break // the transaction ended: the value is committed or rolled back
		}
		if s.Parsed == nil || typeDDLOnly(s.Parsed.Changes) {
			continue
		}
		if slices.Contains(s.Parsed.Literals, value) && mentionsAny(s.Stmt.Text, words) {
			return s
		}
		// Tables that get a column of the type later in the transaction
		// reach it too.
		words = append(words, tablesGainingEnum(s.Parsed.Changes, enum)...)
	}
	return nil
}

// tablesGainingEnum names the tables a statement creates or extends with a
// column of the enum type.
func tablesGainingEnum(cs []schema.Change, enum schema.QName) []string {
	var names []string
	for _, c := range cs {
		switch c := c.(type) {
		case *schema.CreateTable:
			for _, col := range c.Table.Columns {
				if col.Type.Name == enum.Name {
					names = append(names, c.Table.Name.Name)
					break
				}
			}
		case *schema.AddColumn:
			if c.Column.Type.Name == enum.Name {
				names = append(names, c.Table.Name)
			}
		case *schema.AlterColumnType:
			if c.Type.Name == enum.Name {
				names = append(names, c.Table.Name)
			}
		}
	}
	return names
}

// tablesWithEnum names the tables that have a column of the enum type.
func tablesWithEnum(p *lint.Pass, enum schema.QName) []string {
	var names []string
	for _, t := range p.Realm.Tables() {
		for _, c := range t.Columns {
			if c.Type.Name == enum.Name {
				names = append(names, t.Name.Name)
				break
			}
		}
	}
	return names
}

// mentionsAny reports whether text contains one of the names as a whole
// word, case-insensitively (the names are folded identifiers).
func mentionsAny(text string, names []string) bool {
	lower := strings.ToLower(text)
	for _, n := range names {
		// Quoted mixed-case names ("Orders") are stored as written.
		n = strings.ToLower(n)
		for i := 0; ; {
			j := strings.Index(lower[i:], n)
			if j < 0 {
				break
			}
			start, end := i+j, i+j+len(n)
			if !identByte(lower, start-1) && !identByte(lower, end) {
				return true
			}
			i = end
		}
	}
	return false
}

func identByte(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	c := s[i]
	return c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}

func typeDDLOnly(cs []schema.Change) bool {
	if len(cs) == 0 {
		return false
	}
	for _, c := range cs {
		switch c.(type) {
		case *schema.AddEnumValue, *schema.RenameEnumValue, *schema.CreateEnum, *schema.RenameType, *schema.DropType:
		default:
			return false
		}
	}
	return true
}

// createdInTx reports whether enum q was created earlier in the file inside
// transaction tx.
func createdInTx(p *lint.Pass, q schema.QName, tx int) bool {
	for _, s := range p.Prior() {
		if s.Tx != tx || s.Parsed == nil {
			continue
		}
		for _, c := range s.Parsed.Changes {
			if ce, ok := c.(*schema.CreateEnum); ok && ce.Enum != nil && sameName(p, ce.Enum.Name, q) {
				return true
			}
		}
	}
	return false
}
