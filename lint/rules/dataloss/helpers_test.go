package dataloss

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/schemaguard/schemaguard/dialect/mysql"
	"github.com/schemaguard/schemaguard/dialect/postgres"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/migrate/split"
)

// lintFiles lints the last of files (each a list of statements) after
// folding the others, and returns the diagnostics of the last one.
func lintFiles(t *testing.T, cfg lint.Config, files ...[]string) []lint.Diagnostic {
	t.Helper()
	fsys := fstest.MapFS{}
	for i, stmts := range files {
		fsys[fmt.Sprintf("m/%d_f.sql", i+1)] = &fstest.MapFile{Data: []byte(strings.Join(stmts, ";\n") + ";\n")}
	}
	sd := split.Postgres
	if cfg.Dialect == lint.MySQL {
		sd = split.MySQL
	}
	dir, err := migrate.OpenFS(fsys, "m", migrate.Options{Format: migrate.FormatAtlas, Dialect: sd})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Analyzers == nil {
		cfg.Analyzers = append(Analyzers(), lint.SyntaxError)
	}
	cfg.FailOn = lint.Error
	res := lint.Run(dir, lint.Latest(1, dir), cfg)
	if len(res.Files) != 1 {
		t.Fatalf("linted %d files, want 1", len(res.Files))
	}
	return res.Files[0].Diagnostics
}

func pgConfig() lint.Config { return lint.Config{Dialect: lint.Postgres, Parser: postgres.New()} }

func mysqlConfig(mariadb bool) lint.Config {
	return lint.Config{Dialect: lint.MySQL, MariaDB: mariadb, Parser: mysql.New(mariadb)}
}

// codes lists diagnostics as "CODE@line" for compact comparison.
func codes(ds []lint.Diagnostic) string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s@%d", d.Code, d.Line))
	}
	return strings.Join(out, " ")
}

func expectCodes(t *testing.T, ds []lint.Diagnostic, want string) {
	t.Helper()
	if got := codes(ds); got != want {
		var msgs []string
		for _, d := range ds {
			msgs = append(msgs, d.Code+" "+d.Message)
		}
		t.Errorf("got  %q\nwant %q\n%s", got, want, strings.Join(msgs, "\n"))
	}
}
