package migrate

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"

	"github.com/schemaguard/schemaguard/migrate/split"
)

// gmName is golang-migrate's own file name pattern (source/parse.go): the
// title is greedy, so "0010_1.9.0_schema.up.sql" is version 10.
var gmName = regexp.MustCompile(`^([0-9]+)_(.*)\.(down|up)\.(.*)$`)

// readGolangMigrate reads the up files in numeric version order. The tool
// sends each file as one Exec: on PostgreSQL that multi-statement query runs
// as one implicit transaction (TxImplicit); on MySQL each statement commits
// on its own (TxNone). Names it cannot parse (including versions over
// uint64) are skipped as the tool skips them; a version twice in the same
// direction is its ErrDuplicateMigration. A version with only a down file is
// "applied" without running anything, so it yields no File. The file goes to
// the server as written, so a mysql client DELIMITER line is an error.
func readGolangMigrate(r *reader) ([]*File, error) {
	type up struct {
		v           uint64
		name, title string
	}
	var ups []up
	seen := map[string]map[uint64]string{"up": {}, "down": {}}
	for _, name := range r.top() {
		m := gmName.FindStringSubmatch(name)
		if m == nil {
			continue
		}
		v, err := strconv.ParseUint(m[1], 10, 64)
		if err != nil {
			continue
		}
		if prev, dup := seen[m[3]][v]; dup {
			return nil, &Error{File: name, Msg: "duplicate migration version " + strconv.FormatUint(v, 10) + " (" + m[3] + "), also in " + prev}
		}
		seen[m[3]][v] = name
		if m[3] == "up" {
			ups = append(ups, up{v, name, m[2]})
		}
	}
	slices.SortFunc(ups, func(a, b up) int { return cmp.Compare(a.v, b.v) })
	mode := TxImplicit
	if r.dialect == split.MySQL {
		mode = TxNone
	}
	return eachFile(len(ups), func(i int) (*File, error) {
		u := ups[i]
		s, f, err := r.load(u.name)
		if err != nil {
			return nil, err
		}
		f.Version, f.Description = strconv.FormatUint(u.v, 10), u.title
		return f, r.parse(s, f, func(s *source, f *File) error {
			if err := s.wholeFile(f, mode, split.Options{NoClientCommands: true}); err != nil {
				return err
			}
			return s.finish(f, FormatGolangMigrate)
		})
	})
}
