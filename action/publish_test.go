package action

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/sethvargo/go-githubactions"

	"github.com/schemaguard/schemaguard/action/ghapi"
	"github.com/schemaguard/schemaguard/internal/ghfake"
	"github.com/schemaguard/schemaguard/lint"
)

func hugeResult(n int) *lint.Result {
	res := &lint.Result{Dir: "db", FailOn: lint.Error, Failed: true, Summary: lint.Summary{Files: 1, Errors: n}}
	var ds []lint.Diagnostic
	for i := 1; i <= n; i++ {
		ds = append(ds, lint.Diagnostic{Code: "DS103", Name: "drop-column", Severity: lint.Error, File: "db/1.sql",
			Line: i, EndLine: i, Message: "Dropping column \"c\" of table \"t\" " + strings.Repeat("ü", 40),
			Statement: "ALTER TABLE t DROP COLUMN c", Fix: "later"})
	}
	res.Files = []lint.FileResult{{Path: "db/1.sql", Diagnostics: ds}}
	return res
}

// A result far over GitHub's comment limit is posted shortened, pointing
// to the job summary (the fake refuses bodies over 65,536 characters, as
// GitHub does).
func TestHugeResultCommentFits(t *testing.T) {
	s := ghfake.New()
	defer s.Close()
	var log bytes.Buffer
	r := &run{env: Env{Getenv: func(string) string { return "" }, Stdout: &log},
		gha: githubactions.New(githubactions.WithWriter(&log)),
		in:  &Inputs{Comment: CommentAlways, Review: ReviewNone, Token: "t"},
		ev:  &Event{PR: 7, HeadSHA: "abc"}, runURL: "https://github.com/acme/shop/actions/runs/42",
		blobURL: "https://github.com/acme/shop/blob/abc/"}
	api, err := ghapi.New(ghapi.Config{APIURL: s.URL, Token: "t", Repository: "acme/shop"})
	if err != nil {
		t.Fatal(err)
	}
	var pub publication
	r.comments(context.Background(), api, ghapi.DefaultIdentity, []*lint.Result{hugeResult(4000)}, &pub)
	if len(pub.commentURLs) != 1 || len(pub.notes) != 0 {
		t.Fatalf("comment not written: %+v\n%s", pub, log.String())
	}
	s.Lock()
	body := s.Comments[0].Body
	s.Unlock()
	if len(body) > maxCommentLen || len(body) < maxCommentLen-4000 {
		t.Errorf("body is %d bytes, want just under %d", len(body), maxCommentLen)
	}
	if !strings.Contains(body, "not shown here** (GitHub's size limit). Statements, fixes and every finding are in [the job summary](https://github.com/acme/shop/actions/runs/42).") {
		t.Errorf("no pointer to the job summary:\n%s", body[len(body)-500:])
	}
}

func TestAPIURLs(t *testing.T) {
	for _, tc := range [][4]string{
		{"", "", "https://api.github.com", "https://api.github.com/graphql"},
		{"https://ghes.example.com/api/v3", "", "https://ghes.example.com/api/v3", "https://ghes.example.com/api/graphql"},
		{"https://ghes.example.com/api/v3/", "", "https://ghes.example.com/api/v3", "https://ghes.example.com/api/graphql"},
		{"https://api.github.com", "https://api.github.com/graphql", "https://api.github.com", "https://api.github.com/graphql"},
	} {
		if api, gql := apiURLs(tc[0], tc[1]); api != tc[2] || gql != tc[3] {
			t.Errorf("apiURLs(%q, %q) = %q, %q", tc[0], tc[1], api, gql)
		}
	}
}
