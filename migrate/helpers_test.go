package migrate

import (
	"bytes"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/schemaguard/schemaguard/migrate/split"
)

// openTD opens testdata/<dir> with an explicit format ("" = auto).
func openTD(t *testing.T, dir, format string, dialect split.Dialect) *Dir {
	t.Helper()
	d, err := Open(filepath.Join("testdata", dir), Options{Format: format, Dialect: dialect})
	if err != nil {
		t.Fatalf("Open(%s, %q): %v", dir, format, err)
	}
	return d
}

// openErr opens a directory that must fail and returns the *Error.
func openErr(t *testing.T, dir, format string) *Error {
	t.Helper()
	return openErrDialect(t, dir, format, "")
}

// openErrDialect is openErr with a dialect ("" = postgres).
func openErrDialect(t *testing.T, dir, format string, dialect split.Dialect) *Error {
	t.Helper()
	_, err := Open(filepath.Join("testdata", dir), Options{Format: format, Dialect: dialect})
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Open(%s, %q): want *Error, got %T %v", dir, format, err, err)
	}
	return e
}

func fileNames(d *Dir) []string {
	var out []string
	for _, f := range d.Files {
		out = append(out, f.Name)
	}
	return out
}

func fileVersions(d *Dir) []string {
	var out []string
	for _, f := range d.Files {
		out = append(out, f.Version)
	}
	return out
}

func file(t *testing.T, d *Dir, name string) *File {
	t.Helper()
	for _, f := range d.Files {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no file %s in %v", name, fileNames(d))
	return nil
}

func texts(f *File) []string {
	var out []string
	for _, s := range f.Statements {
		out = append(out, s.Text)
	}
	return out
}

// directiveStrings renders directives as "name arg arg@line:col".
func directiveStrings(ds []Directive) []string {
	var out []string
	for _, d := range ds {
		out = append(out, strings.Join(append([]string{d.Name}, d.Args...), " ")+"@"+strconv.Itoa(d.Line)+":"+strconv.Itoa(d.Column))
	}
	return out
}

func eq(t *testing.T, what string, got, want any) {
	t.Helper()
	if !equal(got, want) {
		t.Errorf("%s:\n got  %#v\n want %#v", what, got, want)
	}
}

func equal(a, b any) bool {
	switch x := a.(type) {
	case []string:
		y, ok := b.([]string)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
		return true
	default:
		return a == b
	}
}

// locate computes the 1-based line and code-point column of byte offset pos
// independently of the package: lines end at "\n" (a "\r" before it belongs
// to the line), and a leading UTF-8 BOM is not a column.
func locate(raw []byte, pos int) (line, col int) {
	line = 1 + bytes.Count(raw[:pos], []byte("\n"))
	ls := bytes.LastIndexByte(raw[:pos], '\n') + 1
	seg := raw[ls:pos]
	if ls == 0 {
		seg = bytes.TrimPrefix(seg, []byte("\xef\xbb\xbf"))
	}
	return line, 1 + utf8.RuneCount(seg)
}

// checkPositions asserts that every statement's text is exactly its byte
// range of the original file and that Line/Column and EndLine/EndColumn point
// at its first and last character.
func checkPositions(t *testing.T, where string, f *File) {
	t.Helper()
	for i, s := range f.Statements {
		if s.Pos < 0 || s.End > len(f.Raw) || s.Pos >= s.End {
			t.Errorf("%s %s #%d: bad range [%d:%d]", where, f.Name, i, s.Pos, s.End)
			continue
		}
		if got := string(f.Raw[s.Pos:s.End]); got != s.Text {
			t.Errorf("%s %s #%d: Raw[Pos:End] = %q, Text = %q", where, f.Name, i, got, s.Text)
		}
		if l, c := locate(f.Raw, s.Pos); l != s.Line || c != s.Column {
			t.Errorf("%s %s #%d: start at %d:%d, statement says %d:%d", where, f.Name, i, l, c, s.Line, s.Column)
		}
		_, size := utf8.DecodeLastRune(f.Raw[:s.End])
		if l, c := locate(f.Raw, s.End-size); l != s.EndLine || c != s.EndColumn {
			t.Errorf("%s %s #%d: end at %d:%d, statement says %d:%d", where, f.Name, i, l, c, s.EndLine, s.EndColumn)
		}
		if s.Unit < 0 || s.Unit >= len(f.Units) {
			t.Errorf("%s %s #%d: unit %d out of %d", where, f.Name, i, s.Unit, len(f.Units))
		}
	}
}
