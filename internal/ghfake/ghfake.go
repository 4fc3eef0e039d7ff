// Package ghfake is an in-memory GitHub REST API for tests of the action:
// the endpoints the action calls, with GitHub's pagination (Link headers),
// its refusals (403 for a read-only token, 422 for a review comment outside
// the diff or a body over the limit, secondary rate limits with
// Retry-After) and a record of every call.
package ghfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// User is a comment's author as the API shows it.
type User struct {
	Login string `json:"login"`
	Type  string `json:"type"` // "User" or "Bot"
}

// Comment is an issue (conversation) comment.
type Comment struct {
	ID      int64  `json:"id"`
	Body    string `json:"body"`
	User    User   `json:"user"`
	HTMLURL string `json:"html_url"`
}

// ReviewComment is a line comment of a review.
type ReviewComment struct {
	ID        int64  `json:"id"`
	ReviewID  int64  `json:"pull_request_review_id"`
	Path      string `json:"path"`
	Line      int    `json:"line"`
	StartLine int    `json:"start_line,omitempty"`
	Side      string `json:"side"`
	Body      string `json:"body"`
	User      User   `json:"user"`
}

// Review is a submitted review.
type Review struct {
	ID       int64  `json:"id"`
	Body     string `json:"body"`
	Event    string `json:"-"`
	CommitID string `json:"commit_id"`
	HTMLURL  string `json:"html_url"`
}

// CheckRun is a check run with the annotations every request added.
type CheckRun struct {
	ID          int64            `json:"id"`
	Name        string           `json:"name"`
	HeadSHA     string           `json:"head_sha"`
	Status      string           `json:"status"`
	Conclusion  string           `json:"conclusion"`
	HTMLURL     string           `json:"html_url"`
	Title       string           `json:"-"`
	Annotations []map[string]any `json:"-"`
}

// File is a file of the pull request.
type File struct {
	Filename string `json:"filename"`
	Status   string `json:"status"`
	Patch    string `json:"patch,omitempty"`
}

// Server is the fake API. Its fields are changed between runs under Lock.
type Server struct {
	*httptest.Server
	mu sync.Mutex
	// Bot is the token's identity (the author of what it writes).
	Bot User
	// ReadOnly answers every write with 403, as for a fork's token.
	ReadOnly bool
	// RateLimited is how many of the next writes answer with a secondary
	// rate limit (RateLimitStatus, default 403, and Retry-After: 1).
	RateLimited     int
	RateLimitStatus int
	// RejectReviews answers every review with 422, as GitHub does when a
	// line comment does not resolve (the head moved since the diff was read).
	RejectReviews bool

	Comments       []*Comment
	ReviewComments []*ReviewComment
	Reviews        []*Review
	CheckRuns      []*CheckRun
	Files          []File
	calls          []string
	nextID         int64
}

// New starts a fake API. Requests are served at the root and under
// /api/v3 (GitHub Enterprise Server's path); GraphQL at /graphql and
// /api/graphql.
func New() *Server {
	s := &Server{Bot: User{Login: "github-actions[bot]", Type: "Bot"}, nextID: 1000}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Lock and Unlock guard the fields while a test changes or reads them.
func (s *Server) Lock()   { s.mu.Lock() }
func (s *Server) Unlock() { s.mu.Unlock() }

// Calls returns the calls made since the last Calls, as
// "METHOD /path[?page=N] -> status".
func (s *Server) Calls() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.calls
	s.calls = nil
	return c
}

// AddComment seeds a conversation comment by another author.
func (s *Server) AddComment(u User, body string) *Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addComment(u, body)
}

func (s *Server) addComment(u User, body string) *Comment {
	s.nextID++
	c := &Comment{ID: s.nextID, Body: body, User: u,
		HTMLURL: fmt.Sprintf("https://github.com/acme/shop/pull/7#issuecomment-%d", s.nextID)}
	s.Comments = append(s.Comments, c)
	return c
}

type route struct {
	method string
	parts  []string // "*" matches one segment
	handle func(s *Server, w http.ResponseWriter, r *http.Request, args []string)
}

