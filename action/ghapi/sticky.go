package ghapi

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v57/github"
)

// Sticky is one comment per marker on a pull request, kept up to date in
// place: found again by its hidden marker on a comment this identity wrote,
// across every page of the conversation.
type Sticky struct {
	PR     int
	Marker string
	Author Identity
}

func (s Sticky) mine(c *github.IssueComment) bool {
	return strings.Contains(c.GetBody(), s.Marker) && s.Author.Wrote(c.GetUser())
}

// Find lists this identity's comments carrying the marker, oldest first.
func (c *Client) Find(ctx context.Context, s Sticky) ([]*github.IssueComment, error) {
	var mine []*github.IssueComment
	err := pages(func(opts github.ListOptions) (*github.Response, error) {
		page, resp, err := c.gh.Issues.ListComments(ctx, c.owner, c.repo, s.PR,
			&github.IssueListCommentsOptions{ListOptions: opts})
		for _, cm := range page {
			if s.mine(cm) {
				mine = append(mine, cm)
			}
		}
		return resp, err
	})
	if err != nil {
		return nil, fmt.Errorf("list the comments of pull request #%d: %w", s.PR, err)
	}
	return mine, nil
}

// Upsert writes body as the sticky comment: it edits the existing one (not
// at all when the body is unchanged) or creates it, and deletes duplicates
// that concurrent runs may have left. It returns the comment.
func (c *Client) Upsert(ctx context.Context, s Sticky, body string) (*github.IssueComment, error) {
	mine, err := c.Find(ctx, s)
	if err != nil {
		return nil, err
	}
	if len(mine) == 0 {
		cm, _, err := c.gh.Issues.CreateComment(ctx, c.owner, c.repo, s.PR, &github.IssueComment{Body: &body})
		if err != nil {
			return nil, fmt.Errorf("create the comment on pull request #%d: %w", s.PR, err)
		}
		return cm, nil
	}
	keep := mine[0]
	if keep.GetBody() != body {
		edited, _, err := c.gh.Issues.EditComment(ctx, c.owner, c.repo, keep.GetID(), &github.IssueComment{Body: &body})
		if err != nil {
			return nil, fmt.Errorf("update comment %d on pull request #%d: %w", keep.GetID(), s.PR, err)
		}
		keep = edited
	}
	for _, dup := range mine[1:] {
		if _, err := c.gh.Issues.DeleteComment(ctx, c.owner, c.repo, dup.GetID()); err != nil {
			return keep, fmt.Errorf("delete duplicate comment %d on pull request #%d: %w", dup.GetID(), s.PR, err)
		}
	}
	return keep, nil
}

// Delete removes the sticky comment (when the pull request became clean)
// and says how many comments it removed.
func (c *Client) Delete(ctx context.Context, s Sticky) (int, error) {
	mine, err := c.Find(ctx, s)
	if err != nil {
		return 0, err
	}
	for i, cm := range mine {
		if _, err := c.gh.Issues.DeleteComment(ctx, c.owner, c.repo, cm.GetID()); err != nil {
			return i, fmt.Errorf("delete comment %d on pull request #%d: %w", cm.GetID(), s.PR, err)
		}
	}
	return len(mine), nil
}
