// Package registry publishes a migration directory as an OCI artifact and
// gets it back: a reproducible archive of the directory in one layer, under
// schemaguard's own artifact and media types, pushed and pulled with oras-go.
// It knows nothing of lint; it only checks that the directory reads in its
// format and matches its atlas.sum before it leaves the machine.
package registry

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"oras.land/oras-go/v2"
	"oras.land/oras-go/v2/content"
	"oras.land/oras-go/v2/content/memory"

	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/migrate/atlassum"
	"github.com/schemaguard/schemaguard/migrate/split"
)

// The types that mark a schemaguard artifact.
const (
	ArtifactType   = "application/vnd.schemaguard.migrations.v1"
	LayerMediaType = "application/vnd.schemaguard.migrations.layer.v1.tar+gzip"
	// LayerTitle names the layer (org.opencontainers.image.title).
	LayerTitle = "migrations.tar.gz"
)

// schemaguard's own manifest annotations.
const (
	AnnotationFormat        = "io.schemaguard.migrations.format"
	AnnotationDialect       = "io.schemaguard.migrations.dialect"
	AnnotationLatestVersion = "io.schemaguard.migrations.latest-version"
)

// PushOptions says what to push and where.
type PushOptions struct {
	Dir     string
	Format  string // a migrate format, or "auto"
	Dialect string // postgres, mysql or mariadb
	// Refs are REGISTRY/REPO[:TAG] of one repository; each tag is set on
	// the pushed manifest (DefaultTag when a reference has none).
	Refs       []string
	Provenance Provenance
	Remote     Remote
}

// SumMismatchError refuses a push whose atlas.sum does not match the
// directory: the directory failed validation, the tool did not.
type SumMismatchError struct {
	Dir      string
	Mismatch *atlassum.Mismatch
}

func (e *SumMismatchError) Error() string {
	return fmt.Sprintf("%s/%v; nothing pushed", strings.TrimSuffix(e.Dir, "/"), e.Mismatch)
}

// Pushed is the result of a push.
type Pushed struct {
	Ref    string // REGISTRY/REPO@sha256:…
	Tags   []string
	Files  int
	Size   int64 // the archive, compressed
	Format string
}

// Push validates the directory, packs it and pushes it with every tag.
// The same content and provenance always give the same manifest digest, so
// pushing again changes nothing.
func Push(ctx context.Context, opts PushOptions) (*Pushed, error) {
	repoRef, tags, err := pushTargets(opts.Refs)
	if err != nil {
		return nil, err
	}
	dir, err := openDir(opts.Dir, opts.Format, opts.Dialect)
	if err != nil {
		return nil, err
	}
	layer, files, err := Archive(opts.Dir)
	if err != nil {
		return nil, err
	}
	if err := coversDir(dir, files); err != nil {
		return nil, fmt.Errorf("%s: %w", opts.Dir, err)
	}
	dialect, _ := dialectName(opts.Dialect)
	annotations := manifestAnnotations(opts.Provenance, dir, dialect)

	store := memory.New()
	layerDesc := content.NewDescriptorFromBytes(LayerMediaType, layer)
	layerDesc.Annotations = map[string]string{ocispec.AnnotationTitle: LayerTitle}
	if err := store.Push(ctx, layerDesc, bytes.NewReader(layer)); err != nil {
		return nil, fmt.Errorf("pack %s: %w", opts.Dir, err)
	}
	root, err := oras.PackManifest(ctx, store, oras.PackManifestVersion1_1, ArtifactType, oras.PackManifestOptions{
		Layers: []ocispec.Descriptor{layerDesc}, ManifestAnnotations: annotations})
	if err != nil {
		return nil, fmt.Errorf("pack %s: %w", opts.Dir, err)
	}
	manifest, err := content.FetchAll(ctx, store, root)
	if err != nil {
		return nil, fmt.Errorf("pack %s: %w", opts.Dir, err)
	}

	repo, err := opts.Remote.repository(repoRef)
	if err != nil {
		return nil, err
	}
	// Blobs the registry already holds are not sent again.
	if err := oras.CopyGraph(ctx, store, repo, root, oras.DefaultCopyGraphOptions); err != nil {
		return nil, fmt.Errorf("push to %s: %w", repoRef.Repo(), opts.Remote.describe(err))
	}
	if _, err := oras.TagBytesN(ctx, repo, root.MediaType, manifest, tags, oras.DefaultTagBytesNOptions); err != nil {
		return nil, fmt.Errorf("tag %s:%s: %w", repoRef.Repo(), strings.Join(tags, ","), opts.Remote.describe(err))
	}
	return &Pushed{Ref: repoRef.Repo() + "@" + root.Digest.String(), Tags: tags, Files: len(files),
		Size: layerDesc.Size, Format: dir.Format}, nil
}

