package migrate

import (
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/schemaguard/schemaguard/migrate/split"
)

// Line patterns of Liquibase's formatted-SQL parser
// (AbstractFormattedChangeLogParser), applied to whole lines.
var (
	lbHeader        = regexp.MustCompile(`(?i)^\s*--\s*liquibase\s*formatted.*$`)
	lbChangeset     = regexp.MustCompile(`(?i)^\s*--\s*changeset\s+("[^"]+"|[^:]+):\s*("[^"]+"|\S+).*$`)
	lbChangesetLike = regexp.MustCompile(`(?i)^(\s*--\s*changeset.*|-\s*changeset\s.*)$`)
	lbProperty      = regexp.MustCompile(`(?i)^\s*--\s*property\s+(.*:.*)\s+(.*:.*).*$`)
	lbIgnoreLines   = regexp.MustCompile(`(?i)^--\s*ignoreLines:(\w+)$`)
	lbComment       = regexp.MustCompile(`(?i)^--\s*comment:? (.*)$`)
	lbValidCheckSum = regexp.MustCompile(`(?i)^--\s*validCheckSum:? (.*)$`)
	lbRollback      = regexp.MustCompile(`(?i)^\s*--\s*rollback (.*)$`)
	lbRollbackStart = regexp.MustCompile(`(?i)^\s*/\*\s*liquibase\s*rollback\s*$`)
	lbRollbackEnd   = regexp.MustCompile(`^.*\*/\s*$`)
	lbPrecondition  = regexp.MustCompile(`(?i)^\s*--\s*precondition(s.*|-[a-zA-Z0-9-]+( .*)?)$`)
)

// liquibaseHeader returns the header's line index when the first non-blank
// line is a formatted-SQL header, else -1.
func liquibaseHeader(s *source) int {
	for i := 0; i < s.lines(); i++ {
		if !s.blank(i) {
			if lbHeader.MatchString(s.text(i)) {
				return i
			}
			return -1
		}
	}
	return -1
}

// readLiquibase reads every .sql file below the directory as includeAll
// does: paths sorted as plain strings, recursive. A master changelog
// (XML/YAML/JSON) that lists files in another order is not read. Version is
// the file name's leading digits when it has some, else the relative path;
// the order is by path either way.
func readLiquibase(r *reader) ([]*File, error) {
	var names []string
	for _, rel := range r.files {
		if strings.HasSuffix(strings.ToLower(rel), ".sql") {
			names = append(names, rel)
		}
	}
	slices.Sort(names)
	return eachFile(len(names), func(i int) (*File, error) {
		rel := names[i]
		s, f, err := r.load(rel)
		if err != nil {
			return nil, err
		}
		base := strings.TrimSuffix(path.Base(rel), path.Ext(rel))
		f.Version = leadingDigits(base)
		f.Description = strings.TrimLeft(base[len(f.Version):], "_-. ")
		if f.Version == "" {
			f.Version = rel
		}
		return f, r.parse(s, f, func(s *source, f *File) error {
			var err error
			if h := liquibaseHeader(s); h < 0 {
				// includeAll runs a .sql file without header as one raw changeset.
				err = s.wholeFile(f, TxFile, split.Options{})
				f.Units[0].ID = LiquibaseRawUnit
			} else {
				err = parseLiquibase(s, f, r.dialect)
			}
			if err != nil {
				return err
			}
			return s.finish(f, FormatLiquibase)
		})
	})
}

// lbChange is one changeset being read.
type lbChange struct {
	line    int
	unit    Unit
	opts    split.Options
	skip    bool     // dbms filter excludes it, or ignore:true
	regions [][2]int // byte regions of SQL lines, between excluded lines
	hasSQL  bool
}

