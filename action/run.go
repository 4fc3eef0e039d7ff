package action

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sethvargo/go-githubactions"

	"github.com/schemaguard/schemaguard/action/ghapi"
	"github.com/schemaguard/schemaguard/internal/pipeline"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/report"
)

// Exit statuses, as everywhere in schemaguard.
const (
	ExitOK       = 0
	ExitFindings = 1 // findings at or above fail-on
	ExitError    = 2 // the action could not do its job
)

// Env is what the action runs with.
type Env struct {
	Getenv  func(string) string
	Stdout  io.Writer
	Version string
	// Retry overrides the GitHub API's retry policy (tests make the waits
	// instant); the zero value is the default.
	Retry ghapi.RetryPolicy
}

// run is one execution of the action.
type run struct {
	env    Env
	gha    *githubactions.Action
	in     *Inputs
	ev     *Event
	rb     rebaser
	runURL string // the workflow run, whose page holds the job summary
	// blobURL + repository path links a file at the commit under review.
	blobURL string
}

// Run executes the action: it reads everything from the environment, lints,
// reports, and returns the exit status: 0, 1 for findings at or above
// fail-on, 2 with the error (already reported as an ::error:: annotation)
// when it could not do its job. It changes the process's working directory
// to the working-directory input.
func Run(ctx context.Context, env Env) (int, error) {
	gha := githubactions.New(githubactions.WithWriter(env.Stdout), githubactions.WithGetenv(env.Getenv))
	in, err := ReadInputs(gha.GetInput)
	// Masks go out before anything else is printed, even an input error.
	if in != nil {
		for _, s := range in.Secrets() {
			gha.AddMask(s)
		}
	}
	r := &run{env: env, gha: gha, in: in}
	if err != nil {
		return r.toolError(err)
	}
	return r.main(ctx)
}

func (r *run) getenv(k string) string { return r.env.Getenv(k) }

func (r *run) printf(format string, args ...any) {
	fmt.Fprintf(r.env.Stdout, format+"\n", args...)
}

// toolError reports an error that keeps the action from doing its job: an
// ::error:: annotation, the reason in the job summary, exit status 2.
func (r *run) toolError(err error) (int, error) {
	msg := err.Error()
	if r.in != nil {
		for _, s := range r.in.Secrets() {
			msg = strings.ReplaceAll(msg, s, "***")
		}
	}
	r.gha.WithFieldsMap(map[string]string{"title": "schemaguard"}).Errorf("%s", msg)
	if r.getenv("GITHUB_STEP_SUMMARY") != "" {
		_ = fileCommand(func() {
			r.gha.AddStepSummary("### schemaguard could not run\n\n" + report.MarkdownText(msg) + "\n")
		})
	}
	return ExitError, errors.New(msg)
}

func (r *run) main(ctx context.Context) (int, error) {
	start, err := os.Getwd()
	if err != nil {
		return r.toolError(err)
	}
	if r.in.WorkDir != "" {
		if err := os.Chdir(r.in.WorkDir); err != nil {
			return r.toolError(&inputError{inWorkDir, err.Error()})
		}
	}
	cwd, err := os.Getwd()
	if err != nil {
		return r.toolError(err)
	}
	r.rb = newRebaser(cwd, repoRoot(cwd, r.getenv("GITHUB_WORKSPACE")))
	ev, err := ReadEvent(r.getenv("GITHUB_EVENT_NAME"), r.getenv("GITHUB_EVENT_PATH"), r.getenv("GITHUB_SHA"), r.getenv("GITHUB_REF"))
	if err != nil {
		return r.toolError(err)
	}
	r.ev = ev
	r.setURLs()

	base, latest, all, what := selection(r.in, ev)
	r.printf("schemaguard: linting %s", what)
	results, err := r.lint(ctx, base, latest, all)
	if err != nil {
		return r.toolError(err)
	}
	dirs := make([]string, len(results)) // as the working directory names them
	for i, res := range results {
		dirs[i] = res.Dir
		r.rb.rebase(res)
	}
	merged := lint.Merge(results...)
	files, err := r.writeFiles(start, merged)
	if err != nil {
		return r.toolError(err)
	}
	anns := report.Annotations(merged)
	for _, a := range anns {
		r.printf("%s", a.Command())
	}
	for _, res := range results {
		r.printf("schemaguard: %s: %s", res.Dir, summaryWords(res))
	}
	pub := r.publish(ctx, results, anns)
	if err := r.writeSummary(results, what, pub); err != nil {
		return r.toolError(err)
	}
	pushed, err := r.push(ctx, results, dirs, merged.Failed)
	if err != nil {
		return r.toolError(err)
	}
	if err := r.writeOutputs(merged, files, pub, pushed); err != nil {
		return r.toolError(err)
	}
	if merged.Failed {
		return ExitFindings, nil
	}
	return ExitOK, nil
}

// lint runs the pipeline for each directory of the dir input (each in its
// own section), or once for the configuration's directories.
func (r *run) lint(ctx context.Context, base string, latest int, all bool) ([]*lint.Result, error) {
	req := pipeline.Request{Config: r.in.Config, Format: r.in.DirFormat, Dialect: r.in.Dialect, FailOn: r.in.FailOn,
		Base: base, Latest: latest, All: all, DevURL: r.in.DevURL, Log: r.env.Stdout}
	dirs := r.in.Dirs
	if len(dirs) == 0 {
		dirs = []string{""}
	}
	var results []*lint.Result
	for _, d := range dirs {
		req.Dir = d
		rs, err := pipeline.Lint(ctx, req)
		if err != nil {
			if d == "" {
				return nil, err
			}
			return nil, fmt.Errorf("dir %s: %w", d, err)
		}
		results = append(results, rs...)
	}
	return results, nil
}

func (r *run) setURLs() {
	server := strings.TrimSuffix(r.getenv("GITHUB_SERVER_URL"), "/")
	if server == "" {
		server = "https://github.com"
	}
	repo := r.getenv("GITHUB_REPOSITORY")
	if repo == "" {
		return
	}
	if id := r.getenv("GITHUB_RUN_ID"); id != "" {
		r.runURL = server + "/" + repo + "/actions/runs/" + id
	}
	if r.ev.HeadSHA != "" {
		r.blobURL = server + "/" + repo + "/blob/" + r.ev.HeadSHA + "/"
	}
}

// summaryWords: "2 files linted: 1 error, 3 warnings".
func summaryWords(res *lint.Result) string {
	return plural(res.Summary.Files, "file") + " linted: " + report.CountWords(res.Summary)
}

// fileCommand runs a go-githubactions file command (outputs, summary),
// which panics when it cannot write its file, and returns that as an error.
func fileCommand(f func()) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	f()
	return nil
}
