package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/lint"
)

var analyzers = []*lint.Analyzer{
	{Code: "DS103", Name: "drop-column", Severity: lint.Error},
	{Code: "PG101", Name: "index-not-concurrent", Severity: lint.Warning},
}

const sample = `
dialect: postgres
postgres-version: "12"
fail-on: warning
rules:
  DS103: off
  index-not-concurrent: error
directories:
  - dir: db/pg
    format: goose
  - dir: db/mysql
    dialect: mysql
    mysql-version: "8.0"
    rules:
      DS103: warning
`

func TestParseAndTargets(t *testing.T) {
	f, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	ts := f.Targets()
	if len(ts) != 2 {
		t.Fatalf("targets: %+v", ts)
	}
	pg, my := ts[0], ts[1]
	if pg.Dir != "db/pg" || pg.Format != "goose" || pg.Dialect != "postgres" || pg.FailOn != "warning" || pg.PostgresVersion != "12" {
		t.Fatalf("pg target did not inherit: %+v", pg)
	}
	if my.Dialect != "mysql" || my.Rules["DS103"] != "warning" || my.Rules["index-not-concurrent"] != "error" {
		t.Fatalf("mysql target: %+v", my)
	}
	sev, err := pg.Severities(analyzers)
	if err != nil || sev["DS103"] != lint.Off || sev["PG101"] != lint.Error {
		t.Fatalf("severities %v %v", sev, err)
	}
	if got := f.Target("./db/mysql/"); got.Dialect != "mysql" {
		t.Fatalf("Target lookup by path: %+v", got)
	}
}

func TestErrorsNameTheProblem(t *testing.T) {
	cases := map[string]string{
		"dialct: postgres\n":                       `line 1: unknown key "dialct"`,
		"directories:\n  - dir: a\n    formt: x\n": `line 3: unknown key "formt"`,
		"dialect: oracle\n":                        `dialect: unknown dialect "oracle"`,
		"fail-on: sometimes\n":                     `fail-on: unknown threshold "sometimes"`,
		"rules:\n  DS103: loud\n":                  `rules.DS103: unknown severity "loud"`,
		"postgres-version: fourteen\n":             `postgres-version: not a server version`,
		"directories:\n  - format: goose\n":        `directories[0]: dir is required`,
	}
	for doc, want := range cases {
		_, err := Parse([]byte(doc))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want error containing %q", doc, err, want)
		}
	}
	f, _ := Parse([]byte("rules:\n  no-such-rule: off\n  DS999: error\n"))
	_, err := f.Settings.Severities(analyzers)
	if err == nil || !strings.Contains(err.Error(), `"DS999", "no-such-rule"`) {
		t.Fatalf("unknown rules must be named: %v", err)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	wd, _ := os.Getwd()
	t.Cleanup(func() { os.Chdir(wd) })
	os.Chdir(dir)
	if f, err := Load(""); f != nil || err != nil {
		t.Fatalf("no file in the working directory: %v %v", f, err)
	}
	if _, err := Load("missing.yaml"); err == nil {
		t.Fatal("an explicit --config that does not exist is an error")
	}
	os.WriteFile(filepath.Join(dir, FileName), []byte("dialect: mysql\n"), 0o644)
	f, err := Load("")
	if err != nil || f.Dialect != "mysql" || f.Path != FileName {
		t.Fatalf("found file: %+v %v", f, err)
	}
	if f, err := Parse(nil); err != nil || f.Dialect != "" {
		t.Fatalf("empty document: %v %v", f, err)
	}
}
