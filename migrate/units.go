package migrate

import "strings"

// Changesets reports whether the file's units are independently applied
// changesets with their own identity (Liquibase): then "new", "edited" and
// "existing" are decided per unit, not per file.
func (f *File) Changesets() bool {
	return len(f.Units) > 0 && f.Units[0].ID != "" && f.Units[0].ID != LiquibaseRawUnit
}

// UnitSQL is the SQL that unit k runs: its statements, one per line. Edits
// that change nothing the tool executes (a --rollback line, a comment, a
// changeset filtered out by dbms next to it) leave it unchanged.
func (f *File) UnitSQL(k int) string {
	var b strings.Builder
	for _, s := range f.Statements {
		if s.Unit == k {
			b.WriteString(s.Text)
			b.WriteString(";\n")
		}
	}
	return b.String()
}
