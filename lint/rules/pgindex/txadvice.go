package pgindex

import (
	"fmt"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/schema"
)

// noTxDirective says how the directory's own tool is told to run a file
// without a transaction; a fix names that tool's opt-out only.
func noTxDirective(p *lint.Pass) string {
	switch p.Format {
	case migrate.FormatGoose:
		return "put `-- +goose NO TRANSACTION` at the top of the file"
	case migrate.FormatAtlas:
		if d, ok := statementAtlasTx(p.File); ok {
			return fmt.Sprintf("the `-- atlas:txmode` on line %d does not count, because Atlas reads it only in the file's leading comments "+
				"separated from the first statement by a blank line: add that blank line", d.Line)
		}
		return "put `-- atlas:txmode none` at the top of the file"
	case migrate.FormatDbmate:
		return "write the section header as `-- migrate:up transaction:false`"
	case migrate.FormatFlyway:
		return "set `executeInTransaction=false` in " + p.File.Name + ".conf next to the file"
	}
	return "put `-- schemaguard:txmode none` at the top of the file and run it without a transaction"
}

// statementAtlasTx finds an atlas:txmode directly above a statement: a
// directive Atlas does not read (the usual slip is a missing blank line
// under it), so the file still runs in a transaction.
func statementAtlasTx(f *migrate.File) (migrate.Directive, bool) {
	for _, st := range f.Statements {
		for _, d := range st.Directives {
			if d.Name == migrate.DirectiveAtlasTxMode {
				return d, true
			}
		}
	}
	return migrate.Directive{}, false
}

// liquibaseRawID is the unit ID package migrate gives a liquibase .sql file
// without a "--liquibase formatted sql" header.
const liquibaseRawID = migrate.LiquibaseRawUnit

// txCause says why the current statement runs inside a transaction (why) and
// the concrete way out (how), following RULES.md's transaction model.
func txCause(p *lint.Pass) (why, how string) {
	st := p.Stmt()
	mode, unitID := p.File.TxMode, ""
	if u := st.Stmt.Unit; u >= 0 && u < len(p.File.Units) {
		mode, unitID = p.File.Units[u].TxMode, p.File.Units[u].ID
	}
	switch {
	case mode == migrate.TxImplicit && p.Format == migrate.FormatDbmate:
		return "dbmate sends the migrate:up section as one multi-statement query, which PostgreSQL runs as one implicit transaction",
			"put the statement alone in a `-- migrate:up transaction:false` section of its own"
	case mode == migrate.TxImplicit:
		return "golang-migrate sends the file as one multi-statement query, which PostgreSQL runs as one implicit transaction",
			"move the statement into a migration file of its own"
	case mode == migrate.TxFile && unitID == liquibaseRawID:
		return "liquibase runs a SQL file without a changeset header as one changeset, in a transaction",
			"make the file a formatted SQL changelog and put the statement in a changeset of its own with `runInTransaction:false`"
	case mode == migrate.TxFile && unitID != "":
		return fmt.Sprintf("changeset %s runs in a transaction (liquibase's default)", unitID),
			"put the statement in a changeset of its own with `runInTransaction:false`"
	case mode == migrate.TxFile:
		return "the file runs in a transaction (its migration tool's default)",
			"run this file without one: " + noTxDirective(p)
	}
	if line := beginLine(p); line > 0 {
		return fmt.Sprintf("it sits inside the transaction opened by BEGIN on line %d", line),
			"move it out of the BEGIN … COMMIT block"
	}
	return "it runs inside a transaction block", "move it out of the BEGIN … COMMIT block"
}

// beginLine finds the BEGIN that opened the current statement's transaction.
func beginLine(p *lint.Pass) int {
	tx := p.Stmt().Tx
	prior := p.Prior()
	for i := len(prior) - 1; i >= 0; i-- {
		s := prior[i]
		if s.Tx != tx || s.Parsed == nil {
			continue
		}
		for _, c := range s.Parsed.Changes {
			if t, ok := c.(*schema.TxControl); ok && t.Op == "begin" {
				return s.Stmt.Line
			}
		}
	}
	return 0
}

// outsideTxNote completes a fix that introduces CONCURRENTLY: it must run
// outside a transaction, and where the statement sits now decides how.
func outsideTxNote(p *lint.Pass) string {
	if !p.Stmt().InTx {
		return "CONCURRENTLY cannot run inside a transaction block; this statement already runs outside one."
	}
	why, how := txCause(p)
	return "CONCURRENTLY cannot run inside a transaction block, and " + why + ": " + how + "."
}
