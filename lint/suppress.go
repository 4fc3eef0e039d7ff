package lint

import (
	"strings"

	"github.com/schemaguard/schemaguard/migrate"
)

// ignoreDirectives are the comment directives that suppress diagnostics.
var ignoreDirectives = map[string]bool{"lint:ignore": true, "atlas:nolint": true}

// suppression is the set of rules a directive block silences. all is set by
// a directive with no rule in it (RULES.md, Suppression).
type suppression struct {
	all   bool
	codes map[string]bool
}

func (s suppression) covers(code string) bool { return s.all || s.codes[code] }

// suppressions reads lint:ignore / atlas:nolint directives. After the
// directive come codes or rule names (any case, separated by spaces or
// commas); the first word that is neither starts the free-text reason. Only
// a bare directive, with no word at all, silences every rule: a mistyped
// code must not silence everything.
func suppressions(ds []migrate.Directive, lookup func(string) ([]string, bool)) suppression {
	s := suppression{codes: map[string]bool{}}
	for _, d := range ds {
		if !ignoreDirectives[strings.ToLower(d.Name)] {
			continue
		}
		if len(d.Args) == 0 {
			s.all = true
			continue
		}
		for _, w := range d.Args {
			codes, ok := lookup(w)
			if !ok {
				break // the reason starts here
			}
			for _, c := range codes {
				s.codes[c] = true
			}
		}
	}
	return s
}

// atlasAnalyzers are the analyzer names Atlas accepts in atlas:nolint, so
// directives written for Atlas keep working: each stands for the codes of
// its family.
var atlasAnalyzers = map[string]func(code string) bool{
	"destructive":      func(c string) bool { return strings.HasPrefix(c, "DS") },
	"data_depend":      func(c string) bool { return strings.HasPrefix(c, "MF") },
	"incompatible":     func(c string) bool { return strings.HasPrefix(c, "BC") },
	"concurrent_index": func(c string) bool { return c == "PG101" || c == "PG102" || c == "PG103" },
}

// ruleLookup resolves a code, a rule name or an Atlas analyzer name,
// case-insensitively, to rule codes.
func ruleLookup(analyzers []*Analyzer) func(string) ([]string, bool) {
	m := make(map[string][]string, 2*len(analyzers)+len(atlasAnalyzers))
	for _, a := range analyzers {
		m[strings.ToLower(a.Code)] = []string{a.Code}
		m[strings.ToLower(a.Name)] = []string{a.Code}
	}
	for name, member := range atlasAnalyzers {
		for _, a := range analyzers {
			if member(a.Code) {
				m[name] = append(m[name], a.Code)
			}
		}
	}
	return func(w string) ([]string, bool) {
		c, ok := m[strings.ToLower(w)]
		return c, ok
	}
}
