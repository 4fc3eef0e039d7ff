package registry

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"oras.land/oras-go/v2"
	"oras.land/oras-go/v2/registry/remote"

	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/migrate/atlassum"
)

var plain = Remote{PlainHTTP: true}

func push(t *testing.T, dir string, refs ...string) *Pushed {
	t.Helper()
	p, err := Push(context.Background(), PushOptions{Dir: dir, Format: "auto", Dialect: "postgres", Refs: refs,
		Provenance: fixedProvenance, Remote: plain})
	if err != nil {
		t.Fatalf("push: %v", err)
	}
	return p
}

func TestPushPullRoundTrip(t *testing.T) {
	noDockerConfig(t)
	host, _ := inProcess(t)
	src := writeTree(t, migrations)
	repo := host + "/acme/shop/migrations"

	first := push(t, src, repo+":v1", repo+":latest")
	if !strings.HasPrefix(first.Ref, repo+"@sha256:") || first.Files != len(migrations) || first.Format != migrate.FormatGolangMigrate {
		t.Fatalf("pushed %+v", first)
	}
	// The same content again: the same digest, whatever the tag.
	if again := push(t, src, repo+":v2"); again.Ref != first.Ref {
		t.Errorf("second push %s, first %s: a re-push must be idempotent", again.Ref, first.Ref)
	}
	// Touching the files changes nothing either.
	if err := os.Chtimes(filepath.Join(src, "1_users.up.sql"), fixedProvenance.Created, fixedProvenance.Created); err != nil {
		t.Fatal(err)
	}
	if again := push(t, src, repo+":v1"); again.Ref != first.Ref {
		t.Errorf("push after touching a file: %s, want %s", again.Ref, first.Ref)
	}

	r, err := remote.NewRepository(repo)
	if err != nil {
		t.Fatal(err)
	}
	r.PlainHTTP = true
	var tags []string
	if err := r.Tags(context.Background(), "", func(ts []string) error { tags = append(tags, ts...); return nil }); err != nil {
		t.Fatal(err)
	}
	if strings.Join(tags, ",") != "latest,v1,v2" {
		t.Errorf("tags %v, want latest, v1, v2", tags)
	}

	for _, ref := range []string{repo + ":v1", repo + ":v2", first.Ref, "oci://" + first.Ref} {
		dest := filepath.Join(t.TempDir(), "pulled")
		pulled, err := Pull(context.Background(), ref, dest, PullOptions{Remote: plain})
		if err != nil {
			t.Fatalf("pull %s: %v", ref, err)
		}
		if pulled.Ref != first.Ref || pulled.Dir != dest || pulled.Files != len(migrations) {
			t.Errorf("pull %s: %+v", ref, pulled)
		}
		sameTree(t, readTree(t, dest), migrations)
		if pulled.Format() != migrate.FormatGolangMigrate || pulled.Dialect() != "postgres" || pulled.LatestVersion() != "10" {
			t.Errorf("pull %s: format %q dialect %q latest %q", ref, pulled.Format(), pulled.Dialect(), pulled.LatestVersion())
		}
		if pulled.Annotations[ocispec.AnnotationSource] != fixedProvenance.Source ||
			pulled.Annotations[ocispec.AnnotationRevision] != fixedProvenance.Revision ||
			pulled.Annotations[ocispec.AnnotationCreated] != "2024-03-01T12:00:00Z" {
			t.Errorf("pull %s: annotations %v", ref, pulled.Annotations)
		}
		if st, err := os.Stat(dest); err != nil || st.Mode().Perm() != 0o755 {
			t.Errorf("pulled directory mode: %v %v", st.Mode(), err)
		}
	}
}

// The manifest is OCI image manifest v1.1 with schemaguard's artifact type,
// the empty config and one layer of schemaguard's media type.
func TestManifestShape(t *testing.T) {
	noDockerConfig(t)
	host, _ := inProcess(t)
	pushed := push(t, writeTree(t, migrations), host+"/acme/m:v1")
	r, _ := remote.NewRepository(host + "/acme/m")
	r.PlainHTTP = true
	desc, raw, err := oras.FetchBytes(context.Background(), r, "v1", oras.DefaultFetchBytesOptions)
	if err != nil {
		t.Fatal(err)
	}
	if pushed.Ref != host+"/acme/m@"+desc.Digest.String() || desc.MediaType != ocispec.MediaTypeImageManifest {
		t.Errorf("descriptor %+v for %s", desc, pushed.Ref)
	}
	for _, want := range []string{`"artifactType":"` + ArtifactType + `"`, `"mediaType":"` + LayerMediaType + `"`,
		`"mediaType":"` + ocispec.MediaTypeEmptyJSON + `"`, `"` + AnnotationFormat + `":"golang-migrate"`,
		`"` + AnnotationLatestVersion + `":"10"`, `"` + ocispec.AnnotationTitle + `":"` + LayerTitle + `"`} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("manifest lacks %s:\n%s", want, raw)
		}
	}
}

