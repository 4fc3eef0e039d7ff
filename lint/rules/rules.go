package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules/dataloss"
	"github.com/schemaguard/schemaguard/lint/rules/integrity"
	"github.com/schemaguard/schemaguard/lint/rules/mysql"
	"github.com/schemaguard/schemaguard/lint/rules/pgindex"
	"github.com/schemaguard/schemaguard/lint/rules/pglock"
)

// All returns every analyzer, sorted by code.
func All() []*lint.Analyzer {
	all := []*lint.Analyzer{lint.SyntaxError, lint.ReplayFailed}
	all = append(all, integrity.Analyzers()...)
	all = append(all, dataloss.Analyzers()...)
	all = append(all, pgindex.Analyzers()...)
	all = append(all, pglock.Analyzers()...)
	all = append(all, mysql.Analyzers()...)
	sort.Slice(all, func(i, j int) bool { return all[i].Code < all[j].Code })
	return all
}

var dialectTitles = map[string]string{lint.Postgres: "PostgreSQL", lint.MySQL: "MySQL/MariaDB"}

func dialects(a *lint.Analyzer) string {
	names := make([]string, len(a.Dialects))
	for i, d := range a.Dialects {
		names[i] = dialectTitles[d]
	}
	return strings.Join(names, ", ")
}

// DocPage renders docs/rules/<Code>.md from the analyzer's declaration.
func DocPage(a *lint.Analyzer) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s %s\n\n", a.Code, a.Name)
	b.WriteString("<!-- Generated from the analyzer's declaration; edit the rule's doc/*.md and run `make docs`. -->\n\n")
	b.WriteString("| | |\n|---|---|\n")
	fmt.Fprintf(&b, "| Code | `%s` |\n| Name | `%s` |\n| Default severity | %s |\n| Dialects | %s |\n\n",
		a.Code, a.Name, a.Severity, dialects(a))
	fmt.Fprintf(&b, "**Fires when** %s.\n\n", strings.TrimSuffix(a.Summary, "."))
	b.WriteString(strings.TrimSpace(a.Doc))
	b.WriteString("\n")
	return b.String()
}

// Index renders the rule list used by docs/rules/README.md and the README.
func Index(linkPrefix string) string {
	var b strings.Builder
	b.WriteString("| code | name | default | dialects | fires when |\n|---|---|---|---|---|\n")
	for _, a := range All() {
		fmt.Fprintf(&b, "| [%s](%s%s.md) | `%s` | %s | %s | %s |\n", a.Code, linkPrefix, a.Code, a.Name, a.Severity,
			dialects(a), strings.ReplaceAll(strings.TrimSuffix(a.Summary, "."), "|", `\|`))
	}
	return b.String()
}
