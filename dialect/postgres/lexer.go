package postgres

import "strings"

// A small lexer over statement text that pg_query has already accepted. It
// finds clause boundaries the tree does not record (ALTER TABLE sub-commands
// carry no location). pg_query.Scan would do, but it costs as much as the
// parse itself; this needs only token boundaries, parentheses and commas,
// and must get quoting right: strings ('', E'', U&'', $tag$...$tag$),
// quoted identifiers, and nested comments.

type token struct {
	start, end int
	kind       byte // 'w' word, 'q' quoted identifier, 's' string, 'n' number, 'p' parameter, 'o' operator, else the punctuation byte
}

func (t token) text(s string) string { return s[t.start:t.end] }

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentChar(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' || c == '$' }

const operatorChars = "+-*/<>=~!@#%^&|`?:"

// next returns the token at or after byte i, skipping blanks and comments;
// ok is false at the end of the text.
func next(s string, i int) (token, bool) {
	i = skipBlank(s, i)
	if i >= len(s) {
		return token{}, false
	}
	start, c := i, s[i]
	switch {
	case c == '\'':
		return token{start, quoted(s, i, '\'', false), 's'}, true
	case c == '"':
		return token{start, quoted(s, i, '"', false), 'q'}, true
	case (c == 'U' || c == 'u') && strings.HasPrefix(s[i+1:], "&'"):
		return token{start, quoted(s, i+2, '\'', false), 's'}, true
	case (c == 'U' || c == 'u') && strings.HasPrefix(s[i+1:], `&"`):
		return token{start, quoted(s, i+2, '"', false), 'q'}, true
	case strings.IndexByte("EeBbXxNn", c) >= 0 && i+1 < len(s) && s[i+1] == '\'':
		return token{start, quoted(s, i+1, '\'', c == 'E' || c == 'e'), 's'}, true
	case isIdentStart(c):
		for i++; i < len(s) && isIdentChar(s[i]); i++ {
		}
		return token{start, i, 'w'}, true
	case c >= '0' && c <= '9' || c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
		for i++; i < len(s) && (isIdentChar(s[i]) || s[i] == '.' && !strings.HasPrefix(s[i:], "..")); i++ {
		}
		return token{start, i, 'n'}, true
	case c == '$':
		if i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			}
			return token{start, i, 'p'}, true
		}
		if end := dollarQuoted(s, i); end > 0 {
			return token{start, end, 's'}, true
		}
		return token{start, i + 1, 'o'}, true
	case strings.IndexByte(operatorChars, c) >= 0:
		for i++; i < len(s) && strings.IndexByte(operatorChars, s[i]) >= 0 && !strings.HasPrefix(s[i:], "--") && !strings.HasPrefix(s[i:], "/*"); i++ {
		}
		return token{start, i, 'o'}, true
	}
	return token{start, i + 1, c}, true
}

// quoted returns the end of the quoted run opening at s[i] == q, where a
// doubled q is an escaped one (and, in E'...' strings, so is a backslashed
// character). An unterminated run ends the text.
func quoted(s string, i int, q byte, backslash bool) int {
	for i++; i < len(s); i++ {
		switch {
		case backslash && s[i] == '\\':
			i++
		case s[i] == q:
			if i+1 < len(s) && s[i+1] == q {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(s)
}

// dollarQuoted returns the end of a $tag$...$tag$ string opening at s[i],
// or 0 when s[i] does not open one.
func dollarQuoted(s string, i int) int {
	j := i + 1
	if j < len(s) && isIdentStart(s[j]) {
		for j++; j < len(s) && isIdentChar(s[j]) && s[j] != '$'; j++ {
		}
	}
	if j >= len(s) || s[j] != '$' {
		return 0
	}
	tag := s[i : j+1]
	end := strings.Index(s[j+1:], tag)
	if end < 0 {
		return len(s)
	}
	return j + 1 + end + len(tag)
}

// clauses returns the offsets of the comma-separated clauses that follow the
// relation name at byte loc, up to the end of the statement: ALTER TABLE t
// <clause>, <clause> ... (commas inside parentheses or brackets do not
// separate). It gives each ALTER TABLE sub-command the position of its
// first keyword (ADD, DROP, ALTER ...).
func (t *translator) clauses(loc int) []int {
	if loc < 0 || loc >= t.end {
		return nil
	}
	s := t.text[:t.end]
	// Skip the possibly qualified name and an inheritance star.
	tk, ok := next(s, loc)
	for ok {
		tk, ok = next(s, tk.end)
		if !ok || tk.kind != '.' {
			break
		}
		if tk, ok = next(s, tk.end); !ok {
			break
		}
	}
	if ok && tk.kind == 'o' && tk.text(s) == "*" {
		tk, ok = next(s, tk.end)
	}
	var out []int
	depth, fresh := 0, true
	for ; ok; tk, ok = next(s, tk.end) {
		if depth == 0 && tk.kind == ';' {
			break
		}
		if depth == 0 && tk.kind == ',' {
			fresh = true
			continue
		}
		if fresh {
			out = append(out, tk.start)
			fresh = false
		}
		switch tk.kind {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		}
	}
	return out
}
