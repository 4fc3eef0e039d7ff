package report

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules"
)

// sarifLog is the part of the output the tests look at; encoding/json
// matches the camelCase keys case-insensitively.
type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string
	Runs    []struct {
		ColumnKind string
		Tool       struct {
			Driver struct {
				Name, Version  string
				InformationURI string `json:"informationUri"`
				Rules          []sarifRule
			}
		}
		Results []sarifResult
	}
}

type sarifRule struct {
	ID, Name                          string
	HelpURI                           string `json:"helpUri"`
	ShortDescription, FullDescription struct{ Text string }
	Help                              struct{ Text, Markdown string }
	DefaultConfiguration              struct{ Level string }
	Properties                        struct{ Tags []string }
}

type sarifResult struct {
	RuleID    string
	RuleIndex *int
	Level     string
	Message   struct{ Text string }
	Locations []struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI       string
				URIBaseID string `json:"uriBaseId"`
			}
			Region struct{ StartLine, StartColumn, EndLine, EndColumn int }
		}
	}
	PartialFingerprints map[string]string
}

const initSQL = "./db/migrations/001_init.sql"

func fixture() *lint.Result {
	return &lint.Result{
		Files: []lint.FileResult{
			{Path: initSQL, Diagnostics: []lint.Diagnostic{
				{Code: "PG101", Name: "index-not-concurrent", Severity: lint.Error, File: initSQL,
					Message:   "CREATE INDEX on existing table \"users\" blocks writes; a <> b & c",
					Statement: "CREATE INDEX idx ON users (email);", Fix: "CREATE INDEX CONCURRENTLY idx ON users (email);\n",
					Line: 3, Column: 1, EndLine: 3, EndColumn: 34},
				{Code: "PG104", Name: "add-primary-key-locks", Severity: lint.Warning, File: initSQL,
					Message:   "ADD PRIMARY KEY on ünïcode_table builds an index under ACCESS EXCLUSIVE",
					Statement: "ALTER TABLE ünïcode_table\n  ADD PRIMARY KEY (a);",
					Line:      5, Column: 3, EndLine: 6, EndColumn: 20},
			}},
			{Path: "db/migrations/002 add users.sql", Diagnostics: []lint.Diagnostic{
				// A directory-level finding: no statement, whole-file position.
				{Code: "IN102", Name: "applied-file-edited", Severity: lint.Notice, File: "db/migrations/002 add users.sql",
					Message: "migration exists on the base branch and was modified", Line: 1, Column: 1, EndLine: 1, EndColumn: 1},
			}},
		},
		Summary: lint.Summary{Files: 2, Errors: 1, Warnings: 1, Notices: 1},
	}
}

func renderSARIF(t *testing.T, res *lint.Result, opts Options) ([]byte, sarifLog) {
	t.Helper()
	var buf bytes.Buffer
	if err := SARIF(&buf, res, opts); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, buf.Bytes())
	}
	if len(log.Runs) != 1 {
		t.Fatalf("runs = %d, want 1", len(log.Runs))
	}
	return buf.Bytes(), log
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	const id = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	c := jsonschema.NewCompiler()
	c.AssertFormat() // helpUri, informationUri and $schema are "format": "uri"
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	sch := compileSchema(t)
	cases := map[string]struct {
		res  *lint.Result
		opts Options
	}{
		"all rules":       {fixture(), Options{Rules: rules.All(), Version: "1.2.3"}},
		"referenced only": {fixture(), Options{}},
		"no results":      {&lint.Result{Files: []lint.FileResult{{Path: "db/001.sql"}}}, Options{Rules: rules.All()}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			out, _ := renderSARIF(t, tc.res, tc.opts)
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("invalid SARIF: %v\n%s", err, out)
			}
		})
	}
}

// TestSchemaRejectsInvalidSARIF guards the validation above: a validator
// that failed to load the draft-04 schema would accept anything.
func TestSchemaRejectsInvalidSARIF(t *testing.T) {
	sch := compileSchema(t)
	out, _ := renderSARIF(t, fixture(), Options{})
	for _, bad := range []struct{ from, to string }{
		{`"level": "error"`, `"level": "high"`},
		{`"startLine": 3`, `"startLine": 0`},
		{`"version": "2.1.0"`, `"version": "2.2"`},
	} {
		doc := strings.Replace(string(out), bad.from, bad.to, 1)
		if doc == string(out) {
			t.Fatalf("fixture output lacks %s", bad.from)
		}
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		if sch.Validate(inst) == nil {
			t.Errorf("schema accepted %s", bad.to)
		}
	}
}

