package split

import (
	"bytes"
	"strconv"
)

func itoa(n int) string { return strconv.Itoa(n) }

// Byte classes. A table lookup keeps the hot loop free of chains of
// comparisons.
const (
	cSpace = 1 << iota
	// cWord marks bytes that may appear in an unquoted word: identifiers,
	// keywords and numbers. Bytes >= 0x80 are included so that any UTF-8
	// identifier stays one word and token starts fall on character boundaries.
	cWord
	// cTag marks bytes allowed in a PostgreSQL dollar-quote tag ("$" excluded).
	cTag
)

var class [256]uint8

func init() {
	for _, c := range []byte(" \t\r\n\f\v") {
		class[c] = cSpace
	}
	for c := 0; c < 256; c++ {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80 {
			class[c] = cWord | cTag
		}
	}
	class['$'] = cWord
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// equalFold compares b with lowered, which must already be in lower case.
// Only ASCII letters fold: SQL keywords and delimiters are ASCII.
func equalFold(b []byte, lowered string) bool {
	if len(b) != len(lowered) {
		return false
	}
	for i := range b {
		if lower(b[i]) != lowered[i] {
			return false
		}
	}
	return true
}

// blankToEOL reports whether only spaces, tabs and carriage returns follow p
// up to the end of its line or of the region.
func blankToEOL(src []byte, p, end int) bool {
	for ; p < end; p++ {
		switch src[p] {
		case ' ', '\t', '\r', '\f', '\v':
		case '\n':
			return true
		default:
			return false
		}
	}
	return true
}

// lineEnd returns the offset of the newline ending the line that holds i (the
// newline is left for the caller, which tracks line starts), or end.
func (s *scanner) lineEnd(i int) int {
	if k := bytes.IndexByte(s.src[i:s.end], '\n'); k >= 0 {
		return i + k
	}
	return s.end
}

// quoted scans a quoted token whose opening quote q is at open; tok is where
// the token starts (before an E prefix), used for the error position. A doubled
// quote always stands for one quote; backslash escapes the next byte only when
// the dialect or the E prefix says so.
func (s *scanner) quoted(tok, open int, backslash bool) (int, error) {
	src, end, q := s.src, s.end, s.src[open]
	j := open + 1
	for {
		var k int
		if backslash {
			k = indexEither(src[j:end], q, '\\')
		} else {
			k = bytes.IndexByte(src[j:end], q)
		}
		if k < 0 {
			return 0, s.unterminated(tok, quoteName(q, s.pg))
		}
		j += k
		if src[j] == '\\' {
			j += 2
			if j > end {
				return 0, s.unterminated(tok, quoteName(q, s.pg))
			}
			continue
		}
		j++
		if j < end && src[j] == q {
			j++
			continue
		}
		return j, nil
	}
}

// indexEither is bytes.IndexAny for two bytes without building a set per call.
func indexEither(b []byte, x, y byte) int {
	for i, c := range b {
		if c == x || c == y {
			return i
		}
	}
	return -1
}

func quoteName(q byte, pg bool) string {
	switch {
	case q == '`' || q == '"' && pg:
		return "quoted identifier"
	default:
		return "quoted string"
	}
}

// blockComment scans a comment opening at i. PostgreSQL nests block comments,
// MySQL ends at the first "*/".
func (s *scanner) blockComment(i int) (int, error) {
	src, end := s.src, s.end
	if !s.pg {
		if k := bytes.Index(src[i+2:end], []byte("*/")); k >= 0 {
			return i + 2 + k + 2, nil
		}
		return 0, s.unterminated(i, "block comment")
	}
	depth := 1
	for j := i + 2; j+1 < end; {
		k := indexEither(src[j:end-1], '*', '/')
		if k < 0 {
			break
		}
		j += k
		switch {
		case src[j] == '*' && src[j+1] == '/':
			j += 2
			if depth--; depth == 0 {
				return j, nil
			}
		case src[j] == '/' && src[j+1] == '*':
			depth++
			j += 2
		default:
			j++
		}
	}
	return 0, s.unterminated(i, "block comment")
}

// dollar handles a "$" at a token start in PostgreSQL: a dollar-quoted body
// ($$...$$, $tag$...$tag$), a positional parameter ($1) or a lone "$".
// quote reports whether it was a body.
func (s *scanner) dollar(i int) (next int, quote bool, err error) {
	src, end := s.src, s.end
	j := i + 1
	if j < end && src[j] >= '0' && src[j] <= '9' {
		for j < end && src[j] >= '0' && src[j] <= '9' {
			j++
		}
		return j, false, nil
	}
	for j < end && class[src[j]]&cTag != 0 {
		j++
	}
	if j >= end || src[j] != '$' {
		return i + 1, false, nil
	}
	tag := src[i : j+1]
	k := bytes.Index(src[j+1:end], tag)
	if k < 0 {
		return 0, false, s.unterminated(i, "dollar-quoted string "+string(tag))
	}
	return j + 1 + k + len(tag), true, nil
}

func (s *scanner) unterminated(pos int, what string) *Error {
	line, col := s.pos.at(pos)
	return &Error{
		Msg:    "unterminated " + what + " starting at line " + itoa(line) + " column " + itoa(col),
		Pos:    pos,
		Line:   line,
		Column: col,
	}
}
