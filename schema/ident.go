package schema

import "strings"

// Identifiers inside expression texts (index expressions such as
// lower(email)): the realm is dialect-neutral and keeps expressions as text,
// so following a column into them takes a little lexing. Only quoting
// matters here: string literals are skipped, quoted identifiers unquoted.

// involves reports whether a column list (names, or expression texts for
// index expressions) refers to column col.
func (r *Realm) involves(cols []string, col string) bool {
	for _, c := range cols {
		if r.sameColumn(c, col) || r.mentions(c, col) {
			return true
		}
	}
	return false
}

// mentions reports whether expression text uses column id outside string
// literals.
func (r *Realm) mentions(text, id string) bool {
	found := false
	eachIdent(text, func(_, _ int, name string) bool {
		found = r.sameColumn(name, id)
		return !found
	})
	return found
}

// renameIdent rewrites column from as to in expression text (an index
// expression after RENAME COLUMN). PostgreSQL folds unquoted names to lower
// case, so to is quoted unless it is a plain lower-case identifier; where
// column names fold (MySQL) only a name that is not a single word needs it.
func (r *Realm) renameIdent(text, from, to string) string {
	if !r.mentions(text, from) {
		return text
	}
	if !plainIdent(to) && !(r.FoldColumnCase && wordIdent(to)) {
		to = `"` + strings.ReplaceAll(to, `"`, `""`) + `"`
	}
	var b strings.Builder
	last := 0
	eachIdent(text, func(start, end int, name string) bool {
		if r.sameColumn(name, from) {
			b.WriteString(text[last:start])
			b.WriteString(to)
			last = end
		}
		return true
	})
	b.WriteString(text[last:])
	return b.String()
}

// wordIdent reports a name that eachIdent reads back whole without quotes.
func wordIdent(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' || s[0] == '$' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isWordByte(s[i]) {
			return false
		}
	}
	return true
}

func plainIdent(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || i > 0 && (c >= '0' && c <= '9' || c == '$')) {
			return false
		}
	}
	return s != ""
}

// eachIdent calls f with the span and (unquoted) name of every identifier
// of expression text outside string literals, until f returns false.
func eachIdent(text string, f func(start, end int, name string) bool) {
	for i := 0; i < len(text); {
		switch c := text[i]; {
		case c == '\'': // a literal; '' is an escaped quote
			i++
			for i < len(text) && (text[i] != '\'' || i+1 < len(text) && text[i+1] == '\'') {
				if text[i] == '\'' {
					i++
				}
				i++
			}
			i++
		case c == '"':
			j := i + 1
			for j < len(text) && (text[j] != '"' || j+1 < len(text) && text[j+1] == '"') {
				if text[j] == '"' {
					j++
				}
				j++
			}
			end := min(j+1, len(text))
			if !f(i, end, strings.ReplaceAll(text[i+1:min(j, len(text))], `""`, `"`)) {
				return
			}
			i = end
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
			j := i + 1
			for j < len(text) && (isWordByte(text[j])) {
				j++
			}
			if !f(i, j, text[i:j]) {
				return
			}
			i = j
		case c >= '0' && c <= '9': // a number, possibly 1e5: not an identifier
			for i < len(text) && isWordByte(text[i]) {
				i++
			}
		default:
			i++
		}
	}
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// leadingIdent returns the last part of a possibly qualified, possibly
// quoted identifier at the start of s, and what follows it.
func leadingIdent(s string) (string, string) {
	var last string
	for {
		var id string
		switch {
		case strings.HasPrefix(s, `"`):
			end := strings.Index(s[1:], `"`)
			if end < 0 {
				return last, s
			}
			id, s = s[1:1+end], s[2+end:]
		default:
			n := 0
			for n < len(s) {
				c := s[n]
				if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 || n > 0 && (c >= '0' && c <= '9' || c == '$') {
					n++
					continue
				}
				break
			}
			if n == 0 {
				return last, s
			}
			id, s = s[:n], s[n:]
		}
		last = id
		if !strings.HasPrefix(s, ".") {
			return last, s
		}
		s = s[1:]
	}
}
