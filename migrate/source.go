package migrate

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/schemaguard/schemaguard/migrate/split"
)

// source is one file's bytes with a line index. Every position handed out is
// an offset into raw, the file exactly as on disk: formats never rewrite the
// text, they only choose byte regions of it, so a statement's Pos/End always
// points back into File.Raw whatever the line endings or a BOM.
type source struct {
	name    string
	raw     []byte
	dialect split.Dialect
	format  string // the format reading the file, for messages
	bom     int    // 3 when the file starts with a UTF-8 byte order mark, else 0
	starts  []int  // offset of each line's first byte (line 0 starts after the BOM)
	// attached marks comment lines that the directive walk gave to a
	// statement; they are not file-level directives.
	attached map[int]bool
	// barrier marks marker lines that end the directive walk even though they
	// look like comments (goose StatementEnd, which closes an earlier unit).
	barrier map[int]bool
}

func newSource(name string, raw []byte, dialect split.Dialect) *source {
	s := &source{name: name, raw: raw, dialect: dialect, attached: map[int]bool{}, barrier: map[int]bool{}}
	if len(raw) >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF {
		s.bom = 3
	}
	s.starts = append(s.starts, s.bom)
	for i := s.bom; i < len(raw); i++ {
		if raw[i] == '\n' && i+1 < len(raw) {
			s.starts = append(s.starts, i+1)
		}
	}
	return s
}

// lines is the number of lines; a final newline does not open an empty line.
func (s *source) lines() int { return len(s.starts) }

// lineStart is the offset of line i's first byte.
func (s *source) lineStart(i int) int { return s.starts[i] }

// nextStart is the offset just after line i's newline (or the end of file).
func (s *source) nextStart(i int) int {
	if i+1 < len(s.starts) {
		return s.starts[i+1]
	}
	return len(s.raw)
}

// lineEnd is the offset where line i's content ends, before "\n" or "\r\n".
func (s *source) lineEnd(i int) int {
	e := s.nextStart(i)
	if e > s.starts[i] && s.raw[e-1] == '\n' {
		e--
	}
	if e > s.starts[i] && s.raw[e-1] == '\r' {
		e--
	}
	return e
}

// text is line i without its line terminator.
func (s *source) text(i int) string { return string(s.raw[s.starts[i]:s.lineEnd(i)]) }

// lineOf is the line index holding offset pos.
func (s *source) lineOf(pos int) int {
	if l := sort.Search(len(s.starts), func(i int) bool { return s.starts[i] > pos }) - 1; l > 0 {
		return l
	}
	return 0
}

// column is the 1-based column of pos in code points, the BOM not counted.
func (s *source) column(pos int) int {
	l := s.lineOf(pos)
	if pos < s.starts[l] {
		return 1
	}
	return 1 + utf8.RuneCount(s.raw[s.starts[l]:pos])
}

func (s *source) blank(i int) bool { return strings.TrimSpace(s.text(i)) == "" }

// comment reports whether line i is a single-line comment: "--", or "#" on
// MySQL where it also starts a comment.
func (s *source) comment(i int) bool {
	t := strings.TrimSpace(s.text(i))
	return strings.HasPrefix(t, "--") || s.dialect == split.MySQL && strings.HasPrefix(t, "#")
}

// errAt builds an error at line index i (0-based); col 0 means no column.
func (s *source) errAt(i, col int, format string, args ...any) *Error {
	return &Error{File: s.name, Line: i + 1, Column: col, Msg: fmt.Sprintf(format, args...)}
}

func (s *source) errFile(format string, args ...any) *Error {
	return &Error{File: s.name, Msg: fmt.Sprintf(format, args...)}
}

// split cuts raw[start:end] into statements with the dialect splitter and
// attaches to each the directives written directly above it. The walk upward
// never goes above line floor, the first line of the statement's unit, so a
// marker (goose Up, dbmate migrate:up, a liquibase changeset) ends it.
func (s *source) split(start, end int, opts split.Options, unit, floor int) ([]Statement, error) {
	if start >= end {
		return nil, nil
	}
	opts.Dialect = s.dialect
	sts, err := split.Split(s.raw, start, end, opts)
	if err != nil {
		var se *split.Error
		if errors.As(err, &se) {
			msg := se.Msg
			switch {
			case errors.Is(se, split.ErrClientCommand) && s.format == FormatLiquibase:
				msg = "DELIMITER is a command of the mysql client, which liquibase does not read (the line would reach the server): " +
					"set endDelimiter:<delimiter> (or splitStatements:false) on the changeset instead"
			case errors.Is(se, split.ErrClientCommand):
				msg = "DELIMITER is a command of the mysql client; " + s.format + " sends the file to the server, which rejects it: " +
					"remove the DELIMITER lines (the server reads procedure bodies without them)"
			}
			return nil, &Error{File: s.name, Line: se.Line, Column: se.Column, Msg: msg}
		}
		return nil, s.errFile("%v", err)
	}
	out := make([]Statement, 0, len(sts))
	for _, st := range sts {
		out = append(out, Statement{Statement: st, Unit: unit, Directives: s.attach(st.Pos, floor)})
	}
	return out, nil
}

// wholeFile splits the entire file as one unit (index 0) and returns the
// single-unit layout most formats use.
func (s *source) wholeFile(f *File, mode TxMode, opts split.Options) error {
	f.TxMode = mode
	f.Units = []Unit{{TxMode: mode, Line: 1}}
	sts, err := s.split(s.bom, len(s.raw), opts, 0, 0)
	f.Statements = sts
	return err
}

// fileMode summarises unit modes for File.TxMode: the common mode when all
// units agree, otherwise TxFile (consumers that care read the units).
func fileMode(units []Unit) TxMode {
	if len(units) == 0 {
		return TxFile
	}
	m := units[0].TxMode
	for _, u := range units[1:] {
		if u.TxMode != m {
			return TxFile
		}
	}
	return m
}