// parseLiquibase turns each changeset into a unit. Its SQL is every body line
// except Liquibase's special lines (rollback, comment, preconditions,
// validCheckSum, property, ignoreLines, /* liquibase rollback */ blocks);
// the runs of SQL lines between them are split as separate regions so that
// positions stay those of the file. Lines before the first changeset are
// not run by Liquibase and yield nothing.
func parseLiquibase(s *source, f *File, dialect split.Dialect) error {
	var all []*lbChange
	var cur *lbChange
	run := -1 // first line of the current run of SQL lines
	closeRun := func(end int) {
		if cur != nil && run >= 0 {
			cur.regions = append(cur.regions, [2]int{s.lineStart(run), end})
		}
		run = -1
	}
	for i := 0; i < s.lines(); i++ {
		t := s.text(i)
		switch {
		case lbProperty.MatchString(t):
			closeRun(s.lineStart(i))
		case lbIgnoreLines.MatchString(t):
			closeRun(s.lineStart(i))
			arg := lbIgnoreLines.FindStringSubmatch(t)[1]
			if arg == "start" {
				for i+1 < s.lines() && !(lbIgnoreLines.MatchString(s.text(i+1)) && lbIgnoreLines.FindStringSubmatch(s.text(i + 1))[1] == "end") {
					i++
				}
				i++
			} else if n, err := strconv.Atoi(arg); err == nil && n >= 0 {
				i += min(n, s.lines()-i-1)
			} else {
				return s.errAt(i, 1, "unknown ignoreLines syntax %q", arg)
			}
		case lbChangeset.MatchString(t):
			closeRun(s.lineStart(i))
			c, err := lbNewChange(s, i, dialect)
			if err != nil {
				return err
			}
			cur = c
			all = append(all, c)
		case lbChangesetLike.MatchString(t):
			return s.errAt(i, 1, "malformed changeset line: want --changeset author:id [attributes]")
		case cur == nil:
			if lbComment.MatchString(t) {
				return s.errAt(i, 1, "--comment outside a changeset (Liquibase refuses it)")
			}
		case lbComment.MatchString(t), lbValidCheckSum.MatchString(t), lbRollback.MatchString(t), lbPrecondition.MatchString(t):
			closeRun(s.lineStart(i))
		case lbRollbackStart.MatchString(t):
			closeRun(s.lineStart(i))
			start := i
			for i++; i < s.lines() && !lbRollbackEnd.MatchString(s.text(i)); i++ {
			}
			if i >= s.lines() {
				return s.errAt(start, 1, "liquibase rollback comment is not closed")
			}
		default:
			if run < 0 {
				run = i
			}
			cur.hasSQL = cur.hasSQL || !s.blank(i)
		}
	}
	closeRun(len(s.raw))
	for _, c := range all {
		if !c.hasSQL {
			return s.errAt(c.line, 1, "no SQL for changeset %s", c.unit.ID)
		}
		if c.skip {
			continue
		}
		f.Units = append(f.Units, c.unit)
		for _, rg := range c.regions {
			sts, err := s.split(rg[0], rg[1], c.opts, len(f.Units)-1, c.line+1)
			if err != nil {
				return err
			}
			f.Statements = append(f.Statements, sts...)
		}
	}
	f.TxMode = fileMode(f.Units)
	return nil
}

// lbChangesetHead is the "--changeset " before the author.
var lbChangesetHead = regexp.MustCompile(`(?i)^\s*--\s*changeset\s+`)

// lbNewChange reads a changeset line: author and id must touch the colon
// ("a: 1" is refused, as by Liquibase); attributes are key:value anywhere on
// the line, case-insensitive keys, the last occurrence winning.
func lbNewChange(s *source, i int, dialect split.Dialect) (*lbChange, error) {
	t := s.text(i)
	m := lbChangeset.FindStringSubmatch(t)
	head := lbChangesetHead.FindStringIndex(t)
	if head == nil || !strings.HasPrefix(t[head[1]:], m[1]+":"+m[2]) {
		return nil, s.errAt(i, 1, "malformed changeset line: author and id must touch the colon (--changeset author:id)")
	}
	id := strings.Trim(m[1], `"`) + ":" + strings.Trim(m[2], `"`)
	// Liquibase's splitter knows ";", "go" and "/", not the mysql client's
	// DELIMITER: such a line would reach the server.
	c := &lbChange{line: i, unit: Unit{ID: id, TxMode: TxFile, Line: i + 1}, opts: split.Options{NoClientCommands: true}}
	if v, ok := lbAttr(t, `runInTransaction:(\w+)`); ok && !strings.EqualFold(v, "true") {
		c.unit.TxMode = TxNone
	}
	if v, ok := lbAttr(t, `splitStatements:(\w+)`); ok && !strings.EqualFold(v, "true") {
		c.opts.Whole = true
	}
	if v, ok := lbAttr(t, `\bendDelimiter:(\S*)`); ok && v != "" {
		c.opts.Delimiter = v
	}
	if v, ok := lbAttr(t, `ignore:(\w*)`); ok && strings.EqualFold(v, "true") {
		c.skip = true
	}
	if v, ok := lbAttr(t, `dbms:([^,][\w!,]+)`); ok && !lbDbmsMatches(v, dialect) {
		c.skip = true
	}
	return c, nil
}

func lbAttr(line, pattern string) (string, bool) {
	all := regexp.MustCompile(`(?i)`+pattern).FindAllStringSubmatch(line, -1)
	if len(all) == 0 {
		return "", false
	}
	return all[len(all)-1][1], true
}

// lbDbmsMatches applies a changeset's dbms list to the dialect the way
// Liquibase's DatabaseList does: "all" matches, "none" does not, "!x"
// excludes, a list of only exclusions matches everything else.
func lbDbmsMatches(list string, dialect split.Dialect) bool {
	names := map[string]bool{"postgresql": dialect == split.Postgres, "mysql": dialect == split.MySQL, "mariadb": dialect == split.MySQL}
	positive, matched := false, false
	for _, e := range strings.Split(strings.ToLower(list), ",") {
		e = strings.TrimSpace(e)
		switch {
		case e == "" || e == "all":
			matched = matched || e == "all"
		case e == "none":
			positive = true
		case strings.HasPrefix(e, "!"):
			if names[e[1:]] {
				return false
			}
		default:
			positive = true
			matched = matched || names[e]
		}
	}
	return matched || !positive
}
