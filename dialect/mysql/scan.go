package mysql

import "strings"

// A small MySQL lexer. The TiDB tree carries no positions for clauses, and
// its own scanner is not exported, so this one gives the adapter what it
// needs from the raw text: where each ALTER TABLE clause starts, the leading
// words that identify stored routines, and the spans the MariaDB and MySQL 8
// rewrites replace. It knows quotes, comments and executable comments; it
// is not a grammar.

type tokKind uint8

const (
	tWord   tokKind = iota // keyword or bare identifier
	tQuoted                // `identifier`
	tString                // 'text' or "text" (no ANSI_QUOTES)
	tNumber
	tVar // @user or @@system variable
	tPunct
)

type token struct {
	kind       tokKind
	start, end int    // byte offsets in the text
	up         string // upper-cased word, or the punctuation character
	depth      int    // parenthesis depth before the token
}

// is reports whether the token is the bare word w (upper case).
func (t token) is(w string) bool { return t.kind == tWord && t.up == w }

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// scan splits text into tokens. Comments are skipped; the body of an
// executable comment (/*! ... */, /*M! ... */) is scanned as code because
// the server runs it. An unterminated quote or comment ends the scan.
func scan(text string) []token {
	var toks []token
	depth := 0
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case isSpace(c):
			i++
			continue
		case c == '#' || c == '-' && strings.HasPrefix(text[i:], "--") && (i+2 == len(text) || isSpace(text[i+2])):
			nl := strings.IndexByte(text[i:], '\n')
			if nl < 0 {
				return toks
			}
			i += nl + 1
			continue
		case strings.HasPrefix(text[i:], "/*!") || strings.HasPrefix(text[i:], "/*M!"):
			i += strings.IndexByte(text[i:], '!') + 1
			for i < len(text) && text[i] >= '0' && text[i] <= '9' {
				i++ // version number
			}
			continue
		case strings.HasPrefix(text[i:], "*/"):
			i += 2 // the end of an executable comment
			continue
		case strings.HasPrefix(text[i:], "/*"):
			end := strings.Index(text[i+2:], "*/")
			if end < 0 {
				return toks
			}
			i += end + 4
			continue
		}
		t := token{start: i, depth: depth}
		switch {
		case c == '\'' || c == '"' || c == '`':
			t.kind = tString
			if c == '`' {
				t.kind = tQuoted
			}
			i = quoteEnd(text, i)
			if i < 0 {
				return toks
			}
		case c == '@':
			t.kind = tVar
			i++
			for i < len(text) && (isWordByte(text[i]) || text[i] == '@' || text[i] == '.') {
				i++
			}
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9':
			t.kind = tNumber
			for i < len(text) && (isWordByte(text[i]) || text[i] == '.') {
				i++
			}
		case isWordByte(c):
			t.kind = tWord
			for i < len(text) && isWordByte(text[i]) {
				i++
			}
			t.up = strings.ToUpper(text[t.start:i])
		default:
			t.kind = tPunct
			t.up = text[i : i+1]
			i++
			switch c {
			case '(':
				depth++
			case ')':
				depth--
			}
		}
		t.end = i
		toks = append(toks, t)
	}
	return toks
}

// quoteEnd returns the offset just past the quoted token starting at i, or
// -1 when it is unterminated. A doubled quote stands for itself; in strings
// a backslash escapes the next byte (MySQL's default sql_mode).
func quoteEnd(text string, i int) int {
	q := text[i]
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case '\\':
			if q != '`' {
				j++
			}
		case q:
			if j+1 < len(text) && text[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return -1
}

// firstWords returns the upper-cased leading words of the tokens, stopping
// at the first token that is not a bare word.
func firstWords(toks []token, n int) []string {
	var out []string
	for _, t := range toks {
		if t.kind != tWord || len(out) == n {
			break
		}
		out = append(out, t.up)
	}
	return out
}

// clauses returns the start offsets of the comma-separated clauses that
// follow the table name of ALTER [ONLINE] [IGNORE] TABLE [IF EXISTS] name
// (commas inside parentheses do not separate), with each clause's first
// word. TiDB gives the sub-commands no positions; the adapter pairs them
// with these clauses by their leading keyword.
func clauses(toks []token) []clause {
	i := 0
	for i < len(toks) && !toks[i].is("TABLE") {
		i++
	}
	i++
	if i+1 < len(toks) && toks[i].is("IF") && toks[i+1].is("EXISTS") {
		i += 2
	}
	// The possibly qualified table name.
	for i < len(toks) {
		i++
		if i < len(toks) && toks[i].up == "." {
			i++
			continue
		}
		break
	}
	// MariaDB's WAIT n / NOWAIT belongs to the name, not to a clause.
	if i < len(toks) && toks[i].is("NOWAIT") {
		i++
	} else if i+1 < len(toks) && toks[i].is("WAIT") && toks[i+1].kind == tNumber {
		i += 2
	}
	var out []clause
	fresh := true
	for ; i < len(toks); i++ {
		t := toks[i]
		if t.depth == 0 && t.kind == tPunct && (t.up == "," || t.up == ";") {
			if t.up == ";" {
				break
			}
			fresh = true
			continue
		}
		if fresh {
			out = append(out, clause{start: t.start, word: t.up, next: tokAt(toks, i+1).up})
			fresh = false
		}
	}
	return out
}

// renamePairs returns the start offsets of the "a TO b" pairs of RENAME
// TABLE a TO b, c TO d: a finding on the second pair points at it.
func renamePairs(toks []token) []int {
	i := 0
	for i < len(toks) && !toks[i].is("TABLE") && !toks[i].is("TABLES") {
		i++
	}
	var out []int
	fresh := true
	for i++; i < len(toks); i++ {
		t := toks[i]
		if t.depth == 0 && t.kind == tPunct && t.up == "," {
			fresh = true
			continue
		}
		if fresh {
			out = append(out, t.start)
			fresh = false
		}
	}
	return out
}

type clause struct {
	start      int
	word, next string // the first two tokens, words upper-cased
}
