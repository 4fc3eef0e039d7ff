package registry

import (
	"fmt"
	"strings"

	"oras.land/oras-go/v2/registry"
)

// Scheme marks a --dir value that names an artifact in a registry.
const Scheme = "oci://"

// DefaultTag is the tag of a reference that names none, as docker and oras
// do.
const DefaultTag = "latest"

// IsOCIDir reports whether a --dir value names an artifact (oci://…).
func IsOCIDir(dir string) bool { return strings.HasPrefix(dir, Scheme) }

// Ref is a parsed artifact reference: REGISTRY/REPOSITORY, then a tag or a
// digest.
type Ref struct {
	registry.Reference
	// Lowered is set when the repository was given with upper-case letters
	// and was lower-cased, since registries (ghcr.io) refuse them.
	Lowered bool
}

// ParseRef reads REGISTRY/REPO, REGISTRY/REPO:TAG or REGISTRY/REPO@sha256:…
// (an oci:// prefix is allowed). A missing tag means DefaultTag. The
// repository is lower-cased; the tag, which is case-sensitive, is kept.
func ParseRef(s string) (Ref, error) {
	raw := strings.TrimPrefix(s, Scheme)
	host, rest, ok := strings.Cut(raw, "/")
	if !ok || host == "" || rest == "" {
		return Ref{}, fmt.Errorf("reference %q: want REGISTRY/REPOSITORY[:TAG|@DIGEST], e.g. ghcr.io/acme/migrations:v1", s)
	}
	if !strings.ContainsAny(host, ".:") && host != "localhost" {
		return Ref{}, fmt.Errorf("reference %q: %q is not a registry host (want e.g. ghcr.io/%s)", s, host, raw)
	}
	repo, suffix := rest, ""
	if i := strings.IndexAny(rest, ":@"); i >= 0 {
		repo, suffix = rest[:i], rest[i:]
	}
	lower := strings.ToLower(repo)
	parsed, err := registry.ParseReference(strings.ToLower(host) + "/" + lower + suffix)
	if err != nil {
		return Ref{}, fmt.Errorf("reference %q: %w", s, err)
	}
	if parsed.Reference == "" {
		parsed.Reference = DefaultTag
	}
	return Ref{Reference: parsed, Lowered: lower != repo}, nil
}

// IsDigest reports whether the reference names a digest rather than a tag.
func (r Ref) IsDigest() bool {
	_, err := r.Digest()
	return err == nil
}

// Repo is REGISTRY/REPOSITORY without tag or digest.
func (r Ref) Repo() string { return r.Registry + "/" + r.Repository }
