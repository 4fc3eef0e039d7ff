// Package report renders a lint result. Every renderer reads the same
// lint.Result value, so a new output format is one new file.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
)

// Options tune rendering.
type Options struct {
	// Color enables ANSI colour in the text format (only on a terminal).
	Color bool
	// Version is schemaguard's version, reported as the SARIF tool version
	// (omitted when empty).
	Version string
	// Rules is every analyzer the run knows (rules.All(), filled by the CLI).
	// SARIF lists them all so code scanning can describe any rule; when it is
	// empty, only the rules the results reference are listed.
	Rules []*lint.Analyzer
}

// Renderer writes a result in one format.
type Renderer func(w io.Writer, res *lint.Result, opts Options) error

var renderers = map[string]Renderer{
	"text":   Text,
	"json":   JSON,
	"sarif":  SARIF,
	"github": GitHub,
}

// Lookup returns the renderer for a format name.
func Lookup(format string) (Renderer, error) {
	if r, ok := renderers[format]; ok {
		return r, nil
	}
	return nil, fmt.Errorf("unknown output format %q (want %s)", format, strings.Join(Formats(), ", "))
}

// Formats lists the output format names.
func Formats() []string {
	names := make([]string, 0, len(renderers))
	for n := range renderers {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
