package ghapi

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v57/github"
)

// Thread is the conversation of a pull request as far as sticky comments
// go: the comments one identity wrote, listed once across every page, in
// which each sticky comment is found again by its hidden marker. A comment
// by anyone else is never edited or deleted, even when it quotes a marker.
type Thread struct {
	c      *Client
	pr     int
	author Identity
	mine   []*github.IssueComment // oldest first
}

// Thread lists the pull request's comments that author wrote.
func (c *Client) Thread(ctx context.Context, pr int, author Identity) (*Thread, error) {
	t := &Thread{c: c, pr: pr, author: author}
	err := pages(func(opts github.ListOptions) (*github.Response, error) {
		page, resp, err := c.gh.Issues.ListComments(ctx, c.owner, c.repo, pr,
			&github.IssueListCommentsOptions{ListOptions: opts})
		for _, cm := range page {
			if author.Wrote(cm.GetUser()) {
				t.mine = append(t.mine, cm)
			}
		}
		return resp, err
	})
	if err != nil {
		return nil, fmt.Errorf("list the comments of pull request #%d: %w", pr, err)
	}
	return t, nil
}

func (t *Thread) find(marker string) []*github.IssueComment {
	var out []*github.IssueComment
	for _, cm := range t.mine {
		if strings.Contains(cm.GetBody(), marker) {
			out = append(out, cm)
		}
	}
	return out
}

func (t *Thread) forget(id int64) {
	for i, cm := range t.mine {
		if cm.GetID() == id {
			t.mine = append(t.mine[:i], t.mine[i+1:]...)
			return
		}
	}
}

// Upsert makes body the comment carrying marker: it edits the existing one
// (not at all when the body is unchanged) or creates it, and deletes
// duplicates that concurrent runs may have left.
func (t *Thread) Upsert(ctx context.Context, marker, body string) (*github.IssueComment, error) {
	c := t.c
	found := t.find(marker)
	if len(found) == 0 {
		cm, _, err := c.gh.Issues.CreateComment(ctx, c.owner, c.repo, t.pr, &github.IssueComment{Body: &body})
		if err != nil {
			return nil, fmt.Errorf("create the comment on pull request #%d: %w", t.pr, err)
		}
		t.mine = append(t.mine, cm)
		return cm, nil
	}
	keep := found[0]
	if keep.GetBody() != body {
		edited, _, err := c.gh.Issues.EditComment(ctx, c.owner, c.repo, keep.GetID(), &github.IssueComment{Body: &body})
		if err != nil {
			return nil, fmt.Errorf("update comment %d on pull request #%d: %w", keep.GetID(), t.pr, err)
		}
		*keep = *edited
	}
	for _, dup := range found[1:] {
		if _, err := c.gh.Issues.DeleteComment(ctx, c.owner, c.repo, dup.GetID()); err != nil {
			return keep, fmt.Errorf("delete duplicate comment %d on pull request #%d: %w", dup.GetID(), t.pr, err)
		}
		t.forget(dup.GetID())
	}
	return keep, nil
}

// Delete removes the comment carrying marker (its directory became clean)
// and says how many comments it removed.
func (t *Thread) Delete(ctx context.Context, marker string) (int, error) {
	c := t.c
	found := t.find(marker)
	for i, cm := range found {
		if _, err := c.gh.Issues.DeleteComment(ctx, c.owner, c.repo, cm.GetID()); err != nil {
			return i, fmt.Errorf("delete comment %d on pull request #%d: %w", cm.GetID(), t.pr, err)
		}
		t.forget(cm.GetID())
	}
	return len(found), nil
}
