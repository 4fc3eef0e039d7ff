package mysql

import (
	"sort"
	"strconv"
	"strings"
)

// Rewrites for syntax the servers accept and the TiDB grammar does not. They
// run only after a statement failed to parse, on the token stream of the
// original text, and the rewritten text is parsed once more; if that fails
// too, the original error is reported. Clause offsets and syntax error
// offsets always refer to the original text, so replacements may change
// lengths.
//
// Both dialects (MySQL 8 syntax):
//   - spatial column types (GEOMETRY, POINT, ... GEOMCOLLECTION) become a
//     marker VARBINARY length that the type translation maps back, and
//     SRID n is dropped;
//   - SPATIAL INDEX/KEY becomes a plain index;
//   - column VISIBLE/INVISIBLE attributes are dropped, and ALTER COLUMN c
//     SET [IN]VISIBLE becomes FORCE (no tracked effect);
//   - INSERT ... AS alias ON DUPLICATE KEY UPDATE loses the alias;
//   - SET PERSIST / PERSIST_ONLY become SET GLOBAL (no tracked effect);
//   - BEGIN/COMMIT/ROLLBACK WORK lose WORK.
//
// MariaDB only:
//   - CREATE OR REPLACE TABLE|INDEX|DATABASE... loses OR REPLACE (the
//     CreateTable then replaces the realm's definition);
//   - WAIT n / NOWAIT and ALTER ONLINE are dropped;
//   - IF [NOT] EXISTS inside ALTER TABLE is dropped where TiDB lacks it
//     (DROP FOREIGN KEY, DROP CONSTRAINT, RENAME COLUMN, ADD CONSTRAINT,
//     ALTER TABLE IF EXISTS);
//   - ALGORITHM=NOCOPY reads as INPLACE;
//   - UUID, INET4 and INET6 column types become marker types like spatial
//     ones; COMPRESSED column attributes are dropped;
//   - WITH/WITHOUT SYSTEM VERSIONING is dropped, ADD/DROP SYSTEM
//     VERSIONING becomes FORCE;
//   - RETURNING ... of INSERT/REPLACE/DELETE is dropped.

// markerBase is the VARBINARY length that stands for the first entry of
// markerTypes; no real column declares a VARBINARY this long.
const markerBase = 4000000

var markerTypes = []string{"geometry", "point", "linestring", "polygon", "multipoint",
	"multilinestring", "multipolygon", "geometrycollection", "uuid", "inet4", "inet6"}

var markerAlias = map[string]string{"GEOMCOLLECTION": "geometrycollection"}

// markerType returns the type name a marker length stands for.
func markerType(flen int) (string, bool) {
	i := flen - markerBase - 1
	if i < 0 || i >= len(markerTypes) {
		return "", false
	}
	return markerTypes[i], true
}

type edit struct {
	start, end int
	repl       string
}

// normalize returns the rewritten text, or "" when no rewrite applies.
func normalize(text string, toks []token, mariadb bool) string {
	var edits []edit
	blank := func(from, to int) { edits = append(edits, edit{toks[from].start, toks[to].end, ""}) }
	replace := func(from, to int, s string) { edits = append(edits, edit{toks[from].start, toks[to].end, s}) }
	lead := firstWords(toks, 3)
	first := ""
	if len(lead) > 0 {
		first = lead[0]
	}
	ddl := first == "CREATE" || first == "ALTER"
	for i := 0; i < len(toks); i++ {
		t, next := toks[i], tokAt(toks, i+1)
		if t.kind != tWord {
			continue
		}
		switch {
		case ddl && typePosition(toks, i) && next.up != "(" && isMarkerWord(t.up, mariadb):
			replace(i, i, "VARBINARY("+strconv.Itoa(markerFor(t.up))+")")
		case ddl && t.up == "SRID" && next.kind == tNumber:
			blank(i, i+1)
			i++
		case t.up == "SPATIAL" && (next.is("INDEX") || next.is("KEY")):
			blank(i, i)
		case ddl && (t.up == "VISIBLE" || t.up == "INVISIBLE"):
			if a := alterColumnStart(toks, i); a >= 0 {
				replace(a, i, "FORCE")
			} else if !(tokAt(toks, i-2).is("INDEX") || tokAt(toks, i-2).is("KEY")) {
				blank(i, i)
			}
		case first == "INSERT" && t.up == "AS" && t.depth == 0:
			if j := onDuplicate(toks, i); j > 0 {
				blank(i, j-1)
				i = j - 1
			}
		case first == "SET" && (t.up == "PERSIST" || t.up == "PERSIST_ONLY") && t.depth == 0:
			replace(i, i, "GLOBAL")
		case i == 1 && t.up == "WORK" && (first == "BEGIN" || first == "COMMIT" || first == "ROLLBACK"):
			blank(i, i)
		case mariadb:
			i = mariaRewrite(toks, i, first, blank, replace)
		}
	}
	if len(edits) == 0 {
		return ""
	}
	sort.Slice(edits, func(a, b int) bool { return edits[a].start < edits[b].start })
	var b strings.Builder
	pos := 0
	for _, e := range edits {
		if e.start < pos {
			continue // overlapping rewrites: the first one wins
		}
		b.WriteString(text[pos:e.start])
		b.WriteString(e.repl)
		if e.repl == "" {
			b.WriteByte(' ')
		}
		pos = e.end
	}
	b.WriteString(text[pos:])
	return b.String()
}

