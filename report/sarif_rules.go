package report

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/schemaguard/schemaguard/lint"
)

// ruleList is the run's rule table, sorted by code: every known rule (so code
// scanning can show help for any of them and a rule that stops firing keeps
// its description), plus a stub for any code a result uses that the list
// lacks, because a result's ruleIndex must point into the table.
func ruleList(known []*lint.Analyzer, found []finding) []*lint.Analyzer {
	byCode := map[string]*lint.Analyzer{}
	for _, a := range known {
		if a != nil {
			byCode[a.Code] = a
		}
	}
	for _, f := range found {
		if _, ok := byCode[f.d.Code]; !ok {
			byCode[f.d.Code] = &lint.Analyzer{Code: f.d.Code, Name: f.d.Name, Severity: f.d.Severity}
		}
	}
	out := make([]*lint.Analyzer, 0, len(byCode))
	for _, a := range byCode {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b *lint.Analyzer) int { return cmp.Compare(a.Code, b.Code) })
	return out
}

// ruleDescriptor describes one rule the way code scanning shows it:
// shortDescription is the alert title, fullDescription and help the rule
// panel, helpUri the link to the rule's page.
func ruleDescriptor(a *lint.Analyzer) *sarif.ReportingDescriptor {
	helpURI := ruleDocBase + a.Code + ".md"
	short := sentence(a.Summary)
	if short == "" {
		short = sentence(strings.ReplaceAll(a.Name, "-", " "))
	}
	if short == "" {
		short = a.Code + "."
	}
	full := firstParagraph(a.Doc)
	if full == "" {
		full = short
	}
	text, markdown := short, short
	if a.Summary != "" {
		text = "Fires when " + strings.TrimSuffix(a.Summary, ".") + "."
		markdown = "**Fires when** " + strings.TrimSuffix(a.Summary, ".") + "."
	}
	if doc := strings.TrimSpace(a.Doc); doc != "" {
		// The Doc is Markdown written to read well as plain text too.
		text += "\n\n" + doc
		markdown += "\n\n" + doc
	}
	text += "\n\nDocumentation: " + helpURI
	markdown += "\n\n[Rule documentation](" + helpURI + ")"

	rule := sarif.NewRule(a.Code).
		WithShortDescription(sarif.NewMultiformatMessageString(short)).
		WithFullDescription(sarif.NewMultiformatMessageString(full)).
		WithHelpURI(helpURI).
		WithHelp(sarif.NewMultiformatMessageString(text).WithMarkdown(markdown)).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(a.Severity))).
		WithProperties(sarif.Properties{
			"tags": ruleTags(a),
			// The config and suppression directives use the kebab-case name;
			// keep it, since SARIF's name is the PascalCase form.
			"schemaguard/name": a.Name,
		})
	if name := pascalCase(a.Name); name != "" {
		// SARIF friendly names are Pascal identifiers (SARIF validator rule
		// SARIF2012): "index-not-concurrent" → "IndexNotConcurrent".
		rule.WithName(name)
	}
	return rule
}

// ruleTags are shown and filterable in code scanning (at most 20 per rule).
func ruleTags(a *lint.Analyzer) []string {
	tags := []string{"migrations", "sql"}
	dialects := slices.Clone(a.Dialects)
	slices.Sort(dialects)
	return append(tags, dialects...)
}

// sentence capitalises a summary clause and ends it with a period.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// firstParagraph is the first prose paragraph of a rule's Markdown Doc,
// skipping headings (the docs open with "## Why it is dangerous"), joined
// onto one line.
func firstParagraph(doc string) string {
	doc = strings.ReplaceAll(doc, "\r\n", "\n")
	for _, p := range strings.Split(doc, "\n\n") {
		p = strings.TrimSpace(p)
		if p == "" || strings.HasPrefix(p, "#") || strings.HasPrefix(p, "```") {
			continue
		}
		return strings.Join(strings.Fields(p), " ")
	}
	return ""
}

func pascalCase(name string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == ' ' }) {
		r, n := utf8.DecodeRuneInString(w)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(w[n:])
	}
	return b.String()
}
