package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"oras.land/oras-go/v2"
	"oras.land/oras-go/v2/content"
)

// PullOptions says how to reach the registry and what to accept.
type PullOptions struct {
	Remote Remote
	Limits Limits // zero fields take DefaultLimits
}

// Pulled describes a pulled artifact.
type Pulled struct {
	Ref         string // REGISTRY/REPO@sha256:…, whatever the reference named
	Dir         string // where the files are
	Files       int
	Annotations map[string]string // the manifest's
	tempRoot    string            // set by PullTemp: what Remove deletes
}

// Format, Dialect and LatestVersion read the artifact's annotations.
func (p *Pulled) Format() string        { return p.Annotations[AnnotationFormat] }
func (p *Pulled) Dialect() string       { return p.Annotations[AnnotationDialect] }
func (p *Pulled) LatestVersion() string { return p.Annotations[AnnotationLatestVersion] }

// Pull fetches the artifact ref names (by tag or digest) and writes its files
// into destDir, which must not exist or be empty. The manifest and the layer
// are checked against their digests before anything is written; the files
// are unpacked into a temporary directory beside destDir and renamed into
// place, so a failed pull leaves nothing behind.
func Pull(ctx context.Context, ref, destDir string, opts PullOptions) (*Pulled, error) {
	if err := emptyOrAbsent(destDir); err != nil {
		return nil, err
	}
	r, err := ParseRef(ref)
	if err != nil {
		return nil, err
	}
	limits := opts.Limits.withDefaults()
	pulled, layer, err := fetch(ctx, r, opts.Remote, limits)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(destDir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("--to %s: %w", destDir, unwrapPath(err))
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(destDir)+".pull-*")
	if err != nil {
		return nil, fmt.Errorf("--to %s: %w", destDir, unwrapPath(err))
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	n, err := unpack(layer, tmp, limits)
	if err != nil {
		return nil, fmt.Errorf("%s: %w; nothing written", pulled.Ref, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	// Go's rename does not replace a directory, even an empty one.
	if err := os.Remove(destDir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("--to %s: %w", destDir, unwrapPath(err))
	}
	if err := os.Rename(tmp, destDir); err != nil {
		return nil, fmt.Errorf("--to %s: %w", destDir, err)
	}
	pulled.Dir, pulled.Files = destDir, n
	return pulled, nil
}

func (l Limits) withDefaults() Limits {
	if l.LayerBytes <= 0 {
		l.LayerBytes = DefaultLimits.LayerBytes
	}
	if l.UnpackedBytes <= 0 {
		l.UnpackedBytes = DefaultLimits.UnpackedBytes
	}
	if l.Files <= 0 {
		l.Files = DefaultLimits.Files
	}
	return l
}

func emptyOrAbsent(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("--to %s: %w", dir, unwrapPath(err))
	case len(entries) > 0:
		return fmt.Errorf("--to %s: the directory is not empty; pull into a new or empty directory", dir)
	}
	return nil
}

// fetch resolves the reference, then fetches and verifies the manifest and
// the layer. oras-go reads both through a verifier that fails on a size or
// digest mismatch, and refuses a manifest whose digest is not the one a
// digest reference names.
func fetch(ctx context.Context, r Ref, remote Remote, limits Limits) (*Pulled, []byte, error) {
	repo, err := remote.repository(r)
	if err != nil {
		return nil, nil, err
	}
	name := r.Repo() + refSeparator(r) + r.Reference.Reference
	desc, raw, err := oras.FetchBytes(ctx, repo, r.Reference.Reference, oras.FetchBytesOptions{MaxBytes: 4 << 20})
	if err != nil {
		return nil, nil, fmt.Errorf("pull %s: manifest: %w", name, describeFetch(remote, err))
	}
	digestRef := r.Repo() + "@" + desc.Digest.String()
	if desc.MediaType != ocispec.MediaTypeImageManifest {
		return nil, nil, fmt.Errorf("pull %s: %w (media type %q, want an OCI image manifest of type %s)", name, ErrNotArtifact, desc.MediaType, ArtifactType)
	}
	var m ocispec.Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, nil, fmt.Errorf("pull %s: manifest: %w", name, err)
	}
	if m.ArtifactType != ArtifactType {
		return nil, nil, fmt.Errorf("pull %s: %w (artifact type %q, want %s)", name, ErrNotArtifact, m.ArtifactType, ArtifactType)
	}
	if len(m.Layers) != 1 || m.Layers[0].MediaType != LayerMediaType {
		return nil, nil, fmt.Errorf("pull %s: %w (want one layer of type %s)", name, ErrNotArtifact, LayerMediaType)
	}
	layerDesc := m.Layers[0]
	if layerDesc.Size < 0 || layerDesc.Size > limits.LayerBytes {
		return nil, nil, fmt.Errorf("pull %s: the layer is %d bytes, more than the %d accepted", name, layerDesc.Size, limits.LayerBytes)
	}
	rc, err := repo.Fetch(ctx, layerDesc)
	if err != nil {
		return nil, nil, fmt.Errorf("pull %s: layer %s: %w", name, layerDesc.Digest, describeFetch(remote, err))
	}
	defer rc.Close()
	layer, err := content.ReadAll(rc, layerDesc)
	if err != nil {
		return nil, nil, fmt.Errorf("pull %s: layer %s: %w", name, layerDesc.Digest, describeFetch(remote, err))
	}
	return &Pulled{Ref: digestRef, Annotations: m.Annotations}, layer, nil
}

func refSeparator(r Ref) string {
	if r.IsDigest() {
		return "@"
	}
	return ":"
}

// describeFetch names a digest or size mismatch as tampering; everything
// else as describe does.
func describeFetch(remote Remote, err error) error {
	if errors.Is(err, content.ErrMismatchedDigest) || errors.Is(err, content.ErrTrailingData) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: %v", ErrTampered, err)
	}
	return remote.describe(err)
}

// PullTemp pulls ref into a new temporary directory, for commands that read
// --dir oci://…; the caller calls Remove when done with the files.
func PullTemp(ctx context.Context, ref string, opts PullOptions) (*Pulled, error) {
	root, err := os.MkdirTemp("", "schemaguard-oci-")
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(root, "migrations")
	p, err := Pull(ctx, ref, dir, opts)
	if err != nil {
		os.RemoveAll(root)
		return nil, err
	}
	p.tempRoot = root
	return p, nil
}

// Remove deletes the temporary directory of PullTemp; it never touches a
// directory given to Pull.
func (p *Pulled) Remove() error {
	if p == nil || p.tempRoot == "" {
		return nil
	}
	return os.RemoveAll(p.tempRoot)
}
