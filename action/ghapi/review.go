package ghapi

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v57/github"
)

// Files maps each file of the pull request (its path at the head) to its
// patch: the unified diff GitHub accepts review comments on. A file without
// a patch (binary, too large) maps to "".
func (c *Client) Files(ctx context.Context, pr int) (map[string]string, error) {
	files := map[string]string{}
	err := pages(func(opts github.ListOptions) (*github.Response, error) {
		page, resp, err := c.gh.PullRequests.ListFiles(ctx, c.owner, c.repo, pr, &opts)
		for _, f := range page {
			files[f.GetFilename()] = f.GetPatch()
		}
		return resp, err
	})
	if err != nil {
		return nil, fmt.Errorf("list the files of pull request #%d: %w", pr, err)
	}
	return files, nil
}

// ReviewComment is one line comment of a review: on Line of Path at the
// head (side RIGHT), spanning from StartLine when it is set.
type ReviewComment struct {
	Path      string
	StartLine int // 0: a single-line comment
	Line      int
	Body      string
}

// Commented is an earlier review comment: its body and the line it is on
// now (GitHub moves a comment with its line as the diff changes; 0 when
// the line itself changed and the comment is outdated).
type Commented struct {
	Body string
	Line int
}

// Commented lists the review comments author wrote on the pull request
// that hold marker, every page of them, so a re-run can skip the findings
// it already commented on.
func (c *Client) Commented(ctx context.Context, pr int, author Identity, marker string) ([]Commented, error) {
	var out []Commented
	err := pages(func(opts github.ListOptions) (*github.Response, error) {
		page, resp, err := c.gh.PullRequests.ListComments(ctx, c.owner, c.repo, pr,
			&github.PullRequestListCommentsOptions{ListOptions: opts})
		for _, cm := range page {
			if author.Wrote(cm.GetUser()) && strings.Contains(cm.GetBody(), marker) {
				out = append(out, Commented{Body: cm.GetBody(), Line: cm.GetLine()})
			}
		}
		return resp, err
	})
	if err != nil {
		return nil, fmt.Errorf("list the review comments of pull request #%d: %w", pr, err)
	}
	return out, nil
}

// Review posts one review that only comments (it neither approves nor
// requests changes) with all the line comments, on commit. It returns the
// review's URL.
func (c *Client) Review(ctx context.Context, pr int, commit, body string, comments []ReviewComment) (string, error) {
	req := &github.PullRequestReviewRequest{Body: &body, Event: github.String("COMMENT")}
	if commit != "" {
		req.CommitID = &commit
	}
	for _, rc := range comments {
		dc := &github.DraftReviewComment{Path: github.String(rc.Path), Line: github.Int(rc.Line),
			Side: github.String("RIGHT"), Body: github.String(rc.Body)}
		if rc.StartLine > 0 && rc.StartLine < rc.Line {
			dc.StartLine, dc.StartSide = github.Int(rc.StartLine), github.String("RIGHT")
		}
		req.Comments = append(req.Comments, dc)
	}
	rv, _, err := c.gh.PullRequests.CreateReview(ctx, c.owner, c.repo, pr, req)
	if err != nil {
		return "", fmt.Errorf("create the review on pull request #%d: %w", pr, err)
	}
	return rv.GetHTMLURL(), nil
}
