package pgindex

import (
	"fmt"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/schema"
)

// ConcurrentInTransaction is PG103.
var ConcurrentInTransaction = &lint.Analyzer{
	Code:     "PG103",
	Name:     "concurrent-in-transaction",
	Severity: lint.Error,
	Summary: "a CONCURRENTLY operation (or VACUUM, or REINDEX SCHEMA/DATABASE/SYSTEM) in a file that will run " +
		"inside a transaction (it fails at apply time)",
	Doc:      doc("PG103"),
	Dialects: postgresOnly,
	Run:      runConcurrentInTransaction,
}

// noTxOp is one operation PostgreSQL refuses inside a transaction block.
type noTxOp struct {
	at   schema.Change // the clause to point at
	what string        // the command and its object, as the server's error names it
}

func runConcurrentInTransaction(p *lint.Pass) {
	if !p.Stmt().InTx {
		return
	}
	ops := changeOps(p)
	if len(ops) == 0 {
		return
	}
	why, how := txCause(p)
	for _, op := range ops {
		p.Reportf(op.at, capitalize(how)+".", "%s cannot run inside a transaction block, but %s; %s",
			op.what, why, how)
	}
}

// changeOps finds the refused operations among the statement's Changes.
func changeOps(p *lint.Pass) []noTxOp {
	var ops []noTxOp
	for _, c := range p.Changes() {
		switch c := c.(type) {
		case *schema.CreateIndex:
			if c.Concurrently {
				ops = append(ops, noTxOp{c, fmt.Sprintf("CREATE INDEX CONCURRENTLY of %s on %q", indexLabel(c), c.Table.String())})
			}
		case *schema.DropIndex:
			if c.Concurrently {
				ops = append(ops, noTxOp{c, "DROP INDEX CONCURRENTLY of " + quoteNames(c.Names)})
			}
		case *schema.PartitionOp:
			if c.Op == "detach" && c.Concurrently {
				ops = append(ops, noTxOp{c, fmt.Sprintf("ALTER TABLE %q DETACH PARTITION %q CONCURRENTLY", c.Table.String(), c.Partition.String())})
			}
		case *schema.Maintenance:
			if what := maintenanceOp(c); what != "" {
				ops = append(ops, noTxOp{c, what})
			}
		}
	}
	return ops
}

// maintenanceOp describes the Maintenance forms that refuse a transaction
// block: VACUUM (plain or FULL), REINDEX CONCURRENTLY, and REINDEX of a whole
// schema, database or the system catalogs, which commits per table.
func maintenanceOp(m *schema.Maintenance) string {
	on := ""
	if len(m.Targets) > 0 {
		on = " of " + quoteNames(m.Targets)
	}
	switch {
	case m.Kind == "vacuum":
		return "VACUUM" + on
	case m.Kind == "vacuum_full":
		return "VACUUM FULL" + on
	case m.Kind == "reindex" && m.Concurrently:
		return "REINDEX CONCURRENTLY" + on
	case m.Kind == "reindex" && (m.ReindexScope == "schema" || m.ReindexScope == "database" || m.ReindexScope == "system"):
		return "REINDEX " + strings.ToUpper(m.ReindexScope) + on
	}
	return ""
}

func quoteNames(qs []schema.QName) string {
	s := make([]string, len(qs))
	for i, q := range qs {
		s[i] = fmt.Sprintf("%q", q.String())
	}
	return strings.Join(s, ", ")
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
