package action

import (
	"errors"
	"strconv"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
)

// Output names, exactly as action.yml declares them.
const (
	outErrors     = "errors"
	outWarnings   = "warnings"
	outFiles      = "files"
	outReport     = "report"
	outSARIF      = "sarif"
	outCommentURL = "comment-url"
	outPushed     = "pushed"
)

// OutputNames lists every output the entrypoint sets; a test keeps it,
// the outputs of action.yml and docs/action.md the same set.
func OutputNames() []string {
	return []string{outErrors, outWarnings, outFiles, outReport, outSARIF, outCommentURL, outPushed}
}

// go-githubactions writes every output as a heredoc with this fixed
// delimiter; a value holding it would end the value early.
const outputDelimiter = "_GitHubActionsFileCommandDelimeter_"

// writeOutputs sets every declared output (empty when it does not apply:
// no sarif asked for, no comment written). Without GITHUB_OUTPUT (not on a
// runner) there is nowhere to write them.
func (r *run) writeOutputs(res *lint.Result, files writtenFiles, pub publication, pushed string) error {
	if r.getenv("GITHUB_OUTPUT") == "" {
		return nil
	}
	values := map[string]string{
		outErrors:     strconv.Itoa(res.Summary.Errors),
		outWarnings:   strconv.Itoa(res.Summary.Warnings),
		outFiles:      strconv.Itoa(res.Summary.Files),
		outReport:     files.report,
		outSARIF:      files.sarif,
		outCommentURL: strings.Join(pub.commentURLs, "\n"),
		outPushed:     pushed,
	}
	for _, name := range OutputNames() {
		v := values[name]
		if strings.Contains(v, outputDelimiter) {
			return errors.New("output " + name + " would contain the runner's output delimiter")
		}
		if err := fileCommand(func() { r.gha.SetOutput(name, v) }); err != nil {
			return err
		}
	}
	return nil
}