func TestSARIFContent(t *testing.T) {
	all := rules.All()
	out, log := renderSARIF(t, fixture(), Options{Rules: all, Version: "1.2.3"})
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-schema-2.1.0.json") {
		t.Errorf("version %q, $schema %q", log.Version, log.Schema)
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "schemaguard" || d.Version != "1.2.3" || d.InformationURI != toolURI {
		t.Errorf("driver = %+v", d)
	}
	if run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("columnKind = %q", run.ColumnKind)
	}
	if len(d.Rules) != len(all) {
		t.Fatalf("rules = %d, want every rule (%d)", len(d.Rules), len(all))
	}
	for i, a := range all {
		r := d.Rules[i]
		if r.ID != a.Code || r.HelpURI != ruleDocBase+a.Code+".md" || r.ShortDescription.Text == "" ||
			r.FullDescription.Text == "" || r.Help.Text == "" || r.Help.Markdown == "" ||
			r.DefaultConfiguration.Level != sarifLevel(a.Severity) || !slices.Contains(r.Properties.Tags, "sql") {
			t.Errorf("rule %d = %+v, for %s", i, r, a.Code)
		}
		if strings.ContainsAny(r.Name, "- ") || r.Name == "" {
			t.Errorf("rule %s name %q is not a Pascal identifier", a.Code, r.Name)
		}
	}
	if len(run.Results) != 3 {
		t.Fatalf("results = %d, want 3", len(run.Results))
	}
	for _, r := range run.Results {
		if r.RuleIndex == nil || d.Rules[*r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s: ruleIndex %v does not point at its rule", r.RuleID, r.RuleIndex)
		}
	}
	pg101 := run.Results[0]
	loc := pg101.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "db/migrations/001_init.sql" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
		t.Errorf("artifactLocation = %+v, want repo-relative with forward slashes", loc.ArtifactLocation)
	}
	// EndColumn 34 is the last character (';'); SARIF wants the one after.
	if reg := loc.Region; reg.StartLine != 3 || reg.StartColumn != 1 || reg.EndLine != 3 || reg.EndColumn != 35 {
		t.Errorf("region = %+v, want 3:1-3:35", reg)
	}
	if pg101.Level != "error" || !strings.HasSuffix(pg101.Message.Text, "\n\nFix: CREATE INDEX CONCURRENTLY idx ON users (email);") {
		t.Errorf("level %q, message %q", pg101.Level, pg101.Message.Text)
	}
	if !bytes.Contains(out, []byte("a <> b & c")) {
		t.Errorf("messages should not be HTML-escaped")
	}
	if reg := run.Results[1].Locations[0].PhysicalLocation.Region; reg.EndLine != 6 || reg.EndColumn != 21 {
		t.Errorf("multi-line region = %+v", reg)
	}
	mg := run.Results[2]
	if u := mg.Locations[0].PhysicalLocation.ArtifactLocation.URI; u != "db/migrations/002%20add%20users.sql" {
		t.Errorf("uri = %q, want percent-encoded", u)
	}
	if mg.Level != "note" {
		t.Errorf("notice level = %q, want note", mg.Level)
	}
	for _, r := range run.Results {
		if !strings.HasSuffix(r.PartialFingerprints[fingerprintGitHub], ":1") || r.PartialFingerprints[fingerprintOwn] == "" {
			t.Errorf("fingerprints = %v", r.PartialFingerprints)
		}
	}
}

func TestSARIFReferencedRulesWhenNoneGiven(t *testing.T) {
	_, log := renderSARIF(t, fixture(), Options{})
	var ids []string
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		ids = append(ids, r.ID)
	}
	if want := []string{"IN102", "PG101", "PG104"}; !slices.Equal(ids, want) {
		t.Errorf("rules = %v, want %v", ids, want)
	}
	for _, r := range log.Runs[0].Results {
		if r.RuleIndex == nil || ids[*r.RuleIndex] != r.RuleID {
			t.Errorf("result %s: ruleIndex %v", r.RuleID, r.RuleIndex)
		}
	}
}

