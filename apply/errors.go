package apply

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/schemaguard/schemaguard/migrate"
)

// Categories of errors that mean "the migrations, not the tool, stopped the
// run" (exit status 1). Every other error is the tool unable to do its job.
var (
	ErrFailed     = errors.New("a migration failed")
	ErrEdited     = errors.New("an applied migration was edited")
	ErrOutOfOrder = errors.New("a pending migration sorts before applied ones")
)

// MigrationError is a statement the server refused.
type MigrationError struct {
	Path         string // the file, as --dir names it
	Changeset    string // Liquibase changeset, "" for files
	Line, Column int    // where the server located the error, else the statement's start
	Err          error  // the server's error, with its code
	// Applied statements of Total are applied and recorded; RolledBack says
	// the failing statement's transaction took earlier statements with it.
	Applied, Total int
	RolledBack     bool
}

func (e *MigrationError) Unwrap() []error { return []error{ErrFailed, e.Err} }

func (e *MigrationError) Error() string {
	where := fmt.Sprintf("%s:%d:%d", e.Path, e.Line, e.Column)
	if e.Changeset != "" {
		where += " (changeset " + e.Changeset + ")"
	}
	var state string
	switch {
	case e.Applied == 0 && e.RolledBack:
		state = "its transaction was rolled back, nothing of it is applied"
	case e.Applied == 0:
		state = "none of its statements is applied"
	default:
		state = fmt.Sprintf("statements 1-%d of %d are applied and recorded; run apply again once it is fixed to resume at statement %d",
			e.Applied, e.Total, e.Applied+1)
	}
	return fmt.Sprintf("apply %s: %v; %s", where, e.Err, state)
}

// failure builds the error for statement st of m, locating the server's
// error inside the statement when the server says where.
func failure(m *migration, st migrate.Statement, err error, applied int, rolledBack bool) *MigrationError {
	line, col := st.Line, st.Column
	if l, c, ok := serverPosition(st.Text, err); ok {
		if l == 1 {
			c += col - 1
		}
		line, col = st.Line+l-1, c
	}
	return &MigrationError{Path: m.path, Changeset: m.changeset, Line: line, Column: col, Err: err,
		Applied: applied, Total: len(m.stmts), RolledBack: rolledBack}
}

// mysqlNearLine is the "at line N" of MySQL's syntax errors (1064), counted
// from the statement's first line.
var mysqlNearLine = regexp.MustCompile(`at line (\d+)$`)

// serverPosition is the 1-based line and column, inside the statement, that
// the server's error points at.
func serverPosition(text string, err error) (line, col int, ok bool) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Position > 0 {
		// Position counts characters from 1.
		n := int(pe.Position) - 1
		i := 0
		for k := 0; k < n && i < len(text); k++ {
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
		}
		before := text[:i]
		line = strings.Count(before, "\n") + 1
		col = utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
		return line, col, true
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) && me.Number == 1064 {
		if m := mysqlNearLine.FindStringSubmatch(me.Message); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n, 1, n > 0
		}
	}
	return 0, 0, false
}

// refusesTransaction reports whether the server refused a statement only
// because it ran inside a transaction block: it did nothing, and runs as is.
func refusesTransaction(err error) bool {
	var pe *pgconn.PgError
	var me *mysql.MySQLError
	switch {
	case errors.As(err, &pe):
		// 25001 active_sql_transaction (CREATE INDEX CONCURRENTLY, VACUUM…),
		// 2D000 invalid_transaction_termination (COMMIT inside a procedure).
		return pe.Code == "25001" || pe.Code == "2D000"
	case errors.As(err, &me):
		return me.Number == 1568 // transaction characteristics can't be changed in a transaction
	}
	return false
}
