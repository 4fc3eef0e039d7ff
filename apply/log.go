package apply

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/schemaguard/schemaguard/internal/dburl"
)

// logger writes the deploy log: one line per migration, with its duration,
// and totals at the end. Every line is masked, so the URL's password never
// reaches a log even when a server message quotes it.
type logger struct {
	w        io.Writer
	width    int
	password string
}

func newLogger(w io.Writer, ms []*migration, password string) *logger {
	if w == nil {
		w = io.Discard
	}
	l := &logger{w: w, password: password}
	for _, m := range ms {
		l.width = min(max(l.width, len(m.name())), 60)
	}
	return l
}

func (l *logger) printf(format string, args ...any) {
	fmt.Fprintln(l.w, dburl.Mask(fmt.Sprintf(format, args...), l.password))
}

// notice passes on what the server says while a migration runs (RAISE
// NOTICE, warnings).
func (l *logger) notice(msg string) { l.printf("  %s", msg) }

func (l *logger) line(verb string, m *migration, detail string) {
	l.printf("%-10s %-*s  %s", verb, l.width, m.name(), detail)
}

// plan logs what the run found before it changes anything.
func (l *logger) plan(p *plan, dryRun bool) {
	for _, m := range p.edited {
		l.printf("warning: %s was edited since it was applied (checksum differs); going on as --allow-edited asks", m.name())
	}
	for _, r := range p.unknown {
		l.printf("warning: %s (%s) is recorded as applied but is not in the directory", r.Name, r.Migration)
	}
	detail := "recorded as applied, not run"
	if dryRun {
		detail = "would be recorded as applied, not run"
	}
	for _, m := range p.baseline {
		l.line("baseline", m, detail)
	}
	if p.held > 0 {
		l.printf("--to-version: %s left for a later run", plural(p.held, "pending migration"))
	}
}

// step logs a migration that ran.
func (l *logger) step(st step, err error, d time.Duration) {
	m := st.m
	n := len(m.stmts) - st.start
	detail := fmt.Sprintf("%-13s %s", plural(n, "statement"), duration(d))
	verb := "applied"
	switch {
	case err != nil:
		verb, detail = "FAILED", "after "+duration(d)
	case st.resumed() && st.start > 0:
		verb = "resumed"
		detail = fmt.Sprintf("statements %d-%d of %d  %s", st.start+1, len(m.stmts), len(m.stmts), duration(d))
	case st.row != nil && st.row.done():
		verb = "re-applied" // a repeatable migration whose checksum changed
	}
	l.line(verb, m, detail)
}

// dryRun prints what would run as an SQL script, each statement under a
// comment that names its file and line.
func (l *logger) dryRun(p *plan, dialect string) {
	for _, st := range p.steps {
		m := st.m
		how := "runs"
		if st.resumed() {
			how = fmt.Sprintf("resumes at statement %d of", st.start+1)
		}
		l.printf("-- would apply %s: %s %s", m.name(), how, plural(len(m.stmts), "statement"))
		for _, u := range m.units {
			if u.end <= st.start {
				continue
			}
			l.printf("-- %s", strategyFor(dialect, m, u))
			for _, s := range m.stmts[max(u.start, st.start):u.end] {
				l.printf("-- %s:%d\n%s;", m.path, s.Line, strings.TrimRight(s.Text, " \t\r\n"))
			}
		}
	}
	l.printf("-- dry run: %s would be applied; nothing was written", plural(len(p.steps), "migration"))
}

// totals ends the log.
func (l *logger) totals(sum *Summary, start time.Time, ok bool) {
	d := duration(time.Since(start))
	switch {
	case !ok:
		l.printf("failed after %s applied in %s", plural(sum.Applied, "migration"), d)
	case sum.Applied == 0:
		l.printf("nothing to apply; database at version %s", orNone(sum.Version))
	default:
		l.printf("applied %s (%s) in %s; database at version %s",
			plural(sum.Applied, "migration"), plural(sum.Statements, "statement"), d, orNone(sum.Version))
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func duration(d time.Duration) string {
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(100 * time.Millisecond).String()
}

func orNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}

func joinNames(names []string) string { return strings.Join(names, ", ") }
