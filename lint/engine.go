package lint

import (
	"errors"
	"path"
	"sort"
	"strings"

	"github.com/schemaguard/schemaguard/changes"
	"github.com/schemaguard/schemaguard/dialect"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/observed"
	"github.com/schemaguard/schemaguard/schema"
)

// Config says how to lint.
type Config struct {
	Dialect string // Postgres or MySQL
	MariaDB bool
	// Version is the target server's major version; 0 means the default
	// (PostgreSQL 14, MySQL 8).
	Version   int
	Parser    dialect.Parser
	Analyzers []*Analyzer
	// Severity overrides default severities by rule code; Off disables a rule.
	Severity map[string]Severity
	// FailOn is the lowest severity that makes the result fail; Off never fails.
	FailOn Severity
	// DirPath prefixes file names in FileResult.Path and diagnostics.
	DirPath string
	// Changes is how the directory differs from the git base (nil without --base).
	Changes *changes.Set
	// Units narrows a selected file to some of its units (Liquibase
	// changesets); the others are folded as history. Nil lints every unit.
	Units UnitFilter
	// Observed gives, for a linted file, what a dev database showed for
	// each of its statements (parallel to File.Statements); nil in static
	// mode. The server's schema then replaces the model's for the tables a
	// statement touched, and rules read the evidence (Pass.Observed).
	Observed func(f *migrate.File) []observed.Statement
}

// DefaultVersion is the target version assumed when neither config nor a dev
// database says otherwise (RULES.md, Target server version).
func DefaultVersion(dialect string) int {
	if dialect == MySQL {
		return 8
	}
	return 14
}

// Run lints the selected files in execution order, folding every other file
// into the catalog as history, so rules know what existed before each file;
// then it runs the directory-level analyzers.
func Run(dir *migrate.Dir, sel Selection, cfg Config) *Result {
	if cfg.Version == 0 {
		cfg.Version = DefaultVersion(cfg.Dialect)
	}
	realm := schema.NewRealm(defaultSchema(cfg.Dialect))
	realm.TableScopedIndexes = cfg.Dialect == MySQL
	realm.FoldColumnCase = cfg.Dialect == MySQL
	e := &engine{cfg: cfg, realm: realm, lookup: ruleLookup(cfg.Analyzers), format: dir.Format}
	for _, a := range cfg.Analyzers {
		switch a.Code {
		case SyntaxError.Code:
			e.syntax = e.effective(a)
		case ReplayFailed.Code:
			e.replay = e.effective(a)
		}
		if a.Run != nil {
			if ea := e.effective(a); ea != nil {
				e.active = append(e.active, ea)
			}
		}
	}
	dialectName := cfg.Dialect
	if cfg.MariaDB {
		dialectName = "mariadb"
	}
	res := &Result{Dir: cfg.DirPath, Format: dir.Format, Dialect: dialectName, Files: []FileResult{}, FailOn: cfg.FailOn}
	selected := make([]bool, len(dir.Files))
	for i, f := range dir.Files {
		selected[i] = sel(i, f)
	}
	parsedFiles := parseAhead(cfg.Parser, dir.Files, selected)
	for i, f := range dir.Files {
		stmts := parsedFiles.file(i)
		if !selected[i] {
			e.foldHistory(res, f, stmts)
			continue
		}
		e.realm.MarkExisting()
		res.Files = append(res.Files, e.lintFile(f, stmts))
	}
	e.runDir(res, &DirPass{Dir: dir, Selected: selected, Changes: cfg.Changes})
	res.count()
	return res
}

func defaultSchema(d string) string {
	if d == Postgres {
		return "public"
	}
	return ""
}

type engine struct {
	cfg    Config
	realm  *schema.Realm
	lookup func(string) ([]string, bool)
	syntax *Analyzer // nil when SY101 is off
	replay *Analyzer // nil when RP101 is off
	// active are the statement analyzers that apply, with their configured
	// severities: the same for every file of the run.
	active []*Analyzer
	format string
}

