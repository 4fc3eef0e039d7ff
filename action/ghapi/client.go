// Package ghapi is the action's small REST layer over go-github: the
// sticky pull request comment, the pull request review, the check run and
// what they need (the token's identity, the pull request's diff), with
// bounded retries on rate limits. It knows nothing of lint rules.
package ghapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/go-github/v57/github"
)

// Config says where the API is and who calls it.
type Config struct {
	// APIURL is GITHUB_API_URL: https://api.github.com, or
	// https://<host>/api/v3 on GitHub Enterprise Server, used as given.
	APIURL string
	// GraphQLURL is GITHUB_GRAPHQL_URL (only used to learn the token's
	// identity).
	GraphQLURL string
	Token      string
	// Repository is "owner/name" (GITHUB_REPOSITORY).
	Repository string
	Retry      RetryPolicy
	// Transport is the HTTP transport below the retries (nil: the default).
	Transport http.RoundTripper
	UserAgent string
}

// Client calls the REST API for one repository.
type Client struct {
	gh          *github.Client
	owner, repo string
	graphqlURL  string
}

// New makes a client. Its errors name the setting at fault.
func New(cfg Config) (*Client, error) {
	owner, repo, ok := strings.Cut(cfg.Repository, "/")
	if !ok || owner == "" || repo == "" || strings.Contains(repo, "/") {
		return nil, fmt.Errorf("GITHUB_REPOSITORY %q is not owner/name", cfg.Repository)
	}
	base, err := url.Parse(cfg.APIURL)
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("GITHUB_API_URL %q is not a URL", cfg.APIURL)
	}
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	transport := cfg.Transport
	if transport == nil {
		transport = http.DefaultTransport
	}
	if cfg.Retry.Sleep == nil || cfg.Retry.Now == nil {
		log := cfg.Retry.Log
		cfg.Retry = DefaultRetryPolicy()
		cfg.Retry.Log = log
	}
	hc := &http.Client{Transport: &retryTransport{base: transport, policy: cfg.Retry}, Timeout: 5 * time.Minute}
	gh := github.NewClient(hc)
	if cfg.Token != "" {
		gh = gh.WithAuthToken(cfg.Token)
	}
	gh.BaseURL, gh.UploadURL = base, base
	if cfg.UserAgent != "" {
		gh.UserAgent = cfg.UserAgent
	}
	return &Client{gh: gh, owner: owner, repo: repo, graphqlURL: cfg.GraphQLURL}, nil
}

// Identity is who the token acts as. Comments are only ever edited or
// deleted when this identity wrote them, so a human quoting the marker is
// never touched.
type Identity struct {
	Login string
}

// DefaultIdentity is the author of everything GITHUB_TOKEN writes.
var DefaultIdentity = Identity{Login: "github-actions[bot]"}

// Wrote reports whether u is this identity. GraphQL names a GitHub App's
// bot "slug" or "slug[bot]", REST always "slug[bot]" with type Bot; logins
// are case-insensitive.
func (id Identity) Wrote(u *github.User) bool {
	if u == nil || id.Login == "" {
		return false
	}
	got, want := strings.ToLower(u.GetLogin()), strings.ToLower(id.Login)
	if got == want {
		return true
	}
	return u.GetType() == "Bot" && strings.TrimSuffix(got, "[bot]") == strings.TrimSuffix(want, "[bot]")
}

// Viewer asks GraphQL who the token is. It works for every kind of token,
// where REST's GET /user refuses installation tokens such as GITHUB_TOKEN.
func (c *Client) Viewer(ctx context.Context) (Identity, error) {
	if c.graphqlURL == "" {
		return Identity{}, errors.New("no GraphQL URL")
	}
	req, err := c.gh.NewRequest(http.MethodPost, c.graphqlURL, map[string]string{"query": "query { viewer { login } }"})
	if err != nil {
		return Identity{}, err
	}
	var out struct {
		Data struct {
			Viewer struct{ Login string }
		}
		Errors []struct{ Message string }
	}
	var raw bytes.Buffer
	if _, err := c.gh.Do(ctx, req, &raw); err != nil {
		return Identity{}, err
	}
	if err := json.Unmarshal(raw.Bytes(), &out); err != nil {
		return Identity{}, fmt.Errorf("GraphQL viewer: %w", err)
	}
	if len(out.Errors) > 0 || out.Data.Viewer.Login == "" {
		msg := "no login in the answer"
		if len(out.Errors) > 0 {
			msg = out.Errors[0].Message
		}
		return Identity{}, fmt.Errorf("GraphQL viewer: %s", msg)
	}
	return Identity{Login: out.Data.Viewer.Login}, nil
}

// pages calls fetch for page 1, 2, … until the Link header has no next
// page: markers beyond the first page must be found too.
func pages(fetch func(opts github.ListOptions) (*github.Response, error)) error {
	opts := github.ListOptions{PerPage: 100, Page: 1}
	for {
		resp, err := fetch(opts)
		if err != nil {
			return err
		}
		if resp == nil || resp.NextPage == 0 {
			return nil
		}
		opts.Page = resp.NextPage
	}
}
