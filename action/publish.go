package action

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/schemaguard/schemaguard/action/ghapi"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/report"
)

// maxCommentLen is GitHub's limit on a comment body (65,536 characters;
// bytes are never fewer than characters).
const maxCommentLen = 65536

// Permissions a workflow's `permissions:` block grants.
const (
	permPullRequests = "pull-requests: write"
	permChecks       = "checks: write"
)

// publication is what the GitHub API part of a run achieved. Its failures
// never change the lint result or the exit status.
type publication struct {
	commentURLs []string
	// notes are sentences for the job summary about what GitHub shows.
	notes []string
	// denied are the permissions the token lacked.
	denied []string
}

func (p *publication) deny(perm string) {
	if !slices.Contains(p.denied, perm) {
		p.denied = append(p.denied, perm)
	}
}

// publish writes the sticky comments, the review and (when annotations
// overflow) the check run. A missing permission is collected for one
// notice; any other API failure is a warning.
func (r *run) publish(ctx context.Context, results []*lint.Result, anns []report.Annotation) publication {
	var pub publication
	wantPR := r.ev.PR > 0 && (r.in.Comment != CommentNever || r.in.Review != ReviewNone)
	hidden := hiddenAnnotations(anns)
	if !wantPR && hidden == "" {
		return pub
	}
	if r.in.Token == "" {
		pub.notes = append(pub.notes, "No github-token was given, so nothing was written to the pull request or the checks.")
		return pub
	}
	apiURL, graphqlURL := apiURLs(r.getenv("GITHUB_API_URL"), r.getenv("GITHUB_GRAPHQL_URL"))
	api, err := ghapi.New(ghapi.Config{APIURL: apiURL, GraphQLURL: graphqlURL,
		Token: r.in.Token, Repository: r.getenv("GITHUB_REPOSITORY"), Retry: r.retryPolicy(),
		UserAgent: "schemaguard/" + r.env.Version})
	if err != nil {
		r.warn(&pub, "reach the GitHub API", err)
		return pub
	}
	if wantPR {
		author, err := api.Viewer(ctx)
		if err != nil {
			r.gha.Debugf("%s", "cannot ask who the token is ("+err.Error()+"); assuming "+ghapi.DefaultIdentity.Login)
			author = ghapi.DefaultIdentity
		}
		if r.in.Comment != CommentNever {
			r.comments(ctx, api, author, results, &pub)
		}
		if r.in.Review != ReviewNone && !slices.Contains(pub.denied, permPullRequests) {
			r.review(ctx, api, author, results, &pub)
		}
	}
	if hidden != "" {
		r.checkRun(ctx, api, results, anns, hidden, &pub)
	}
	if len(pub.denied) > 0 {
		r.permissionNotice(pub.denied)
	}
	return pub
}

// apiURLs are the runner's GITHUB_API_URL and GITHUB_GRAPHQL_URL, with
// github.com's when unset (outside a runner) and the GraphQL endpoint
// derived from the REST one when only that is set (GitHub Enterprise
// Server serves /api/graphql beside /api/v3).
func apiURLs(api, graphql string) (string, string) {
	if api == "" {
		api = "https://api.github.com"
	}
	if graphql == "" {
		api = strings.TrimSuffix(api, "/")
		if base, ok := strings.CutSuffix(api, "/api/v3"); ok {
			graphql = base + "/api/graphql"
		} else {
			graphql = api + "/graphql"
		}
	}
	return api, graphql
}

func (r *run) retryPolicy() ghapi.RetryPolicy {
	p := r.env.Retry
	if p.Sleep == nil || p.Now == nil {
		p = ghapi.DefaultRetryPolicy()
	}
	p.Log = func(format string, args ...any) { r.printf("schemaguard: "+format, args...) }
	return p
}

// apiFailed sorts an API error: a missing permission is noted for the one
// notice at the end, anything else is a warning now.
func (r *run) apiFailed(pub *publication, perm, what string, err error) {
	if ghapi.IsPermission(err) {
		pub.deny(perm)
		return
	}
	r.warn(pub, what, err)
}

func (r *run) warn(pub *publication, what string, err error) {
	msg := "schemaguard could not " + what + ": " + err.Error()
	r.gha.WithFieldsMap(map[string]string{"title": "schemaguard"}).Warningf("%s", msg)
	pub.notes = append(pub.notes, "Could not "+what+" (GitHub answered: "+ghStatus(err)+").")
}

func ghStatus(err error) string {
	if s := ghapi.Status(err); s != 0 {
		return fmt.Sprintf("HTTP %d", s)
	}
	return "no response"
}