// pushTargets checks that every reference names the same repository and a
// tag, and returns the repository and the tags in the order given.
func pushTargets(refs []string) (Ref, []string, error) {
	if len(refs) == 0 {
		return Ref{}, nil, errors.New("no reference: name where to push, e.g. ghcr.io/acme/migrations:v1")
	}
	var repo Ref
	var tags []string
	for i, s := range refs {
		ref, err := ParseRef(s)
		if err != nil {
			return Ref{}, nil, err
		}
		if ref.IsDigest() {
			return Ref{}, nil, fmt.Errorf("reference %q: a push names tags, not a digest (the digest is the result)", s)
		}
		if i == 0 {
			repo = ref
		} else if ref.Repo() != repo.Repo() {
			return Ref{}, nil, fmt.Errorf("reference %q: every reference of one push names the same repository (%s); push again for another", s, repo.Repo())
		}
		tags = append(tags, ref.Reference.Reference)
	}
	return repo, dedupe(tags), nil
}

func dedupe(tags []string) []string {
	seen := map[string]bool{}
	out := tags[:0]
	for _, t := range tags {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// openDir reads the directory in its format and checks atlas.sum when there
// is one: what is pushed must be what its tool would run.
func openDir(path, format, dialect string) (*migrate.Dir, error) {
	name, err := dialectName(dialect)
	if err != nil {
		return nil, err
	}
	if format == "" {
		format = migrate.FormatAuto
	}
	if format != migrate.FormatAuto && !slices.Contains(migrate.Formats(), format) {
		return nil, fmt.Errorf("--dir-format: unknown format %q (want %s or %s)", format,
			migrate.FormatAuto, strings.Join(migrate.Formats(), ", "))
	}
	lexical := split.Postgres
	if name != "postgres" {
		lexical = split.MySQL
	}
	dir, err := migrate.Open(path, migrate.Options{Format: format, Dialect: lexical})
	if err != nil {
		return nil, err
	}
	if dir.Sum == nil {
		return dir, nil
	}
	recorded, err := atlassum.Parse(dir.Sum)
	if err != nil {
		return nil, fmt.Errorf("%s/%s: %w", strings.TrimSuffix(path, "/"), atlassum.FileName, err)
	}
	if m := atlassum.Validate(recorded, atlassum.ComputeDir(dir)); m != nil {
		return nil, &SumMismatchError{Dir: path, Mismatch: m}
	}
	return dir, nil
}

// dialectName canonicalises a dialect name as the rest of schemaguard
// spells it; the annotation keeps mariadb apart from mysql.
func dialectName(s string) (string, error) {
	switch strings.ToLower(s) {
	case "", "postgres", "postgresql", "pg":
		return "postgres", nil
	case "mysql":
		return "mysql", nil
	case "mariadb":
		return "mariadb", nil
	}
	return "", fmt.Errorf("--dialect: unknown dialect %q (want postgres, mysql or mariadb)", s)
}

// coversDir makes sure every file the format reads is in the archive, so
// the pulled directory runs exactly like the pushed one.
func coversDir(dir *migrate.Dir, files []ArchiveFile) error {
	have := make(map[string]bool, len(files))
	for _, f := range files {
		have[f.Name] = true
	}
	for _, f := range dir.Files {
		if !have[f.Name] {
			return fmt.Errorf("%s is a migration (%s reads it) but hidden, so the archive leaves it out; rename it", f.Name, dir.Format)
		}
	}
	return nil
}

func manifestAnnotations(p Provenance, dir *migrate.Dir, dialect string) map[string]string {
	created := p.Created
	if created.IsZero() {
		created = archiveEpoch
	}
	a := map[string]string{
		ocispec.AnnotationCreated: created.UTC().Format(time.RFC3339),
		AnnotationFormat:          dir.Format,
		AnnotationDialect:         dialect,
	}
	if p.Source != "" {
		a[ocispec.AnnotationSource] = p.Source
	}
	if p.Revision != "" {
		a[ocispec.AnnotationRevision] = p.Revision
	}
	if v := latestVersion(dir); v != "" {
		a[AnnotationLatestVersion] = v
	}
	return a
}

// latestVersion is the version of the last file in execution order that has
// one (repeatable files have none).
func latestVersion(dir *migrate.Dir) string {
	for i := len(dir.Files) - 1; i >= 0; i-- {
		if v := dir.Files[i].Version; v != "" {
			return v
		}
	}
	return ""
}
