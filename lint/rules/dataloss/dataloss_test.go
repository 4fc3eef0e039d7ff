package dataloss

import (
	"testing"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/linttest"
)

// SY101 runs with the rules so that a case whose linted file stops parsing
// (above all the MySQL 8 and MariaDB syntax cases) fails loudly instead of
// silently reporting nothing.
func TestRules(t *testing.T) { linttest.Run(t, "testdata", append(Analyzers(), lint.SyntaxError)...) }
