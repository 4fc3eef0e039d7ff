package split

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzSplit checks the invariants on arbitrary input, for the whole source, for
// the region after its first line (as for a goose section) and for an
// arbitrary cut that may fall inside a character; each also with
// NoClientCommands (text sent to the server as written).
func FuzzSplit(f *testing.F) {
	f.Add([]byte("SELECT 1; SELECT 'a;b';"), false, "", false)
	f.Add([]byte("DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\n"), true, "", false)
	f.Add([]byte("SELECT a,\ndelimiter\nFROM t;\n  delimiter //\n"), true, "", false)
	f.Fuzz(func(t *testing.T, src []byte, mysql bool, delim string, whole bool) {
		opts := Options{Dialect: Postgres, Delimiter: delim, Whole: whole}
		if mysql {
			opts.Dialect = MySQL
		}
		start := 0
		if k := bytes.IndexByte(src, '\n'); k >= 0 {
			start = k + 1
		}
		n := len(src)
		server := opts
		server.NoClientCommands = true
		for k := range 6 {
			r := [][2]int{{0, n}, {start, n}, {n / 3, n - n/4}}[k%3]
			from, to, opts := r[0], r[1], opts
			if k >= 3 {
				opts = server
			}
			got, err := Split(src, from, to, opts)
			if err != nil {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("region [%d:%d]: non-positional error %v", from, to, err)
				}
				if e.Err != nil && (!errors.Is(err, ErrClientCommand) || !opts.NoClientCommands) {
					t.Fatalf("region [%d:%d]: client command error %v with %+v", from, to, err, opts)
				}
				if e.Pos < from || e.Pos >= to {
					t.Fatalf("region [%d:%d]: error outside the region at %d", from, to, e.Pos)
				}
				checkError(t, src, err)
				continue
			}
			checkStatements(t, src, from, to, got)
			if whole && len(got) > 1 {
				t.Fatalf("whole: %d statements", len(got))
			}
		}
	})
}
