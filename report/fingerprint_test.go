package report

import (
	"testing"

	"github.com/schemaguard/schemaguard/lint"
)

// The same finding on the same statement in two files is two alerts, and
// each file's alert keeps its identity whether or not the other file has the
// same finding: the path is part of the fingerprint, and the occurrence
// count is per file.
func TestFingerprintsDifferAcrossFiles(t *testing.T) {
	d := lint.Diagnostic{Code: "PG101", Name: "index-not-concurrent", Severity: lint.Error, Message: "m",
		Statement: "CREATE INDEX i ON t (a);", Line: 3, Column: 1, EndLine: 3, EndColumn: 24}
	a, b := d, d
	a.File, b.File = "db/001.sql", "db/002.sql"
	res := &lint.Result{Files: []lint.FileResult{
		{Path: a.File, Diagnostics: []lint.Diagnostic{a}},
		{Path: b.File, Diagnostics: []lint.Diagnostic{b}},
	}}
	_, log := renderSARIF(t, res, Options{})
	results := log.Runs[0].Results
	if len(results) != 2 {
		t.Fatalf("results: %d", len(results))
	}
	_, alone := renderSARIF(t, &lint.Result{Files: res.Files[1:]}, Options{})
	for _, k := range []string{fingerprintGitHub, fingerprintOwn} {
		fa, fb := results[0].PartialFingerprints[k], results[1].PartialFingerprints[k]
		if fa == "" || fa == fb {
			t.Errorf("%s: the same finding in two files shares %q", k, fa)
		}
		if got := alone.Runs[0].Results[0].PartialFingerprints[k]; got != fb {
			t.Errorf("%s of db/002.sql's finding depends on db/001.sql: %q alone, %q with it", k, got, fb)
		}
	}
}
