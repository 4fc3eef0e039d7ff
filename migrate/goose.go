package migrate

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/schemaguard/schemaguard/migrate/split"
)

// readGoose reads a goose directory: top-level *.sql and *.go (not _test.go),
// version = the text before the first "_" as an int64 >= 1, numeric order.
// A .sql name goose cannot parse is an error, as in the goose CLI (its
// legacy collector refuses the directory); an unparsable .go name is an
// ordinary Go file of the package and is skipped. Duplicate versions are an
// error, as in goose.
func readGoose(r *reader) ([]*File, error) {
	type cand struct {
		v    int64
		name string
	}
	var cands []cand
	seen := map[int64]string{}
	for _, name := range r.top() {
		ext := path.Ext(name)
		if ext != ".sql" && ext != ".go" || strings.HasSuffix(name, "_test.go") {
			continue
		}
		v, err := gooseVersion(name)
		if err != nil {
			if ext == ".go" {
				continue
			}
			return nil, &Error{File: name, Msg: "goose cannot read this migration file name: " + err.Error()}
		}
		if prev, dup := seen[v]; dup {
			return nil, &Error{File: name, Msg: fmt.Sprintf("duplicate goose version %d, also in %s", v, prev)}
		}
		seen[v] = name
		cands = append(cands, cand{v, name})
	}
	slices.SortFunc(cands, func(a, b cand) int { return cmp.Compare(a.v, b.v) })
	return eachFile(len(cands), func(i int) (*File, error) {
		c := cands[i]
		s, f, err := r.load(c.name)
		if err != nil {
			return nil, err
		}
		f.Version = strconv.FormatInt(c.v, 10)
		_, f.Description, _ = strings.Cut(strings.TrimSuffix(c.name, path.Ext(c.name)), "_")
		if path.Ext(c.name) == ".go" {
			gooseGoFile(f)
			return f, nil
		}
		return f, r.parse(s, f, parseGoose)
	})
}

// gooseVersion mirrors goose's NumericComponent.
func gooseVersion(name string) (int64, error) {
	i := strings.IndexByte(name, '_')
	if i < 0 {
		return 0, errors.New(`no "_" separating the version`)
	}
	v, err := strconv.ParseInt(name[:i], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("version %q is not an integer", name[:i])
	}
	if v < 1 {
		return 0, errors.New("version must be greater than zero")
	}
	return v, nil
}

// gooseGoFile keeps a Go migration in its place in the order: its version is
// real and later SQL may depend on it, but its effect is code, not SQL. The
// transaction mode comes from the registration call when it is visible.
func gooseGoFile(f *File) {
	f.Kind = KindGo
	mode := TxFile
	if bytes.Contains(f.Raw, []byte("NoTx")) { // AddMigrationNoTx(Context), AddNamedMigrationNoTx...
		mode = TxNone
	}
	f.TxMode, f.Units = mode, []Unit{{TxMode: mode, Line: 1}}
	f.NotReplayable = "goose Go migration " + f.Name + ": its effect cannot be replayed from SQL; " +
		"files after it that depend on it will fail to replay"
}

// isGooseAnnotation is goose's test for an annotation line: trimmed, it
// starts with "--" and it contains "+goose" anywhere.
func isGooseAnnotation(line string) bool {
	return strings.HasPrefix(strings.TrimSpace(line), "--") && strings.Contains(line, "+goose")
}

var gooseCommands = []string{"Up", "Down", "StatementBegin", "StatementEnd", "NO TRANSACTION", "ENVSUB ON", "ENVSUB OFF"}

// gooseAnnotation extracts the command as goose does: no indentation, every
// "--" removed, one "+goose" removed (a second one is an error), the rest
// matched case-insensitively with its inner spacing. Anything else is an
// error, so a prose comment mentioning +goose breaks the file in goose too.
func gooseAnnotation(line string) (string, error) {
	if strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t") {
		return "", errors.New("goose annotation must start at the beginning of the line")
	}
	cmd := strings.Replace(strings.ReplaceAll(line, "--", ""), "+goose", "", 1)
	if strings.Contains(cmd, "+goose") {
		return "", errors.New("more than one +goose annotation on a line")
	}
	cmd = strings.TrimSpace(cmd)
	for _, c := range gooseCommands {
		if strings.EqualFold(cmd, c) {
			return c, nil
		}
	}
	return "", fmt.Errorf("unknown goose annotation %q: want one of %s", cmd, strings.Join(gooseCommands, ", "))
}

