package pglock

import (
	"fmt"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules/internal/pgsql"
	"github.com/schemaguard/schemaguard/schema"
)

// ExclusiveMaintenance is PG308.
var ExclusiveMaintenance = &lint.Analyzer{
	Code:     "PG308",
	Name:     "exclusive-maintenance",
	Severity: lint.Warning,
	Summary:  "VACUUM FULL, CLUSTER, REINDEX without CONCURRENTLY or REFRESH MATERIALIZED VIEW without CONCURRENTLY on existing objects",
	Doc:      doc("PG308"),
	Dialects: postgresOnly,
	Run:      runExclusiveMaintenance,
}

func runExclusiveMaintenance(p *lint.Pass) {
	for _, c := range p.Changes() {
		m, ok := c.(*schema.Maintenance)
		if !ok || m.Concurrently {
			continue
		}
		switch m.Kind {
		case "vacuum_full", "cluster":
			reportRewrite(p, m)
		case "refresh":
			reportRefresh(p, m)
		case "reindex":
			reportReindex(p, m)
		}
	}
}

// existingTargets keeps the tables and materialized views that existed
// before the file.
func existingTargets(p *lint.Pass, qs []schema.QName) []string {
	var out []string
	for _, q := range qs {
		if existingTable(p, q) {
			out = append(out, q.String())
		}
	}
	return out
}

func reportRewrite(p *lint.Pass, m *schema.Maintenance) {
	cmd := map[string]string{"vacuum_full": "VACUUM FULL", "cluster": "CLUSTER"}[m.Kind]
	fix := "There is no online form in core PostgreSQL. Use pg_repack or pg_squeeze to rebuild the table online, or run it in a maintenance window; plain VACUUM reclaims space for reuse without blocking reads or writes."
	if len(m.Targets) == 0 {
		p.Reportf(m, fix, "%s without a table rewrites every table it processes, each under an ACCESS EXCLUSIVE lock that blocks reads and writes", cmd)
		return
	}
	names := existingTargets(p, m.Targets)
	if len(names) == 0 {
		return
	}
	p.Reportf(m, fix, "%s rewrites %s %s under an ACCESS EXCLUSIVE lock that blocks reads and writes until it finishes",
		cmd, plural(len(names), "table", "tables"), quoted(names))
}

func reportRefresh(p *lint.Pass, m *schema.Maintenance) {
	names := existingTargets(p, m.Targets)
	if len(names) == 0 {
		return
	}
	var fixes []string
	for _, q := range m.Targets {
		if !existingTable(p, q) {
			continue
		}
		s := fmt.Sprintf("REFRESH MATERIALIZED VIEW CONCURRENTLY %s;", pgsql.QName(q))
		if !hasPlainUniqueIndex(p.Realm.Table(q)) {
			s += " -- needs a unique index without WHERE on the view first (CREATE UNIQUE INDEX CONCURRENTLY ...)"
		}
		fixes = append(fixes, s)
	}
	p.Reportf(m, "Refresh concurrently: readers keep the old contents meanwhile (EXCLUSIVE lock instead of ACCESS EXCLUSIVE):\n"+strings.Join(fixes, "\n"),
		"REFRESH MATERIALIZED VIEW without CONCURRENTLY holds an ACCESS EXCLUSIVE lock on %s %s, blocking every read of it until the refresh ends",
		plural(len(names), "materialized view", "materialized views"), quoted(names))
}

// hasPlainUniqueIndex: REFRESH ... CONCURRENTLY needs a unique index
// without a WHERE clause. An unknown view gets the benefit of the doubt.
func hasPlainUniqueIndex(t *schema.Table) bool {
	if t == nil {
		return true
	}
	for _, i := range t.Indexes {
		if i.Unique && !i.Partial {
			return true
		}
	}
	return false
}

func reportReindex(p *lint.Pass, m *schema.Maintenance) {
	var names []string
	switch m.ReindexScope {
	case "index":
		for _, q := range m.Targets {
			t, idx := p.Realm.IndexByName(q)
			if idx == nil || idx.Existing && t != nil && existingTable(p, t.Name) {
				names = append(names, q.String())
			}
		}
	case "table":
		names = existingTargets(p, m.Targets)
	case "schema", "database":
		for _, q := range m.Targets {
			name := q.Name
			if m.ReindexScope == "schema" {
				if s := p.Realm.Schema(name); s != nil && !s.Existing {
					continue // created by this file
				}
			}
			names = append(names, name)
		}
		if len(m.Targets) == 0 {
			names = append(names, "the current database")
		}
	default:
		return // SYSTEM: catalogs only, and it has no CONCURRENTLY form
	}
	if len(names) == 0 {
		return
	}
	what := m.ReindexScope + " " + quoted(names)
	if len(m.Targets) == 0 {
		what = names[0]
	}
	p.Reportf(m, reindexFix(p, m),
		"REINDEX of %s without CONCURRENTLY blocks writes to each table (SHARE lock) and every query that would use its rebuilt indexes (ACCESS EXCLUSIVE on each index) until it finishes",
		what)
}

func reindexFix(p *lint.Pass, m *schema.Maintenance) string {
	if p.Version < 12 {
		return "REINDEX CONCURRENTLY needs PostgreSQL 12. Instead build a copy with CREATE INDEX CONCURRENTLY, then DROP INDEX CONCURRENTLY the old one and rename the copy."
	}
	var lines []string
	for _, q := range m.Targets {
		lines = append(lines, fmt.Sprintf("REINDEX %s CONCURRENTLY %s;", strings.ToUpper(m.ReindexScope), pgsql.QName(q)))
	}
	if len(lines) == 0 {
		lines = append(lines, fmt.Sprintf("REINDEX %s CONCURRENTLY <name>;", strings.ToUpper(m.ReindexScope)))
	}
	return "Rebuild concurrently, outside a transaction block (it refuses to run inside one):\n" + strings.Join(lines, "\n")
}
