package lint

import (
	"errors"
	"path"
	"path/filepath"

	"github.com/schemaguard/schemaguard/migrate"
)

// Result is the one value every renderer reads.
type Result struct {
	Dir     string `json:"dir"`
	Format  string `json:"format"`
	Dialect string `json:"dialect"`
	// DevDatabase is the dev database server the migrations were replayed
	// on (lint --dev-url), "" in static mode.
	DevDatabase string `json:"dev_database,omitempty"`
	// DialectReason says how the dialect was decided when nothing named it.
	DialectReason string       `json:"dialect_reason,omitempty"`
	Files         []FileResult `json:"files"`
	Summary       Summary      `json:"summary"`
	// FailOn is the threshold used to compute Failed.
	FailOn Severity `json:"fail_on"`
	Failed bool     `json:"failed"`
	// Error says why the tool could not do its job (exit status 2); the
	// result then holds no files. Machine-readable formats still write a
	// valid document around it, so a step that uploads it never breaks.
	Error string `json:"error,omitempty"`
	// ErrorFile and ErrorLine locate the error when it is about a line of a
	// migration file (a new file its tool would refuse).
	ErrorFile string `json:"error_file,omitempty"`
	ErrorLine int    `json:"error_line,omitempty"`
}

// Failure is the result of a run the tool could not complete, in dir.
func Failure(err error, dir string, failOn Severity) *Result {
	r := &Result{Dir: dir, Files: []FileResult{}, FailOn: failOn, Failed: true, Error: err.Error()}
	var me *migrate.Error
	if errors.As(err, &me) && me.File != "" && me.Line > 0 {
		r.ErrorFile, r.ErrorLine = path.Join(filepath.ToSlash(me.Dir), me.File), me.Line
	}
	return r
}

// FileResult holds the diagnostics of one linted file, in position order.
type FileResult struct {
	Path        string       `json:"path"` // directory path joined with the file name
	Name        string       `json:"name"`
	Diagnostics []Diagnostic `json:"diagnostics"`
	Suppressed  int          `json:"suppressed"`
	// History: the file was not linted, it is part of the history and holds
	// only notices about what could not be read in it.
	History bool `json:"history,omitempty"`
}

// Summary counts the linted files and the diagnostics by severity.
type Summary struct {
	Files      int `json:"files"`
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Notices    int `json:"notices"`
	Suppressed int `json:"suppressed"`
}

func (r *Result) count() {
	r.Summary = Summary{}
	for _, f := range r.Files {
		if !f.History {
			r.Summary.Files++
		}
		r.Summary.Suppressed += f.Suppressed
		for _, d := range f.Diagnostics {
			switch d.Severity {
			case Error:
				r.Summary.Errors++
			case Warning:
				r.Summary.Warnings++
			case Notice:
				r.Summary.Notices++
			}
			if r.FailOn != Off && d.Severity >= r.FailOn {
				r.Failed = true
			}
		}
	}
}

// Merge combines the results of several directories into one report.
func Merge(results ...*Result) *Result {
	if len(results) == 1 {
		return results[0]
	}
	out := &Result{Files: []FileResult{}}
	for i, r := range results {
		if i == 0 {
			out.Dir, out.Format, out.Dialect, out.FailOn = r.Dir, r.Format, r.Dialect, r.FailOn
		} else {
			out.Dir += ", " + r.Dir
			if r.Format != out.Format {
				out.Format = "mixed"
			}
			if r.Dialect != out.Dialect {
				out.Dialect = "mixed"
			}
		}
		out.Files = append(out.Files, r.Files...)
		out.Failed = out.Failed || r.Failed
		out.Summary.Files += r.Summary.Files
		out.Summary.Errors += r.Summary.Errors
		out.Summary.Warnings += r.Summary.Warnings
		out.Summary.Notices += r.Summary.Notices
		out.Summary.Suppressed += r.Summary.Suppressed
	}
	return out
}

// AddNotice files a notice about a whole file that the run could not treat
// as the others (a goose Go migration a dev database cannot replay), under
// the file's result, and counts it. history says the file was not linted.
func (r *Result) AddNotice(path, name string, history bool, a *Analyzer, msg string) {
	fr := fileResult(r, path, name)
	fr.History = fr.History || history && len(fr.Diagnostics) == 0
	fr.Diagnostics = append(fr.Diagnostics, Diagnostic{Code: a.Code, Name: a.Name, Severity: Notice, Message: msg,
		File: path, Line: 1, Column: 1, EndLine: 1, EndColumn: 1})
	r.count()
}
