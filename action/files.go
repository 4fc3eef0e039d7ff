package action

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules"
	"github.com/schemaguard/schemaguard/report"
)

// writtenFiles are the paths of the reports written to disk.
type writtenFiles struct {
	report string // the JSON report (always)
	sarif  string // the SARIF log ("" unless the sarif input asks)
}

// writeFiles writes the JSON report to the runner's temp directory and,
// when asked, the SARIF log to the sarif input's path, relative to start
// (the directory the step started in, the workspace: not the
// working-directory), so a later upload-sarif step finds it by the same
// name. Each file is written whole or not at all.
func (r *run) writeFiles(start string, res *lint.Result) (writtenFiles, error) {
	var out writtenFiles
	opts := report.Options{Version: r.env.Version, Rules: rules.All()}
	var js bytes.Buffer
	if err := report.JSON(&js, res, opts); err != nil {
		return out, fmt.Errorf("render the JSON report: %w", err)
	}
	dir := r.getenv("RUNNER_TEMP")
	if dir == "" {
		dir = os.TempDir()
	}
	name := "schemaguard-report.json"
	if step := safeName(r.getenv("GITHUB_ACTION")); step != "" {
		// Two schemaguard steps in one job each keep their own report.
		name = "schemaguard-report-" + step + ".json"
	}
	out.report = filepath.Join(dir, name)
	if err := writeWhole(out.report, js.Bytes()); err != nil {
		return out, fmt.Errorf("write the JSON report: %w", err)
	}
	if r.in.SARIF == "" {
		return out, nil
	}
	var sarif bytes.Buffer
	if err := report.SARIF(&sarif, res, opts); err != nil {
		return out, fmt.Errorf("render the SARIF log: %w", err)
	}
	out.sarif = r.in.SARIF
	if !filepath.IsAbs(out.sarif) {
		out.sarif = filepath.Join(start, out.sarif)
	}
	if err := writeWhole(out.sarif, sarif.Bytes()); err != nil {
		return out, &inputError{inSARIF, err.Error()}
	}
	return out, nil
}

// writeWhole writes data to a temporary file next to path and renames it
// into place, so a reader never sees half a report.
func writeWhole(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".schemaguard-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// safeName keeps a step id usable in a file name.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}
