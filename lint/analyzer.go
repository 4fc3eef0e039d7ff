// Package lint is the analyzer framework: it folds the migration history into
// a schema catalog, runs analyzers over the statements of the new files and
// collects their diagnostics, honouring suppression directives, configured
// severities and the failure threshold. It prints nothing.
package lint

import (
	"fmt"
	"strings"
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
}
