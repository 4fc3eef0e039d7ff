package ghapi

import (
	"errors"
	"net/http"

	"github.com/google/go-github/v57/github"
)

// Status is the HTTP status of an API error (0 for a network error).
func Status(err error) int {
	var rl *github.RateLimitError
	if errors.As(err, &rl) && rl.Response != nil {
		return rl.Response.StatusCode
	}
	var ab *github.AbuseRateLimitError
	if errors.As(err, &ab) && ab.Response != nil {
		return ab.Response.StatusCode
	}
	var er *github.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return er.Response.StatusCode
	}
	return 0
}

// IsRateLimit: the request still hit a rate limit after the retries.
func IsRateLimit(err error) bool {
	var rl *github.RateLimitError
	var ab *github.AbuseRateLimitError
	return errors.As(err, &rl) || errors.As(err, &ab) || Status(err) == http.StatusTooManyRequests
}

// IsPermission: the token may not do this (403), or may not even see the
// repository or pull request (404, GitHub's answer when it would not say).
// A fork's pull_request token, or one without the permission in the
// workflow's `permissions:`, gets these.
func IsPermission(err error) bool {
	if IsRateLimit(err) {
		return false
	}
	s := Status(err)
	return s == http.StatusForbidden || s == http.StatusNotFound
}

// IsValidation: GitHub refused the content (422), e.g. a review comment on a
// line outside the diff.
func IsValidation(err error) bool { return Status(err) == http.StatusUnprocessableEntity }
