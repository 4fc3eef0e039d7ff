package migrate

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/schemaguard/schemaguard/migrate/split"
)

// flywayName is a parsed Flyway script name: prefix, version, separator "__",
// description, ".sql" suffix.
type flywayName struct {
	prefix      byte // V versioned, R repeatable, U undo, B baseline
	version     string
	description string
}

func (n flywayName) kindWord() string {
	return map[byte]string{'V': "versioned", 'R': "repeatable", 'U': "undo", 'B': "baseline"}[n.prefix]
}

// parseFlywayName applies Flyway's default naming: case-sensitive one-letter
// prefix, case-insensitive ".sql" suffix, the name split at the first "__"
// (no separator: all of it is the version, so "V1.sql" is valid and
// "V1_init.sql" is not). V/U/B need a valid version, R must have none.
// Callback scripts (beforeMigrate.sql, afterMigrate__x.sql, ...) start with a
// lower-case event name, so they never match a prefix and are skipped here.
// Invalid names are ignored, as Flyway ignores them unless
// validateMigrationNaming is set.
func parseFlywayName(base string) (flywayName, bool) {
	if len(base) < 5 || !strings.EqualFold(base[len(base)-4:], ".sql") {
		return flywayName{}, false
	}
	stem := base[:len(base)-4]
	n := flywayName{prefix: stem[0]}
	if !strings.ContainsRune("VRUB", rune(n.prefix)) {
		return flywayName{}, false
	}
	n.version = stem[1:]
	if i := strings.Index(n.version, "__"); i >= 0 {
		n.version, n.description = n.version[:i], n.version[i+2:]
	}
	n.description = strings.ReplaceAll(n.description, "_", " ")
	if n.prefix == 'R' {
		return n, n.version == ""
	}
	if _, ok := flywayParts(n.version); !ok {
		return flywayName{}, false
	}
	n.version = strings.ReplaceAll(n.version, "_", ".") // Flyway displays 1_1 as 1.1
	return n, true
}

// readFlyway reads a Flyway location recursively: versioned scripts by
// version, then repeatables by description. Undo (U) scripts are not on the
// up path. Baseline (B) scripts are skipped too: Flyway runs the highest one
// only on an empty database, in place of the older V scripts, whereas the V
// chain is what every existing database ran and what the linter must see.
func readFlyway(r *reader) ([]*File, error) {
	type script struct {
		rel string
		n   flywayName
	}
	var vs, rs []script
	for _, rel := range r.files {
		n, ok := parseFlywayName(path.Base(rel))
		switch {
		case !ok:
		case n.prefix == 'V':
			vs = append(vs, script{rel, n})
		case n.prefix == 'R':
			rs = append(rs, script{rel, n})
		}
	}
	slices.SortStableFunc(vs, func(a, b script) int { return CompareVersions(FormatFlyway, a.n.version, b.n.version) })
	slices.SortStableFunc(rs, func(a, b script) int { return strings.Compare(a.n.description, b.n.description) })
	for i := 1; i < len(vs); i++ {
		if CompareVersions(FormatFlyway, vs[i-1].n.version, vs[i].n.version) == 0 {
			return nil, &Error{File: vs[i].rel, Msg: fmt.Sprintf("found more than one migration with version %s (also %s)", vs[i].n.version, vs[i-1].rel)}
		}
	}
	for i := 1; i < len(rs); i++ {
		if rs[i-1].n.description == rs[i].n.description {
			return nil, &Error{File: rs[i].rel, Msg: fmt.Sprintf("found more than one repeatable migration with description %q (also %s)", rs[i].n.description, rs[i-1].rel)}
		}
	}
	scripts := append(vs, rs...)
	return eachFile(len(scripts), func(i int) (*File, error) {
		sc := scripts[i]
		s, f, err := r.load(sc.rel)
		if err != nil {
			return nil, err
		}
		f.Version, f.Description = sc.n.version, sc.n.description
		if sc.n.prefix == 'R' {
			f.Kind = KindRepeatable
		}
		mode, explicit, err := flywayConf(r, sc.rel)
		if err != nil {
			return nil, err
		}
		return f, r.parse(s, f, func(s *source, f *File) error {
			if err := s.wholeFile(f, mode, split.Options{}); err != nil {
				return err
			}
			if !explicit && r.dialect == split.Postgres && len(f.Statements) > 0 && allNonTransactional(f.Statements) {
				f.TxMode, f.Units[0].TxMode = TxNone, TxNone
			}
			return s.finish(f, FormatFlyway)
		})
	})
}

// flywayConf reads the sibling "<script>.conf" (per-script configuration);
// executeInTransaction=false runs the script without a transaction and an
// explicit value also disables Flyway's own detection.
func flywayConf(r *reader, rel string) (mode TxMode, explicit bool, err error) {
	if !slices.Contains(r.files, rel+".conf") {
		return TxFile, false, nil
	}
	raw, err := r.read(rel + ".conf")
	if err != nil {
		return TxFile, false, err
	}
	for _, line := range strings.Split(string(raw), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok || strings.TrimSpace(k) != "executeInTransaction" {
			continue
		}
		if strings.EqualFold(strings.TrimSpace(v), "false") {
			return TxNone, true, nil
		}
		return TxFile, true, nil
	}
	return TxFile, false, nil
}

// flywayNonTx is Flyway's PostgreSQL list of statements that cannot run in a
// transaction, matched on the leading keywords (ALTER TYPE ... ADD VALUE only
// on servers before 12; the default target is 14, so it is not listed).
var flywayNonTx = regexp.MustCompile(`^((CREATE|DROP) (DATABASE|TABLESPACE|SUBSCRIPTION)|ALTER SYSTEM|` +
	`(CREATE|DROP)( UNIQUE)? INDEX CONCURRENTLY|REINDEX( VERBOSE)? (SCHEMA|DATABASE|SYSTEM)|VACUUM|DISCARD ALL)( |$)`)

// allNonTransactional reports whether every statement is one Flyway runs
// outside a transaction; a file with only such statements runs without one.
// A mix keeps TxFile: Flyway refuses it, and the linter reports it.
func allNonTransactional(sts []Statement) bool {
	for _, st := range sts {
		if !flywayNonTx.MatchString(strings.Join(LeadingWords(st.Text, 5), " ")) {
			return false
		}
	}
	return true
}

// LeadingWords returns up to n upper-cased leading words of a statement,
// skipping whitespace and comments and stopping at the first other character.
func LeadingWords(text string, n int) []string {
	var words []string
	for i := 0; i < len(text) && len(words) < n; {
		switch c := text[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case strings.HasPrefix(text[i:], "--"):
			if j := strings.IndexByte(text[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(text)
			}
		case strings.HasPrefix(text[i:], "/*"):
			if j := strings.Index(text[i+2:], "*/"); j >= 0 {
				i += j + 4
			} else {
				i = len(text)
			}
		case isWordByte(c):
			j := i
			for j < len(text) && isWordByte(text[j]) {
				j++
			}
			words = append(words, strings.ToUpper(text[i:j]))
			i = j
		default:
			return words
		}
	}
	return words
}