// parseGoose finds the up path (between Up and Down) and splits it. Text
// outside StatementBegin/StatementEnd blocks and each block are split as
// separate regions with the dialect splitter, so a block's function body
// stays whole and every statement keeps its position. The checks are goose's
// own parse errors, in both sections (goose parses both directions before it
// runs either); the missing-semicolon one follows goose's line rule (a
// statement ends on a line whose last word before any "--" word ends in ";").
// Outside blocks that rule also decides where goose cuts, so a statement our
// splitter keeps whole (a function body with ";" inside) that goose would cut
// is an error: goose would send its pieces, and the server fails on them.
func parseGoose(s *source, f *File) error {
	const (
		start = iota
		up
		upBlock
		down
		downBlock
	)
	type region struct {
		start, end int
		block      bool
	}
	var regions []region
	var cuts []int // up lines outside blocks where goose ends a statement
	state, upLine, blockLine, pending := start, -1, -1, -1
	segStart, noTx := 0, false
	for i := 0; i < s.lines(); i++ {
		t := s.text(i)
		if !isGooseAnnotation(t) {
			tr := strings.TrimSpace(t)
			switch {
			case state == start && tr != "" && !strings.HasPrefix(tr, "--"):
				return s.errAt(i, 0, "SQL before the -- +goose Up annotation (goose allows only comments and blank lines there)")
			case state != up && state != down || pending < 0 && (tr == "" || strings.HasPrefix(tr, "--")):
			case endsWithSemicolon(t):
				pending = -1
				if state == up {
					cuts = append(cuts, i)
				}
			case pending < 0:
				pending = i
			}
			continue
		}
		cmd, err := gooseAnnotation(t)
		if err != nil {
			return s.errAt(i, 1, "%v", err)
		}
		switch cmd {
		case "Up":
			if state != start {
				return s.errAt(i, 1, "duplicate -- +goose Up annotation")
			}
			state, upLine, segStart = up, i, s.nextStart(i)
		case "Down":
			if state != up {
				return s.errAt(i, 1, "-- +goose Down must follow -- +goose Up, outside StatementBegin blocks, once")
			}
			if pending >= 0 {
				return s.errAt(pending, 0, "unfinished SQL statement before -- +goose Down: missing semicolon?")
			}
			regions = append(regions, region{segStart, s.lineStart(i), false})
			state = down
			s.barrier[i] = true
		case "StatementBegin":
			switch state {
			case up:
				regions = append(regions, region{segStart, s.lineStart(i), false})
				state, blockLine, segStart = upBlock, i, s.nextStart(i)
			case down:
				state, blockLine = downBlock, i
			default:
				return s.errAt(i, 1, "-- +goose StatementBegin must follow -- +goose Up or Down, outside another block")
			}
		case "StatementEnd":
			switch state {
			case upBlock:
				regions = append(regions, region{segStart, s.lineStart(i), true})
				state, segStart, pending = up, s.nextStart(i), -1
				s.barrier[i] = true
			case downBlock:
				// goose sends the block (with any unfinished text before it).
				state, pending = down, -1
			default:
				return s.errAt(i, 1, "-- +goose StatementEnd without -- +goose StatementBegin")
			}
		case "NO TRANSACTION":
			noTx = true // anywhere in the file, for the whole file
		}
	}
	switch state {
	case start:
		return s.errAt(0, 0, "no -- +goose Up annotation (goose refuses the file)")
	case upBlock, downBlock:
		return s.errAt(blockLine, 1, "-- +goose StatementBegin without -- +goose StatementEnd")
	case up:
		if pending >= 0 {
			return s.errAt(pending, 0, "unfinished SQL statement at end of file: missing semicolon?")
		}
		regions = append(regions, region{segStart, len(s.raw), false})
	case down:
		if pending >= 0 {
			return s.errAt(pending, 0, "unfinished SQL statement at end of file, in the -- +goose Down section: missing semicolon? "+
				"(goose parses both sections and refuses the file)")
		}
	}
	mode := TxFile
	if noTx {
		mode = TxNone
	}
	f.TxMode, f.Units = mode, []Unit{{TxMode: mode, Line: upLine + 1}}
	for _, rg := range regions {
		// goose sends each statement to the server as written: no DELIMITER.
		sts, err := s.split(rg.start, rg.end, split.Options{NoClientCommands: true}, 0, upLine+1)
		if err != nil {
			return err
		}
		if !rg.block {
			if err := gooseCutInside(s, sts, cuts); err != nil {
				return err
			}
		}
		f.Statements = append(f.Statements, sts...)
	}
	return s.finish(f, FormatGoose)
}

// gooseCutInside reports the first line, among goose's cut lines (0-based,
// ascending), that falls inside one of sts before its last line: goose ends
// a statement there and sends the rest as another one. Where goose's cuts
// and the dialect splitter's ends agree, as in ordinary files, it is nil.
func gooseCutInside(s *source, sts []Statement, cuts []int) error {
	for _, st := range sts {
		k, _ := slices.BinarySearch(cuts, st.Line-1)
		if k < len(cuts) && cuts[k] < st.EndLine-1 {
			return s.errAt(cuts[k], 0, "goose ends a statement at this line (it ends in ';') in the middle of %s starting at line %d: "+
				"wrap the statement in -- +goose StatementBegin / -- +goose StatementEnd", statementHead(st.Text), st.Line)
		}
	}
	return nil
}

// headKinds are the object words that close a statement's head in messages.
var headKinds = []string{"FUNCTION", "PROCEDURE", "TRIGGER", "EVENT", "TABLE", "VIEW", "INDEX", "TYPE", "RULE", "AGGREGATE"}

// statementHead names a statement by its first words, up to its object kind
// when one comes early ("CREATE OR REPLACE FUNCTION ..."), else the first
// two ("DO $$ ...", "INSERT INTO ...").
func statementHead(text string) string {
	line, _, _ := strings.Cut(text, "\n")
	words := strings.Fields(line)
	n := min(2, len(words))
	for i, w := range words[:min(6, len(words))] {
		if slices.ContainsFunc(headKinds, func(k string) bool { return strings.EqualFold(w, k) }) {
			n = i + 1
			break
		}
	}
	return strings.Join(words[:n], " ") + " ..."
}

// endsWithSemicolon is goose's statement-end test for a line outside blocks.
func endsWithSemicolon(line string) bool {
	last := ""
	for _, w := range strings.Fields(line) {
		if strings.HasPrefix(w, "--") {
			break
		}
		last = w
	}
	return strings.HasSuffix(last, ";")
}
