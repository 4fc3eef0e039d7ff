package registry

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Provenance says where a pushed directory comes from; it becomes the
// manifest's org.opencontainers.image.{source,revision,created} annotations.
type Provenance struct {
	Source   string    // repository URL; "" omits the annotation
	Revision string    // commit SHA; "" omits the annotation
	Created  time.Time // never the time of the push, so a re-push is idempotent
}

// Environment variables read by DetectProvenance.
const (
	EnvSourceDateEpoch = "SOURCE_DATE_EPOCH"
	envServerURL       = "GITHUB_SERVER_URL"
	envRepository      = "GITHUB_REPOSITORY"
	envSHA             = "GITHUB_SHA"
)

// DetectProvenance works out the provenance of the directory dir:
//   - source: the source argument (--source), else $GITHUB_SERVER_URL/$GITHUB_REPOSITORY;
//   - revision: $GITHUB_SHA, else `git rev-parse HEAD` when dir is in a git work tree;
//   - created: $SOURCE_DATE_EPOCH, else the commit time of the revision, else
//     the Unix epoch (as ko and other reproducible builders do).
//
// notes are remarks for the user (uncommitted changes, no commit time).
func DetectProvenance(ctx context.Context, dir, source string, getenv func(string) string) (p Provenance, notes []string, err error) {
	p.Source = source
	if p.Source == "" && getenv(envServerURL) != "" && getenv(envRepository) != "" {
		p.Source = strings.TrimSuffix(getenv(envServerURL), "/") + "/" + getenv(envRepository)
	}
	p.Revision = getenv(envSHA)
	inGit := false
	if head, err := git(ctx, dir, "rev-parse", "HEAD"); err == nil {
		inGit = true
		if p.Revision == "" {
			p.Revision = head
		}
		if dirty, err := git(ctx, dir, "status", "--porcelain", "--", "."); err == nil && dirty != "" {
			notes = append(notes, fmt.Sprintf("%s has uncommitted changes: the revision annotation names commit %s, which does not hold exactly this content", dir, short(p.Revision)))
		}
	}
	switch epoch := getenv(EnvSourceDateEpoch); {
	case epoch != "":
		sec, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil || sec < 0 {
			return p, notes, fmt.Errorf("$%s: want seconds since 1970-01-01 UTC, got %q", EnvSourceDateEpoch, epoch)
		}
		p.Created = time.Unix(sec, 0).UTC()
	case inGit && p.Revision != "":
		ct, err := git(ctx, dir, "show", "-s", "--format=%ct", p.Revision)
		if sec, perr := strconv.ParseInt(ct, 10, 64); err == nil && perr == nil {
			p.Created = time.Unix(sec, 0).UTC()
			break
		}
		fallthrough
	default:
		p.Created = archiveEpoch
		notes = append(notes, fmt.Sprintf("no commit time for %s: the created annotation is %s (set $%s to choose it)",
			dir, p.Created.Format(time.RFC3339), EnvSourceDateEpoch))
	}
	return p, notes, nil
}

func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return "", err
	}
	return strings.TrimSpace(out.String()), nil
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}
