package migrate

import (
	"regexp"
	"slices"
	"strings"

	"github.com/schemaguard/schemaguard/migrate/split"
)

// plainName is a migration for a custom or unknown runner: "<digits>.sql" or
// "<digits>_<name>.sql", one file per version, no markers.
var plainName = regexp.MustCompile(`^([0-9]+)(_.*)?\.sql$`)

// readPlain reads numbered .sql files in integer order of their leading
// digits (then by name), each file one transaction. Files sharing a version
// are kept (the linter reports IN105): no tool defines what would happen.
func readPlain(r *reader) ([]*File, error) {
	var files []*File
	for _, name := range r.top() {
		m := plainName.FindStringSubmatch(name)
		if m == nil {
			continue
		}
		s, f, err := r.load(name)
		if err != nil {
			return nil, err
		}
		f.Version, f.Description = m[1], strings.TrimPrefix(m[2], "_")
		err = r.parse(s, f, func(s *source, f *File) error {
			if err := s.wholeFile(f, TxFile, split.Options{}); err != nil {
				return err
			}
			return s.finish(f, FormatPlain)
		})
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	slices.SortStableFunc(files, func(a, b *File) int {
		if c := CompareVersions(FormatPlain, a.Version, b.Version); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return files, nil
}
