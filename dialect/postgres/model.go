package postgres

import "strings"

// modelStatement reports whether text may change the schema model: one of
// its statements (a goose StatementBegin block can hold several) creates,
// alters or drops a table, index, view, enum type or schema, or is a
// SELECT ... INTO, which creates a table. Everything else — INSERT, UPDATE,
// COMMENT, GRANT, functions, triggers, sequences, DO blocks, whose bodies
// the model cannot see anyway — leaves the model as it is. The scan only
// reads words, with quoting right: a semicolon or a keyword inside a string
// or a function body does not count.
func modelStatement(text string) bool {
	var words []string // the leading words of the current statement
	state := undecided
	for tk, ok := next(text, 0); ok; tk, ok = next(text, tk.end) {
		switch {
		case tk.kind == ';':
			words, state = words[:0], undecided
		case state == querying:
			if tk.kind == 'w' && strings.EqualFold(tk.text(text), "INTO") {
				return true
			}
		case state != undecided:
		case tk.kind == '(' && len(words) == 0:
			state = querying
		case tk.kind != 'w':
			state = unrelated
		default:
			words = append(words, strings.ToUpper(tk.text(text)))
			if state = classify(words); state == shaping {
				return true
			}
		}
	}
	return false
}

type modelState int

const (
	undecided modelState = iota
	shaping              // the statement shapes the model
	querying             // a query: it shapes the model only with INTO
	unrelated            // it leaves the model alone
)

// modelObjects are the objects of CREATE, ALTER and DROP that the model
// holds (materialized views are tables; CREATE TYPE may be an enum).
var modelObjects = map[string]bool{"TABLE": true, "INDEX": true, "VIEW": true, "MATERIALIZED": true, "TYPE": true, "SCHEMA": true}

// createModifiers come between CREATE and its object.
var createModifiers = map[string]bool{"OR": true, "REPLACE": true, "UNIQUE": true, "TEMP": true, "TEMPORARY": true,
	"UNLOGGED": true, "GLOBAL": true, "LOCAL": true, "RECURSIVE": true}

// classify decides a statement from its leading words.
func classify(words []string) modelState {
	switch words[0] {
	case "SELECT", "WITH", "TABLE", "VALUES":
		return querying
	case "CREATE", "ALTER", "DROP":
	default:
		return unrelated
	}
	if len(words) == 1 {
		return undecided
	}
	w := words[len(words)-1]
	switch {
	case modelObjects[w]:
		return shaping
	case words[0] == "CREATE" && createModifiers[w]:
		return undecided
	}
	return unrelated
}
