package pglock

import (
	"regexp"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules/internal/observe"
	"github.com/schemaguard/schemaguard/schema"
)

// MissingLockTimeout is PG307.
var MissingLockTimeout = &lint.Analyzer{
	Code:     "PG307",
	Name:     "missing-lock-timeout",
	Severity: lint.Warning,
	Summary:  "once per file, the first statement that takes ACCESS EXCLUSIVE on an existing table or materialized view without a lock_timeout set earlier in the file",
	Doc:      doc("PG307"),
	Dialects: postgresOnly,
	Run:      runMissingLockTimeout,
}

func runMissingLockTimeout(p *lint.Pass) {
	lock, ok := accessExclusive(p)
	// What the dev database showed decides: the lock the statement really
	// took on a table that existed before the file.
	if q, found, known := observe.Exclusive(p); known {
		if !found {
			return
		}
		if !ok {
			lock = exclusiveLock{rel: relKind(p, q) + " " + quoteName(q)}
		}
		ok = true
	}
	if !ok {
		return
	}
	covered, note := lockTimeoutInForce(p)
	if covered || !p.Once("lock") {
		return
	}
	// The SET goes right before the statement; not where comment directives
	// sit directly above it, which it would detach from the statement.
	replacement := ""
	if len(p.Stmt().Stmt.Directives) == 0 {
		replacement = lockTimeoutSet(p) + "\n" + p.Stmt().Stmt.Text
	}
	p.ReportReplacing(lock.at, lockTimeoutFix(p), replacement,
		"Statement takes an ACCESS EXCLUSIVE lock on %s with no lock_timeout set%s; while it waits for the lock, every later query on %s queues behind it",
		lock.rel, note, lock.rel)
}

// lockTimeoutInForce replays the file's earlier SET/RESET of lock_timeout
// (postgres-locking.md §4): a plain SET lasts for the session, SET LOCAL
// only until its transaction ends, and outside a transaction it does
// nothing. A zero or default value disables the timeout. note explains a
// timeout that was set but does not apply here.
func lockTimeoutInForce(p *lint.Pass) (bool, string) {
	cur := p.Stmt()
	session := false
	local := map[int]bool{} // Tx → value set by SET LOCAL in it
	note := ""
	for _, s := range p.Prior() {
		if s.Parsed == nil {
			continue
		}
		for _, c := range s.Parsed.Changes {
			sc, ok := c.(*schema.SetConfig)
			if !ok || !lockTimeoutSetting(sc.Name) {
				continue
			}
			on := !strings.EqualFold(sc.Name, "all") && enabled(sc.Value)
			switch {
			case !sc.Local:
				session = on
				delete(local, s.Tx) // SET overrides an earlier SET LOCAL of the transaction
			case s.Tx != 0:
				local[s.Tx] = on
			}
			if sc.Local && on && (s.Tx == 0 || s.Tx != cur.Tx) {
				note = " (the earlier SET LOCAL lock_timeout does not reach this statement: it only lasts for its own transaction)"
				if s.Tx == 0 {
					note = " (the earlier SET LOCAL lock_timeout ran outside a transaction, where it does nothing)"
				}
			}
		}
	}
	if v, ok := local[cur.Tx]; ok && cur.Tx != 0 {
		return v, note
	}
	if session {
		return true, ""
	}
	return false, note
}

func lockTimeoutSetting(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	return n == "lock_timeout" || n == "all"
}

var zeroValue = regexp.MustCompile(`^0+(\.0*)?\s*(us|ms|s|min|h|d)?$`)

// enabled reports whether a lock_timeout value sets a timeout: not 0 (in any
// unit), DEFAULT or empty (RESET).
func enabled(v string) bool {
	v = strings.ToLower(strings.Trim(strings.TrimSpace(v), `'"`))
	v = strings.TrimSpace(v)
	return v != "" && v != "default" && !zeroValue.MatchString(v)
}

func lockTimeoutFix(p *lint.Pass) string {
	if p.Stmt().InTx {
		return "Start the file with a short lock timeout for its transaction, and retry the migration if it times out:\n" + lockTimeoutSet(p)
	}
	return "Start the file with a short lock timeout, and retry the migration if it times out:\n" + lockTimeoutSet(p)
}

// lockTimeoutSet is the SET that bounds the lock wait where the statement
// runs: for its transaction, or for the session outside one.
func lockTimeoutSet(p *lint.Pass) string {
	if p.Stmt().InTx {
		return "SET LOCAL lock_timeout = '5s';"
	}
	return "SET lock_timeout = '5s';"
}
