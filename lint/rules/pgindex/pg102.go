package pgindex

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules/internal/pgsql"
	"github.com/schemaguard/schemaguard/schema"
)

// DropIndexNotConcurrent is PG102.
var DropIndexNotConcurrent = &lint.Analyzer{
	Code:     "PG102",
	Name:     "drop-index-not-concurrent",
	Severity: lint.Warning,
	Summary:  "DROP INDEX of an existing index without CONCURRENTLY",
	Doc:      doc("PG102"),
	Dialects: postgresOnly,
	Run:      runDropIndexNotConcurrent,
}

func runDropIndexNotConcurrent(p *lint.Pass) {
	for _, c := range p.Changes() {
		di, ok := c.(*schema.DropIndex)
		if !ok || di.Concurrently {
			continue
		}
		var names, tables []string
		seen := map[*schema.Table]bool{}
		partitioned := false
		for _, q := range di.Names {
			t, idx := p.Realm.IndexByName(q)
			if idx != nil && !idx.Existing || idx == nil && di.IfExists {
				continue // created by this file, or never: IF EXISTS makes it a no-op
			}
			names = append(names, fmt.Sprintf("%q", q.String()))
			if t != nil && !seen[t] {
				seen[t] = true
				tables = append(tables, fmt.Sprintf("%q", tableName(q, t)))
				partitioned = partitioned || t.Partitioned
			}
		}
		if len(names) == 0 {
			continue
		}
		noun := "index"
		if len(names) > 1 {
			noun = "indexes"
		}
		on := " on the indexed table"
		switch {
		case len(tables) == 0 && len(names) > 1:
			on = " on the indexed tables"
		case len(tables) == 1:
			on = " on table " + tables[0]
		case len(tables) > 1:
			on = " on tables " + strings.Join(tables, ", ")
		}
		replacement := ""
		if ds := pgsql.Stmt(p).GetDropStmt(); len(di.Names) == 1 && ds.GetBehavior() != pg_query.DropBehavior_DROP_CASCADE {
			replacement = concurrentReplacement(p, partitioned)
		}
		p.ReportReplacing(di, dropIndexFix(p, di, partitioned), replacement,
			"Dropping %s %s without CONCURRENTLY takes an ACCESS EXCLUSIVE lock%s, blocking its reads and writes until the transaction ends",
			noun, strings.Join(names, ", "), on)
	}
}

// tableName names the index's table the way the statement named the index:
// schema-qualified only when the index name was.
func tableName(idx schema.QName, t *schema.Table) string {
	if idx.Schema == "" {
		return t.Name.Name
	}
	return t.Name.String()
}

func dropIndexFix(p *lint.Pass, di *schema.DropIndex, partitioned bool) string {
	if partitioned {
		return "An index of a partitioned table cannot be dropped CONCURRENTLY. Drop it when the table is quiet, " +
			"with a short lock_timeout so the lock request gives up instead of queueing every query behind it."
	}
	ds := pgsql.Stmt(p).GetDropStmt()
	cascade := ds != nil && ds.GetBehavior() == pg_query.DropBehavior_DROP_CASCADE
	var b strings.Builder
	if len(di.Names) == 1 && !cascade {
		if s, ok := insertConcurrently(p.Stmt().Stmt.Text); ok {
			b.WriteString(statement(s))
		}
	}
	if b.Len() == 0 {
		// CONCURRENTLY takes one index per statement and no CASCADE.
		ifExists := ""
		if ds.GetMissingOk() {
			ifExists = "IF EXISTS "
		}
		for i, q := range di.Names {
			if i > 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "DROP INDEX CONCURRENTLY %s%s;", ifExists, pgsql.QName(q))
		}
		if cascade {
			b.WriteString("\nCONCURRENTLY does not support CASCADE: drop the dependent objects first.")
		}
	}
	b.WriteString("\n" + outsideTxNote(p))
	return b.String()
}
