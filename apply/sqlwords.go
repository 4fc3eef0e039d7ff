package apply

import (
	"slices"
	"strings"
)

// leadingWords returns up to n upper-cased words at the start of a
// statement, skipping comments, and stopping at the first other character.
func leadingWords(text string, n int) []string {
	var words []string
	for i := 0; i < len(text) && len(words) < n; {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case strings.HasPrefix(text[i:], "--"):
			end := strings.IndexByte(text[i:], '\n')
			if end < 0 {
				return words
			}
			i += end
		case strings.HasPrefix(text[i:], "/*"):
			end := strings.Index(text[i+2:], "*/")
			if end < 0 {
				return words
			}
			i += end + 4
		case isWordByte(c):
			j := i
			for j < len(text) && isWordByte(text[j]) {
				j++
			}
			words = append(words, strings.ToUpper(text[i:j]))
			i = j
		default:
			return words
		}
	}
	return words
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// controlsTransaction reports whether a statement opens or ends a transaction
// (BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT): a file holding one
// manages its own transactions, and schemaguard must not wrap it in another.
// BEGIN ATOMIC (a PostgreSQL function body) and MariaDB's BEGIN NOT ATOMIC
// compound statement are not transaction control.
func controlsTransaction(text string) bool {
	w := leadingWords(text, 2)
	if len(w) == 0 {
		return false
	}
	switch w[0] {
	case "BEGIN":
		return len(w) == 1 || w[1] != "ATOMIC" && w[1] != "NOT"
	case "START":
		return len(w) == 2 && w[1] == "TRANSACTION"
	case "COMMIT", "END", "ROLLBACK", "ABORT":
		return true
	}
	return false
}

// outsideTransaction reports the PostgreSQL statements that refuse to run in
// a transaction block, so they are sent as they are rather than tried in one
// first (which would leave an ERROR in the server log for every such
// statement). Anything missed here is caught by the server's own refusal
// (refusesTransaction) and re-sent without the block.
func outsideTransaction(text string) bool {
	w := leadingWords(text, 6)
	if len(w) < 2 {
		return len(w) == 1 && w[0] == "VACUUM"
	}
	switch w[0] {
	case "VACUUM", "CALL":
		return true
	case "CREATE", "DROP":
		if slices.Contains([]string{"DATABASE", "TABLESPACE", "SUBSCRIPTION"}, w[1]) {
			return true
		}
		return slices.Contains(w, "INDEX") && slices.Contains(w, "CONCURRENTLY")
	case "REINDEX":
		return slices.Contains(w, "CONCURRENTLY") || slices.Contains([]string{"SCHEMA", "DATABASE", "SYSTEM"}, w[1])
	case "ALTER":
		return w[1] == "SYSTEM" || w[1] == "SUBSCRIPTION"
	case "DISCARD":
		return w[1] == "ALL"
	}
	return false
}
