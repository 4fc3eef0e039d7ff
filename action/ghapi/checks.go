package ghapi

import (
	"context"
	"fmt"

	"github.com/google/go-github/v57/github"
)

// MaxAnnotationsPerRequest is the Checks API's limit per create or update.
const MaxAnnotationsPerRequest = 50

// CheckRun is a completed check run with its annotations.
type CheckRun struct {
	Name, HeadSHA string
	// Conclusion: success, neutral or failure.
	Conclusion     string
	Title, Summary string
	Annotations    []*github.CheckRunAnnotation
}

// PublishCheckRun creates the check run with the first 50 annotations and
// adds the rest 50 at a time (GitHub appends annotations on update), then
// completes it. It returns the check run's URL.
func (c *Client) PublishCheckRun(ctx context.Context, run CheckRun) (string, error) {
	var batches [][]*github.CheckRunAnnotation
	for rest := run.Annotations; len(rest) > 0; {
		n := min(len(rest), MaxAnnotationsPerRequest)
		batches = append(batches, rest[:n])
		rest = rest[n:]
	}
	if len(batches) == 0 {
		batches = append(batches, nil)
	}
	output := func(batch []*github.CheckRunAnnotation) *github.CheckRunOutput {
		return &github.CheckRunOutput{Title: &run.Title, Summary: &run.Summary, Annotations: batch}
	}
	status := func(last bool) (*string, *string) {
		if last {
			return github.String("completed"), &run.Conclusion
		}
		return github.String("in_progress"), nil
	}
	st, concl := status(len(batches) == 1)
	cr, _, err := c.gh.Checks.CreateCheckRun(ctx, c.owner, c.repo, github.CreateCheckRunOptions{
		Name: run.Name, HeadSHA: run.HeadSHA, Status: st, Conclusion: concl, Output: output(batches[0])})
	if err != nil {
		return "", fmt.Errorf("create the check run %q: %w", run.Name, err)
	}
	for i, batch := range batches[1:] {
		st, concl := status(i == len(batches)-2)
		if _, _, err := c.gh.Checks.UpdateCheckRun(ctx, c.owner, c.repo, cr.GetID(), github.UpdateCheckRunOptions{
			Name: run.Name, Status: st, Conclusion: concl, Output: output(batch)}); err != nil {
			return cr.GetHTMLURL(), fmt.Errorf("add annotations to the check run %q: %w", run.Name, err)
		}
	}
	return cr.GetHTMLURL(), nil
}
