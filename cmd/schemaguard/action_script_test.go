package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/schemaguard/schemaguard/internal/ghfake"
)

// The scripts in testdata/action run the real `schemaguard action`
// entrypoint the way the runner does: INPUT_* variables, an event payload
// written by `ghevent` from the script's git repository, the file commands
// in $WORK, and `github`, a fake GitHub API in this process that records
// every call. UPDATE_GOLDEN=1 rewrites the golden files of the scripts.
func TestActionScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/action",
		UpdateScripts: os.Getenv("UPDATE_GOLDEN") != "",
		Setup: func(env *testscript.Env) error {
			for k, v := range map[string]string{
				"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
				"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
				// Fixed dates make the commit SHAs, and so the golden links, stable.
				"GIT_AUTHOR_DATE": "2024-03-20T10:00:00Z", "GIT_COMMITTER_DATE": "2024-03-20T10:00:00Z",
				"GIT_CONFIG_NOSYSTEM": "1", "NO_COLOR": "1",
				"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "acme/shop", "GITHUB_SERVER_URL": "https://github.com",
				"GITHUB_RUN_ID": "42", "GITHUB_ACTION": "__schemaguard",
				"GITHUB_WORKSPACE":    filepath.Join(env.WorkDir, "repo"),
				"RUNNER_TEMP":         filepath.Join(env.WorkDir, "tmp"),
				"GITHUB_OUTPUT":       filepath.Join(env.WorkDir, "output.txt"),
				"GITHUB_STEP_SUMMARY": filepath.Join(env.WorkDir, "summary.md"),
			} {
				env.Setenv(k, v)
			}
			if err := os.MkdirAll(filepath.Join(env.WorkDir, "tmp"), 0o755); err != nil {
				return err
			}
			holder := &fakeHolder{}
			env.Values[fakeKey{}] = holder
			env.Defer(func() {
				if holder.srv != nil {
					holder.srv.Close()
				}
			})
			return nil
		},
		Cmds: actionScriptCmds(),
	})
}

// actionScriptCmds are the registry scripts' commands (a docker-registry
// for push-to, envfile for multi-line inputs) and the fake GitHub's.
func actionScriptCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	cmds := registryScriptCmds()
	cmds["github"] = cmdGitHub
	cmds["ghevent"] = cmdEvent
	return cmds
}

type fakeKey struct{}

type fakeHolder struct{ srv *ghfake.Server }

func fake(ts *testscript.TestScript) *ghfake.Server {
	h := ts.Value(fakeKey{}).(*fakeHolder)
	if h.srv == nil {
		ts.Fatalf("github start first")
	}
	return h.srv
}

// cmdGitHub drives the fake API:
//
//	github start [ghes]            start it; set GITHUB_API_URL and GITHUB_GRAPHQL_URL
//	github files BASE              the pull request's files: the diff from merge-base(BASE, HEAD) to HEAD
//	github readonly on|off         answer writes with 403 (a fork's token)
//	github ratelimit N [STATUS]    answer the next N writes with a secondary rate limit
//	github rejectreviews on|off    answer reviews with 422 (a line that does not resolve)
//	github comment LOGIN TYPE TEXT add a comment by someone else
//	github filler N                add N comments by a human (pagination)
//	github calls                   print the calls since the last `github calls`
//	github comments                print the comments not by the filler
//	github reviews                 print the reviews with their line comments
//	github checks                  print the check runs
func cmdGitHub(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: github start|files|readonly|ratelimit|rejectreviews|comment|filler|calls|comments|reviews|checks")
	}
	if args[0] == "start" {
		h := ts.Value(fakeKey{}).(*fakeHolder)
		h.srv = ghfake.New()
		api, gql := h.srv.URL, h.srv.URL+"/graphql"
		if len(args) > 1 && args[1] == "ghes" {
			api, gql = h.srv.URL+"/api/v3", h.srv.URL+"/api/graphql"
		}
		ts.Setenv("GITHUB_API_URL", api)
		ts.Setenv("GITHUB_GRAPHQL_URL", gql)
		return
	}
	s := fake(ts)
	switch args[0] {
	case "files":
		files := prFiles(ts, args[1])
		s.Lock()
		s.Files = files
		s.Unlock()
	case "readonly":
		s.Lock()
		s.ReadOnly = args[1] == "on"
		s.Unlock()
	case "rejectreviews":
		s.Lock()
		s.RejectReviews = args[1] == "on"
		s.Unlock()
	case "ratelimit":
		n, _ := strconv.Atoi(args[1])
		s.Lock()
		s.RateLimited, s.RateLimitStatus = n, 0
		if len(args) > 2 {
			s.RateLimitStatus, _ = strconv.Atoi(args[2])
		}
		s.Unlock()
	case "comment":
		s.AddComment(ghfake.User{Login: args[1], Type: args[2]}, strings.Join(args[3:], " "))
	case "filler":
		n, _ := strconv.Atoi(args[1])
		for i := 1; i <= n; i++ {
			s.AddComment(ghfake.User{Login: "filler", Type: "User"}, fmt.Sprintf("comment %d", i))
		}
	case "calls":
		calls := s.Calls()
		for _, c := range calls {
			fmt.Fprintln(ts.Stdout(), c)
		}
		if len(calls) == 0 {
			fmt.Fprintln(ts.Stdout(), "(no calls)")
		}
	case "comments":
		s.Lock()
		n := 0
		for _, c := range s.Comments {
			if c.User.Login != "filler" {
				fmt.Fprintf(ts.Stdout(), "=== comment by %s\n%s\n", c.User.Login, c.Body)
				n++
			}
		}
		s.Unlock()
		if n == 0 {
			fmt.Fprintln(ts.Stdout(), "(no comments)")
		}
	case "reviews":
		s.Lock()
		for _, rv := range s.Reviews {
			fmt.Fprintf(ts.Stdout(), "=== review on %s\n%s\n", rv.CommitID, rv.Body)
			for _, c := range s.ReviewComments {
				if c.ReviewID == rv.ID {
					fmt.Fprintf(ts.Stdout(), "--- %s lines %d-%d\n%s", c.Path, c.StartLine, c.Line, c.Body)
				}
			}
		}
		s.Unlock()
	case "checks":
		for _, cr := range s.SortedCheckRuns() {
			fmt.Fprintf(ts.Stdout(), "=== check run %s on %s: %s %s: %s\n", cr.Name, cr.HeadSHA, cr.Status, cr.Conclusion, cr.Title)
			for _, a := range cr.Annotations {
				fmt.Fprintf(ts.Stdout(), "%v %v:%v-%v %v\n", a["annotation_level"], a["path"], a["start_line"], a["end_line"], a["title"])
			}
		}
	default:
		ts.Fatalf("unknown github command %q", args[0])
	}
}

