package split

// Block bodies: a routine body holds ";" that must not end the statement.
//
// Rather than parse SQL, the tracker looks at the words at parenthesis depth 0
// of a statement. It is only armed for statements that start with CREATE and
// whose first object-type word is a routine (PostgreSQL FUNCTION/PROCEDURE;
// MySQL PROCEDURE/FUNCTION/TRIGGER/EVENT), or, in MySQL, that start with
// MariaDB's BEGIN NOT ATOMIC. Every other statement, including BEGIN; and CASE
// expressions in queries, is never looked at again after its first words, so
// ordinary statements cost nothing and cannot be mis-merged.
//
// Known limits, all outside what migration files normally hold:
//   - "begin" or "end" as an unquoted identifier at depth 0 inside a MySQL
//     body (SELECT end FROM t; qualified NEW.end is fine) is taken for the
//     keyword;
//   - a MySQL IF/CASE/LOOP/WHILE/REPEAT used directly as a handler action,
//     or as a body right after a header ending in anything but ")", ROW, DO,
//     a string or a routine characteristic, is not seen as opening a block
//     (the statement is then cut at its first ";", never merged with others);
//   - a body whose END is missing runs to the end of the region, as it would
//     for the server's parser;
//   - keywords inside MySQL /*! ... */ comments are not looked at (mysqldump
//     wraps routines that way only together with DELIMITER ;;).

type kw uint8

const (
	kwNone kw = iota
	kwCreate
	kwObject // an object type that is not a routine: TABLE, VIEW, INDEX...
	kwProcedure
	kwFunction
	kwTrigger
	kwEvent
	kwBegin
	kwNot
	kwAtomic
	kwEnd
	kwIf
	kwCase
	kwLoop
	kwWhile
	kwRepeat
	kwThen
	kwElse
	kwDo
	kwRow
	kwCharacteristic // a routine characteristic that may directly precede the body
	// Punctuation and literals, kept in the same space as words so that "the
	// previous token" is one value.
	pSemi
	pColon
	pRParen
	pDot
	pString
	pOther
)

func classify(w []byte) kw {
	var buf [16]byte
	if len(w) < 2 || len(w) > len(buf) {
		return kwNone
	}
	for i, c := range w {
		buf[i] = lower(c)
	}
	// A string switch compiles to a length-then-value binary search: no
	// hashing, no allocation.
	switch string(buf[:len(w)]) {
	case "create":
		return kwCreate
	case "procedure":
		return kwProcedure
	case "function":
		return kwFunction
	case "trigger":
		return kwTrigger
	case "event":
		return kwEvent
	case "begin":
		return kwBegin
	case "not":
		return kwNot
	case "atomic":
		return kwAtomic
	case "end":
		return kwEnd
	case "if":
		return kwIf
	case "case":
		return kwCase
	case "loop":
		return kwLoop
	case "while":
		return kwWhile
	case "repeat":
		return kwRepeat
	case "then":
		return kwThen
	case "else":
		return kwElse
	case "do":
		return kwDo
	case "row":
		return kwRow
	case "deterministic", "sql", "data", "invoker", "definer":
		return kwCharacteristic
	case "table", "view", "index", "sequence", "schema", "database", "type",
		"domain", "extension", "role", "user", "materialized", "policy", "rule",
		"server", "tablespace", "operator", "package", "cast", "collation",
		"publication", "subscription", "statistics", "conversion", "language":
		return kwObject
	}
	return kwNone
}

// The header may hold modifiers (OR REPLACE, DEFINER = x, ALGORITHM = y, SQL
// SECURITY ...) before the object type; past this many words, give up.
const maxHeaderWords = 16

type blockState uint8

const (
	stOff     blockState = iota // not a routine: ";" at depth 0 ends the statement
	stFirst                     // waiting for the statement's first token
	stHeader                    // CREATE seen, waiting for the object type
	stAnon                      // MySQL: BEGIN as first word, maybe BEGIN NOT ATOMIC
	stRoutine                   // inside a routine statement: track the body
)

// Stack entries: 'B' BEGIN, 'I' IF, 'C' CASE statement, 'L' LOOP/WHILE/REPEAT,
// 'e' CASE expression (closed by a bare END, and its THEN/ELSE are followed by
// expressions, not statements).
type block struct {
	pg        bool
	state     blockState
	words     int
	stack     []byte
	prev      kw
	pendEnd   bool // MySQL: END seen, the next word may be IF/CASE/LOOP...
	pendBegin bool // PostgreSQL: BEGIN seen, a body only if ATOMIC follows
}

func (b *block) reset(on bool) {
	*b = block{pg: b.pg, stack: b.stack[:0], state: stOff}
	if on {
		b.state = stFirst
	}
}

func (b *block) push(k byte) { b.stack = append(b.stack, k) }