var routes = []route{
	{"POST", []string{"graphql"}, (*Server).viewer},
	{"POST", []string{"api", "graphql"}, (*Server).viewer},
	{"GET", []string{"repos", "*", "*", "issues", "*", "comments"}, (*Server).listComments},
	{"POST", []string{"repos", "*", "*", "issues", "*", "comments"}, (*Server).createComment},
	{"PATCH", []string{"repos", "*", "*", "issues", "comments", "*"}, (*Server).editComment},
	{"DELETE", []string{"repos", "*", "*", "issues", "comments", "*"}, (*Server).deleteComment},
	{"GET", []string{"repos", "*", "*", "pulls", "*", "files"}, (*Server).listFiles},
	{"GET", []string{"repos", "*", "*", "pulls", "*", "comments"}, (*Server).listReviewComments},
	{"POST", []string{"repos", "*", "*", "pulls", "*", "reviews"}, (*Server).createReview},
	{"POST", []string{"repos", "*", "*", "check-runs"}, (*Server).createCheckRun},
	{"PATCH", []string{"repos", "*", "*", "check-runs", "*"}, (*Server).updateCheckRun},
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := strings.TrimPrefix(r.URL.Path, "/api/v3")
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	call := r.Method + " " + r.URL.Path
	if page := r.URL.Query().Get("page"); page != "" && page != "1" {
		call += "?page=" + page
	}
	defer func() { s.calls = append(s.calls, call+" -> "+strconv.Itoa(rec.status)) }()
	if r.Method != http.MethodGet && r.Method != http.MethodHead && !strings.HasSuffix(p, "graphql") {
		if s.RateLimited > 0 {
			s.RateLimited--
			rec.Header().Set("Retry-After", "1")
			status := s.RateLimitStatus
			if status == 0 {
				status = http.StatusForbidden
			}
			writeJSON(rec, status, map[string]string{
				"message":           "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
				"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"})
			return
		}
		if s.ReadOnly {
			writeJSON(rec, http.StatusForbidden, map[string]string{"message": "Resource not accessible by integration",
				"documentation_url": "https://docs.github.com/rest"})
			return
		}
	}
	segs := strings.Split(strings.Trim(p, "/"), "/")
	for _, rt := range routes {
		if args, ok := rt.match(r.Method, segs); ok {
			rt.handle(s, rec, r, args)
			return
		}
	}
	writeJSON(rec, http.StatusNotFound, map[string]string{"message": "Not Found"})
}

func (rt route) match(method string, segs []string) ([]string, bool) {
	if method != rt.method || len(segs) != len(rt.parts) {
		return nil, false
	}
	var args []string
	for i, part := range rt.parts {
		switch {
		case part == "*":
			args = append(args, segs[i])
		case part != segs[i]:
			return nil, false
		}
	}
	return args, true
}

type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// paginate writes one page of items with GitHub's Link header.
func paginate[T any](w http.ResponseWriter, r *http.Request, items []T) {
	per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if per <= 0 || per > 100 {
		per = 30
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	last := max((len(items)+per-1)/per, 1)
	from, to := min((page-1)*per, len(items)), min(page*per, len(items))
	link := func(n int, rel string) string {
		u := *r.URL
		q := u.Query()
		q.Set("page", strconv.Itoa(n))
		q.Set("per_page", strconv.Itoa(per))
		u.RawQuery = q.Encode()
		return fmt.Sprintf(`<http://%s%s>; rel="%s"`, r.Host, u.String(), rel)
	}
	var links []string
	if page < last {
		links = append(links, link(page+1, "next"), link(last, "last"))
	}
	if page > 1 {
		links = append(links, link(1, "first"), link(page-1, "prev"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	writeJSON(w, http.StatusOK, items[from:to])
}

func decode(r *http.Request, v any) error { return json.NewDecoder(r.Body).Decode(v) }

func (s *Server) viewer(w http.ResponseWriter, _ *http.Request, _ []string) {
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"viewer": map[string]string{"login": s.Bot.Login}}})
}

// SortedCheckRuns returns the check runs in creation order.
func (s *Server) SortedCheckRuns() []*CheckRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]*CheckRun(nil), s.CheckRuns...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
