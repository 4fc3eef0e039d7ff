// Package lint is the analyzer framework: it folds the migration history into
// a schema catalog, runs analyzers over the statements of the new files and
// collects their diagnostics, honouring suppression directives, configured
// severities and the failure threshold. It prints nothing.
package lint

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/schemaguard/schemaguard/observed"
)

// Severity of a diagnostic; higher is worse.
type Severity int

const (
	Off Severity = iota // the rule is disabled
	Notice
	Warning
	Error
)

var severityNames = map[Severity]string{Off: "off", Notice: "notice", Warning: "warning", Error: "error"}

func (s Severity) String() string { return severityNames[s] }

// MarshalText makes severities read as words in JSON and YAML.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads "error", "warning", "notice" or "off".
func ParseSeverity(s string) (Severity, error) {
	for sev, name := range severityNames {
		if strings.EqualFold(s, name) {
			return sev, nil
		}
	}
	return Off, fmt.Errorf("unknown severity %q (want error, warning, notice or off)", s)
}

// Dialect names as used in Analyzer.Dialects and Config.Dialect.
const (
	Postgres = "postgres"
	MySQL    = "mysql"
)

// An Analyzer is one rule: its identity and documentation live next to its code.
type Analyzer struct {
	Code     string   // "PG101"
	Name     string   // "index-not-concurrent"
	Severity Severity // default severity
	Summary  string   // one line: "fires when ..."
	// Doc is the Markdown body of docs/rules/<Code>.md: why it is dangerous,
	// which lock or failure, the safe pattern with a worked example.
	Doc      string
	Dialects []string // dialects the rule applies to
	// Run is called once per statement of a linted file.
	Run func(*Pass)
	// RunDir is called once per run for rules about the directory as a
	// whole (checksums, versions, edits against the git base).
	RunDir func(*DirPass)
}

func (a *Analyzer) appliesTo(dialect string) bool {
	for _, d := range a.Dialects {
		if d == dialect {
			return true
		}
	}
	return false
}

// Diagnostic is one finding, located in the original file.
type Diagnostic struct {
	Code      string   `json:"code"`
	Name      string   `json:"name"`
	Severity  Severity `json:"severity"`
	Message   string   `json:"message"`
	File      string   `json:"-"`
	Line      int      `json:"line"`
	Column    int      `json:"column"`
	EndLine   int      `json:"end_line"`
	EndColumn int      `json:"end_column"`
	// Statement is the statement's text, for excerpts in reports.
	Statement string `json:"statement,omitempty"`
	// Fix is a safe rewrite or the steps of the safe pattern, when one exists.
	Fix string `json:"fix,omitempty"`
	// Replacement is a safe rewrite of the statement that a reviewer can
	// apply as it is (a one-click suggestion), when the rule has one.
	Replacement *Replacement `json:"replacement,omitempty"`
	// Evidence is what the dev database showed (lint --dev-url), nil in
	// static mode.
	Evidence *Evidence `json:"evidence,omitempty"`
}

// Replacement is text that replaces a span of the original file: from
// Line:Column to EndLine:EndColumn inclusive (1-based, columns in code
// points), the whole statement without its terminating semicolon. Applied,
// the file parses and the rule no longer fires on the statement.
type Replacement struct {
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Text      string `json:"text"`
}

// Evidence is what the dev database showed while it ran the statement of a
// diagnostic (lint --dev-url only): the facts a lock or rewrite finding
// rests on, rendered in every report format.
type Evidence struct {
	// Locks are the relation locks the statement took (PostgreSQL).
	Locks []observed.Lock `json:"locks,omitempty"`
	// Rewrites are the relations whose storage the statement replaced.
	Rewrites []string `json:"rewrites,omitempty"`
	// Algorithm is the cheapest ALTER algorithm the MySQL/MariaDB server
	// accepted, and LockNone whether it accepted LOCK=NONE with it.
	Algorithm string `json:"algorithm,omitempty"`
	LockNone  bool   `json:"lock_none,omitempty"`
	// DurationMS is the statement's run time on the dev database.
	DurationMS float64 `json:"duration_ms"`
	// ServerError is the server's own error (RP101).
	ServerError *observed.ServerError `json:"server_error,omitempty"`
}

// String renders the evidence as one line for text reports and comments:
// "took ACCESS EXCLUSIVE on public.orders; rewrote public.orders; 3.1 ms".
func (e *Evidence) String() string {
	var parts []string
	if len(e.Locks) > 0 {
		locks := make([]string, len(e.Locks))
		for i, l := range e.Locks {
			locks[i] = l.Mode + " on " + l.Relation.String()
		}
		parts = append(parts, "took "+strings.Join(locks, ", "))
	}
	if len(e.Rewrites) > 0 {
		parts = append(parts, "rewrote "+strings.Join(e.Rewrites, ", "))
	}
	if e.Algorithm != "" {
		lock := "writes blocked"
		if e.LockNone {
			lock = "LOCK=NONE accepted"
		}
		parts = append(parts, "ALGORITHM="+e.Algorithm+" ("+lock+")")
	}
	if e.ServerError != nil {
		parts = append(parts, "server error "+e.ServerError.Code+": "+e.ServerError.Message)
	}
	parts = append(parts, strconv.FormatFloat(e.DurationMS, 'f', 1, 64)+" ms")
	return strings.Join(parts, "; ")
}
