package registry

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The same content gives the same bytes, whatever the checkout did: other
// mtimes, other permissions, other creation order, a .git directory, an
// editor's hidden file, a symbolic link in place of a file.
func TestArchiveReproducible(t *testing.T) {
	a := writeTree(t, migrations)
	b := t.TempDir()
	names := keys(migrations)
	for i := len(names) - 1; i >= 0; i-- { // other creation order
		name := names[i]
		p := filepath.Join(b, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		src := p
		if name == "2_email.up.sql" { // a link to a file outside the tree
			src = filepath.Join(t.TempDir(), "target.sql")
			if err := os.Symlink(src, p); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(src, []byte(migrations[name]), 0o600); err != nil {
			t.Fatal(err)
		}
		old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
		if err := os.Chtimes(src, old, old); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Join(b, "1_users.up.sql"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{".git/HEAD": "ref: refs/heads/main\n", ".1_users.up.sql.swp": "x",
		"docs/.DS_Store": "x"} {
		p := filepath.Join(b, filepath.FromSlash(name))
		_ = os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	archiveA, filesA, err := Archive(a)
	if err != nil {
		t.Fatal(err)
	}
	archiveB, _, err := Archive(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(archiveA, archiveB) {
		t.Fatalf("archives of the same content differ (%d and %d bytes)", len(archiveA), len(archiveB))
	}
	var names2 []string
	for _, f := range filesA {
		names2 = append(names2, f.Name)
	}
	want := "10_orders.down.sql 10_orders.up.sql 1_users.down.sql 1_users.up.sql 2_email.down.sql 2_email.up.sql docs/README.md"
	if got := strings.Join(names2, " "); got != want {
		t.Errorf("entries %q, want %q (sorted, no hidden entries)", got, want)
	}

	// The metadata is fixed, not only equal between these two trees.
	zr, err := gzip.NewReader(bytes.NewReader(archiveB))
	if err != nil {
		t.Fatal(err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() {
		t.Errorf("gzip header name %q mtime %v, want none", zr.Name, zr.ModTime)
	}
	tr := tar.NewReader(zr)
	for {
		hdr, err := tr.Next()
		if err != nil {
			break
		}
		if hdr.Mode != 0o644 || hdr.Uid != 0 || hdr.Gid != 0 || hdr.Uname != "" || !hdr.ModTime.Equal(time.Unix(0, 0)) || hdr.Typeflag != tar.TypeReg {
			t.Errorf("%s: mode %o uid %d gid %d uname %q mtime %v type %c, want 644 0 0 \"\" epoch regular",
				hdr.Name, hdr.Mode, hdr.Uid, hdr.Gid, hdr.Uname, hdr.ModTime, hdr.Typeflag)
		}
	}

	// Other content, other bytes.
	if err := os.WriteFile(filepath.Join(b, "docs", "README.md"), []byte("changed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	archiveC, _, err := Archive(b)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(archiveA, archiveC) {
		t.Error("a changed file left the archive unchanged")
	}
}

func TestArchiveRefusesBrokenLinkAndMissingDir(t *testing.T) {
	dir := writeTree(t, migrations)
	if err := os.Symlink(filepath.Join(dir, "nowhere.sql"), filepath.Join(dir, "3_gone.up.sql")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Archive(dir); err == nil || !strings.Contains(err.Error(), "3_gone.up.sql: symbolic link to nothing") {
		t.Errorf("broken link: got %v, want an error naming 3_gone.up.sql", err)
	}
	if _, _, err := Archive(filepath.Join(dir, "nope")); err == nil || !strings.Contains(err.Error(), "--dir "+filepath.Join(dir, "nope")) {
		t.Errorf("missing directory: got %v, want an error naming --dir and the path", err)
	}
}

// entry is a hand-made tar entry for the unpack tests.
type entry struct {
	hdr  tar.Header
	data string
}

func tarGz(t *testing.T, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, e := range entries {
		hdr := e.hdr
		if hdr.Typeflag == tar.TypeReg {
			hdr.Size = int64(len(e.data))
		}
		if hdr.Mode == 0 {
			hdr.Mode = 0o644
		}
		if err := tw.WriteHeader(&hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(e.data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func file(name, data string) entry {
	return entry{hdr: tar.Header{Typeflag: tar.TypeReg, Name: name}, data: data}
}

// Every unsafe archive is refused naming the entry and the reason, and
// nothing is written, not even the good entries before the bad one.
func TestUnpackRefusesUnsafeArchives(t *testing.T) {
	ok := file("1_a.up.sql", "SELECT 1;")
	small := Limits{LayerBytes: 1 << 20, UnpackedBytes: 10, Files: 2}
	for _, tc := range []struct {
		name    string
		archive []byte
		limits  Limits
		want    string
	}{
		{"absolute", tarGz(t, ok, file("/etc/passwd", "x")), DefaultLimits, `"/etc/passwd": absolute path`},
		{"dotdot", tarGz(t, ok, file("../escape.sql", "x")), DefaultLimits, `"../escape.sql": path leaves the directory`},
		{"inner dotdot", tarGz(t, ok, file("a/../../escape.sql", "x")), DefaultLimits, `"a/../../escape.sql": not a clean path`},
		{"symlink", tarGz(t, ok, entry{hdr: tar.Header{Typeflag: tar.TypeSymlink, Name: "l.sql", Linkname: "/etc/passwd"}}), DefaultLimits, `"l.sql": type '2' is not allowed`},
		{"hard link", tarGz(t, ok, entry{hdr: tar.Header{Typeflag: tar.TypeLink, Name: "h.sql", Linkname: "1_a.up.sql"}}), DefaultLimits, `"h.sql": type '1' is not allowed`},
		{"device", tarGz(t, ok, entry{hdr: tar.Header{Typeflag: tar.TypeChar, Name: "null", Devmajor: 1, Devminor: 3}}), DefaultLimits, `"null": type '3' is not allowed`},
		{"directory", tarGz(t, ok, entry{hdr: tar.Header{Typeflag: tar.TypeDir, Name: "d/", Mode: 0o755}}), DefaultLimits, `"d/": type '5' is not allowed`},
		{"duplicate", tarGz(t, ok, ok), DefaultLimits, `"1_a.up.sql": appears twice`},
		{"too big", tarGz(t, ok, file("2_b.up.sql", "SELECT 2;")), small, "more than 10 bytes"},
		{"too many", tarGz(t, file("a", "1"), file("b", "2"), file("c", "3")), small, "more than 2 files"},
		{"not gzip", []byte("plain text"), DefaultLimits, "archive: gzip: invalid header"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			_, err := unpack(tc.archive, root, tc.limits)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
			if entries, _ := os.ReadDir(root); len(entries) != 0 {
				t.Errorf("wrote %d entries before refusing", len(entries))
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(root), "escape.sql")); err == nil {
				t.Error("escape.sql was written outside the directory")
			}
		})
	}
}

func TestUnpackWritesNestedFiles(t *testing.T) {
	root := t.TempDir()
	n, err := unpack(tarGz(t, file("1_a.up.sql", "A"), file("sub/dir/2_b.sql", "B")), root, DefaultLimits)
	if err != nil || n != 2 {
		t.Fatalf("unpack: %d files, %v", n, err)
	}
	sameTree(t, readTree(t, root), map[string]string{"1_a.up.sql": "A", "sub/dir/2_b.sql": "B"})
}
