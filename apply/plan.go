package apply

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/schemaguard/schemaguard/migrate"
)

// step is a migration the run executes, from statement start on.
type step struct {
	m     *migration
	row   *Revision // the existing row; nil for a migration never started
	start int
}

// resumed reports whether the step continues an earlier, unfinished run.
func (s step) resumed() bool { return s.row != nil && !s.row.done() }

// plan is what a run will do, decided before anything is written.
type plan struct {
	baseline []*migration // recorded as applied without running (--baseline)
	steps    []step
	edited   []*migration // applied, but the file changed since (run goes on only with --allow-edited)
	unknown  []*Revision  // recorded, but no longer in the directory
	held     int          // pending migrations left for later by --to-version
}

// planInput is what the plan is made from.
type planInput struct {
	format          string
	ms              []*migration
	rows            map[string]*Revision
	baseline        string
	toVersion       string
	allowEdited     bool
	allowOutOfOrder bool
}

// usageError is an error in how the run was asked for (exit status 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// makePlan compares the directory with the revision table.
func makePlan(in planInput) (*plan, error) {
	p := &plan{}
	rows := in.rows
	if in.baseline != "" {
		if len(rows) > 0 {
			return nil, usagef("--baseline %s: the revision table already records %d migrations; a baseline is only for a database schemaguard never migrated", in.baseline, len(rows))
		}
		last := lastWithVersion(in, in.baseline)
		if last < 0 {
			return nil, usagef("--baseline %s: no migration has that version (%s)", in.baseline, versionList(in.ms))
		}
		rows = map[string]*Revision{}
		for _, m := range in.ms[:last+1] {
			if m.kind == KindVersioned {
				p.baseline = append(p.baseline, m)
				rows[m.key] = &Revision{Kind: KindBaseline, FinishedAt: &time.Time{}}
			}
		}
	}
	target := len(in.ms) - 1
	if in.toVersion != "" {
		target = lastWithVersion(in, in.toVersion)
		if target < 0 {
			return nil, usagef("--to-version %s: no migration has that version (%s)", in.toVersion, versionList(in.ms))
		}
	}
	inDir := map[string]bool{}
	lastDone := -1
	for i, m := range in.ms {
		inDir[m.key] = true
		if r := rows[m.key]; r != nil && r.done() && m.kind == KindVersioned {
			lastDone = i
		}
	}
	var outOfOrder []string
	versionedLeft := false
	for i, m := range in.ms {
		r := rows[m.key]
		switch {
		case r != nil && r.done() && m.kind == KindRepeatable:
			if r.Checksum != m.checksum {
				p.steps = append(p.steps, step{m: m, row: r})
			}
			continue
		case r != nil && r.done():
			if r.Kind != KindBaseline && r.Checksum != m.checksum {
				p.edited = append(p.edited, m)
			}
			continue
		case m.kind == KindRepeatable:
			p.steps = append(p.steps, step{m: m, row: r})
			continue
		case i > target:
			p.held++
			versionedLeft = true
			continue
		case m.notReplayable != "":
			return nil, usagef("%s is pending and cannot be applied: %s; run it with the program that registers it, or record it with --baseline", m.path, m.notReplayable)
		case r == nil && i < lastDone && !in.allowOutOfOrder && !appliesOutOfOrder(in.format):
			outOfOrder = append(outOfOrder, m.path)
		}
		st := step{m: m, row: r}
		if r != nil {
			// An unfinished run: resume after what it applied, if that part
			// of the file is unchanged.
			if r.Applied > len(m.stmts) || checksum(m.stmts[:r.Applied]) != r.AppliedChecksum {
				return nil, fmt.Errorf("%w: %s: the %d statements an earlier run applied changed since; restore them to resume after statement %d",
					ErrEdited, m.name(), r.Applied, r.Applied)
			}
			st.start = r.Applied
		}
		p.steps = append(p.steps, st)
	}
	if versionedLeft {
		// Repeatable migrations run after every versioned one, never
		// against a schema that --to-version left behind.
		kept := p.steps[:0]
		for _, st := range p.steps {
			if st.m.kind != KindRepeatable {
				kept = append(kept, st)
			} else {
				p.held++
			}
		}
		p.steps = kept
	}
	for key, r := range in.rows {
		if !inDir[key] {
			p.unknown = append(p.unknown, r)
		}
	}
	slices.SortFunc(p.unknown, func(a, b *Revision) int { return migrate.CompareVersions(in.format, a.Version, b.Version) })
	if len(p.edited) > 0 && !in.allowEdited {
		var names []string
		for _, m := range p.edited {
			names = append(names, m.name())
		}
		return nil, fmt.Errorf("%w: %s changed since it was applied (checksum differs); restore it, or run with --allow-edited to go on anyway",
			ErrEdited, strings.Join(names, ", "))
	}
	if len(outOfOrder) > 0 {
		return nil, fmt.Errorf("%w: %s sorts before the last applied migration (%s); rename it after that one, or run with --allow-out-of-order",
			ErrOutOfOrder, strings.Join(outOfOrder, ", "), in.ms[lastDone].path)
	}
	return p, nil
}

// appliesOutOfOrder: dbmate and Liquibase run whatever is not applied yet,
// wherever it sorts; the other tools refuse (or, golang-migrate, skip it).
func appliesOutOfOrder(format string) bool {
	return format == migrate.FormatDbmate || format == migrate.FormatLiquibase
}

// lastWithVersion is the index of the last migration with the version (a
// Liquibase file's changesets share it), or -1.
func lastWithVersion(in planInput, version string) int {
	last := -1
	for i, m := range in.ms {
		if m.kind != KindRepeatable && migrate.CompareVersions(in.format, m.version, version) == 0 {
			last = i
		}
	}
	return last
}

func versionList(ms []*migration) string {
	var vs []string
	for _, m := range ms {
		if m.kind != KindRepeatable && (len(vs) == 0 || vs[len(vs)-1] != m.version) {
			vs = append(vs, m.version)
		}
	}
	if len(vs) > 8 {
		vs = append(append(vs[:3:3], "…"), vs[len(vs)-3:]...)
	}
	return "versions: " + strings.Join(vs, ", ")
}

// currentVersion is the newest completed versioned migration (or baseline),
// in the tool's version order; "" when there is none.
func currentVersion(format string, rows map[string]*Revision) string {
	cur := ""
	for _, r := range rows {
		if r.done() && r.Kind != KindRepeatable && (cur == "" || migrate.CompareVersions(format, r.Version, cur) > 0) {
			cur = r.Version
		}
	}
	return cur
}
