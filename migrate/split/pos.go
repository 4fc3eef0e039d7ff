package split

import (
	"bytes"
	"unicode/utf8"
)

var bom = []byte("\xef\xbb\xbf")

// posTracker turns byte offsets into line and column. Queries come in
// increasing order (statement starts and ends, then possibly an error), so it
// keeps a cursor and only counts the bytes between two queries: the whole call
// stays linear even when thousands of statements share one very long line,
// where recounting from the line start for each of them would be quadratic.
type posTracker struct {
	src       []byte
	off       int // the cursor: an offset whose line and column are known
	line, col int
}

func newPosTracker(src []byte) posTracker {
	t := posTracker{src: src, line: 1, col: 1}
	if bytes.HasPrefix(src, bom) {
		// The BOM is invisible to editors: the character after it is column 1.
		t.off = len(bom)
	}
	return t
}

// at returns the 1-based line and column (in code points; each byte of an
// invalid UTF-8 sequence counts as one) of offset p.
func (t *posTracker) at(p int) (line, col int) {
	if p < t.off {
		// Only a query that goes backwards lands here; start over.
		*t = newPosTracker(t.src)
		if p < t.off {
			return 1, 1 // inside the BOM
		}
	}
	saved := *t
	seg := t.src[t.off:p]
	if n := bytes.Count(seg, []byte{'\n'}); n > 0 {
		t.line += n
		ls := t.off + bytes.LastIndexByte(seg, '\n') + 1
		t.col = 1 + utf8.RuneCount(t.src[ls:p])
	} else {
		t.col += utf8.RuneCount(seg)
	}
	line, col = t.line, t.col
	if midRune(t.src, p) {
		// Counting on from the middle of a character would split it in two;
		// stay on the boundary before (only a region cut lands here).
		*t = saved
	} else {
		t.off = p
	}
	return line, col
}

// midRune reports whether p falls inside a valid multi-byte UTF-8 sequence,
// that is, is not where decoding the source from any earlier line start puts a
// character boundary.
func midRune(src []byte, p int) bool {
	if p <= 0 || p >= len(src) || utf8.RuneStart(src[p]) {
		return false
	}
	for q := p - 1; q >= 0 && q >= p-utf8.UTFMax+1; q-- {
		if utf8.RuneStart(src[q]) {
			r, size := utf8.DecodeRune(src[q:])
			return (r != utf8.RuneError || size > 1) && q+size > p
		}
	}
	return false
}
