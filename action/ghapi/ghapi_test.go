package ghapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/google/go-github/v57/github"

	"github.com/schemaguard/schemaguard/internal/ghfake"
)

func TestIdentityWrote(t *testing.T) {
	for _, tc := range []struct {
		me    string
		login string
		typ   string
		want  bool
	}{
		{"github-actions[bot]", "github-actions[bot]", "Bot", true},
		{"github-actions", "github-actions[bot]", "Bot", true}, // GraphQL may drop the suffix
		{"My-App[bot]", "my-app[bot]", "Bot", true},
		{"github-actions[bot]", "alice", "User", false},
		{"alice", "alice", "User", true},
		{"alice", "alice[bot]", "Bot", true},
		{"github-actions[bot]", "other-app[bot]", "Bot", false},
		{"", "github-actions[bot]", "Bot", false},
	} {
		u := &github.User{Login: github.String(tc.login), Type: github.String(tc.typ)}
		if got := (Identity{Login: tc.me}).Wrote(u); got != tc.want {
			t.Errorf("%q wrote %s %q: %v, want %v", tc.me, tc.typ, tc.login, got, tc.want)
		}
	}
}

func newTestClient(t *testing.T, s *ghfake.Server) *Client {
	t.Helper()
	c, err := New(Config{APIURL: s.URL, GraphQLURL: s.URL + "/graphql", Token: "t", Repository: "acme/shop"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNewRejectsBadSettings(t *testing.T) {
	for _, cfg := range []Config{{APIURL: "https://api.github.com", Repository: "acme"}, {APIURL: "::", Repository: "a/b"}} {
		if _, err := New(cfg); err == nil {
			t.Errorf("%+v: want an error", cfg)
		}
	}
}

func TestCheckRunBatches(t *testing.T) {
	s := ghfake.New()
	defer s.Close()
	var anns []*github.CheckRunAnnotation
	for i := 1; i <= 120; i++ {
		anns = append(anns, &github.CheckRunAnnotation{Path: github.String("db/1.sql"), StartLine: github.Int(i), EndLine: github.Int(i),
			AnnotationLevel: github.String("warning"), Message: github.String(fmt.Sprint("m", i))})
	}
	url, err := newTestClient(t, s).PublishCheckRun(context.Background(), CheckRun{Name: "schemaguard", HeadSHA: "abc",
		Conclusion: "neutral", Title: "t", Summary: "s", Annotations: anns})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"POST /repos/acme/shop/check-runs -> 201", "PATCH /repos/acme/shop/check-runs/1001 -> 200",
		"PATCH /repos/acme/shop/check-runs/1001 -> 200"}
	if got := s.Calls(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("calls = %q, want %q", got, want)
	}
	runs := s.SortedCheckRuns()
	if len(runs) != 1 || len(runs[0].Annotations) != 120 || runs[0].Status != "completed" || runs[0].Conclusion != "neutral" || url == "" {
		t.Errorf("check run = %+v, url %q", runs, url)
	}
}

func TestErrorsClassify(t *testing.T) {
	s := ghfake.New()
	defer s.Close()
	s.Lock()
	s.ReadOnly = true
	s.Unlock()
	c := newTestClient(t, s)
	_, err := c.Review(context.Background(), 7, "abc", "b", nil)
	if !IsPermission(err) || IsRateLimit(err) || Status(err) != http.StatusForbidden {
		t.Errorf("read-only token: %v (permission %v)", err, IsPermission(err))
	}
	s.Lock()
	s.ReadOnly = false
	s.Unlock()
	_, err = c.Review(context.Background(), 7, "abc", "b", []ReviewComment{{Path: "x.sql", Line: 3, Body: "b"}})
	if !IsValidation(err) || IsPermission(err) {
		t.Errorf("comment outside the diff: %v", err)
	}
	if IsPermission(errors.New("network down")) || Status(errors.New("x")) != 0 {
		t.Error("a network error is no permission problem")
	}
}

func TestThreadFindsOnlyItsOwnMarkedComments(t *testing.T) {
	s := ghfake.New()
	defer s.Close()
	human := ghfake.User{Login: "alice", Type: "User"}
	for i := 0; i < 130; i++ {
		s.AddComment(human, fmt.Sprint("filler ", i))
	}
	s.AddComment(human, "quoting <!-- m -->")
	s.AddComment(s.Bot, "old <!-- m -->")
	s.AddComment(s.Bot, "dup <!-- m -->")
	s.AddComment(s.Bot, "another tool's comment")
	ctx := context.Background()
	c := newTestClient(t, s)
	th, err := c.Thread(ctx, 7, DefaultIdentity)
	if err != nil {
		t.Fatal(err)
	}
	cm, err := th.Upsert(ctx, "<!-- m -->", "new <!-- m -->")
	if err != nil || cm.GetBody() != "new <!-- m -->" {
		t.Fatalf("upsert: %v %v", cm, err)
	}
	var bodies []string
	s.Lock()
	for _, c := range s.Comments[130:] {
		bodies = append(bodies, c.Body)
	}
	s.Unlock()
	if want := []string{"quoting <!-- m -->", "new <!-- m -->", "another tool's comment"}; fmt.Sprint(bodies) != fmt.Sprint(want) {
		t.Errorf("comments = %q, want %q (the oldest edited, the duplicate deleted, others untouched)", bodies, want)
	}
	if n, err := th.Delete(ctx, "<!-- m -->"); n != 1 || err != nil {
		t.Errorf("delete: %d %v", n, err)
	}
	s.Lock()
	defer s.Unlock()
	if len(s.Comments) != 132 {
		t.Errorf("%d comments left, want the 131 human ones and the other tool's", len(s.Comments))
	}
}
