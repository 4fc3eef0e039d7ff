// Package action is the GitHub Action's glue: it reads the step's inputs,
// the event payload and the runner's environment, lints through the same
// pipeline as `schemaguard lint`, and reports where reviewers look
// (annotations, job summary, sticky PR comment, review with suggestions,
// check run, outputs). It holds no rule logic.
package action

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/schemaguard/schemaguard/internal/dburl"
	"github.com/schemaguard/schemaguard/internal/pipeline"
	"github.com/schemaguard/schemaguard/migrate"
)

// Input names, exactly as action.yml declares them (the runner exports each
// as INPUT_<NAME> upper-cased with hyphens kept).
const (
	inDir         = "dir"
	inDirFormat   = "dir-format"
	inDialect     = "dialect"
	inDevURL      = "dev-url"
	inConfig      = "config"
	inWorkDir     = "working-directory"
	inFailOn      = "fail-on"
	inComment     = "comment"
	inReview      = "review"
	inToken       = "github-token"
	inBase        = "base"
	inLatest      = "latest"
	inSARIF       = "sarif"
	inPushTo      = "push-to"
	commentValues = "always|on-findings|never"
	reviewValues  = "suggestions|comments|none"
	failOnValues  = "error|warning|none"
)

// InputNames lists every input the entrypoint reads; a test keeps it, the
// inputs of action.yml and docs/action.md the same set.
func InputNames() []string {
	return []string{inDir, inDirFormat, inDialect, inDevURL, inConfig, inWorkDir, inFailOn, inComment,
		inReview, inToken, inBase, inLatest, inSARIF, inPushTo}
}

// Comment modes.
const (
	CommentAlways     = "always"
	CommentOnFindings = "on-findings"
	CommentNever      = "never"
)

// Review modes.
const (
	ReviewSuggestions = "suggestions"
	ReviewComments    = "comments"
	ReviewNone        = "none"
)

// Inputs are the validated inputs of a run. Empty strings mean "not given":
// the configuration file, then the defaults, decide (as with the CLI's
// flags).
type Inputs struct {
	Dirs      []string // one per line of `dir`; none: the config's directories, else "migrations"
	DirFormat string
	Dialect   string
	DevURL    string
	Config    string
	WorkDir   string
	FailOn    string
	Comment   string
	Review    string
	Token     string
	Base      string
	Latest    int
	SARIF     string
	// PushTo is the repository (REGISTRY/REPOSITORY) a push to the default
	// branch publishes the directory to; "" publishes nothing.
	PushTo     string
	devURLMask []string
}

// inputError names the input at fault; the step fails with exit status 2.
type inputError struct {
	input, msg string
}

func (e *inputError) Error() string { return "input " + e.input + ": " + e.msg }

func badValue(input, got, want string) error {
	return &inputError{input, fmt.Sprintf("invalid value %q (accepted: %s)", got, strings.ReplaceAll(want, "|", ", "))}
}

// ReadInputs reads and validates every input. get is the runner's input
// lookup (go-githubactions GetInput: trimmed, "" when not set).
func ReadInputs(get func(string) string) (*Inputs, error) {
	in := &Inputs{
		DirFormat: get(inDirFormat), Dialect: strings.ToLower(get(inDialect)), DevURL: get(inDevURL),
		Config: get(inConfig), WorkDir: get(inWorkDir), FailOn: strings.ToLower(get(inFailOn)),
		Comment: strings.ToLower(get(inComment)), Review: strings.ToLower(get(inReview)), Token: get(inToken),
		Base: get(inBase), SARIF: get(inSARIF),
	}
	// Secrets first: whatever fails below, the caller can mask them before
	// printing anything.
	if in.DevURL != "" {
		u, err := dburl.Parse(in.DevURL)
		if err != nil {
			return in, &inputError{inDevURL, err.Error()}
		}
		in.devURLMask = []string{u.Password()}
	}
	for _, line := range strings.Split(get(inDir), "\n") {
		if d := strings.TrimSpace(line); d != "" && !slices.Contains(in.Dirs, d) {
			in.Dirs = append(in.Dirs, d)
		}
	}
	if in.DirFormat == "" {
		in.DirFormat = migrate.FormatAuto
	}
	formats := append([]string{migrate.FormatAuto}, migrate.Formats()...)
	if !slices.Contains(formats, in.DirFormat) {
		return in, badValue(inDirFormat, in.DirFormat, strings.Join(formats, "|"))
	}
	if in.Dialect != "" {
		if _, err := pipeline.SplitDialect(in.Dialect); err != nil {
			return in, badValue(inDialect, in.Dialect, "postgres|mysql|mariadb")
		}
	}
	if in.FailOn != "" {
		if _, err := pipeline.ParseFailOn(in.FailOn); err != nil {
			return in, badValue(inFailOn, in.FailOn, failOnValues)
		}
	}
	if in.Comment == "" {
		in.Comment = CommentAlways
	}
	if !slices.Contains(strings.Split(commentValues, "|"), in.Comment) {
		return in, badValue(inComment, in.Comment, commentValues)
	}
	if in.Review == "" {
		in.Review = ReviewSuggestions
	}
	if !slices.Contains(strings.Split(reviewValues, "|"), in.Review) {
		return in, badValue(inReview, in.Review, reviewValues)
	}
	if s := get(inLatest); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return in, &inputError{inLatest, fmt.Sprintf("invalid value %q (accepted: a number of files, at least 1)", s)}
		}
		in.Latest = n
	}
	if in.Base != "" && in.Latest != 0 {
		return in, &inputError{inBase, "base and latest both choose the files to lint; give only one"}
	}
	if strings.HasPrefix(in.Base, "-") {
		return in, &inputError{inBase, fmt.Sprintf("invalid git ref %q", in.Base)}
	}
	var err error
	if in.PushTo, err = readPushTo(get(inPushTo)); err != nil {
		return in, err
	}
	return in, nil
}

// Secrets are the values to mask in the log: the token and the dev
// database password (raw and URL-escaped, as either may be printed).
func (in *Inputs) Secrets() []string {
	var out []string
	for _, s := range append([]string{in.Token}, in.devURLMask...) {
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			if form != "" && !slices.Contains(out, form) {
				out = append(out, form)
			}
		}
	}
	return out
}
