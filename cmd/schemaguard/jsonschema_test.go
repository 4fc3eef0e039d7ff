package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/schemaguard/schemaguard/internal/dbtest"
)

// The lint JSON output is a documented contract: docs/lint-output.schema.json.
func TestLintJSONMatchesDocumentedSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(filepath.Join("..", "..", "docs", "lint-output.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"lint", "--dir", "../../examples/postgres", "--format", "json"},
		{"lint", "--dir", "../../examples/postgres", "--format", "json", "--all"},
		{"lint", "--dir", "../../examples/mysql", "--dialect", "mysql", "--format", "json"},
		{"lint", "--dir", "../../examples/mysql", "--dialect", "mariadb", "--format", "json", "--fail-on", "none"},
		// Replayed: evidence, a server error, the dev database's version.
		{"lint", "--dir", "../../examples/postgres", "--format", "json", "--all", "--dev-url", dbtest.ServerURL("postgres")},
		{"lint", "--dir", "testdata/devdb-mysql", "--format", "json", "--dev-url", dbtest.ServerURL("mysql")},
	} {
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut); code > 1 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut.String())
		}
		doc, err := jsonschema.UnmarshalJSON(&out)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if err := sch.Validate(doc); err != nil {
			t.Errorf("%v: output does not match the documented schema: %v", args, err)
		}
	}
	// A run that cannot complete still writes a valid document naming why.
	var out, errOut bytes.Buffer
	if code := run([]string{"lint", "--dir", "no-such-dir", "--format", "json"}, &out, &errOut); code != 2 {
		t.Fatalf("missing dir: exit %d", code)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatalf("error document: %v\n%s", err, out.String())
	}
	if err := sch.Validate(doc); err != nil {
		t.Errorf("error document does not match the schema: %v", err)
	}
	if m, _ := doc.(map[string]any); m["error"] == nil || m["failed"] != true || !strings.Contains(errOut.String(), "no-such-dir") {
		t.Errorf("error document: %s / stderr %s", out.String(), errOut.String())
	}

	// The schema is strict enough to catch a broken position or severity.
	bad := `{"dir":"m","format":"atlas","dialect":"postgres","fail_on":"error","failed":true,
		"summary":{"files":1,"errors":1,"warnings":0,"notices":0,"suppressed":0},
		"files":[{"path":"m/1.sql","name":"1.sql","suppressed":0,"diagnostics":[
		{"code":"DS103","name":"drop-column","severity":"fatal","message":"x","line":0,"column":1,"end_line":1,"end_column":1}]}]}`
	doc, err = jsonschema.UnmarshalJSON(bytes.NewReader([]byte(bad)))
	if err != nil {
		t.Fatal(err)
	}
	if sch.Validate(doc) == nil {
		t.Error("line 0 and severity fatal must not validate")
	}
}
