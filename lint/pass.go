package lint

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/schemaguard/schemaguard/dialect"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/observed"
	"github.com/schemaguard/schemaguard/schema"
)

// StmtInfo is a statement of the linted file with what the engine knows of it.
type StmtInfo struct {
	Stmt   *migrate.Statement
	Parsed *dialect.Statement // nil when the statement did not parse
	// InTx: the statement runs inside a transaction (the format's mode, an
	// explicit BEGIN, or PostgreSQL's implicit multi-statement transaction).
	InTx bool
	// Tx identifies the transaction: statements with the same non-zero Tx run
	// in the same transaction. 0 when not in a transaction.
	Tx int
}

// Pass is what an analyzer sees for one statement.
type Pass struct {
	Analyzer *Analyzer
	File     *migrate.File
	// Format is the directory format (migrate.FormatGoose ...), for fixes
	// that name the format's own directive.
	Format  string
	Dialect string
	// Version is the target server's major version (PostgreSQL 14, MySQL 8 ...).
	Version int
	// MariaDB is true when the MySQL dialect targets MariaDB.
	MariaDB bool
	// Stmts are all statements of the file; Stmts[Index] is the current one.
	Stmts []*StmtInfo
	Index int
	// Realm is the schema right before the current statement. Read only.
	Realm *schema.Realm

	once     map[string]bool
	report   func(Diagnostic)
	observed *observed.Statement
}

// Stmt is the current statement.
func (p *Pass) Stmt() *StmtInfo { return p.Stmts[p.Index] }

// Changes are the current statement's changes (nil when it did not parse).
func (p *Pass) Changes() []schema.Change {
	if s := p.Stmt(); s.Parsed != nil {
		return s.Parsed.Changes
	}
	return nil
}

// Prior are the statements before the current one in the same file.
func (p *Pass) Prior() []*StmtInfo { return p.Stmts[:p.Index] }

// Later are the statements after the current one in the same file.
func (p *Pass) Later() []*StmtInfo { return p.Stmts[p.Index+1:] }

// Once reports true the first time it is called with key for this analyzer
// in this file, for rules that fire once per file (PG307).
func (p *Pass) Once(key string) bool {
	k := p.Analyzer.Code + "\x00" + key
	if p.once[k] {
		return false
	}
	p.once[k] = true
	return true
}

// Existing reports whether a table existed before this file: known and
// marked existing, or unknown to the model (created outside the directory,
// or by a statement the model skipped), which is the cautious answer.
func (p *Pass) Existing(q schema.QName) bool {
	t := p.Realm.Table(q)
	return t == nil || t.Existing
}

// Reportf reports a finding at the clause of change c (or the whole statement
// when c is nil or has no location), with an optional fix.
func (p *Pass) Reportf(c schema.Change, fix string, format string, args ...any) {
	loc := -1
	if c != nil {
		loc = c.Loc()
	}
	p.report(p.diagnostic(loc, fix, fmt.Sprintf(format, args...)))
}

// ReportReplacing is Reportf for a finding whose safe rewrite can replace
// the statement as it is: replacement is the statement's new text, without
// its terminating semicolon (the file keeps its own). Applied, the file
// must parse and the rule must no longer fire; "" means no replacement.
func (p *Pass) ReportReplacing(c schema.Change, fix, replacement string, format string, args ...any) {
	loc := -1
	if c != nil {
		loc = c.Loc()
	}
	d := p.diagnostic(loc, fix, fmt.Sprintf(format, args...))
	if replacement = strings.TrimRight(strings.TrimSpace(replacement), ";"); replacement != "" {
		s := p.Stmt().Stmt
		d.Replacement = &Replacement{Line: s.Line, Column: s.Column, EndLine: s.EndLine, EndColumn: s.EndColumn, Text: replacement}
	}
	p.report(d)
}

func (p *Pass) diagnostic(loc int, fix, msg string) Diagnostic {
	s := p.Stmt().Stmt
	d := Diagnostic{
		Code: p.Analyzer.Code, Name: p.Analyzer.Name, Severity: p.Analyzer.Severity,
		Message: msg, File: p.File.Name, Line: s.Line, Column: s.Column,
		EndLine: s.EndLine, EndColumn: s.EndColumn, Statement: s.Text, Fix: fix,
	}
	if loc >= len(s.Text) && len(s.Text) > 0 {
		// At the end of the input (a statement cut short): its last
		// character, which is inside the statement.
		_, size := utf8.DecodeLastRuneInString(s.Text)
		loc = len(s.Text) - size
	}
	if loc > 0 {
		d.Line, d.Column = advance(s.Text[:loc], s.Line, s.Column)
	}
	return d
}

// advance moves a line/column position over text, counting columns in code
// points as the splitter does.
func advance(text string, line, col int) (int, int) {
	for _, r := range text {
		if r == '\n' {
			line, col = line+1, 1
			continue
		}
		col++
	}
	return line, col
}
