package action

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeEvent(t *testing.T, payload string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(p, []byte(payload), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const prPayload = `{"number": 12, "pull_request": {"number": 12,
 "base": {"ref": "main", "sha": "1111111111111111111111111111111111111111", "repo": {"full_name": "acme/shop"}},
 "head": {"ref": "feat", "sha": "2222222222222222222222222222222222222222", "repo": {"full_name": %q}}}}`

func TestReadEvent(t *testing.T) {
	zero := strings.Repeat("0", 40)
	for _, tc := range []struct {
		name, payload, ref string
		want               Event
	}{
		{"pull_request", strings.Replace(prPayload, "%q", `"acme/shop"`, 1), "",
			Event{PR: 12, HeadSHA: "2222222222222222222222222222222222222222", Base: "1111111111111111111111111111111111111111"}},
		{"pull_request", strings.Replace(prPayload, "%q", `"mallory/shop"`, 1), "",
			Event{PR: 12, HeadSHA: "2222222222222222222222222222222222222222", Base: "1111111111111111111111111111111111111111", Fork: true}},
		// pull_request_target runs with a write token even for forks.
		{"pull_request_target", strings.Replace(prPayload, "%q", `"mallory/shop"`, 1), "",
			Event{PR: 12, HeadSHA: "2222222222222222222222222222222222222222", Base: "1111111111111111111111111111111111111111"}},
		{"merge_group", `{"merge_group": {"head_sha": "33", "base_sha": "44", "base_ref": "refs/heads/main"}}`, "",
			Event{HeadSHA: "33", Base: "44"}},
		{"push", `{"before": "55", "after": "66", "ref": "refs/heads/feat", "repository": {"default_branch": "main"}}`, "refs/heads/feat",
			Event{HeadSHA: "66", Base: "55"}},
		{"push", `{"before": "` + zero + `", "after": "66", "ref": "refs/heads/feat", "repository": {"default_branch": "main"}}`, "refs/heads/feat",
			Event{HeadSHA: "66", Base: "origin/main"}},
		{"push", `{"before": "` + zero + `", "after": "66", "ref": "refs/heads/main", "repository": {"default_branch": "main"}}`, "refs/heads/main",
			Event{HeadSHA: "66"}},
		{"push", `{"before": "` + zero + `", "after": "66", "ref": "refs/tags/v1", "repository": {"default_branch": "main"}}`, "refs/tags/v1",
			Event{HeadSHA: "66"}},
		{"schedule", `{"schedule": "0 0 * * *"}`, "", Event{HeadSHA: "sha"}},
	} {
		ev, err := ReadEvent(tc.name, writeEvent(t, tc.payload), "sha", tc.ref)
		if err != nil {
			t.Errorf("%s %s: %v", tc.name, tc.payload, err)
			continue
		}
		if ev.PR != tc.want.PR || ev.HeadSHA != tc.want.HeadSHA || ev.Base != tc.want.Base || ev.Fork != tc.want.Fork {
			t.Errorf("%s %s:\n got %+v\nwant %+v", tc.name, tc.payload, *ev, tc.want)
		}
	}
}

func TestReadEventWithoutPayload(t *testing.T) {
	ev, err := ReadEvent("workflow_dispatch", filepath.Join(t.TempDir(), "missing.json"), "abc", "")
	if err != nil || ev.HeadSHA != "abc" || ev.Base != "" || ev.PR != 0 {
		t.Errorf("got %+v, %v", ev, err)
	}
}

func TestReadEventErrorsNameTheFile(t *testing.T) {
	for name, payload := range map[string]string{
		"pull_request": `{"number": 1}`,
		"merge_group":  `{"merge_group": {}}`,
		"push":         `{"before": 12}`,
	} {
		p := writeEvent(t, payload)
		_, err := ReadEvent(name, p, "", "")
		if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s %s: error %v, want one naming %s", name, payload, err, p)
		}
	}
}

func TestSelection(t *testing.T) {
	ev := &Event{Name: "pull_request", Base: "abc", BaseWhat: "the base"}
	if b, l, all, _ := selection(&Inputs{}, ev); b != "abc" || l != 0 || all {
		t.Errorf("event base: %q %d %v", b, l, all)
	}
	if b, _, _, _ := selection(&Inputs{Base: "origin/dev"}, ev); b != "origin/dev" {
		t.Errorf("the base input must win, got %q", b)
	}
	if b, l, _, _ := selection(&Inputs{Latest: 3}, ev); b != "" || l != 3 {
		t.Errorf("latest: %q %d", b, l)
	}
	if b, l, all, what := selection(&Inputs{}, &Event{Name: "schedule"}); b != "" || l != 0 || !all || !strings.Contains(what, "schedule") {
		t.Errorf("no base: %q %d %v %q", b, l, all, what)
	}
}
