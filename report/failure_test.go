package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/rules"
)

// A run the tool could not complete still yields a valid SARIF log, whose
// invocation says so, so an upload step downstream never breaks and code
// scanning does not read the empty run as "no problems".
func TestSARIFOfAFailedRun(t *testing.T) {
	res := lint.Failure(errors.New("db/3_x.sql:7: unfinished SQL statement"), lint.Error)
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
