package pgindex

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules/internal/observe"
	"github.com/schemaguard/schemaguard/lint/rules/internal/pgsql"
	"github.com/schemaguard/schemaguard/schema"
)

// IndexNotConcurrent is PG101.
var IndexNotConcurrent = &lint.Analyzer{
	Code:     "PG101",
	Name:     "index-not-concurrent",
	Severity: lint.Warning,
	Summary:  "CREATE INDEX on an existing table or materialized view without CONCURRENTLY (blocks writes)",
	Doc:      doc("PG101"),
	Dialects: postgresOnly,
	Run:      runIndexNotConcurrent,
}

func runIndexNotConcurrent(p *lint.Pass) {
	for _, c := range p.Changes() {
		ci, ok := c.(*schema.CreateIndex)
		if !ok || ci.Concurrently || !p.Existing(ci.Table) {
			continue
		}
		t := p.Realm.Table(ci.Table)
		partitioned := t != nil && t.Partitioned
		// ON ONLY on a partitioned parent builds nothing: it is the first
		// step of the safe pattern for partitioned tables. An unknown table
		// written with ONLY is taken to be partitioned, as nothing else
		// gives ONLY a reason to be there.
		if onlyParent(p) && (t == nil || partitioned) {
			continue
		}
		if ci.IfNotExists && indexExists(p, ci) {
			continue // a no-op: the index is already there
		}
		if !observe.AtLeast(p, ci.Table, "SHARE") {
			continue // the dev database built it without blocking writes
		}
		p.ReportReplacing(ci, createIndexFix(p, partitioned), concurrentReplacement(p, partitioned),
			"Creating %s on %s %q without CONCURRENTLY blocks writes to it until the index is built%s",
			indexLabel(ci), relationKind(t), ci.Table.String(), observe.Confirmed(p, ci.Table))
	}
}

// indexLabel names the index being built for a message.
func indexLabel(ci *schema.CreateIndex) string {
	kind := "index"
	if ci.Index != nil && ci.Index.Unique {
		kind = "unique index"
	}
	if ci.Index == nil || ci.Index.Name == "" {
		return "an unnamed " + kind
	}
	return fmt.Sprintf("%s %q", kind, ci.Index.Name)
}

func relationKind(t *schema.Table) string {
	if t != nil && t.Materialized {
		return "materialized view"
	}
	return "table"
}

// indexExists reports whether IF NOT EXISTS makes the statement a no-op.
// PostgreSQL puts an index in its table's schema.
func indexExists(p *lint.Pass, ci *schema.CreateIndex) bool {
	if ci.Index == nil || ci.Index.Name == "" {
		return false
	}
	_, idx := p.Realm.IndexByName(schema.QName{Schema: ci.Table.Schema, Name: ci.Index.Name})
	return idx != nil
}

// onlyParent reports CREATE INDEX ... ON ONLY, which the Change does not carry.
func onlyParent(p *lint.Pass) bool {
	is := pgsql.Stmt(p).GetIndexStmt()
	return is != nil && is.GetRelation() != nil && !is.GetRelation().GetInh()
}

// concurrentReplacement is the statement with CONCURRENTLY, when that alone
// makes it safe: the statement runs outside a transaction (inside one,
// CONCURRENTLY fails, and moving the file out of its transaction is no
// rewrite of the statement) and the table is not partitioned.
func concurrentReplacement(p *lint.Pass, partitioned bool) string {
	if partitioned || p.Stmt().InTx {
		return ""
	}
	s, _ := insertConcurrently(p.Stmt().Stmt.Text)
	return s
}

func createIndexFix(p *lint.Pass, partitioned bool) string {
	text := p.Stmt().Stmt.Text
	if partitioned {
		only := "CREATE INDEX … ON ONLY <parent>"
		if s, ok := insertAfter(text, pg_query.Token_ON, " ONLY"); ok {
			only = statement(s)
		}
		return "CREATE INDEX CONCURRENTLY is not supported on a partitioned table. Create the index on the parent alone:\n" +
			only + "\nthen build the same index on each partition with CREATE INDEX CONCURRENTLY and attach each one " +
			"with ALTER INDEX <parent index> ATTACH PARTITION <partition index>; the parent's index becomes valid once " +
			"every partition's is attached.\n" + outsideTxNote(p)
	}
	if s, ok := insertConcurrently(text); ok {
		return statement(s) + "\n" + outsideTxNote(p)
	}
	return "Use CREATE INDEX CONCURRENTLY. " + outsideTxNote(p)
}