// comments keeps one comment per directory up to date: written on every
// run (always), only while there are findings (on-findings, which deletes
// an outdated comment once the directory is clean).
func (r *run) comments(ctx context.Context, api *ghapi.Client, author ghapi.Identity, results []*lint.Result, pub *publication) {
	thread, err := api.Thread(ctx, r.ev.PR, author)
	if err != nil {
		r.apiFailed(pub, permPullRequests, "read the pull request's comments", err)
		return
	}
	for _, res := range results {
		marker := stickyMarker(res.Dir)
		s := res.Summary
		if r.in.Comment == CommentOnFindings && s.Errors+s.Warnings+s.Notices == 0 {
			n, err := thread.Delete(ctx, marker)
			if err != nil {
				r.apiFailed(pub, permPullRequests, "delete the outdated comment for "+res.Dir, err)
			} else if n > 0 {
				r.printf("schemaguard: %s is clean now; deleted its pull request comment", res.Dir)
			}
			continue
		}
		body := report.Markdown(res, report.MarkdownOptions{Marker: marker, BlobURL: r.blobURL,
			MaxLen: maxCommentLen, MoreURL: r.runURL, MoreName: "the job summary", Version: r.env.Version})
		cm, err := thread.Upsert(ctx, marker, body)
		if err != nil {
			r.apiFailed(pub, permPullRequests, "write the pull request comment for "+res.Dir, err)
			if ghapi.IsPermission(err) {
				return
			}
			continue
		}
		if u := cm.GetHTMLURL(); u != "" {
			pub.commentURLs = append(pub.commentURLs, u)
		}
	}
}

// stickyMarker is the hidden line by which a directory's comment is found.
func stickyMarker(dir string) string {
	return "<!-- schemaguard:" + report.HTMLCommentSafe(dir) + " -->"
}

// review posts the findings on lines the pull request changed as one
// review, skipping those an earlier run already commented on.
func (r *run) review(ctx context.Context, api *ghapi.Client, author ghapi.Identity, results []*lint.Result, pub *publication) {
	if len(allAnnotated(results)) == 0 {
		return
	}
	patches, err := api.Files(ctx, r.ev.PR)
	if err != nil {
		r.apiFailed(pub, permPullRequests, "read the pull request's diff", err)
		return
	}
	earlier, err := api.Commented(ctx, r.ev.PR, author, findingMarker)
	if err != nil {
		r.apiFailed(pub, permPullRequests, "read the pull request's review comments", err)
		return
	}
	read := func(p string) ([]byte, error) { return os.ReadFile(r.rb.localPath(p)) }
	plan := planReview(results, patches, r.in.Review, alreadyCommented(earlier), read)
	if len(plan.comments) == 0 {
		if plan.posted > 0 {
			r.printf("schemaguard: the review comments of earlier runs still stand (%d); no new review", plan.posted)
		}
		return
	}
	body := reviewBody(plan)
	if _, err := api.Review(ctx, r.ev.PR, r.ev.HeadSHA, body, plan.comments); err != nil {
		if ghapi.IsValidation(err) {
			r.warn(pub, "post the review (GitHub refused a line comment; the findings are in the pull request comment and the annotations)", err)
			return
		}
		r.apiFailed(pub, permPullRequests, "post the review", err)
	}
}

// reviewBody sums up the review: what it comments on, and where the
// findings it does not comment on are.
func reviewBody(plan reviewPlan) string {
	body := fmt.Sprintf("**schemaguard** found %s on lines this pull request changes", plural(len(plan.comments)+plan.over, "issue"))
	if plan.over > 0 {
		body += fmt.Sprintf("; the first %d are commented here", len(plan.comments))
	}
	body += "."
	if rest := plan.over + plan.outside; rest > 0 {
		body += fmt.Sprintf(" %s %s in the schemaguard comment on this pull request and in the job summary",
			plural(rest, "more finding"), map[bool]string{true: "is", false: "are"}[rest == 1])
		if plan.outside > 0 {
			body += fmt.Sprintf(" (%d outside the changed lines)", plan.outside)
		}
		body += "."
	}
	return body
}

// permissionNotice is the one notice naming what the token lacked.
func (r *run) permissionNotice(denied []string) {
	msg := "schemaguard could not write to GitHub: the token lacks `" + strings.Join(denied, "` and `") + "`. "
	if r.ev.Fork {
		msg += "This pull request comes from a fork, and workflows of fork pull requests get a read-only token. "
	} else {
		msg += "Grant it in the job's `permissions:` block. "
	}
	msg += "The annotations and the job summary carry the full report."
	r.gha.WithFieldsMap(map[string]string{"title": "schemaguard"}).Noticef("%s", msg)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
