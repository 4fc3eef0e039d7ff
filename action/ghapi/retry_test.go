package ghapi

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// scripted answers each request with the next canned response and keeps
// the bodies it was sent.
type scripted struct {
	answers []func() *http.Response
	bodies  []string
}

func (s *scripted) RoundTrip(req *http.Request) (*http.Response, error) {
	b := ""
	if req.Body != nil {
		data, _ := io.ReadAll(req.Body)
		b = string(data)
	}
	s.bodies = append(s.bodies, b)
	next := s.answers[0]
	if len(s.answers) > 1 {
		s.answers = s.answers[1:]
	}
	return next(), nil
}

func answer(status int, body string, headers ...string) func() *http.Response {
	return func() *http.Response {
		h := http.Header{}
		for i := 0; i < len(headers); i += 2 {
			h.Set(headers[i], headers[i+1])
		}
		return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body))}
	}
}

var now = time.Date(2024, 3, 20, 10, 0, 0, 0, time.UTC)

func send(t *testing.T, answers ...func() *http.Response) (*http.Response, []time.Duration, *scripted) {
	t.Helper()
	var waits []time.Duration
	s := &scripted{answers: answers}
	tr := &retryTransport{base: s, policy: RetryPolicy{MaxRetries: 3, MaxWait: time.Minute,
		Now:   func() time.Time { return now },
		Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }}}
	req, err := http.NewRequest(http.MethodPost, "http://api.test/repos/o/r/issues/1/comments", strings.NewReader(`{"body":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp, waits, s
}

const secondary = `{"message":"You have exceeded a secondary rate limit","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`

func TestRetryHonoursRateLimitHeaders(t *testing.T) {
	reset := strconv.FormatInt(now.Add(20*time.Second).Unix(), 10)
	for _, tc := range []struct {
		name  string
		first func() *http.Response
		wait  time.Duration
	}{
		{"secondary 403 with Retry-After", answer(403, secondary, "Retry-After", "7"), 7 * time.Second},
		{"429 with Retry-After as a date", answer(429, "", "Retry-After", now.Add(3*time.Second).Format(http.TimeFormat)), 3 * time.Second},
		{"primary: until the reset", answer(403, `{"message":"API rate limit exceeded"}`, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset), 21 * time.Second},
		{"429 without headers: a minute", answer(429, ""), time.Minute},
		{"secondary 403 without headers: a minute", answer(403, secondary), time.Minute},
	} {
		resp, waits, s := send(t, tc.first, answer(201, `{}`))
		if resp.StatusCode != 201 || len(waits) != 1 || waits[0] != tc.wait {
			t.Errorf("%s: status %d, waits %v, want one wait of %s", tc.name, resp.StatusCode, waits, tc.wait)
		}
		if len(s.bodies) != 2 || s.bodies[1] != `{"body":"x"}` {
			t.Errorf("%s: the retry must resend the body, sent %q", tc.name, s.bodies)
		}
	}
}

func TestRetryIsBounded(t *testing.T) {
	// A missing permission is no rate limit: no retry.
	resp, waits, _ := send(t, answer(403, `{"message":"Resource not accessible by integration"}`))
	if resp.StatusCode != 403 || len(waits) != 0 {
		t.Errorf("plain 403: status %d, waits %v", resp.StatusCode, waits)
	}
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), "not accessible") {
		t.Errorf("the body must still be readable after the check, got %q", body)
	}
	// At most MaxRetries retries.
	resp, waits, s := send(t, answer(429, "", "Retry-After", "1"))
	if resp.StatusCode != 429 || len(waits) != 3 || len(s.bodies) != 4 {
		t.Errorf("endless 429: status %d, waits %v, requests %d", resp.StatusCode, waits, len(s.bodies))
	}
	// A reset an hour away is not waited for.
	far := strconv.FormatInt(now.Add(time.Hour).Unix(), 10)
	resp, waits, _ = send(t, answer(403, "", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", far))
	if resp.StatusCode != 403 || len(waits) != 0 {
		t.Errorf("far reset: status %d, waits %v", resp.StatusCode, waits)
	}
}
