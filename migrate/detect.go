package migrate

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strings"
	"unicode"
)

// signal is evidence that a directory belongs to a format.
type signal struct {
	format string
	why    string // "goose annotation \"-- +goose Up\" in 001_x.sql:1"
}

// detect picks the format of a directory (reference section 11).
//
// Content markers (liquibase header, goose annotation, dbmate migrate:up) and
// name patterns (flyway V/R/U/B names, golang-migrate .up./.down. names) are
// collected first, each with the first file showing it. Then:
//   - two different content markers: ambiguous (each tool fails on the
//     other's files);
//   - the liquibase header wins over names ("the header decides, not the
//     name");
//   - a goose or dbmate marker together with flyway or golang-migrate names:
//     ambiguous, since goose and dbmate cannot read those names;
//   - flyway names and golang-migrate names together: ambiguous;
//   - otherwise the single signal decides; with none, numbered .sql files
//     are atlas when an atlas.sum ("h1:" first line) is present, else plain.
//
// atlas.sum alone is not a content signal because Atlas also checksums goose,
// golang-migrate, flyway, dbmate and liquibase directories.
func detect(r *reader, dir string) (string, string, error) {
	if len(r.files) == 0 {
		return "", "", &Error{File: dir, Msg: "no migration files: the directory is empty", Err: ErrNoMigrations}
	}
	var lb, goose, dbmate, flyway, gm *signal
	numbered, anySQL, hasSum, flywayV := "", "", false, false
	stray := ""      // a numbered .sql file that is not a golang-migrate name
	sqlMigrate := "" // where an sql-migrate annotation was seen
	for _, f := range r.files {
		base, top := path.Base(f), !strings.Contains(f, "/")
		// Name a versioned script when there is one: it is the clearest evidence.
		if n, ok := parseFlywayName(base); ok && (flyway == nil || !flywayV && n.prefix == 'V') {
			flyway, flywayV = &signal{FormatFlyway, fmt.Sprintf("flyway %s file name %s", n.kindWord(), f)}, n.prefix == 'V'
		}
		if top && gm == nil && gmName.MatchString(base) {
			gm = &signal{FormatGolangMigrate, "golang-migrate file name " + f}
		}
		if top && f == "atlas.sum" {
			raw, err := r.read(f)
			if err != nil {
				return "", "", err
			}
			hasSum = bytes.HasPrefix(raw, []byte("h1:"))
		}
		// A golang-migrate down file is never what a tool runs forward:
		// its name has said all detection needs, so it is not even read.
		if !strings.HasSuffix(strings.ToLower(base), ".sql") || gm != nil && gmDown(base) {
			continue
		}
		raw, err := r.read(f)
		if err != nil {
			return "", "", err
		}
		if lb == nil && lbHeader.Match(firstNonBlankLine(raw)) {
			lb = &signal{FormatLiquibase, "liquibase formatted SQL header in " + f}
		}
		if !top || !strings.HasSuffix(base, ".sql") {
			continue
		}
		if anySQL == "" {
			anySQL = f
		}
		if _, _, ok := plainMigration(base); ok {
			if numbered == "" {
				numbered = f
			}
			if stray == "" && !gmName.MatchString(base) {
				stray = f
			}
		}
		if goose != nil && dbmate != nil {
			continue
		}
		// Markers are comment lines: only those become strings.
		eachCommentLine(raw, func(i int, t string) bool {
			if goose == nil && isGooseAnnotation(t) {
				if _, err := gooseAnnotation(t); err == nil {
					goose = &signal{FormatGoose, fmt.Sprintf("goose annotation %q in %s:%d", strings.TrimSpace(t), f, i+1)}
				}
			}
			if m, _ := dbmateMarker(t); dbmate == nil && m == "up" {
				dbmate = &signal{FormatDbmate, fmt.Sprintf("dbmate %q line in %s:%d", strings.TrimSpace(t), f, i+1)}
			}
			if sqlMigrate == "" && sqlMigrateUp.MatchString(t) {
				sqlMigrate = fmt.Sprintf("%q in %s:%d", strings.TrimSpace(t), f, i+1)
			}
			return goose == nil || dbmate == nil
		})
	}
	if sqlMigrate != "" && goose == nil && dbmate == nil && lb == nil {
		// Read as plain, its Down sections would be linted as up statements
		// and folded into the model.
		return "", "", &Error{File: dir, Msg: "the directory holds sql-migrate annotations (" + sqlMigrate +
			"), a format schemaguard does not read: its Down sections would be taken for up statements; " +
			"the goose format has the same annotations with +goose in place of +migrate (--dir-format plain reads the files whole, Down sections included)"}
	}
	var content, names []*signal
	for _, s := range []*signal{lb, goose, dbmate} {
		if s != nil {
			content = append(content, s)
		}
	}
	for _, s := range []*signal{flyway, gm} {
		if s != nil {
			names = append(names, s)
		}
	}
	switch {
	case len(content) > 1:
		return "", "", ambiguous(dir, content[0], content[1])
	case len(content) == 1 && content[0] == lb:
		return lb.format, lb.why, nil
	case len(content) == 1 && len(names) > 0:
		return "", "", ambiguous(dir, content[0], names[0])
	case len(content) == 1:
		return content[0].format, content[0].why, nil
	case len(names) > 1:
		return "", "", ambiguous(dir, names[0], names[1])
	case len(names) == 1 && names[0] == gm && stray != "":
		// golang-migrate would skip those files silently, and so would the
		// linter: a check that passes while checking nothing.
		return "", "", ambiguous(dir, gm, &signal{FormatPlain, "numbered .sql file " + stray + ", which golang-migrate does not read"})
	case len(names) == 1:
		return names[0].format, names[0].why, nil
	case hasSum && anySQL != "":
		return FormatAtlas, "atlas.sum with .sql files (e.g. " + anySQL + ")", nil
	case numbered != "":
		return FormatPlain, "numbered .sql files without tool markers (e.g. " + numbered + ")", nil
	}
	return "", "", &Error{File: dir, Msg: "no migration files: no numbered .sql files and no tool file names or markers; pass --dir-format", Err: ErrNoMigrations}
}

