package dataloss

import (
	"os"
	"testing"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/linttest"
)

// SY101 runs with the rules so that a case whose linted file stops parsing
// (above all the MySQL 8 and MariaDB syntax cases) fails loudly instead of
// silently reporting nothing.
func TestRules(t *testing.T) { linttest.Run(t, "testdata", append(Analyzers(), lint.SyntaxError)...) }

// TestKnownBugs runs the cases of testdata/bugs: each documents a bug of the
// MySQL adapter or the catalog that makes these rules answer wrongly, with
// the answer they should give. They fail until those packages are fixed, so
// they run only on request.
func TestKnownBugs(t *testing.T) {
	if os.Getenv("SCHEMAGUARD_KNOWN_BUGS") == "" {
		t.Skip("set SCHEMAGUARD_KNOWN_BUGS=1 to run the cases of testdata/bugs")
	}
	linttest.Run(t, "testdata/bugs", append(Analyzers(), lint.SyntaxError)...)
}