func (b *block) pop() {
	if n := len(b.stack); n > 0 {
		b.stack = b.stack[:n-1]
	}
}

func (b *block) top() byte {
	if n := len(b.stack); n > 0 {
		return b.stack[n-1]
	}
	return 0
}

// word feeds an unquoted word at parenthesis depth depth.
func (b *block) word(w []byte, depth int) {
	switch b.state {
	case stFirst:
		b.state = stOff
		switch classify(w) {
		case kwCreate:
			b.state = stHeader
		case kwBegin:
			if !b.pg {
				b.state = stAnon
			}
		}
	case stHeader:
		if depth > 0 {
			return
		}
		b.words++
		switch classify(w) {
		case kwProcedure, kwFunction:
			b.state = stRoutine
		case kwTrigger, kwEvent:
			// PostgreSQL triggers and event triggers call functions; no body.
			b.state = stOff
			if !b.pg {
				b.state = stRoutine
			}
		case kwObject:
			b.state = stOff
		default:
			if b.words > maxHeaderWords {
				b.state = stOff
			}
		}
	case stAnon:
		k := classify(w)
		switch {
		case b.words == 0 && k == kwNot:
			b.words++
		case b.words == 1 && k == kwAtomic:
			b.state = stRoutine
			b.push('B')
			b.prev = kwBegin
		default:
			b.state = stOff
		}
	case stRoutine:
		if depth > 0 {
			return
		}
		k := classify(w)
		if b.prev == pDot {
			k = kwNone // NEW.begin, t.end: a column, whatever its name
		}
		if b.pg {
			b.pgWord(k)
		} else {
			b.myWord(k)
		}
	}
}

// punct feeds any other token: punctuation, literals, quoted identifiers.
func (b *block) punct(p kw, depth int) {
	switch b.state {
	case stFirst, stAnon:
		b.state = stOff
	case stRoutine:
		if depth > 0 {
			return
		}
		if b.pendEnd {
			b.pendEnd = false
			b.pop()
		}
		b.pendBegin = false
		b.prev = p
	}
}

// endsAtSemicolon is asked about a ";" at depth 0.
func (b *block) endsAtSemicolon() bool {
	if b.state != stRoutine {
		return true
	}
	b.punct(pSemi, 0)
	return len(b.stack) == 0
}

// pgWord: SQL-standard bodies, BEGIN ATOMIC ... END. They hold plain SQL
// statements only, so the one other END to match is that of CASE expressions.
func (b *block) pgWord(k kw) {
	if b.pendBegin {
		b.pendBegin = false
		if k == kwAtomic {
			b.push('B')
			return
		}
	}
	b.prev = k
	switch k {
	case kwBegin:
		if len(b.stack) == 0 {
			b.pendBegin = true
		}
	case kwCase:
		if len(b.stack) > 0 {
			b.push('e')
		}
	case kwEnd:
		b.pop()
	}
}

// myWord: MySQL/MariaDB compound statements. BEGIN always opens a block (in a
// stored program BEGIN never starts a transaction); IF, CASE, LOOP, WHILE and
// REPEAT open one only where a statement may start, which tells the IF
// statement from the IF() function, REPEAT() and CASE expressions.
func (b *block) myWord(k kw) {
	if b.pendEnd {
		b.pendEnd = false
		b.pop()
		switch k {
		case kwIf, kwCase, kwLoop, kwWhile, kwRepeat:
			b.prev = kwNone // END IF etc.: the word belongs to the END
			return
		}
	}
	switch k {
	case kwBegin:
		b.push('B')
	case kwIf:
		if b.atStmtStart() {
			b.push('I')
		}
	case kwLoop, kwWhile, kwRepeat:
		if !b.atStmtStart() {
			k = kwNone // REPEAT('x', 3)
			break
		}
		b.push('L')
	case kwCase:
		if b.atStmtStart() {
			b.push('C')
		} else {
			b.push('e')
		}
	case kwEnd:
		b.pendEnd = len(b.stack) > 0
	}
	b.prev = k
}

// atStmtStart reports whether the next word begins a statement of a body,
// judged from the previous token.
func (b *block) atStmtStart() bool {
	switch b.prev {
	case pSemi, pColon, kwBegin, kwDo, kwLoop, kwRepeat:
		// pColon: a label, "lbl: LOOP". kwDo: WHILE ... DO, or an event's DO.
		return true
	case kwThen, kwElse:
		return b.top() != 'e'
	case kwRow, pRParen, pString, kwCharacteristic:
		// Where a header may end and a body without BEGIN start: "FOR EACH
		// ROW IF ...", "p() IF ...", "COMMENT 'x' CASE ...", "DETERMINISTIC IF".
		return len(b.stack) == 0
	}
	return false
}
