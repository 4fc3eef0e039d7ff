package ghapi

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy bounds how the client waits out GitHub's rate limits.
type RetryPolicy struct {
	// MaxRetries is how many times one request is retried (3).
	MaxRetries int
	// MaxWait is the longest single wait (60s). A Retry-After or reset
	// further away is not waited for: the request fails and the step goes
	// on without what it was for.
	MaxWait time.Duration
	// Sleep waits (tests pass one that records and returns at once).
	Sleep func(ctx context.Context, d time.Duration) error
	Now   func() time.Time
	// Log says why the step pauses.
	Log func(format string, args ...any)
}

// DefaultRetryPolicy: at most three retries, none waiting over a minute.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxRetries: 3, MaxWait: time.Minute, Sleep: sleepContext, Now: time.Now}
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retryTransport retries requests that hit a primary or secondary rate
// limit, below go-github: v57 classifies only 403 responses (not 429), and
// once it has seen a limit it refuses further calls by the wall clock, so
// the waiting has to happen before it sees the response.
type retryTransport struct {
	base   http.RoundTripper
	policy RetryPolicy
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		if attempt > 0 && req.Body != nil {
			if req.GetBody == nil {
				return nil, fmt.Errorf("%s %s: cannot resend the request body after a rate limit", req.Method, req.URL.Path)
			}
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(req.Context())
			req.Body = body
		}
		resp, err := t.base.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		wait, kind := t.rateLimitWait(resp)
		if kind == "" || attempt >= t.policy.MaxRetries {
			return resp, nil
		}
		if wait > t.policy.MaxWait {
			t.log("GitHub API %s rate limit on %s %s: retry possible in %s, longer than schemaguard waits (%s); giving up",
				kind, req.Method, req.URL.Path, wait.Round(time.Second), t.policy.MaxWait)
			return resp, nil
		}
		// The response is replaced by the retry's: drain it so the
		// connection can be reused.
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		t.log("GitHub API %s rate limit on %s %s: retrying in %s (retry %d of %d)",
			kind, req.Method, req.URL.Path, wait.Round(time.Millisecond), attempt+1, t.policy.MaxRetries)
		if err := t.policy.Sleep(req.Context(), wait); err != nil {
			return nil, err
		}
	}
}

func (t *retryTransport) log(format string, args ...any) {
	if t.policy.Log != nil {
		t.policy.Log(format, args...)
	}
}

// rateLimitWait says whether resp is a rate limit ("primary" or
// "secondary", "" for anything else) and how long to wait, in GitHub's
// documented order: Retry-After; else, with no requests remaining, until
// X-RateLimit-Reset; else at least a minute.
func (t *retryTransport) rateLimitWait(resp *http.Response) (time.Duration, string) {
	if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests {
		return 0, ""
	}
	h := resp.Header
	primary := h.Get("X-RateLimit-Remaining") == "0"
	kind := "secondary"
	if primary {
		kind = "primary"
	}
	if ra := h.Get("Retry-After"); ra != "" {
		if secs, err := strconv.Atoi(strings.TrimSpace(ra)); err == nil && secs >= 0 {
			return time.Duration(secs) * time.Second, kind
		}
		if at, err := http.ParseTime(ra); err == nil {
			return max(at.Sub(t.policy.Now()), 0), kind
		}
	}
	if primary {
		if reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			// One second more: the reset is rounded down to the second.
			return max(time.Unix(reset, 0).Sub(t.policy.Now())+time.Second, 0), kind
		}
		return time.Minute, kind
	}
	if resp.StatusCode == http.StatusTooManyRequests || mentionsRateLimit(resp) {
		return time.Minute, kind
	}
	return 0, "" // a plain 403: no permission
}

// mentionsRateLimit reads a 403's body (and puts it back for the caller)
// to tell a secondary rate limit from a missing permission.
func mentionsRateLimit(resp *http.Response) bool {
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return false
	}
	b := strings.ToLower(string(body))
	return strings.Contains(b, "rate limit") || strings.Contains(b, "abuse")
}
