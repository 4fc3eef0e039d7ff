package migrate

import "bytes"

// Changesets reports whether the file's units are independently applied
// changesets with their own identity (Liquibase): then "new", "edited" and
// "existing" are decided per unit, not per file.
func (f *File) Changesets() bool {
	return len(f.Units) > 0 && f.Units[0].ID != "" && f.Units[0].ID != LiquibaseRawUnit
}

// UnitText returns the raw bytes of unit k: from the line of its marker to
// the line before the next unit's marker, or to the end of the file.
func (f *File) UnitText(k int) []byte {
	if k < 0 || k >= len(f.Units) {
		return nil
	}
	start := lineOffset(f.Raw, f.Units[k].Line)
	end := len(f.Raw)
	if k+1 < len(f.Units) {
		end = lineOffset(f.Raw, f.Units[k+1].Line)
	}
	if start > end {
		return nil
	}
	return f.Raw[start:end]
}

// lineOffset is the byte offset where 1-based line n starts.
func lineOffset(raw []byte, n int) int {
	off := 0
	for l := 1; l < n; l++ {
		i := bytes.IndexByte(raw[off:], '\n')
		if i < 0 {
			return len(raw)
		}
		off += i + 1
	}
	return off
}