// prFiles is what GitHub's pull request files API answers: each changed
// file with the hunks of its diff against the merge-base.
func prFiles(ts *testscript.TestScript, base string) []ghfake.File {
	mb := strings.TrimSpace(gitOut(ts, "merge-base", base, "HEAD"))
	diff := gitOut(ts, "diff", "--no-color", "--no-renames", "--unified=3", mb, "HEAD")
	var files []ghfake.File
	for _, section := range strings.Split(diff, "\ndiff --git ") {
		var f ghfake.File
		lines := strings.Split(section, "\n")
		for i, l := range lines {
			switch {
			case strings.HasPrefix(l, "+++ b/"):
				f.Filename = strings.TrimPrefix(l, "+++ b/")
			case strings.HasPrefix(l, "--- a/") && f.Filename == "":
				f.Filename, f.Status = strings.TrimPrefix(l, "--- a/"), "removed"
			case strings.HasPrefix(l, "new file mode"):
				f.Status = "added"
			case strings.HasPrefix(l, "@@"):
				f.Patch = strings.TrimRight(strings.Join(lines[i:], "\n"), "\n")
			}
			if f.Patch != "" {
				break
			}
		}
		if f.Filename == "" {
			continue
		}
		if f.Status == "" {
			f.Status = "modified"
		}
		files = append(files, f)
	}
	return files
}

func gitOut(ts *testscript.TestScript, args ...string) string {
	cmd := exec.Command("git", args...)
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = os.Environ()
	for _, k := range []string{"HOME", "GIT_CONFIG_NOSYSTEM"} {
		cmd.Env = append(cmd.Env, k+"="+ts.Getenv(k))
	}
	out, err := cmd.Output()
	if err != nil {
		ts.Fatalf("git %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

// cmdEvent writes an event payload the way the runner saves it and sets
// GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_SHA and GITHUB_REF:
//
//	ghevent pull_request BASE [fork]   pull request #7 from HEAD into BASE
//	ghevent merge_group BASE
//	ghevent push BEFORE|new BRANCH
//	ghevent workflow_dispatch
func cmdEvent(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: ghevent pull_request|merge_group|push|workflow_dispatch ...")
	}
	sha := func(ref string) string { return strings.TrimSpace(gitOut(ts, "rev-parse", ref)) }
	head := sha("HEAD")
	repo := map[string]any{"full_name": "acme/shop", "name": "shop", "owner": map[string]any{"login": "acme"},
		"default_branch": "main"}
	var payload map[string]any
	ref := "refs/heads/main"
	switch args[0] {
	case "pull_request", "pull_request_target":
		headRepo := repo
		if len(args) > 2 && args[2] == "fork" {
			headRepo = map[string]any{"full_name": "mallory/shop", "name": "shop", "owner": map[string]any{"login": "mallory"}}
		}
		payload = map[string]any{"action": "synchronize", "number": 7, "repository": repo,
			"pull_request": map[string]any{"number": 7,
				"base": map[string]any{"ref": args[1], "sha": sha(args[1]), "repo": repo},
				"head": map[string]any{"ref": "feature", "sha": head, "repo": headRepo}}}
		ref = "refs/pull/7/merge"
	case "merge_group":
		payload = map[string]any{"action": "checks_requested", "repository": repo,
			"merge_group": map[string]any{"head_sha": head, "head_ref": "refs/heads/gh-readonly-queue/main/pr-7-" + head,
				"base_sha": sha(args[1]), "base_ref": "refs/heads/" + args[1]}}
	case "push":
		before := strings.Repeat("0", 40)
		if args[1] != "new" {
			before = sha(args[1])
		}
		ref = "refs/heads/" + args[2]
		payload = map[string]any{"ref": ref, "before": before, "after": head, "repository": repo, "created": args[1] == "new"}
	default:
		payload = map[string]any{"repository": repo}
	}
	data, err := json.MarshalIndent(payload, "", "  ")
	if err != nil {
		ts.Fatalf("%v", err)
	}
	path := filepath.Join(ts.Getenv("WORK"), "event.json")
	ts.Check(os.WriteFile(path, data, 0o644))
	ts.Setenv("GITHUB_EVENT_NAME", args[0])
	ts.Setenv("GITHUB_EVENT_PATH", path)
	ts.Setenv("GITHUB_SHA", head)
	ts.Setenv("GITHUB_REF", ref)
}
