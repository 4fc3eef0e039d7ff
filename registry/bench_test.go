package registry

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/schemaguard/schemaguard/internal/benchgen"
)

// benchDir writes a directory of n generated atlas migrations (~5 KB each).
func benchDir(b *testing.B, n int) string {
	dir := b.TempDir()
	for name, data := range benchgen.Files(n) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

func BenchmarkArchive1000Files(b *testing.B) {
	dir := benchDir(b, 1000)
	b.ResetTimer()
	for b.Loop() {
		_, files, err := Archive(dir)
		if err != nil {
			b.Fatal(err)
		}
		var in int64 // throughput of the directory read, not of the archive written
		for _, f := range files {
			in += int64(len(f.Data))
		}
		b.SetBytes(in)
	}
}

// A push and a pull of 1,000 files through the in-process registry: the
// cost of schemaguard's side (validation, archive, verification, unpack).
func BenchmarkPushPull1000Files(b *testing.B) {
	b.Setenv("DOCKER_CONFIG", b.TempDir())
	host, _ := inProcessB(b)
	dir := benchDir(b, 1000)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		p, err := Push(ctx, PushOptions{Dir: dir, Format: "atlas", Refs: []string{host + "/bench/m:v1"},
			Provenance: fixedProvenance, Remote: plain})
		if err != nil {
			b.Fatal(err)
		}
		dest := filepath.Join(b.TempDir(), "m")
		if _, err := Pull(ctx, p.Ref, dest, PullOptions{Remote: plain}); err != nil {
			b.Fatal(err)
		}
	}
}
