package devdb

import "strings"

// isTxControl reports a PostgreSQL statement that starts, ends or steers a
// transaction (BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT,
// SAVEPOINT, RELEASE, PREPARE TRANSACTION, COMMIT/ROLLBACK PREPARED): it
// runs bare, never wrapped, so it acts on the transaction as it does in
// production. At the top level of a PostgreSQL statement these words mean
// nothing else (function bodies start with CREATE or DO).
func isTxControl(text string) bool {
	first, rest := firstWord(text)
	switch first {
	case "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE":
		return true
	case "PREPARE":
		second, _ := firstWord(rest)
		return second == "TRANSACTION"
	}
	return false
}

// firstWord returns the statement's first word in upper case and the text
// after it. Statements have no leading comments (the splitter strips them).
func firstWord(text string) (string, string) {
	text = strings.TrimLeft(text, " \t\r\n\f")
	end := 0
	for end < len(text) && (text[end] >= 'a' && text[end] <= 'z' || text[end] >= 'A' && text[end] <= 'Z' || text[end] == '_') {
		end++
	}
	return strings.ToUpper(text[:end]), text[end:]
}
