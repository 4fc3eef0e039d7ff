package lint_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/observed"
	"github.com/schemaguard/schemaguard/schema"
)

// columnProbe reports, for each ADD COLUMN, the columns the catalog knows
// on the table right before the statement, so a test can see whose schema
// the rules read.
var columnProbe = &lint.Analyzer{
	Code: "ZZ002", Name: "column-probe", Severity: lint.Warning, Dialects: []string{lint.Postgres},
	Run: func(p *lint.Pass) {
		for _, c := range p.Changes() {
			if ac, ok := c.(*schema.AddColumn); ok {
				var names []string
				if t := p.Realm.Table(ac.Table); t != nil {
					for _, col := range t.Columns {
						names = append(names, col.Name)
					}
				}
				p.Reportf(ac, "", "columns=%s observed=%v", strings.Join(names, ","), p.Observed() != nil)
			}
		}
	},
}

// With a dev database, the server's schema replaces the model's for the
// tables a statement touched, every diagnostic of an observed statement
// carries the evidence, and a statement the server refused is RP101 with
// its error, at the position the server pointed at.
func TestObservationsReachTheRules(t *testing.T) {
	dir := openDir(t, migrate.FormatAtlas, map[string]string{
		"1_a.sql": "CREATE TABLE t AS SELECT 1 AS id;\n",
		"2_b.sql": "ALTER TABLE t ADD COLUMN x int;\nALTER TABLE t ADD COLUMN y int;\nALTER TABLE nope ADD COLUMN z int;\nALTER TABLE t ADD COLUMN w int;\n",
	})
	server := func(cols ...string) *schema.Table {
		tb := &schema.Table{Origin: schema.Origin{Existing: true}, Name: schema.QName{Schema: "public", Name: "t"}}
		for _, c := range cols {
			tb.Columns = append(tb.Columns, &schema.Column{Origin: schema.Origin{Existing: c == "id"}, Name: c, Type: schema.Type{Name: "int4"}})
		}
		return tb
	}
	lock := observed.Lock{Relation: schema.QName{Schema: "public", Name: "t"}, Kind: "table", Mode: "ACCESS EXCLUSIVE"}
	obs := []observed.Statement{
		{Ran: true, Locks: []observed.Lock{lock}, InTx: true, Duration: 1500 * time.Microsecond,
			Before: []*schema.Table{server("id")}, After: []*schema.Table{server("id", "x")}},
		{Ran: true, InTx: true, Before: []*schema.Table{server("id", "x")}, After: []*schema.Table{server("id", "x", "y")}},
		{Ran: true, InTx: true, Err: &observed.ServerError{Code: "42P01", Message: `relation "nope" does not exist`, Position: 13}},
		{Ran: false},
	}
	cfg := &lint.Config{Analyzers: []*lint.Analyzer{lint.SyntaxError, lint.ReplayFailed, columnProbe},
		Observed: func(f *migrate.File) []observed.Statement {
			if f.Name != "2_b.sql" {
				t.Errorf("observations asked for %s", f.Name)
			}
			return obs
		}}
	res := run(t, cfg, dir, lint.Latest(1, dir))
	var got []string
	var ev []*lint.Evidence
	for _, d := range res.Files[0].Diagnostics {
		got = append(got, d.Code+" "+d.Message)
		ev = append(ev, d.Evidence)
	}
	want := []string{
		// CREATE TABLE AS: the model knows no columns; the server does.
		"ZZ002 columns=id observed=true",
		"ZZ002 columns=id,x observed=true",
		`RP101 Statement fails on the dev database: relation "nope" does not exist (SQLSTATE 42P01)`,
		"ZZ002 columns= observed=true",
		// The replay stopped: the rest is static, on the model as it stands.
		"ZZ002 columns=id,x,y observed=false",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if ev[0] == nil || len(ev[0].Locks) != 1 || ev[0].DurationMS != 1.5 || ev[4] != nil {
		t.Errorf("evidence: %+v / %+v", ev[0], ev[4])
	}
	if e := ev[2]; e == nil || e.ServerError == nil || e.ServerError.Code != "42P01" {
		t.Errorf("RP101 evidence: %+v", e)
	}
	rp := res.Files[0].Diagnostics[2]
	if rp.Line != 3 || rp.Column != 13 || rp.Severity != lint.Error {
		t.Errorf("RP101 at %d:%d %v, want 3:13 error", rp.Line, rp.Column, rp.Severity)
	}
}

// With a dev database the server decides what a statement the parser cannot
// read is: one it ran is newer syntax (a notice), one it refused is RP101
// alone, and one the replay never reached stays SY101.
func TestSyntaxErrorsFollowTheServer(t *testing.T) {
	dir := openDir(t, migrate.FormatAtlas, map[string]string{
		"1_a.sql": "CREATE TABLE t (id int);\n",
		"2_b.sql": "ALTER TABLE t FROBNICATE x;\nALTER TABLE t FROBNICATE y;\nALTER TABLE t FROBNICATE z;\n",
	})
	obs := []observed.Statement{
		{Ran: true, InTx: true},
		{Ran: true, InTx: true, Err: &observed.ServerError{Code: "42601", Message: `syntax error at or near "FROBNICATE"`, Position: 15}},
		{Ran: false},
	}
	cfg := &lint.Config{Analyzers: []*lint.Analyzer{lint.SyntaxError, lint.ReplayFailed},
		Observed: func(*migrate.File) []observed.Statement { return obs }}
	res := run(t, cfg, dir, lint.Latest(1, dir))
	var got []string
	for _, d := range res.Files[0].Diagnostics {
		got = append(got, fmt.Sprintf("%d %s %s %s", d.Line, d.Code, d.Severity, d.Message))
	}
	want := []string{
		`1 SY101 notice Syntax error at or near "FROBNICATE": the dev database ran it, so this is syntax newer than schemaguard's parser; the static rules skipped this statement`,
		`2 RP101 error Statement fails on the dev database: syntax error at or near "FROBNICATE" (SQLSTATE 42601)`,
		`3 SY101 error Syntax error at or near "FROBNICATE"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