// effective returns the analyzer with its configured severity, or nil when
// it is off or does not apply to the dialect.
func (e *engine) effective(a *Analyzer) *Analyzer {
	if !a.appliesTo(e.cfg.Dialect) {
		return nil
	}
	sev, ok := e.cfg.Severity[a.Code]
	if !ok || sev == a.Severity {
		return a
	}
	if sev == Off {
		return nil
	}
	c := *a
	c.Severity = sev
	return &c
}

// foldHistory applies a history file to the catalog. The file already ran
// in production, so what schemaguard cannot read in it — a statement the
// parser does not know, or something the newest version of its tool would
// refuse (File.Problem) — is a notice, never fatal, and the rest of the
// file is skipped for the model from there.
func (e *engine) foldHistory(res *Result, f *migrate.File, stmts []parsed) {
	for i, p := range stmts {
		if p.err != nil {
			st := &f.Statements[i]
			loc, msg := syntaxMessage(p.err)
			pass := &Pass{Analyzer: e.syntax, File: f, Stmts: []*StmtInfo{{Stmt: st}}}
			e.historyNotice(res, f, st.Directives, pass.diagnostic(loc, "", msg))
			return
		}
		e.apply(p.st)
	}
	if pr := f.Problem; pr != nil {
		col := max(pr.Column, 1)
		e.historyNotice(res, f, nil, Diagnostic{Message: pr.Msg, Line: max(pr.Line, 1), Column: col, EndLine: max(pr.Line, 1), EndColumn: col})
	}
}

// historyNotice files a notice (SY101's code, notice severity) under a
// history file, honouring its suppression directives.
func (e *engine) historyNotice(res *Result, f *migrate.File, stmtDirectives []migrate.Directive, d Diagnostic) {
	if e.syntax == nil {
		return
	}
	d.Code, d.Name, d.Severity = e.syntax.Code, e.syntax.Name, Notice
	d.Message += ": history file skipped from here; the model may be incomplete"
	fr := fileResult(res, path.Join(e.cfg.DirPath, f.Name), f.Name)
	fr.History = true
	if suppressions(f.Directives, e.lookup).covers(d.Code) || suppressions(stmtDirectives, e.lookup).covers(d.Code) {
		fr.Suppressed++
		return
	}
	d.File = fr.Path
	fr.Diagnostics = append(fr.Diagnostics, d)
}

func (e *engine) apply(st *dialect.Statement) {
	for _, c := range st.Changes {
		e.realm.Apply(c)
	}
}

