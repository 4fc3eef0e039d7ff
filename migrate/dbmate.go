package migrate

import (
	"regexp"
	"strings"

	"github.com/schemaguard/schemaguard/migrate/split"
)

var (
	// dbmateName: dbmate counts a file when its name starts with digits and
	// ends in ".sql" (case-sensitive); the version is those digits as text.
	dbmateName = regexp.MustCompile(`^([0-9]+).*\.sql$`)
	// dbmateMarkerRe: at line start, "--", optional whitespace, migrate:up or
	// migrate:down, then end of line or whitespace and options. Case-sensitive,
	// so "CREATE TABLE countdown" or "-- go down" are plain lines.
	dbmateMarkerRe = regexp.MustCompile(`^--\s*migrate:(up|down)(?:\s+(.*)|\s*)$`)
)

// dbmateMarker returns "up" or "down" and the option text when line is a
// dbmate directive line, else "".
func dbmateMarker(line string) (kind, opts string) {
	m := dbmateMarkerRe.FindStringSubmatch(line)
	if m == nil {
		return "", ""
	}
	return m[1], m[2]
}

// readDbmate reads files sorted by name as strings (dbmate does not sort
// numerically). Each "-- migrate:up" starts a unit that ends at its
// "-- migrate:down"; several pairs per file are allowed.
func readDbmate(r *reader) ([]*File, error) {
	var names []string
	for _, name := range r.top() { // lexical order = dbmate's string sort
		if dbmateName.MatchString(name) {
			names = append(names, name)
		}
	}
	return eachFile(len(names), func(i int) (*File, error) {
		name := names[i]
		version := dbmateName.FindStringSubmatch(name)[1]
		s, f, err := r.load(name)
		if err != nil {
			return nil, err
		}
		f.Version = version
		f.Description = strings.TrimPrefix(strings.TrimSuffix(name[len(version):], ".sql"), "_")
		return f, r.parse(s, f, func(s *source, f *File) error { return parseDbmate(s, f, r.dialect) })
	})
}

// parseDbmate applies dbmate's rules: only blank and comment lines before
// the first migrate:up, each up needs a later down, at most one down per up.
//
// Transactions: dbmate sends each up block as ONE Exec. With a transaction
// (the default) that is TxFile. With "transaction:false" the block still goes
// out as one multi-statement query, which PostgreSQL runs as one implicit
// transaction (dbmate issues #182, #285: CREATE INDEX CONCURRENTLY fails
// there unless it is alone), so the unit is TxImplicit on PostgreSQL and
// TxNone on MySQL, where each statement commits on its own.
func parseDbmate(s *source, f *File, dialect split.Dialect) error {
	type section struct{ up, down int }
	var secs []section
	for i := 0; i < s.lines(); i++ {
		kind, opts := dbmateMarker(s.text(i))
		switch {
		case kind == "up":
			if n := len(secs); n > 0 && secs[n-1].down < 0 {
				return s.errAt(secs[n-1].up, 1, "-- migrate:up without a following -- migrate:down")
			}
			secs = append(secs, section{i, -1})
			mode := TxFile
			if dbmateOption(opts, "transaction") == "false" {
				mode = TxImplicit
				if dialect == split.MySQL {
					mode = TxNone
				}
			}
			f.Units = append(f.Units, Unit{TxMode: mode, Line: i + 1})
		case kind == "down" && len(secs) == 0:
			return s.errAt(i, 1, "-- migrate:down before any -- migrate:up")
		case kind == "down" && secs[len(secs)-1].down >= 0:
			return s.errAt(i, 1, "second -- migrate:down for the same -- migrate:up")
		case kind == "down":
			secs[len(secs)-1].down = i
		case len(secs) == 0 && !s.blank(i) && !strings.HasPrefix(strings.TrimSpace(s.text(i)), "--"):
			return s.errAt(i, 0, "statement before -- migrate:up (dbmate allows only comments and blank lines there)")
		}
	}
	if len(secs) == 0 {
		return s.errAt(0, 0, "no -- migrate:up line (dbmate requires an up block)")
	}
	if last := secs[len(secs)-1]; last.down < 0 {
		return s.errAt(last.up, 1, "-- migrate:up without a following -- migrate:down (dbmate requires a down block, even empty)")
	}
	f.TxMode = fileMode(f.Units)
	for k, sec := range secs {
		// The block goes to the server as written: no DELIMITER.
		sts, err := s.split(s.nextStart(sec.up), s.lineStart(sec.down), split.Options{NoClientCommands: true}, k, sec.up+1)
		if err != nil {
			return err
		}
		f.Statements = append(f.Statements, sts...)
	}
	return s.finish(f, FormatDbmate)
}

// dbmateOption returns the value of key among whitespace-separated
// "key:value" options; pairs without exactly one ":" are ignored, as in dbmate.
func dbmateOption(opts, key string) string {
	for _, p := range strings.Fields(opts) {
		if k, v, ok := strings.Cut(p, ":"); ok && k == key && !strings.Contains(v, ":") {
			return v
		}
	}
	return ""
}
