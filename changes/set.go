// Package changes works out which migration files are new, edited, removed
// or out of order relative to a git base (the merge-base of a ref and HEAD).
// It talks to git only; it knows nothing of GitHub or of lint rules.
package changes

// Set is how a migration directory differs from its state at the base.
// File names are relative to the migration directory, slash-separated, as in
// migrate.File.Name.
type Set struct {
	Ref  string // the ref the user named (--base)
	Base string // the merge-base commit SHA
	// RepoRoot is the top of the git work tree (absolute, OS path) and Dir the
	// migration directory relative to it, slash-separated ("." for the root):
	// Dir + "/" + name is the repository path CI annotations and git expect.
	RepoRoot string
	Dir      string
	// Added are files that did not exist at the base.
	Added []string
	// Modified are files that existed at the base with other content.
	Modified []string
	// Deleted are files that existed at the base and are gone.
	Deleted []string
	// BaseNewest is the migration file that runs last at the base (in the
	// format's execution order, repeatable files excluded) and its version;
	// empty when the directory did not exist or held no migration there.
	BaseNewest        string
	BaseNewestVersion string
	// Changesets holds, for each modified file whose units are changesets
	// (Liquibase), which of them were added or edited: appending a changeset
	// is the normal way to work, not an edit of an applied migration.
	Changesets map[string]*ChangesetDiff
}

// ChangesetDiff is how a modified Liquibase changelog differs from the
// base, changeset by changeset ("author:id").
type ChangesetDiff struct {
	Added    []string
	Modified []string // the SQL it runs changed (not a --rollback or comment)
	// Removed were in the file at the base and are gone (deleted, moved to
	// another file or renamed: the path and id are part of their identity).
	Removed []string
	// Lines are the 1-based lines of the changesets in the working file.
	Lines map[string]int
}

// Changed reports whether a file was added or modified: the files to lint.
func (s *Set) Changed(name string) bool {
	for _, n := range s.Added {
		if n == name {
			return true
		}
	}
	for _, n := range s.Modified {
		if n == name {
			return true
		}
	}
	return false
}
