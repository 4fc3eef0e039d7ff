package pglock

import (
	"testing"

	"github.com/schemaguard/schemaguard/lint/linttest"
)

func TestRules(t *testing.T) { linttest.Run(t, "testdata", Analyzers()...) }
