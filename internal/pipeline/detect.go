package pipeline

import (
	"fmt"

	"github.com/schemaguard/schemaguard/config"
	"github.com/schemaguard/schemaguard/dialect"
	"github.com/schemaguard/schemaguard/dialect/mysql"
	"github.com/schemaguard/schemaguard/dialect/postgres"
	"github.com/schemaguard/schemaguard/migrate"
)

// sampleSize bounds the statements parsed to tell the dialects apart: spread
// over the whole directory, enough to be sure, cheap next to the lint.
const sampleSize = 200

// Target is a directory opened with its dialect settled.
type Target struct {
	config.Settings
	Migrations *migrate.Dir
	// DialectReason says how the dialect was decided when nothing named it
	// ("" when the flag, the configuration or a default decided).
	DialectReason string
	named         bool // the flag or the configuration named the dialect
}

// OpenTarget opens a target directory. When no dialect is named, it is
// PostgreSQL unless the statements clearly say MySQL; a named dialect that
// the statements clearly do not speak is refused once, with the flag to
// pass, instead of a syntax error on every statement.
func OpenTarget(t config.Settings, lenient bool) (*Target, error) {
	out, err := openTarget(t, lenient)
	if err != nil {
		return nil, err
	}
	if _, err := out.settleDialect(lenient); err != nil {
		return nil, err
	}
	return out, nil
}

// openTarget opens the directory in the named dialect, or PostgreSQL,
// without checking it against the statements.
func openTarget(t config.Settings, lenient bool) (*Target, error) {
	given := t.Dialect != ""
	if !given {
		t.Dialect = DefaultDialect
	}
	dir, err := open(t.Dir, t.Format, t.Dialect, lenient)
	if err != nil {
		return nil, err
	}
	return &Target{Settings: t, Migrations: dir, named: given}, nil
}

// settleDialect parses a sample of the statements in the target's dialect
// and, when a good share fails, in the other one. When the other reads far
// more of them, a named dialect is an error, and otherwise the target is
// read again in the other dialect (changed reports that).
func (t *Target) settleDialect(lenient bool) (changed bool, err error) {
	here := parseCheck(t.Migrations, baseDialect(t.Dialect))
	if !here.doubtful() {
		return false, nil
	}
	otherName := "mysql"
	if here.name == "mysql" {
		otherName = "postgres"
	}
	// Only the other dialect's lexical rules show how its statements read.
	otherDir, err := open(t.Dir, t.Migrations.Format, otherName, true)
	if err != nil {
		return false, nil
	}
	there := parseCheck(otherDir, otherName)
	if !here.prefers(there) {
		return false, nil
	}
	if t.named {
		return false, fmt.Errorf("%s: %d of %d sampled statements do not parse as %s but %d do as %s: pass --dialect %s (or set dialect: %s in %s)",
			t.Dir, here.fails, here.sampled, dialectTitle[here.name], there.sampled-there.fails, dialectTitle[otherName],
			otherName, otherName, config.FileName)
	}
	if !lenient {
		if otherDir, err = open(t.Dir, t.Migrations.Format, otherName, false); err != nil {
			return false, err
		}
	}
	t.Dialect, t.Migrations = otherName, otherDir
	t.DialectReason = fmt.Sprintf("detected: %d of %d sampled statements do not parse as %s but %d do as %s; pass --dialect to choose",
		here.fails, here.sampled, dialectTitle[here.name], there.sampled-there.fails, dialectTitle[otherName])
	return true, nil
}

var dialectTitle = map[string]string{"postgres": "PostgreSQL", "mysql": "MySQL"}

func baseDialect(name string) string {
	if d, err := SplitDialect(name); err == nil && string(d) == "mysql" {
		return "mysql"
	}
	return "postgres"
}

// dialectCheck is how well a sample of a directory's statements parses in
// a dialect.
type dialectCheck struct {
	name           string
	sampled, fails int
}

// doubtful: a good share of the sample fails to parse (a fifth, and at
// least three statements), worth trying the other dialect.
func (c dialectCheck) doubtful() bool { return c.fails >= 3 && c.fails*5 >= c.sampled }

// prefers reports whether the sample clearly belongs to the other dialect:
// it is doubtful here, and the other dialect reads far more of it.
func (c dialectCheck) prefers(o dialectCheck) bool { return c.doubtful() && o.fails*3 < c.fails }

func parseCheck(dir *migrate.Dir, name string) dialectCheck {
	var p dialect.Parser = postgres.New()
	if name == "mysql" {
		p = mysql.New(false)
	}
	c := dialectCheck{name: name}
	for _, st := range sample(dir) {
		c.sampled++
		if _, err := p.Parse(st.Text); err != nil {
			c.fails++
		}
	}
	return c
}

// sample picks up to sampleSize statements evenly across the directory.
func sample(dir *migrate.Dir) []*migrate.Statement {
	var all []*migrate.Statement
	for _, f := range dir.Files {
		for i := range f.Statements {
			all = append(all, &f.Statements[i])
		}
	}
	if len(all) <= sampleSize {
		return all
	}
	out := make([]*migrate.Statement, 0, sampleSize)
	for i := 0; i < sampleSize; i++ {
		out = append(out, all[i*len(all)/sampleSize])
	}
	return out
}
