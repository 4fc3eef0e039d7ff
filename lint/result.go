package lint

// Result is the one value every renderer reads.
type Result struct {
	Dir     string       `json:"dir"`
	Format  string       `json:"format"`
	Dialect string       `json:"dialect"`
	Files   []FileResult `json:"files"`
	Summary Summary      `json:"summary"`
	// FailOn is the threshold used to compute Failed.
	FailOn Severity `json:"fail_on"`
	Failed bool     `json:"failed"`
}

// FileResult holds the diagnostics of one linted file, in position order.
type FileResult struct {
	Path        string       `json:"path"` // directory path joined with the file name
	Name        string       `json:"name"`
	Diagnostics []Diagnostic `json:"diagnostics"`
	Suppressed  int          `json:"suppressed"`
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
	r.Summary = Summary{Files: len(r.Files)}
	for _, f := range r.Files {
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
