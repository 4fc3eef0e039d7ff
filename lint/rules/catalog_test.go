package rules

import (
	"testing"

	"github.com/schemaguard/schemaguard/lint/linttest"
)

// Every declared rule is in the catalog with the catalog's name and
// default severity, and every catalog rule is declared.
func TestDeclarationsMatchCatalog(t *testing.T) {
	declared := map[string]bool{}
	for _, a := range All() {
		declared[a.Code] = true
		spec, ok := linttest.Catalog[a.Code]
		if !ok {
			t.Errorf("%s is not in the catalog", a.Code)
			continue
		}
		if a.Name != spec.Name || a.Severity != spec.Severity {
			t.Errorf("%s: declared %s/%s, the catalog says %s/%s", a.Code, a.Name, a.Severity, spec.Name, spec.Severity)
		}
	}
	for code := range linttest.Catalog {
		if !declared[code] {
			t.Errorf("%s is in the catalog but no analyzer declares it", code)
		}
	}
}
