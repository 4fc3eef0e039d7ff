package action

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/google/go-github/v57/github"
)

// Event is what the triggering event says about the code under review.
type Event struct {
	Name string
	// PR is the pull request number, 0 when the event is not about one
	// (merge_group, push and the others): then there is nothing to comment
	// on or review, and the annotations and summary carry the report.
	PR int
	// HeadSHA is the commit the report is about: links, review comments and
	// the check run point at it.
	HeadSHA string
	// Base is the commit (or ref) whose merge-base with HEAD is the old
	// side of the diff; "" when the event has none.
	Base string
	// BaseWhat says where Base comes from, for messages.
	BaseWhat string
	// Fork: a pull_request from another repository, whose workflows get a
	// read-only token (unless the repository opts in to write tokens).
	Fork bool
	// DefaultBranch: a push to the repository's default branch (the event
	// that publishes the migrations with push-to).
	DefaultBranch bool
}

// ReadEvent reads the event payload the runner saved at path (the
// GITHUB_EVENT_PATH file). sha is GITHUB_SHA, ref GITHUB_REF. A missing
// file is an event without payload; a payload that does not parse, or a
// pull request event without its pull request, is an error naming the file.
func ReadEvent(name, path, sha, ref string) (*Event, error) {
	ev := &Event{Name: name, HeadSHA: sha}
	if path == "" {
		return ev, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return ev, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the event payload: %w", err)
	}
	bad := func(err error) error {
		return fmt.Errorf("event payload %s (%s): %w", path, name, err)
	}
	switch name {
	case "pull_request", "pull_request_target":
		var p github.PullRequestEvent
		if err := json.Unmarshal(data, &p); err != nil {
			return nil, bad(err)
		}
		pr := p.GetPullRequest()
		if pr == nil || pr.GetBase().GetSHA() == "" || pr.GetHead().GetSHA() == "" {
			return nil, bad(errors.New("no pull_request with base and head SHA"))
		}
		ev.PR = p.GetNumber()
		if ev.PR == 0 {
			ev.PR = pr.GetNumber()
		}
		ev.HeadSHA, ev.Base = pr.GetHead().GetSHA(), pr.GetBase().GetSHA()
		ev.BaseWhat = "the pull request's base " + shortSHA(ev.Base) + " (" + pr.GetBase().GetRef() + ")"
		ev.Fork = name == "pull_request" &&
			!strings.EqualFold(pr.GetHead().GetRepo().GetFullName(), pr.GetBase().GetRepo().GetFullName())
	case "merge_group":
		var p github.MergeGroupEvent
		if err := json.Unmarshal(data, &p); err != nil {
			return nil, bad(err)
		}
		mg := p.GetMergeGroup()
		if mg.GetBaseSHA() == "" {
			return nil, bad(errors.New("no merge_group.base_sha"))
		}
		ev.Base, ev.BaseWhat = mg.GetBaseSHA(), "the merge group's base "+shortSHA(mg.GetBaseSHA())
		if mg.GetHeadSHA() != "" {
			ev.HeadSHA = mg.GetHeadSHA()
		}
	case "push":
		var p github.PushEvent
		if err := json.Unmarshal(data, &p); err != nil {
			return nil, bad(err)
		}
		if p.GetAfter() != "" && !zeroSHA(p.GetAfter()) {
			ev.HeadSHA = p.GetAfter()
		}
		ev.Base, ev.BaseWhat = pushBase(p, ref)
		if ref == "" {
			ref = p.GetRef()
		}
		def := p.GetRepo().GetDefaultBranch()
		ev.DefaultBranch = def != "" && ref == "refs/heads/"+def
	}
	return ev, nil
}

// pushBase: the commit before the push, so the pushed commits' files are
// linted. A new branch has no "before": it is compared with the default
// branch; a new default branch or a tag has no base at all.
func pushBase(p github.PushEvent, ref string) (base, what string) {
	if b := p.GetBefore(); b != "" && !zeroSHA(b) && !p.GetDeleted() {
		return b, "the commit before the push " + shortSHA(b)
	}
	if ref == "" {
		ref = p.GetRef()
	}
	def := p.GetRepo().GetDefaultBranch()
	if def != "" && strings.HasPrefix(ref, "refs/heads/") && ref != "refs/heads/"+def {
		return "origin/" + def, "the default branch " + def
	}
	return "", ""
}

func zeroSHA(s string) bool { return strings.Trim(s, "0") == "" }

func shortSHA(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

// selection is what the pipeline lints: the base (or latest) input first,
// then the event's base, else every file.
func selection(in *Inputs, ev *Event) (base string, latest int, all bool, what string) {
	switch {
	case in.Base != "":
		return in.Base, 0, false, "the files new or changed since the base input " + in.Base
	case in.Latest > 0:
		return "", in.Latest, false, fmt.Sprintf("the last %d files of each directory (latest input)", in.Latest)
	case ev.Base != "":
		return ev.Base, 0, false, "the files new or changed since " + ev.BaseWhat
	}
	return "", 0, true, "every file (the " + ev.Name + " event has no base to compare with)"
}
