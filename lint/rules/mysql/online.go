package mysql

import (
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/schema"
)

// TableCopy is MY110.
var TableCopy = &lint.Analyzer{
	Code:     "MY110",
	Name:     "mysql-table-copy",
	Severity: lint.Warning,
	Summary:  "an ALTER on an existing table that the dev server can only run with ALGORITHM=COPY (established by asking the server, not by guessing)",
	Dialects: mysqlOnly,
	Doc:      doc("MY110"),
	Run:      func(p *lint.Pass) { runOnlineDDL(p, true) },
}

// BlocksWrites is MY111.
var BlocksWrites = &lint.Analyzer{
	Code:     "MY111",
	Name:     "mysql-blocks-writes",
	Severity: lint.Warning,
	Summary:  "an ALTER on an existing table that cannot run with LOCK=NONE (asked of the dev server)",
	Dialects: mysqlOnly,
	Doc:      doc("MY111"),
	Run:      func(p *lint.Pass) { runOnlineDDL(p, false) },
}

// runOnlineDDL reports what the dev server answered when asked for the
// cheapest algorithm of an ALTER TABLE: COPY is MY110 (which blocks writes
// too, so it is not MY111 as well); an in-place ALTER that refused
// LOCK=NONE is MY111. Without a dev database there is no answer, and no
// guess: both rules stay silent in static mode.
func runOnlineDDL(p *lint.Pass, copying bool) {
	o := p.Observed()
	if o == nil || o.Algorithm == "" || o.Err != nil {
		return
	}
	var table schema.QName
	for _, c := range p.Changes() {
		if q := alteredTable(c); q.Name != "" {
			table = q
			break
		}
	}
	if table.Name == "" || !p.Existing(table) {
		return
	}
	switch {
	case copying && o.Algorithm == "COPY":
		p.Reportf(nil, copyFix,
			"ALTER TABLE %q runs only with ALGORITHM=COPY on the dev %s server: the table is rebuilt row by row and writes to it are blocked until the copy finishes",
			table.String(), server(p))
	case !copying && o.Algorithm != "COPY" && !o.LockNone:
		p.Reportf(nil, lockFix,
			"ALTER TABLE %q runs with ALGORITHM=%s but not with LOCK=NONE on the dev %s server: writes to the table are blocked while it runs",
			table.String(), o.Algorithm, server(p))
	}
}

const copyFix = "Change the table without a copy where the server allows it (append ENUM members, widen VARCHAR within its length byte, add columns at the end, " +
	"add foreign keys with foreign_key_checks=0 on a checked column), split the ALTER so the cheap parts run apart, " +
	"or run the copy online with gh-ost or pt-online-schema-change, in a quiet period."

const lockFix = "Run the ALTER in a quiet period with a short lock_wait_timeout, or build the change online with gh-ost or pt-online-schema-change; " +
	"check which clause needs the lock by trying each one with ALGORITHM=INPLACE, LOCK=NONE."

// alteredTable is the table an ALTER TABLE change works on, zero otherwise.
func alteredTable(c schema.Change) schema.QName {
	switch c := c.(type) {
	case *schema.AddColumn:
		return c.Table
	case *schema.DropColumn:
		return c.Table
	case *schema.RenameColumn:
		return c.Table
	case *schema.AlterColumnType:
		return c.Table
	case *schema.SetNotNull:
		return c.Table
	case *schema.DropNotNull:
		return c.Table
	case *schema.SetDefault:
		return c.Table
	case *schema.AddConstraint:
		return c.Table
	case *schema.DropConstraint:
		return c.Table
	case *schema.CreateIndex:
		return c.Table
	case *schema.DropIndex:
		return c.Table
	case *schema.RenameIndex:
		return c.Table
	case *schema.RenameTable:
		return c.From
	}
	return schema.QName{}
}
