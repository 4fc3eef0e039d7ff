package action

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/registry"
)

// readPushTo validates the push-to input: a repository of a registry
// (REGISTRY/REPOSITORY), without a tag or digest: a push is tagged with the
// commit SHA and latest.
func readPushTo(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	ref, err := registry.ParseRef(s)
	if err != nil {
		return "", &inputError{inPushTo, err.Error()}
	}
	if rest := s[strings.LastIndex(s, "/")+1:]; strings.ContainsAny(rest, ":@") {
		return "", &inputError{inPushTo, fmt.Sprintf("invalid value %q (accepted: REGISTRY/REPOSITORY without a tag; the push is tagged with the commit SHA and latest)", s)}
	}
	return ref.Repo(), nil
}

// defaultBranchPush reports a push event on the repository's default
// branch: the only event that publishes the migrations.
func (ev *Event) defaultBranchPush() bool { return ev.Name == "push" && ev.DefaultBranch }

// push publishes the linted directory to the push-to repository, tagged
// with the commit SHA and latest, when the event is a push to the default
// branch and the lint did not fail. dirs are the results' directories as
// the working directory names them. It returns the digest reference, ""
// when nothing was pushed (and why, in a notice).
func (r *run) push(ctx context.Context, results []*lint.Result, dirs []string, failed bool) (string, error) {
	if r.in.PushTo == "" {
		return "", nil
	}
	if !r.ev.defaultBranchPush() {
		r.gha.Noticef("%s", "push-to: not pushed: only a push to the default branch publishes the migrations ("+r.ev.Name+" event)")
		return "", nil
	}
	if len(results) != 1 {
		return "", &inputError{inPushTo, fmt.Sprintf("push-to publishes one directory, and %d are linted: give dir one directory", len(results))}
	}
	if failed {
		r.gha.Warningf("%s", "push-to: not pushed: the migrations have findings at or above fail-on")
		return "", nil
	}
	prov, _, err := registry.DetectProvenance(ctx, dirs[0], "", r.getenv)
	if err != nil {
		return "", fmt.Errorf("push-to: %w", err)
	}
	res := results[0]
	opts := registry.PushOptions{Dir: dirs[0], Format: res.Format, Dialect: res.Dialect, Provenance: prov,
		Refs: []string{r.in.PushTo + ":" + r.getenv("GITHUB_SHA"), r.in.PushTo + ":latest"}, Remote: r.remote()}
	pushed, err := registry.Push(ctx, opts)
	if err != nil {
		var mismatch *registry.SumMismatchError
		if errors.As(err, &mismatch) {
			r.gha.Errorf("%s", "push-to: not pushed: "+err.Error())
			return "", nil
		}
		return "", fmt.Errorf("push-to: %w", err)
	}
	r.printf("schemaguard: pushed %s as %s (tags %s)", dirs[0], pushed.Ref, strings.Join(pushed.Tags, ", "))
	return pushed.Ref, nil
}

// remote is how the action reaches the registry: the workflow's token on
// ghcr.io (it may publish the repository's packages with packages: write),
// the Docker configuration elsewhere (a docker/login-action step before),
// and plain HTTP for a registry on the runner itself (a services:
// registry at localhost), whose traffic never leaves the machine.
func (r *run) remote() registry.Remote {
	rem := registry.Remote{UserAgent: "schemaguard-action/" + r.env.Version}
	host, _, _ := strings.Cut(r.in.PushTo, "/")
	name, _, _ := strings.Cut(host, ":")
	if name == "localhost" || name == "127.0.0.1" {
		rem.PlainHTTP = true
	}
	if host == "ghcr.io" && r.in.Token != "" {
		rem.Username, rem.Password = r.getenv("GITHUB_ACTOR"), r.in.Token
		if rem.Username == "" {
			rem.Username = "x-access-token"
		}
		rem.CredentialSource = "the github-token input"
	}
	return rem
}