func TestSARIFDeterministic(t *testing.T) {
	a, _ := renderSARIF(t, fixture(), Options{Rules: rules.All()})
	rev := fixture()
	slices.Reverse(rev.Files)
	b, _ := renderSARIF(t, rev, Options{Rules: rules.All()})
	if !bytes.Equal(a, b) {
		t.Errorf("output depends on file order:\n%s\n---\n%s", a, b)
	}
}

func TestSARIFPaths(t *testing.T) {
	cases := map[string]string{
		"db/./migrations/../migrations/001.sql": "db/migrations/001.sql",
		"001:x.sql":                             "./001:x.sql", // not a "001:" scheme
		"/abs/db/001.sql":                       "file:///abs/db/001.sql",
	}
	for in, want := range cases {
		if got := *artifactLocation(repoPath(in)).URI; got != want {
			t.Errorf("uri(%q) = %q, want %q", in, got, want)
		}
	}
	if base := artifactLocation("/abs/x.sql").URIBaseId; base != nil {
		t.Errorf("absolute uri has uriBaseId %q", *base)
	}
}

// fingerprintsOf renders one file's diagnostics and returns each result's
// partialFingerprints, in position order.
func fingerprintsOf(t *testing.T, diags ...lint.Diagnostic) []map[string]string {
	t.Helper()
	for i := range diags {
		diags[i].File = "db/001.sql"
	}
	res := &lint.Result{Files: []lint.FileResult{{Path: "db/001.sql", Diagnostics: diags}}}
	_, log := renderSARIF(t, res, Options{})
	var out []map[string]string
	for _, r := range log.Runs[0].Results {
		out = append(out, r.PartialFingerprints)
	}
	return out
}

func TestFingerprintsIgnoreLineNumbers(t *testing.T) {
	d := lint.Diagnostic{Code: "PG101", Name: "index-not-concurrent", Severity: lint.Error, Message: "m",
		Statement: "CREATE INDEX i ON t (a);", Line: 3, Column: 1, EndLine: 3, EndColumn: 24}
	before := fingerprintsOf(t, d)
	// Ten lines inserted above, and the statement reflowed.
	moved := d
	moved.Line, moved.EndLine, moved.Statement = 13, 14, "CREATE INDEX i\n   ON t (a);"
	after := fingerprintsOf(t, moved)
	if len(before) != 1 || len(after) != 1 {
		t.Fatalf("results: %v, %v", before, after)
	}
	for _, k := range []string{fingerprintGitHub, fingerprintOwn} {
		if before[0][k] == "" || before[0][k] != after[0][k] {
			t.Errorf("%s changed when lines were inserted above: %q → %q", k, before[0][k], after[0][k])
		}
	}
}

func TestFingerprintsDistinguishIdenticalStatements(t *testing.T) {
	d := lint.Diagnostic{Code: "PG101", Name: "index-not-concurrent", Severity: lint.Error, Message: "m",
		Statement: "CREATE INDEX i ON t (a);", Line: 3, Column: 1, EndLine: 3, EndColumn: 24}
	twin := d
	twin.Line, twin.EndLine = 9, 9
	other := d
	other.Code, other.Line, other.EndLine = "PG102", 12, 12
	fps := fingerprintsOf(t, d, twin, other)
	if len(fps) != 3 {
		t.Fatalf("results: %v", fps)
	}
	for _, k := range []string{fingerprintGitHub, fingerprintOwn} {
		if fps[0][k] == fps[1][k] || fps[0][k] == fps[2][k] || fps[1][k] == fps[2][k] {
			t.Errorf("%s not distinct: %q %q %q", k, fps[0][k], fps[1][k], fps[2][k])
		}
	}
	h0, _, _ := strings.Cut(fps[0][fingerprintGitHub], ":")
	h1, _, _ := strings.Cut(fps[1][fingerprintGitHub], ":")
	if h0 != h1 || !strings.HasSuffix(fps[0][fingerprintGitHub], ":1") || !strings.HasSuffix(fps[1][fingerprintGitHub], ":2") {
		t.Errorf("identical statements should share the hash and differ by occurrence: %q, %q",
			fps[0][fingerprintGitHub], fps[1][fingerprintGitHub])
	}
}
