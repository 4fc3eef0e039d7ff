package report

import (
	"strconv"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
)

// A statement shown in the details is cut after this many lines (a
// PL/pgSQL function can be hundreds).
const maxStatementLines = 40

// statementGroup is one statement with every finding on it, so a statement
// with three findings is shown once.
type statementGroup struct {
	path      string
	statement string
	diags     []lint.Diagnostic
}

func groupByStatement(res *lint.Result) []*statementGroup {
	var groups []*statementGroup
	index := map[string]*statementGroup{}
	for _, a := range orderedDiagnostics(res) {
		key := a.path + "\x00" + a.d.Statement + "\x00" + strconv.Itoa(a.d.EndLine)
		if a.d.Statement == "" {
			key += "\x00" + a.d.Code + "\x00" + a.d.Message
		}
		g := index[key]
		if g == nil {
			g = &statementGroup{path: a.path, statement: a.d.Statement}
			index[key] = g
			groups = append(groups, g)
		}
		g.diags = append(g.diags, a.d)
	}
	return groups
}

// detailsSection is a collapsed section with each statement and the fixes
// of its findings: the one-click rewrite when a rule has one, else the
// rule's fix.
func detailsSection(res *lint.Result) string {
	groups := groupByStatement(res)
	if len(groups) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n<details><summary>Statements and fixes</summary>\n\n")
	for _, g := range groups {
		var titles []string
		for _, d := range g.diags {
			titles = append(titles, severityIcons[d.Severity]+" "+MarkdownText(d.Code+" "+d.Name))
		}
		first := g.diags[0]
		b.WriteString("**" + strings.Join(titles, ", ") + "** · " +
			CodeSpan(truncateRunes(g.path, 200)+":"+strconv.Itoa(max(first.Line, 1))) + "\n\n")
		if g.statement != "" {
			b.WriteString(CodeBlock("sql", statementExcerpt(g.statement)) + "\n")
		}
		for _, d := range g.diags {
			if strings.TrimSpace(d.Fix) != "" {
				b.WriteString("Fix (" + MarkdownText(d.Code) + "):" + fixText(d.Fix) + "\n")
			}
			if d.Replacement != nil {
				b.WriteString("One-click rewrite (" + MarkdownText(d.Code) + "):\n\n" + CodeBlock("sql", d.Replacement.Text) + "\n")
			}
			if d.Evidence != nil {
				b.WriteString("Observed (" + MarkdownText(d.Code) + "): " + MarkdownText(d.Evidence.String()) + "\n\n")
			}
		}
	}
	b.WriteString("</details>\n")
	return b.String()
}

func statementExcerpt(stmt string) string {
	lines := strings.Split(strings.ReplaceAll(stmt, "\r\n", "\n"), "\n")
	if len(lines) > maxStatementLines {
		lines = append(lines[:maxStatementLines], "-- … ("+strconv.Itoa(len(lines)-maxStatementLines)+" more lines)")
	}
	return strings.Join(lines, "\n")
}

// fixText renders a fix, which mixes prose and SQL lines: runs of SQL
// lines become code blocks, prose lines escaped text.
func fixText(fix string) string {
	lines := strings.Split(strings.TrimRight(strings.ReplaceAll(fix, "\r\n", "\n"), "\n"), "\n")
	var b strings.Builder
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && (looksLikeSQL(lines[j]) || j > i && continuesSQL(lines[j-1], lines[j])) {
			j++
		}
		if j > i {
			b.WriteString("\n\n" + strings.TrimSuffix(CodeBlock("sql", strings.Join(lines[i:j], "\n")), "\n"))
			i = j
			continue
		}
		b.WriteString("\n\n" + MarkdownText(lines[i]))
		i++
	}
	return b.String() + "\n"
}

// continuesSQL: an indented line, or any line after one that has not
// ended its statement, belongs to the SQL above it.
func continuesSQL(prev, line string) bool {
	return strings.TrimSpace(line) != "" &&
		(!strings.HasSuffix(strings.TrimSpace(prev), ";") || strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t"))
}

var sqlLineStarts = []string{"ALTER ", "CREATE ", "DROP ", "SET ", "UPDATE ", "INSERT ", "DELETE ", "SELECT ",
	"BEGIN", "COMMIT", "VACUUM ", "REINDEX ", "REFRESH ", "CLUSTER ", "ANALYZE", "WITH ", "-- "}

// looksLikeSQL: a fix line that starts like a statement or an SQL comment.
func looksLikeSQL(line string) bool {
	for _, p := range sqlLineStarts {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return false
}

// suppressHelp says how to silence a finding that is intended, with the
// first finding's code as the example.
func suppressHelp(res *lint.Result) string {
	ds := orderedDiagnostics(res)
	if len(ds) == 0 {
		return ""
	}
	example := "-- lint:ignore " + ds[0].d.Code + " <why this is safe here>"
	return "\n<details><summary>Suppressing a finding</summary>\n\n" +
		"When a finding is intended, put a directive naming the rule and the reason on the line directly above the statement:\n\n" +
		CodeBlock("sql", example) +
		"\nThe same directive in the file's leading comment block (followed by a blank line) covers the whole file. " +
		"Rule severities can also be changed in `.schemaguard.yaml`.\n</details>\n"
}
