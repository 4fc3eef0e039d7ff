package integrity

import (
	"maps"
	"slices"

	"github.com/schemaguard/schemaguard/changes"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/migrate"
)

// AppliedFileEdited is IN102.
var AppliedFileEdited = &lint.Analyzer{
	Code: "IN102", Name: "applied-file-edited", Severity: lint.Error, Dialects: both,
	Summary: "a migration that exists on the base branch was modified",
	Doc:     doc("IN102"),
	RunDir: func(p *lint.DirPass) {
		if p.Changes == nil {
			return
		}
		for _, name := range p.Changes.Modified {
			if d := p.Changes.Changesets[name]; d != nil {
				// A changelog gains changesets all the time; only an edited
				// changeset is an applied migration that changed.
				for _, id := range d.Modified {
					p.Report(name, d.Lines[id], "Changeset %q of %q already exists on %s and was modified: databases that applied it will never run the change, new ones will diverge from them", id, name, baseName(p.Changes))
				}
				continue
			}
			p.Report(name, 0, "Migration %q already exists on %s and was modified: databases that applied it will never run the change, new ones will diverge from them", name, baseName(p.Changes))
		}
	},
}

// AppliedFileRemoved is IN103.
var AppliedFileRemoved = &lint.Analyzer{
	Code: "IN103", Name: "applied-file-removed", Severity: lint.Error, Dialects: both,
	Summary: "a migration that exists on the base branch was deleted",
	Doc:     doc("IN103"),
	RunDir: func(p *lint.DirPass) {
		if p.Changes == nil {
			return
		}
		for _, name := range p.Changes.Deleted {
			p.Report(name, 0, "Migration %q exists on %s and was deleted: databases that applied it keep its effect, new ones will not have it", name, baseName(p.Changes))
		}
		for _, name := range slices.Sorted(maps.Keys(p.Changes.Changesets)) {
			for _, id := range p.Changes.Changesets[name].Removed {
				p.Report(name, 0, "Changeset %q of %q exists on %s and was removed, moved or renamed: Liquibase identifies a changeset by id, author and file, so databases keep its effect and it would run again under its new identity", id, name, baseName(p.Changes))
			}
		}
	},
}

// OutOfOrder is IN104.
var OutOfOrder = &lint.Analyzer{
	Code: "IN104", Name: "out-of-order", Severity: lint.Error, Dialects: both,
	Summary: "a new migration sorts before the newest migration on the base branch",
	Doc:     doc("IN104"),
	RunDir: func(p *lint.DirPass) {
		// Liquibase identifies changesets by id, author and path: its files
		// have no version to be out of order with.
		if p.Changes == nil || p.Changes.BaseNewest == "" || p.Dir.Format == migrate.FormatLiquibase {
			return
		}
		for _, f := range p.Dir.Files {
			if f.Kind == migrate.KindRepeatable || !slices.Contains(p.Changes.Added, f.Name) {
				continue
			}
			if changes.IsBefore(p.Dir.Format, f.Version, p.Changes.BaseNewestVersion) {
				p.Report(f.Name, 0, "New migration %q (version %s) sorts before %q (version %s), the newest migration on %s: databases already past that version will skip it or refuse to migrate",
					f.Name, f.Version, p.Changes.BaseNewest, p.Changes.BaseNewestVersion, baseName(p.Changes))
			}
		}
	},
}

// DuplicateVersion is IN105.
var DuplicateVersion = &lint.Analyzer{
	Code: "IN105", Name: "duplicate-version", Severity: lint.Error, Dialects: both,
	Summary: "two files share a version",
	Doc:     doc("IN105"),
	RunDir: func(p *lint.DirPass) {
		if p.Dir.Format == migrate.FormatLiquibase {
			return // no versions: changesets are identified by id, author and path
		}
		first := map[string]int{}
		for i, f := range p.Dir.Files {
			if f.Kind == migrate.KindRepeatable || f.Version == "" {
				continue
			}
			j, seen := first[f.Version]
			if !seen {
				first[f.Version] = i
				continue
			}
			if p.Selected[i] || p.Selected[j] {
				p.Report(f.Name, 0, "Migration %q has version %s, like %q: the migration tool records versions, so one of them is skipped or the run fails", f.Name, f.Version, p.Dir.Files[j].Name)
			}
		}
	},
}

func baseName(s *changes.Set) string {
	if s.Ref != "" {
		return s.Ref
	}
	return "the base branch"
}