// sqlMigrateUp is rubenv/sql-migrate's up annotation.
var sqlMigrateUp = regexp.MustCompile(`^\s*--\s*\+migrate\s+Up\b`)

// gmDown reports a golang-migrate down file name.
func gmDown(base string) bool {
	m := gmName.FindStringSubmatch(base)
	return m != nil && m[3] == "down"
}

// firstNonBlankLine is the first line of raw with anything but blanks,
// without its line ending (a UTF-8 byte order mark is skipped).
func firstNonBlankLine(raw []byte) []byte {
	raw = bytes.TrimPrefix(raw, []byte("\uFEFF"))
	for len(raw) > 0 {
		line, rest, _ := bytes.Cut(raw, []byte("\n"))
		if len(bytes.TrimSpace(line)) > 0 {
			return bytes.TrimRight(line, "\r")
		}
		raw = rest
	}
	return nil
}

// eachCommentLine calls fn with the 0-based number and text (without line
// ending) of every line whose first non-blank characters are "--", until fn
// returns false.
func eachCommentLine(raw []byte, fn func(i int, line string) bool) {
	for i := 0; len(raw) > 0; i++ {
		line, rest, _ := bytes.Cut(raw, []byte("\n"))
		raw = rest
		if bytes.HasPrefix(bytes.TrimLeftFunc(line, unicode.IsSpace), []byte("--")) && !fn(i, string(bytes.TrimRight(line, "\r"))) {
			return
		}
	}
}

func ambiguous(dir string, a, b *signal) error {
	return &Error{File: dir, Msg: fmt.Sprintf("ambiguous directory format: %s (%s) and %s (%s); pass --dir-format",
		a.format, a.why, b.format, b.why)}
}