func TestPullRefusesTamperedLayer(t *testing.T) {
	noDockerConfig(t)
	host, blobs := inProcess(t)
	src := writeTree(t, migrations)
	pushed := push(t, src, host+"/acme/m:v1")
	layer, _, err := Archive(src)
	if err != nil {
		t.Fatal(err)
	}
	layerDigest := contentDigest(layer)
	blobs.tamper(layerDigest)

	dest := filepath.Join(t.TempDir(), "pulled")
	for _, ref := range []string{host + "/acme/m:v1", pushed.Ref} {
		_, err := Pull(context.Background(), ref, dest, PullOptions{Remote: plain})
		if !errors.Is(err, ErrTampered) || !strings.Contains(err.Error(), "layer "+layerDigest) {
			t.Fatalf("pull %s of a tampered layer: got %v, want ErrTampered naming the layer", ref, err)
		}
		if _, err := os.Stat(dest); !os.IsNotExist(err) {
			t.Errorf("pull %s wrote %s although it failed", ref, dest)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".pulled.pull-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary directories left behind: %v", leftovers)
	}
}

func TestPullRefusals(t *testing.T) {
	noDockerConfig(t)
	host, _ := inProcess(t)
	ctx := context.Background()
	push(t, writeTree(t, migrations), host+"/acme/m:v1")

	// Another artifact type under the same name is not unpacked.
	r, _ := remote.NewRepository(host + "/acme/other")
	r.PlainHTTP = true
	desc, err := oras.PackManifest(ctx, r, oras.PackManifestVersion1_1, "application/vnd.example.thing.v1",
		oras.PackManifestOptions{ManifestAnnotations: map[string]string{ocispec.AnnotationCreated: "2024-01-01T00:00:00Z"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Tag(ctx, desc, "v1"); err != nil {
		t.Fatal(err)
	}
	_, err = Pull(ctx, host+"/acme/other:v1", filepath.Join(t.TempDir(), "d"), PullOptions{Remote: plain})
	if !errors.Is(err, ErrNotArtifact) || !strings.Contains(err.Error(), `artifact type "application/vnd.example.thing.v1"`) {
		t.Errorf("foreign artifact: got %v", err)
	}

	// A missing tag is not found, naming the reference.
	_, err = Pull(ctx, host+"/acme/m:v9", filepath.Join(t.TempDir(), "d"), PullOptions{Remote: plain})
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "acme/m:v9") {
		t.Errorf("missing tag: got %v", err)
	}

	// A non-empty destination is refused before anything is fetched.
	full := writeTree(t, map[string]string{"keep.txt": "mine"})
	_, err = Pull(ctx, host+"/acme/m:v1", full, PullOptions{Remote: plain})
	if err == nil || !strings.Contains(err.Error(), "--to "+full+": the directory is not empty") {
		t.Errorf("non-empty destination: got %v", err)
	}
	sameTree(t, readTree(t, full), map[string]string{"keep.txt": "mine"})

	// An empty one is fine.
	empty := t.TempDir()
	if _, err := Pull(ctx, host+"/acme/m:v1", empty, PullOptions{Remote: plain}); err != nil {
		t.Errorf("empty destination: %v", err)
	}

	// A layer above the limit is refused before it is fetched.
	_, err = Pull(ctx, host+"/acme/m:v1", filepath.Join(t.TempDir(), "d"), PullOptions{Remote: plain, Limits: Limits{LayerBytes: 10}})
	if err == nil || !strings.Contains(err.Error(), "more than the 10 accepted") {
		t.Errorf("layer limit: got %v", err)
	}
}

func TestPushRefusals(t *testing.T) {
	noDockerConfig(t)
	host, _ := inProcess(t)
	ctx := context.Background()
	src := writeTree(t, migrations)
	for _, tc := range []struct {
		refs []string
		want string
	}{
		{nil, "no reference"},
		{[]string{host + "/a/m:v1", host + "/a/other:v2"}, `every reference of one push names the same repository`},
		{[]string{host + "/a/m@sha256:" + strings.Repeat("0", 64)}, "a push names tags, not a digest"},
		{[]string{"acme/m:v1"}, `"acme" is not a registry host`},
		{[]string{host + "/a/m:bad tag"}, "invalid reference"},
	} {
		_, err := Push(ctx, PushOptions{Dir: src, Format: "auto", Refs: tc.refs, Remote: plain})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("refs %v: got %v, want %q", tc.refs, err, tc.want)
		}
	}
	for _, tc := range []struct {
		opts PushOptions
		want string
	}{
		{PushOptions{Dir: src, Format: "flyaway"}, `--dir-format: unknown format "flyaway"`},
		{PushOptions{Dir: src, Dialect: "oracle"}, `--dialect: unknown dialect "oracle"`},
		{PushOptions{Dir: filepath.Join(src, "nope")}, "cannot open migration directory"},
		{PushOptions{Dir: writeTree(t, map[string]string{"20240101000000_a.sql": "SELECT 1;"}), Format: migrate.FormatGolangMigrate}, "no golang-migrate migration files"},
	} {
		tc.opts.Refs, tc.opts.Remote = []string{host + "/a/m:v1"}, plain
		if _, err := Push(ctx, tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: got %v, want %q", tc.opts, err, tc.want)
		}
	}
	// None of these pushed anything.
	r, _ := remote.NewRepository(host + "/a/m")
	r.PlainHTTP = true
	if _, err := r.Resolve(ctx, "v1"); err == nil {
		t.Error("a refused push left a tag")
	}
}

// Atlas reads every .sql file, hidden ones too, but the archive leaves
// hidden files out: such a directory is refused rather than pushed without
// one of its migrations.
func TestPushRefusesHiddenMigration(t *testing.T) {
	noDockerConfig(t)
	host, _ := inProcess(t)
	src := writeTree(t, map[string]string{"20240101000000_a.sql": "CREATE TABLE a (id int);\n",
		".20240102000000_b.sql": "CREATE TABLE b (id int);\n"})
	_, err := Push(context.Background(), PushOptions{Dir: src, Format: migrate.FormatAtlas, Refs: []string{host + "/a/m:v1"}, Remote: plain})
	if err == nil || !strings.Contains(err.Error(), ".20240102000000_b.sql is a migration (atlas reads it) but hidden") {
		t.Errorf("got %v, want a refusal naming the hidden migration", err)
	}
}

// An atlas.sum that does not match is refused naming the file and its line
// in atlas.sum, and nothing reaches the registry.
func TestPushRefusesBrokenAtlasSum(t *testing.T) {
	noDockerConfig(t)
	host, _ := inProcess(t)
	files := map[string]string{"20240101000000_a.sql": "CREATE TABLE a (id int);\n", "20240102000000_b.sql": "CREATE TABLE b (id int);\n"}
	src := writeTree(t, files)
	dir, err := migrate.Open(src, migrate.Options{Format: migrate.FormatAtlas})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, atlassum.FileName), atlassum.ComputeDir(dir).Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	push(t, src, host+"/a/atlas:good") // a matching sum is pushed with the files

	if err := os.WriteFile(filepath.Join(src, "20240101000000_a.sql"), []byte("CREATE TABLE a (id bigint);\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Push(context.Background(), PushOptions{Dir: src, Refs: []string{host + "/a/atlas:bad"}, Remote: plain})
	var mismatch *SumMismatchError
	if !errors.As(err, &mismatch) || !strings.Contains(err.Error(), src+"/atlas.sum:2: 20240101000000_a.sql was edited") {
		t.Fatalf("got %v, want a SumMismatchError naming atlas.sum:2 and the file", err)
	}
	r, _ := remote.NewRepository(host + "/a/atlas")
	r.PlainHTTP = true
	if _, err := r.Resolve(context.Background(), "bad"); err == nil {
		t.Error("the refused push left a tag")
	}
}

func TestPullTempRemovesItsDirectory(t *testing.T) {
	noDockerConfig(t)
	host, _ := inProcess(t)
	push(t, writeTree(t, migrations), host+"/a/m:v1")
	p, err := PullTemp(context.Background(), "oci://"+host+"/a/m:v1", PullOptions{Remote: plain})
	if err != nil {
		t.Fatal(err)
	}
	sameTree(t, readTree(t, p.Dir), migrations)
	if err := p.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Dir(p.Dir)); !os.IsNotExist(err) {
		t.Errorf("%s still there after Remove: %v", filepath.Dir(p.Dir), err)
	}
	// Remove of a plain Pull leaves the user's directory alone.
	dest := filepath.Join(t.TempDir(), "mine")
	p, err = Pull(context.Background(), host+"/a/m:v1", dest, PullOptions{Remote: plain})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dest); err != nil {
		t.Errorf("Remove deleted a directory given to Pull: %v", err)
	}
}
