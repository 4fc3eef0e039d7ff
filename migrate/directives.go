package migrate

import (
	"slices"
	"strconv"
	"strings"

	"github.com/schemaguard/schemaguard/migrate/split"
)

// Directive names this package recognises. Matching is case-insensitive and
// Directive.Name is always one of these spellings.
const (
	dirLintIgnore  = "lint:ignore"
	dirAtlasNolint = "atlas:nolint"
	dirAtlasTx     = "atlas:txmode"
	dirOwnTx       = "schemaguard:txmode"
)

// DirectiveAtlasTxMode is Atlas's transaction-mode directive, read only at
// file level (see finish).
const DirectiveAtlasTxMode = dirAtlasTx

var directiveNames = []string{dirLintIgnore, dirAtlasNolint, dirAtlasTx, dirOwnTx}

// directive parses line i as "-- name args..." (or "# name args..." on
// MySQL). Line and Column point at the comment marker, so an editor jump lands
// on the directive itself.
func (s *source) directive(i int) (Directive, bool) {
	t := s.text(i)
	body := strings.TrimLeft(t, " \t")
	col := s.column(s.lineStart(i) + len(t) - len(body))
	switch {
	case strings.HasPrefix(body, "--"):
		body = body[2:]
	case s.dialect == split.MySQL && strings.HasPrefix(body, "#"):
		body = body[1:]
	default:
		return Directive{}, false
	}
	body = strings.TrimLeft(body, " \t")
	name, rest := body, ""
	if k := strings.IndexAny(body, " \t"); k >= 0 {
		name, rest = body[:k], body[k:]
	}
	for _, n := range directiveNames {
		if strings.EqualFold(name, n) {
			args := strings.FieldsFunc(rest, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' })
			return Directive{Name: n, Args: args, Line: i + 1, Column: col}, true
		}
	}
	return Directive{}, false
}

// attach returns the directives in the contiguous comment lines directly
// above the statement starting at pos. The walk stops at a blank line, a
// non-comment line, a barrier marker or line floor (the unit's first line).
// A statement that does not start its line (it follows another statement on
// the same line) gets none: the comment above belongs to the first one.
func (s *source) attach(pos, floor int) []Directive {
	l := s.lineOf(pos)
	if pos > s.lineStart(l) && strings.TrimSpace(string(s.raw[s.lineStart(l):pos])) != "" {
		return nil
	}
	var ds []Directive
	for i := l - 1; i >= floor && i >= 0; i-- {
		if s.barrier[i] || !s.comment(i) {
			break
		}
		s.attached[i] = true
		if d, ok := s.directive(i); ok {
			ds = append(ds, d)
		}
	}
	slices.Reverse(ds)
	return ds
}

// fileDirectives returns the directives of the leading comment block: comment,
// marker and blank lines from the top of the file up to the first other line,
// minus the lines the walk attached to a statement. So a directive separated
// from the first statement by a blank line (or sitting above a goose Up marker)
// is file-level, one directly above the statement is statement-level.
func (s *source) fileDirectives() []Directive {
	var ds []Directive
	for i := 0; i < s.lines(); i++ {
		if s.blank(i) {
			continue
		}
		if !s.comment(i) {
			break
		}
		if d, ok := s.directive(i); ok && !s.attached[i] {
			ds = append(ds, d)
		}
	}
	return ds
}

// finish fills File.Directives and applies transaction-mode directives:
//   - schemaguard:txmode (ours, any format) counts anywhere in the leading
//     comment block, also directly above the first statement: requiring a
//     blank line for our own directive would only be a trap.
//   - atlas:txmode counts in the atlas format (and plain: an Atlas directory
//     before its first hash is detected as plain) and only at file level,
//     because that is where Atlas itself reads it.
//
// Values are "none" (the file and all its units run without a transaction)
// and "file" (keep what the format says); anything else is an input error.
func (s *source) finish(f *File, format string) error {
	f.Directives = s.fileDirectives()
	interpreted := func(d Directive) bool {
		return d.Name == dirOwnTx || d.Name == dirAtlasTx && (format == FormatAtlas || format == FormatPlain)
	}
	var all []Directive
	all = append(all, f.Directives...)
	for _, st := range f.Statements {
		all = append(all, st.Directives...)
	}
	for _, d := range all {
		if !interpreted(d) {
			continue
		}
		if len(d.Args) == 0 {
			return &Error{File: s.name, Line: d.Line, Column: d.Column, Msg: d.Name + " needs a value: none or file"}
		}
		if v := strings.ToLower(d.Args[0]); v != "none" && v != "file" {
			return &Error{File: s.name, Line: d.Line, Column: d.Column,
				Msg: "unknown " + d.Name + " value " + quote(d.Args[0]) + ": want none or file"}
		}
	}
	none := false
	for _, d := range f.Directives {
		none = none || interpreted(d) && strings.EqualFold(d.Args[0], "none")
	}
	if len(f.Statements) > 0 {
		for _, d := range f.Statements[0].Directives {
			none = none || d.Name == dirOwnTx && strings.EqualFold(d.Args[0], "none")
		}
	}
	if none {
		f.TxMode = TxNone
		for i := range f.Units {
			f.Units[i].TxMode = TxNone
		}
	}
	return nil
}

func quote(s string) string { return strconv.Quote(s) }
