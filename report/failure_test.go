package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules"
	"github.com/schemaguard/schemaguard/migrate"
)

// A run the tool could not complete still yields a valid SARIF log, whose
// invocation says so, so an upload step downstream never breaks and code
// scanning does not read the empty run as "no problems".
func TestSARIFOfAFailedRun(t *testing.T) {
	res := lint.Failure(errors.New("db/3_x.sql:7: unfinished SQL statement"), "db", lint.Error)
	out, _ := renderSARIF(t, res, Options{Rules: rules.All()})
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := compileSchema(t).Validate(inst); err != nil {
		t.Fatalf("invalid SARIF: %v", err)
	}
	var log struct {
		Runs []struct {
			Results     []any
			Invocations []struct {
				ExecutionSuccessful        bool
				ExitCode                   int
				ToolExecutionNotifications []struct {
					Level   string
					Message struct{ Text string }
				}
			}
		}
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != 0 || len(run.Invocations) != 1 {
		t.Fatalf("run: %s", out)
	}
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful || inv.ExitCode != 2 || len(inv.ToolExecutionNotifications) != 1 ||
		inv.ToolExecutionNotifications[0].Level != "error" ||
		inv.ToolExecutionNotifications[0].Message.Text != "db/3_x.sql:7: unfinished SQL statement" {
		t.Errorf("invocation: %+v", inv)
	}
	// A completed run says nothing of invocations.
	ok, _ := renderSARIF(t, fixture(), Options{})
	if bytes.Contains(ok, []byte("invocations")) {
		t.Error("a completed run lists an invocation")
	}
}

// A failed run in the github format is one error annotation, on the file
// and line at fault when the error names them.
func TestGitHubOfAFailedRun(t *testing.T) {
	err := &migrate.Error{Dir: "db", File: "00003_x.sql", Line: 7, Msg: "unfinished SQL statement: missing semicolon?"}
	var b bytes.Buffer
	if e := GitHub(&b, lint.Failure(err, "db", lint.Error), Options{}); e != nil {
		t.Fatal(e)
	}
	want := "::error file=db/00003_x.sql,line=7,title=schemaguard::db/00003_x.sql:7: unfinished SQL statement: missing semicolon?\n"
	if b.String() != want {
		t.Errorf("got %q\nwant %q", b.String(), want)
	}
	b.Reset()
	_ = GitHub(&b, lint.Failure(errors.New("--dev-url: cannot connect"), "db", lint.Error), Options{})
	if b.String() != "::error title=schemaguard::--dev-url: cannot connect\n" {
		t.Errorf("got %q", b.String())
	}
}