func (e *engine) lintFile(f *migrate.File, parsedStmts []parsed) FileResult {
	fr := FileResult{Path: path.Join(e.cfg.DirPath, f.Name), Name: f.Name, Diagnostics: []Diagnostic{}}
	fileSupp := suppressions(f.Directives, e.lookup)

	stmts := make([]*StmtInfo, len(f.Statements))
	type syntaxErr struct {
		stmt int
		d    Diagnostic
	}
	var syntaxErrs []syntaxErr
	for i := range f.Statements {
		s := &f.Statements[i]
		st, err := parsedStmts[i].st, parsedStmts[i].err
		stmts[i] = &StmtInfo{Stmt: s, Parsed: st}
		if err != nil {
			stmts[i].Parsed = nil
			if e.syntax != nil {
				p := &Pass{Analyzer: e.syntax, File: f, Stmts: stmts, Index: i}
				loc, msg := syntaxMessage(err)
				syntaxErrs = append(syntaxErrs, syntaxErr{i, p.diagnostic(loc, "", msg)})
			}
		}
	}
	assignTransactions(f, stmts, e.cfg.Dialect)

	keep := func(d Diagnostic, stmtSupp suppression) {
		if fileSupp.covers(d.Code) || stmtSupp.covers(d.Code) {
			fr.Suppressed++
			return
		}
		d.File = fr.Path
		fr.Diagnostics = append(fr.Diagnostics, d)
	}
	pass := &Pass{File: f, Format: e.format, Dialect: e.cfg.Dialect, Version: e.cfg.Version, MariaDB: e.cfg.MariaDB,
		Stmts: stmts, Realm: e.realm, once: map[string]bool{}}
	linted := func(s *StmtInfo) bool { return e.cfg.Units == nil || e.cfg.Units(f, s.Stmt.Unit) }
	var obs []observed.Statement
	if e.cfg.Observed != nil {
		obs = e.cfg.Observed(f)
	}
	for _, se := range syntaxErrs {
		if !linted(stmts[se.stmt]) {
			continue
		}
		if se.stmt < len(obs) && obs[se.stmt].Ran {
			if obs[se.stmt].Err != nil {
				continue // RP101 reports the server's own answer
			}
			se.d.Severity = Notice
			se.d.Message += ": the dev database ran it, so this is syntax newer than schemaguard's parser; the static rules skipped this statement"
		}
		keep(se.d, suppressions(f.Statements[se.stmt].Directives, e.lookup))
	}
	unit := -1
	for i, s := range stmts {
		if f.Changesets() && s.Stmt.Unit != unit {
			if unit >= 0 {
				// Each changeset is deployed on its own: what an earlier one
				// created may hold rows by the time this one runs.
				e.realm.MarkExisting()
			}
			unit = s.Stmt.Unit
		}
		var o *observed.Statement
		if i < len(obs) && obs[i].Ran {
			o = &obs[i]
			e.putTables(o.Before, nil)
		}
		if !linted(s) {
			if s.Parsed != nil {
				e.apply(s.Parsed)
			}
			e.afterObserved(o)
			continue
		}
		stmtSupp := suppressions(s.Stmt.Directives, e.lookup)
		pass.Index, pass.observed = i, o
		ev := evidenceOf(o)
		pass.report = func(d Diagnostic) {
			d.Evidence = ev
			keep(d, stmtSupp)
		}
		if o != nil && o.Err != nil && e.replay != nil {
			pass.Analyzer = e.replay
			pass.report(replayFailure(pass, o.Err))
		}
		if s.Parsed != nil {
			for _, a := range e.active {
				pass.Analyzer = a
				a.Run(pass)
			}
			e.apply(s.Parsed)
		}
		e.afterObserved(o)
	}
	sortDiagnostics(fr.Diagnostics)
	return fr
}

// syntaxMessage turns a parser error into SY101's message and the offset
// in the statement where the parser stopped (-1 when unknown). The position
// is the diagnostic's own, so the message does not repeat it, nor say
// "syntax error" twice.
func syntaxMessage(err error) (int, string) {
	loc, msg := -1, err.Error()
	var se *dialect.SyntaxError
	if errors.As(err, &se) {
		loc, msg = se.Offset, se.Msg
	}
	if len(msg) >= len("syntax error") && strings.EqualFold(msg[:len("syntax error")], "syntax error") {
		return loc, "Syntax error" + msg[len("syntax error"):]
	}
	return loc, "Syntax error: " + msg
}

func sortDiagnostics(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Code < b.Code
	})
}

// SyntaxError is SY101, reported by the engine itself when a statement of a
// linted file does not parse.
var SyntaxError = &Analyzer{
	Code:     "SY101",
	Name:     "syntax-error",
	Severity: Error,
	Summary:  "a statement does not parse, reported with file:line:col (with a dev database: a notice when the server runs it)",
	Dialects: []string{Postgres, MySQL},
	Doc: `A statement that the dialect's own parser (PostgreSQL's, through pg_query; MySQL's, through the TiDB
parser) cannot read would fail on the server too, and leaves the migration half-applied wherever the tool
does not wrap the file in a transaction. schemaguard reports the position where the parser stopped.

Statements that do not parse are skipped when building the schema model, so later rules may know less
about the objects they touch.

With a dev database (` + "`--dev-url`" + `) the server decides: a statement it rejects is RP101 with the server's
error (and no SY101 besides); a statement it runs is syntax newer than the parser (say PostgreSQL 18's
` + "`VIRTUAL`" + ` generated columns, where the parser reads PostgreSQL 17), so SY101 is only a notice and the
schema comes from the server as for every replayed statement.

## Fix

Correct the statement. If it uses syntax newer than the parser (a server extension or a future version)
and you have checked it on the real server, silence the rule for that statement:

` + "```sql" + `
-- lint:ignore SY101 uses the new syntax of our server
CREATE ...;
` + "```\n",
}