// mariaRewrite applies the MariaDB-only rewrites at token i and returns the
// index of the last token it consumed.
func mariaRewrite(toks []token, i int, first string, blank func(int, int), replace func(int, int, string)) int {
	t, next := toks[i], tokAt(toks, i+1)
	alter := first == "ALTER"
	switch {
	case i == 1 && first == "CREATE" && t.up == "OR" && next.is("REPLACE") && !tokAt(toks, i+2).is("VIEW"):
		blank(i, i+1)
		return i + 1
	case t.depth == 0 && t.up == "WAIT" && next.kind == tNumber && isDDL(first):
		blank(i, i+1)
		return i + 1
	case t.depth == 0 && t.up == "NOWAIT" && isDDL(first):
		blank(i, i)
	case i == 1 && alter && t.up == "ONLINE":
		blank(i, i)
	case alter && t.depth == 0 && t.up == "IF" && ifExistsUnsupported(toks, i):
		if next.is("NOT") {
			blank(i, i+2)
			return i + 2
		}
		blank(i, i+1)
		return i + 1
	case alter && t.up == "NOCOPY" && tokAt(toks, i-2).is("ALGORITHM"):
		replace(i, i, "INPLACE")
	case (first == "CREATE" || alter) && t.up == "COMPRESSED" && tokAt(toks, i-1).up != "=":
		if next.up == "=" && i+2 < len(toks) {
			blank(i, i+2)
			return i + 2
		}
		blank(i, i)
	case (t.up == "WITH" || t.up == "WITHOUT") && next.is("SYSTEM") && tokAt(toks, i+2).is("VERSIONING"):
		blank(i, i+2)
		return i + 2
	case alter && (t.up == "ADD" || t.up == "DROP") && next.is("SYSTEM") && tokAt(toks, i+2).is("VERSIONING"):
		replace(i, i+2, "FORCE")
		return i + 2
	case t.depth == 0 && t.up == "RETURNING" && (first == "INSERT" || first == "REPLACE" || first == "DELETE"):
		last := len(toks) - 1
		if toks[last].up == ";" {
			last--
		}
		blank(i, last)
		return len(toks)
	}
	return i
}

// ifExistsUnsupported reports an IF [NOT] EXISTS at token i that MariaDB
// accepts and TiDB does not: after ALTER TABLE, FOREIGN KEY, CONSTRAINT and
// RENAME COLUMN (TiDB has it for columns and indexes otherwise).
func ifExistsUnsupported(toks []token, i int) bool {
	next := tokAt(toks, i+1)
	if !next.is("EXISTS") && !(next.is("NOT") && tokAt(toks, i+2).is("EXISTS")) {
		return false
	}
	prev := tokAt(toks, i-1)
	switch {
	case prev.is("TABLE"), prev.is("CONSTRAINT"):
		return true
	case prev.is("KEY"):
		return tokAt(toks, i-2).is("FOREIGN")
	case prev.is("COLUMN"):
		return tokAt(toks, i-2).is("RENAME")
	}
	return false
}

func isDDL(first string) bool {
	switch first {
	case "ALTER", "CREATE", "DROP", "RENAME", "TRUNCATE", "LOCK", "OPTIMIZE", "ANALYZE":
		return true
	}
	return false
}

func tokAt(toks []token, i int) token {
	if i < 0 || i >= len(toks) {
		return token{kind: tPunct}
	}
	return toks[i]
}

func isMarkerWord(up string, mariadb bool) bool {
	n, ok := markerAlias[up]
	if !ok {
		n = strings.ToLower(up)
	}
	for i, m := range markerTypes {
		if m == n {
			return i < 8 || mariadb // the last three are MariaDB types
		}
	}
	return false
}

func markerFor(up string) int {
	n, ok := markerAlias[up]
	if !ok {
		n = strings.ToLower(up)
	}
	for i, m := range markerTypes {
		if m == n {
			return markerBase + i + 1
		}
	}
	return 0
}

func isIdent(t token) bool { return t.kind == tWord || t.kind == tQuoted }

// typePosition reports whether token i stands where a column definition's
// type does: right after the column name, which follows "(" or "," of a
// table element list, ADD [COLUMN] [IF NOT EXISTS], MODIFY [COLUMN], or the
// old name of CHANGE [COLUMN] old.
func typePosition(toks []token, i int) bool {
	name, before := tokAt(toks, i-1), tokAt(toks, i-2)
	if !isIdent(name) {
		return false
	}
	switch before.up {
	case "(", ",", "ADD", "COLUMN", "MODIFY", "EXISTS":
		return before.kind == tPunct || before.kind == tWord
	}
	if isIdent(before) { // CHANGE [COLUMN] old new <type>
		w := tokAt(toks, i-3)
		return w.is("CHANGE") || w.is("COLUMN") && tokAt(toks, i-4).is("CHANGE") || w.is("EXISTS")
	}
	return false
}

// alterColumnStart returns the index of ALTER in ALTER [COLUMN] c SET
// [IN]VISIBLE ending at token i, or -1.
func alterColumnStart(toks []token, i int) int {
	if !tokAt(toks, i-1).is("SET") || !isIdent(tokAt(toks, i-2)) {
		return -1
	}
	switch {
	case tokAt(toks, i-3).is("ALTER"):
		return i - 3
	case tokAt(toks, i-3).is("COLUMN") && tokAt(toks, i-4).is("ALTER"):
		return i - 4
	}
	return -1
}

// onDuplicate returns the index of ON in "AS alias [(cols)] ON DUPLICATE"
// starting at token i (the AS), or -1.
func onDuplicate(toks []token, i int) int {
	if !isIdent(tokAt(toks, i+1)) {
		return -1
	}
	for j := i + 2; j < len(toks); j++ {
		if toks[j].depth == 0 && toks[j].is("ON") {
			if tokAt(toks, j+1).is("DUPLICATE") {
				return j
			}
			return -1
		}
		if toks[j].depth == 0 && toks[j].kind != tPunct {
			return -1
		}
	}
	return -1
}
