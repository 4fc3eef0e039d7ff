package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/lint"
)

// Notices of many history files do not bury the findings: the text report
// shows the first few and counts the rest.
func TestTextCountsHistoryNotices(t *testing.T) {
	res := &lint.Result{}
	for i := 1; i <= 5; i++ {
		p := fmt.Sprintf("db/%d.sql", i)
		res.Files = append(res.Files, lint.FileResult{Path: p, History: true, Diagnostics: []lint.Diagnostic{{Code: "SY101",
			Name: "syntax-error", Severity: lint.Notice, Message: "m: history file skipped from here", Line: 1, Column: 1}}})
	}
	res.Files = append(res.Files, lint.FileResult{Path: "db/6.sql", Diagnostics: []lint.Diagnostic{{Code: "DS103",
		Name: "drop-column", Severity: lint.Error, Message: "Dropping column", Line: 2, Column: 1}}})
	var b bytes.Buffer
	if err := Text(&b, res, Options{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Count(out, "notice SY101") != 3 || !strings.Contains(out, "… and 2 more history files with notices like the ones above") ||
		!strings.Contains(out, "db/6.sql:2:1: error DS103") {
		t.Errorf("text report:\n%s", out)
	}
}
