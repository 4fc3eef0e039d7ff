package registry

import (
	"bytes"
	"context"
	stdbase64 "encoding/base64"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	ggcr "github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/opencontainers/go-digest"
)

// writeTree creates files (slash paths → content) below a new directory.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// readTree reads every file below dir into slash path → content.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameTree(t *testing.T, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d files %v, want %d", len(got), keys(got), len(want))
	}
	for name, data := range want {
		if got[name] != data {
			t.Errorf("%s: got %q, want %q", name, got[name], data)
		}
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// migrations is a small golang-migrate directory with a nested file that is
// not a migration (kept in the artifact all the same).
var migrations = map[string]string{
	"1_users.up.sql":     "CREATE TABLE users (id bigint PRIMARY KEY);\n",
	"1_users.down.sql":   "DROP TABLE users;\n",
	"2_email.up.sql":     "ALTER TABLE users ADD COLUMN email text;\n",
	"2_email.down.sql":   "ALTER TABLE users DROP COLUMN email;\n",
	"docs/README.md":     "How we write migrations.\n",
	"10_orders.up.sql":   "CREATE TABLE orders (id bigint PRIMARY KEY);\n",
	"10_orders.down.sql": "DROP TABLE orders;\n",
}

var fixedProvenance = Provenance{Source: "https://github.com/acme/shop", Revision: "0123456789abcdef0123456789abcdef01234567",
	Created: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}

// tamperingBlobs is the in-process registry's memory store, except that
// Get serves the blobs named in tampered with their last byte flipped (same
// size, other digest), as a corrupt or malicious registry would.
type tamperingBlobs struct {
	mu       sync.Mutex
	blobs    map[string][]byte
	tampered map[string]bool
}

func (b *tamperingBlobs) Stat(_ context.Context, _ string, h v1.Hash) (int64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	data, ok := b.blobs[h.String()]
	if !ok {
		return 0, ggcr.ErrNotFound
	}
	return int64(len(data)), nil
}

func (b *tamperingBlobs) Get(_ context.Context, _ string, h v1.Hash) (io.ReadCloser, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	data, ok := b.blobs[h.String()]
	if !ok {
		return nil, ggcr.ErrNotFound
	}
	if b.tampered[h.String()] {
		data = bytes.Clone(data)
		data[len(data)-1] ^= 0xff
	}
	return io.NopCloser(bytes.NewReader(data)), nil
}

func (b *tamperingBlobs) Put(_ context.Context, _ string, h v1.Hash, rc io.ReadCloser) error {
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.blobs[h.String()] = data
	return nil
}

func (b *tamperingBlobs) tamper(digest string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tampered[digest] = true
}

// inProcess starts go-containerregistry's in-memory registry (no auth,
// plain HTTP) and returns its host:port and its blob store.
func inProcess(t *testing.T) (string, *tamperingBlobs) { return inProcessB(t) }

func inProcessB(t testing.TB) (string, *tamperingBlobs) {
	t.Helper()
	blobs := &tamperingBlobs{blobs: map[string][]byte{}, tampered: map[string]bool{}}
	srv := httptest.NewServer(ggcr.New(ggcr.WithBlobHandler(blobs), ggcr.Logger(discardLogger())))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://"), blobs
}

// noDockerConfig points the Docker configuration at an empty directory, so
// the tests never read the machine's credentials.
func noDockerConfig(t *testing.T) {
	t.Setenv("DOCKER_CONFIG", t.TempDir())
}

func discardLogger() *log.Logger { return log.New(io.Discard, "", 0) }

func contentDigest(b []byte) string { return digest.FromBytes(b).String() }

func base64(s string) string { return stdbase64.StdEncoding.EncodeToString([]byte(s)) }
