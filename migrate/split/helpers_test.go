package split

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// lineCol is the reference for positions, deliberately naive: count newlines
// from the file start, then code points from the line start.
func lineCol(src []byte, p int) (line, col int) {
	line, ls := 1, 0
	for k := 0; k < p; k++ {
		if src[k] == '\n' {
			line, ls = line+1, k+1
		}
	}
	col = 1
	for range string(src[ls:p]) {
		col++
	}
	if ls == 0 && bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		if p < 3 {
			return line, 1
		}
		col--
	}
	return line, col
}

// checkStatements asserts the invariants every result must hold.
func checkStatements(t testing.TB, src []byte, start, end int, got []Statement) {
	t.Helper()
	prev := start
	for i, st := range got {
		if st.Pos < prev || st.End <= st.Pos || st.End > end {
			t.Fatalf("statement %d: span [%d:%d) out of order or region [%d:%d) (previous end %d)", i, st.Pos, st.End, start, end, prev)
		}
		if string(src[st.Pos:st.End]) != st.Text {
			t.Fatalf("statement %d: src[Pos:End] = %q, Text = %q", i, src[st.Pos:st.End], st.Text)
		}
		if strings.Trim(st.Text, " \t\r\n\f\v") != st.Text {
			t.Fatalf("statement %d: %q has surrounding whitespace", i, st.Text)
		}
		if l, c := lineCol(src, st.Pos); l != st.Line || c != st.Column {
			t.Fatalf("statement %d %q: start %d:%d, want %d:%d", i, st.Text, st.Line, st.Column, l, c)
		}
		_, size := utf8.DecodeLastRuneInString(st.Text)
		if l, c := lineCol(src, st.End-size); l != st.EndLine || c != st.EndColumn {
			t.Fatalf("statement %d %q: end %d:%d, want %d:%d", i, st.Text, st.EndLine, st.EndColumn, l, c)
		}
		prev = st.End
	}
}

// checkError asserts err is an *Error located where the reference says.
func checkError(t testing.TB, src []byte, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	if e.Pos < 0 || e.Pos >= len(src) {
		t.Fatalf("error position %d outside the source", e.Pos)
	}
	if l, c := lineCol(src, e.Pos); l != e.Line || c != e.Column {
		t.Fatalf("error %q at %d:%d, want %d:%d", e.Msg, e.Line, e.Column, l, c)
	}
	return e
}

type splitCase struct {
	name string
	src  string
	opts Options
	want []string
	// pos, when set, pins Line, Column, EndLine, EndColumn of each statement
	// to hand-computed values on top of the reference check.
	pos [][4]int
}

func runCases(t *testing.T, cases []splitCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			got, err := Split(src, 0, len(src), tc.opts)
			if err != nil {
				t.Fatalf("Split: %v", err)
			}
			checkStatements(t, src, 0, len(src), got)
			texts := make([]string, len(got))
			for i, st := range got {
				texts[i] = st.Text
			}
			if strings.Join(texts, "\x00") != strings.Join(tc.want, "\x00") || len(texts) != len(tc.want) {
				t.Fatalf("texts:\n got %q\nwant %q", texts, tc.want)
			}
			for i, p := range tc.pos {
				st := got[i]
				if g := [4]int{st.Line, st.Column, st.EndLine, st.EndColumn}; g != p {
					t.Errorf("statement %d %q: position %v, want %v", i, st.Text, g, p)
				}
			}
		})
	}
}

type errCase struct {
	name      string
	src       string
	opts      Options
	msg       string // substring of the message
	line, col int
}

func runErrCases(t *testing.T, cases []errCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			got, err := Split(src, 0, len(src), tc.opts)
			if err == nil {
				t.Fatalf("no error; statements %+v", got)
			}
			e := checkError(t, src, err)
			if !strings.Contains(e.Msg, tc.msg) {
				t.Errorf("message %q does not contain %q", e.Msg, tc.msg)
			}
			if e.Line != tc.line || e.Column != tc.col {
				t.Errorf("error at %d:%d, want %d:%d", e.Line, e.Column, tc.line, tc.col)
			}
		})
	}
}

// withOptions sets opts on the cases that set none.
func withOptions(opts Options, cases []splitCase) []splitCase {
	for i := range cases {
		if cases[i].opts == (Options{}) {
			cases[i].opts = opts
		}
	}
	return cases
}

func withErrOptions(opts Options, cases []errCase) []errCase {
	for i := range cases {
		if cases[i].opts == (Options{}) {
			cases[i].opts = opts
		}
	}
	return cases
}
