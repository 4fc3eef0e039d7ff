package split

import (
	"bytes"
	"unicode/utf8"
)

// scanner makes one pass over the region, byte by byte outside tokens and with
// bytes.Index-style searches inside them. Whitespace and comments are skipped;
// every other token is "significant": the first one starts a statement and the
// end of the last one ends it, so leading and trailing comments and whitespace
// never enter a statement's text.
type scanner struct {
	src        []byte
	start, end int
	pg         bool
	whole      bool
	noClient   bool // Options.NoClientCommands

	// delim is the active terminator; nil means ";" with block tracking.
	delim       []byte
	delimLow0   byte // first byte of delim, lower-cased: a cheap pre-check
	delimLine   bool // must stand alone on its line, matched case-insensitively
	delimUser   bool // set by Options: DELIMITER lines are not client commands
	delimInWord bool // delim starts with a word byte ("$$"): look inside words

	lineClean bool // only whitespace since the start of the line
	depth     int  // parenthesis depth in the current statement
	stmtStart int  // -1 while the statement has no significant token
	sigEnd    int
	blk       block

	// Whole mode strips one trailing ";": where the text ends without it.
	lastSemi, semiPrevStart, semiPrevEnd int

	// text is the region as one string: every Text is a slice of it, so the
	// statements cost one allocation in all instead of one each.
	text     string
	textBase int
	out      []Statement
	pos      posTracker
}

func (s *scanner) setDelim(d []byte, user bool) {
	s.delim, s.delimLine, s.delimInWord = nil, false, false
	if len(d) == 0 || string(d) == ";" {
		return
	}
	s.delimLine = user && (string(d) == "/" || isWord(d))
	if s.delimLine {
		d = bytes.ToLower(d)
	}
	s.delim = d
	s.delimLow0 = lower(d[0])
	s.delimInWord = !s.delimLine && class[d[0]]&cWord != 0
}

func isWord(d []byte) bool {
	for _, c := range d {
		if c >= 0x80 || class[c]&cWord == 0 || c == '$' {
			return false
		}
	}
	return true
}

// matchDelim returns the length of the custom delimiter at i, or 0.
func (s *scanner) matchDelim(i int) int {
	d := s.delim
	if s.end-i < len(d) {
		return 0
	}
	if s.delimLine {
		// liquibase: "/" or "GO" alone on a line, whatever the depth.
		if !s.lineClean || !equalFold(s.src[i:i+len(d)], string(d)) || !blankToEOL(s.src, i+len(d), s.end) {
			return 0
		}
		return len(d)
	}
	if s.depth != 0 || !bytes.Equal(s.src[i:i+len(d)], d) {
		return 0
	}
	// A non-ASCII delimiter must not match half of a character.
	if d[0] >= utf8.RuneSelf && midRune(s.src, i) || d[len(d)-1] >= utf8.RuneSelf && midRune(s.src, i+len(d)) {
		return 0
	}
	return len(d)
}

func (s *scanner) resetStmt() {
	s.stmtStart = -1
	s.depth = 0
	s.blk.reset(s.delim == nil && !s.whole)
}

func (s *scanner) finish() {
	if s.stmtStart >= 0 {
		s.emit(s.stmtStart, s.sigEnd)
	}
	s.resetStmt()
}

func (s *scanner) emit(pos, end int) {
	line, col := s.pos.at(pos)
	_, size := utf8.DecodeLastRune(s.src[pos:end])
	eline, ecol := s.pos.at(end - size)
	s.out = append(s.out, Statement{
		Text: s.text[pos-s.textBase : end-s.textBase],
		Pos:  pos, End: end,
		Line: line, Column: col,
		EndLine: eline, EndColumn: ecol,
	})
}

