package atlassum

import "fmt"

// Problem kinds reported by Validate.
const (
	Edited  = "edited"
	Added   = "added"
	Removed = "removed"
	Corrupt = "corrupt" // only the header does not match the lines
)

// Mismatch describes the first difference between a sum file and the directory.
type Mismatch struct {
	Kind   string
	File   string // the migration file concerned
	LineNo int    // line in atlas.sum (0 for an added file)
}

func (m *Mismatch) Error() string {
	switch m.Kind {
	case Added:
		return fmt.Sprintf("%s: %s was added but is not in the sum file (run schemaguard hash)", FileName, m.File)
	case Removed:
		return fmt.Sprintf("%s:%d: %s is listed but was removed from the directory", FileName, m.LineNo, m.File)
	case Edited:
		return fmt.Sprintf("%s:%d: %s was edited after the sum was written", FileName, m.LineNo, m.File)
	default:
		return fmt.Sprintf("%s:1: header hash does not match the file lines (the sum file was edited by hand)", FileName)
	}
}

// Validate compares a recorded sum with the one computed from the directory
// and returns the first mismatch in directory order, or nil.
func Validate(recorded, computed Sum) *Mismatch {
	want := make(map[string]Line, len(recorded.Files))
	for _, l := range recorded.Files {
		want[l.Name] = l
	}
	have := make(map[string]bool, len(computed.Files))
	for _, c := range computed.Files {
		have[c.Name] = true
	}
	// A removal changes every later hash; name the removed file, not the
	// first file whose hash moved.
	for _, r := range recorded.Files {
		if !have[r.Name] {
			return &Mismatch{Kind: Removed, File: r.Name, LineNo: r.LineNo}
		}
	}
	for _, c := range computed.Files {
		r, ok := want[c.Name]
		if !ok {
			return &Mismatch{Kind: Added, File: c.Name}
		}
		if r.Hash != c.Hash {
			// A running hash changes every later line too; the first changed
			// line in order is the file that was actually edited.
			return &Mismatch{Kind: Edited, File: c.Name, LineNo: r.LineNo}
		}
	}
	if recorded.Total != computed.Total {
		return &Mismatch{Kind: Corrupt}
	}
	return nil
}
