package migrate

import (
	"regexp"
	"slices"
	"strings"

	"github.com/schemaguard/schemaguard/migrate/split"
)

// plainName is a migration for a custom or unknown runner: "<digits>.sql",
// "<digits>_<name>.sql" or "<digits>.<name>.sql", one file per version, no
// markers. A "….down.sql" file is a rollback, never run forward.
var plainName = regexp.MustCompile(`^([0-9]+)([_.].*)?\.sql$`)

// plainMigration reports a file name a plain directory runs: a numbered
// .sql file that is not a rollback.
func plainMigration(name string) (version, description string, ok bool) {
	m := plainName.FindStringSubmatch(name)
	if m == nil || strings.HasSuffix(strings.ToLower(name), ".down.sql") {
		return "", "", false
	}
	return m[1], strings.TrimPrefix(strings.TrimPrefix(m[2], "_"), "."), true
}

// readPlain reads numbered .sql files in integer order of their leading
// digits (then by name), each file one transaction. Files sharing a version
// are kept (the linter reports IN105): no tool defines what would happen.
func readPlain(r *reader) ([]*File, error) {
	var names []string
	for _, name := range r.top() {
		if _, _, ok := plainMigration(name); ok {
			names = append(names, name)
		}
	}
	files, err := eachFile(len(names), func(i int) (*File, error) {
		s, f, err := r.load(names[i])
		if err != nil {
			return nil, err
		}
		f.Version, f.Description, _ = plainMigration(names[i])
		return f, r.parse(s, f, func(s *source, f *File) error {
			if err := s.wholeFile(f, TxFile, split.Options{}); err != nil {
				return err
			}
			return s.finish(f, FormatPlain)
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(files, func(a, b *File) int {
		if c := CompareVersions(FormatPlain, a.Version, b.Version); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return files, nil
}