func (s *scanner) run() error {
	src, end := s.src, s.end
	i := s.start
	for i < end {
		c := src[i]
		// The delimiter comes first: it may itself be whitespace (Atlas's "\n\n").
		if s.delim != nil && lower(c) == s.delimLow0 {
			if n := s.matchDelim(i); n > 0 {
				s.finish()
				i += n
				s.lineClean = src[i-1] == '\n'
				continue
			}
		}
		if class[c]&cSpace != 0 {
			if c == '\n' {
				s.lineClean = true
			}
			i++
			continue
		}
		next, tok, isWord := i+1, pOther, false
		var err error
		switch {
		case c == ';':
			if s.delim == nil && !s.whole && s.depth == 0 && s.blk.endsAtSemicolon() {
				s.finish()
				i++
				s.lineClean = false
				continue
			}
			tok = pSemi
		case c == '-':
			// MySQL wants "-- " (space or control after the dashes): "--1" is
			// minus minus one.
			if i+1 < end && src[i+1] == '-' && (s.pg || i+2 == end || src[i+2] <= ' ' || src[i+2] == 0x7f) {
				i = s.lineEnd(i)
				continue
			}
		case c == '#' && !s.pg:
			i = s.lineEnd(i)
			continue
		case c == '/':
			if i+1 < end && src[i+1] == '*' {
				if next, err = s.blockComment(i); err != nil {
					return err
				}
				// MySQL /*! ... */ is code for the server: keep it as a token.
				if s.pg || src[i+2] != '!' {
					i = next
					s.lineClean = false
					continue
				}
			}
		case c == '\'' || c == '"':
			next, err = s.quoted(i, i, !s.pg)
			tok = pString
		case c == '`' && !s.pg:
			next, err = s.quoted(i, i, false)
		case c == '$' && s.pg:
			var body bool
			if next, body, err = s.dollar(i); body {
				tok = pString
			}
		case c == '(':
			s.depth++
		case c == ')':
			if s.depth > 0 {
				s.depth--
			}
			tok = pRParen
		case c == ':':
			tok = pColon
		case c == '.':
			tok = pDot
		case class[c]&cWord != 0:
			next = s.wordEnd(i)
			if s.pg && next == i+1 && lower(c) == 'e' && next < end && src[next] == '\'' {
				// E'...': the one PostgreSQL string where backslash escapes.
				next, err = s.quoted(i, next, true)
				tok = pString
				break
			}
			if !s.pg && s.noClient && s.stmtStart < 0 && equalFold(src[i:next], "delimiter") {
				// No MySQL statement starts with this word: the server
				// fails on the mysql client's command.
				line, col := s.pos.at(i)
				return &Error{
					Msg: "DELIMITER at line " + itoa(line) + " column " + itoa(col) + " is a command of the mysql client, which the server rejects",
					Pos: i, Line: line, Column: col, Err: ErrClientCommand,
				}
			}
			// Only between statements: inside one, a line starting with the
			// word is SQL (a column named delimiter).
			if !s.pg && !s.noClient && !s.delimUser && !s.whole && s.lineClean && s.stmtStart < 0 && equalFold(src[i:next], "delimiter") {
				var ok bool
				var n int
				if n, ok, err = s.delimiterCommand(i, next); err != nil {
					return err
				} else if ok {
					i = n
					continue
				}
			}
			isWord = true
		}
		if err != nil {
			return err
		}
		s.lineClean = false
		if s.whole {
			s.lastSemi = -1
			if tok == pSemi {
				s.lastSemi, s.semiPrevStart, s.semiPrevEnd = i, s.stmtStart, s.sigEnd
			}
		}
		if s.stmtStart < 0 {
			s.stmtStart = i
		}
		s.sigEnd = next
		if s.blk.state != stOff {
			if isWord {
				s.blk.word(src[i:next], s.depth)
			} else {
				s.blk.punct(tok, s.depth)
			}
		}
		i = next
	}
	if s.whole && s.lastSemi >= 0 {
		s.stmtStart, s.sigEnd = s.semiPrevStart, s.semiPrevEnd
	}
	s.finish()
	return nil
}

func (s *scanner) wordEnd(i int) int {
	src, end := s.src, s.end
	j := i + 1
	if s.delimInWord {
		for j < end && class[src[j]]&cWord != 0 && !(lower(src[j]) == s.delimLow0 && s.matchDelim(j) > 0) {
			j++
		}
		return j
	}
	for j < end && class[src[j]]&cWord != 0 {
		j++
	}
	return j
}

// delimiterCommand handles the mysql client's "DELIMITER xx" line, whose word
// spans [i, j). It is a command only with a delimiter on the same line; a bare
// DELIMITER there is the client's error, unless a statement is pending, where
// it is more likely a column of that name.
func (s *scanner) delimiterCommand(i, j int) (next int, ok bool, err error) {
	src, end := s.src, s.end
	if j < end && class[src[j]]&cSpace == 0 {
		return 0, false, nil
	}
	k := j
	for k < end && (src[k] == ' ' || src[k] == '\t') {
		k++
	}
	t := k
	for k < end && class[src[k]]&cSpace == 0 {
		k++
	}
	if t == k {
		if s.stmtStart >= 0 {
			return 0, false, nil
		}
		line, col := s.pos.at(i)
		return 0, false, &Error{
			Msg: "DELIMITER must be followed by a delimiter at line " + itoa(line) + " column " + itoa(col),
			Pos: i, Line: line, Column: col,
		}
	}
	s.finish()
	s.setDelim(src[t:k], false)
	s.resetStmt()
	return s.lineEnd(k), true, nil
}
