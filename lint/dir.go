package lint

import (
	"fmt"
	"path"
	"slices"

	"github.com/schemaguard/schemaguard/changes"
	"github.com/schemaguard/schemaguard/migrate"
)

// Selection says which files of the directory are linted; the others are
// history, folded into the catalog.
type Selection func(i int, f *migrate.File) bool

// Latest selects the last n versioned files in execution order, and every
// file after the first of them. Flyway repeatable files (always last) and
// goose Go migrations do not count: "the newest migration" is the newest
// versioned SQL file.
func Latest(n int, dir *migrate.Dir) Selection {
	first := 0
	for i := len(dir.Files) - 1; i >= 0 && n > 0; i-- {
		if dir.Files[i].Kind == migrate.KindVersioned {
			first, n = i, n-1
		}
	}
	return func(i int, _ *migrate.File) bool { return i >= first }
}

// UnitFilter says whether unit k of a selected file is linted.
type UnitFilter func(f *migrate.File, k int) bool

// LatestChangesets is Latest for Liquibase, where the migration is the
// changeset: it selects the last n changesets across the changelog files.
func LatestChangesets(n int, dir *migrate.Dir) (Selection, UnitFilter) {
	firstFile, firstUnit := 0, 0
	for i := len(dir.Files) - 1; i >= 0 && n > 0; i-- {
		for k := len(dir.Files[i].Units) - 1; k >= 0 && n > 0; k-- {
			firstFile, firstUnit, n = i, k, n-1
		}
	}
	sel := func(i int, _ *migrate.File) bool { return i >= firstFile }
	units := func(f *migrate.File, k int) bool { return f != dir.Files[firstFile] || k >= firstUnit }
	return sel, units
}

// ChangedChangesets narrows modified changelogs to their added and edited
// changesets; added files are linted whole.
func ChangedChangesets(set *changes.Set) UnitFilter {
	return func(f *migrate.File, k int) bool {
		d := set.Changesets[f.Name]
		if d == nil || k >= len(f.Units) {
			return true
		}
		id := f.Units[k].ID
		return slices.Contains(d.Added, id) || slices.Contains(d.Modified, id)
	}
}

// All selects every file.
func All(int, *migrate.File) bool { return true }

// ChangedSince selects the files added or modified since a git base.
func ChangedSince(set *changes.Set) Selection {
	return func(_ int, f *migrate.File) bool { return set.Changed(f.Name) }
}

// DirPass is what a directory-level analyzer (IN101-IN105) sees: the whole
// directory, which files are linted, and how it differs from the git base.
type DirPass struct {
	Analyzer *Analyzer
	Dir      *migrate.Dir
	Selected []bool
	// Changes is nil when no --base was given.
	Changes *changes.Set
	report  func(Diagnostic)
}

// Report records a finding in a file of the directory (or atlas.sum, or a
// deleted file) at a line; line 0 means the file as a whole.
func (p *DirPass) Report(file string, line int, format string, args ...any) {
	d := p.diagnostic(file, line, format, args...)
	p.report(d)
}

func (p *DirPass) diagnostic(file string, line int, format string, args ...any) Diagnostic {
	if line < 1 {
		line = 1
	}
	return Diagnostic{Code: p.Analyzer.Code, Name: p.Analyzer.Name, Severity: p.Analyzer.Severity,
		Message: fmt.Sprintf(format, args...), File: file, Line: line, Column: 1, EndLine: line, EndColumn: 1}
}

// runDir runs the directory-level analyzers and files their findings under
// the file they name, adding a FileResult for files that were not linted
// (a deleted file, atlas.sum). File-level directives of that file apply.
func (e *engine) runDir(res *Result, p *DirPass) {
	files := map[string]*migrate.File{}
	for _, f := range p.Dir.Files {
		files[f.Name] = f
	}
	for _, a := range e.cfg.Analyzers {
		if a.RunDir == nil {
			continue
		}
		if p.Analyzer = e.effective(a); p.Analyzer == nil {
			continue
		}
		p.report = func(d Diagnostic) {
			fr := fileResult(res, path.Join(e.cfg.DirPath, d.File), d.File)
			if f := files[d.File]; f != nil && suppressions(f.Directives, e.lookup).covers(d.Code) {
				fr.Suppressed++
				return
			}
			d.File = fr.Path
			fr.Diagnostics = append(fr.Diagnostics, d)
			sortDiagnostics(fr.Diagnostics)
		}
		a.RunDir(p)
	}
}

func fileResult(res *Result, p, name string) *FileResult {
	for i := range res.Files {
		if res.Files[i].Path == p {
			return &res.Files[i]
		}
	}
	res.Files = append(res.Files, FileResult{Path: p, Name: name, Diagnostics: []Diagnostic{}})
	return &res.Files[len(res.Files)-1]
}
