package lint

import (
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/schema"
)

// assignTransactions decides which statements run inside a transaction, per
// RULES.md's transaction model: the unit's mode from the format, then
// explicit BEGIN/COMMIT/ROLLBACK in the file. On MySQL DDL commits implicitly,
// but the bookkeeping is the same; rules decide what it means.
func assignTransactions(f *migrate.File, stmts []*StmtInfo, dialect string) {
	next := 0
	newTx := func() int { next++; return next }
	cur, unit := 0, -1
	implicit := false // the unit is one multi-statement query
	for i, s := range stmts {
		if s.Stmt.Unit != unit {
			unit = s.Stmt.Unit
			cur = 0
			inTx, isImplicit := unitMode(f, unit, stmts, i, dialect)
			implicit = isImplicit
			if inTx {
				cur = newTx()
			}
		}
		if op := txOp(s); op != "" {
			switch op {
			case "begin":
				if cur == 0 {
					cur = newTx()
				}
			case "commit", "rollback":
				s.InTx, s.Tx = cur != 0, cur
				cur = 0
				if implicit && i+1 < len(stmts) && stmts[i+1].Stmt.Unit == unit {
					// PostgreSQL opens a new implicit transaction for the
					// rest of a multi-statement query after COMMIT.
					cur = newTx()
				}
				continue
			}
		}
		s.InTx, s.Tx = cur != 0, cur
	}
}

// unitMode reports whether a unit starts inside a transaction, and whether
// that transaction is PostgreSQL's implicit one around a multi-statement query.
func unitMode(f *migrate.File, unit int, stmts []*StmtInfo, first int, dialect string) (inTx, implicit bool) {
	mode := f.TxMode
	if unit >= 0 && unit < len(f.Units) {
		mode = f.Units[unit].TxMode
	}
	switch mode {
	case migrate.TxFile:
		return true, false
	case migrate.TxImplicit:
		// One multi-statement query is one implicit transaction on
		// PostgreSQL; a query holding a single statement is not.
		if dialect != Postgres {
			return false, false
		}
		n := 0
		for _, s := range stmts[first:] {
			if s.Stmt.Unit == unit {
				n++
			}
		}
		return n > 1, n > 1
	}
	return false, false
}

func txOp(s *StmtInfo) string {
	if s.Parsed == nil {
		return ""
	}
	for _, c := range s.Parsed.Changes {
		if t, ok := c.(*schema.TxControl); ok {
			return t.Op
		}
	}
	return ""
}
