package apply

import (
	"slices"

	"github.com/schemaguard/schemaguard/migrate"
)

// controlsTransaction reports whether a statement opens or ends a transaction
// (BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT): a file holding one
// manages its own transactions, and schemaguard must not wrap it in another.
// BEGIN ATOMIC (a PostgreSQL function body) and MariaDB's BEGIN NOT ATOMIC
// compound statement are not transaction control.
func controlsTransaction(text string) bool {
	w := migrate.LeadingWords(text, 2)
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
	w := migrate.LeadingWords(text, 6)
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
