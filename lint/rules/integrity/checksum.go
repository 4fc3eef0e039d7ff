package integrity

import (
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/migrate/atlassum"
)

// ChecksumMismatch is IN101.
var ChecksumMismatch = &lint.Analyzer{
	Code: "IN101", Name: "checksum-mismatch", Severity: lint.Error, Dialects: both,
	Summary: "atlas.sum (when present) does not match the directory",
	Doc:     doc("IN101"),
	RunDir: func(p *lint.DirPass) {
		if p.Dir.Sum == nil {
			return
		}
		recorded, err := atlassum.Parse(p.Dir.Sum)
		if err != nil {
			p.Report(atlassum.FileName, 1, "%s cannot be read: %v", atlassum.FileName, err)
			return
		}
		if m := atlassum.Validate(recorded, atlassum.ComputeDir(p.Dir)); m != nil {
			p.Report(atlassum.FileName, m.LineNo, "%s does not match the directory: %s", atlassum.FileName, describe(m))
		}
	},
}

func describe(m *atlassum.Mismatch) string {
	switch m.Kind {
	case atlassum.Added:
		return m.File + " was added without re-hashing (run schemaguard hash)"
	case atlassum.Removed:
		return m.File + " is listed but was removed"
	case atlassum.Edited:
		return m.File + " was edited after the sum was written"
	}
	return "the header hash does not match its lines (the file was edited by hand)"
}
