package changes

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/schemaguard/schemaguard/migrate"
)

func TestAddedModifiedDeleted(t *testing.T) {
	r := newRepo(t)
	r.write("db/1_a.up.sql", "CREATE TABLE a (id int);\n")
	r.write("db/1_a.down.sql", "DROP TABLE a;\n")
	r.write("db/2_b.up.sql", "CREATE TABLE b (id int);\n")
	r.write("db/3_c.up.sql", "CREATE TABLE c (id int);\n")
	base := r.commit("base")
	r.git("checkout", "-q", "-b", "feature")
	r.write("db/4_d.up.sql", "CREATE TABLE d (id int);\n")
	r.write("db/2_b.up.sql", "CREATE TABLE b (id bigint);\n")
	r.remove("db/3_c.up.sql")
	r.write("db/1_a.down.sql", "DROP TABLE IF EXISTS a;\n") // down files are not migrations
	r.write("db/README.md", "notes\n")
	r.commit("feature")

	s := r.detect(migrate.FormatGolangMigrate, "main")
	wantSet(t, s, []string{"4_d.up.sql"}, []string{"2_b.up.sql"}, []string{"3_c.up.sql"}, "3_c.up.sql", "3")
	if s.Ref != "main" || s.Base != base || s.Dir != "db" {
		t.Errorf("Ref, Base, Dir = %q, %q, %q; want main, %s, db", s.Ref, s.Base, s.Dir, base)
	}
	if !s.Changed("4_d.up.sql") || !s.Changed("2_b.up.sql") || s.Changed("1_a.up.sql") {
		t.Errorf("Changed wrong for %+v", s)
	}
}

// golang-migrate orders by number: 10 runs after 2 although "10" < "2".
func TestGolangMigrateNumericOrder(t *testing.T) {
	r := newRepo(t)
	r.write("db/2_x.up.sql", "SELECT 2;\n")
	r.write("db/10_y.up.sql", "SELECT 10;\n")
	r.commit("base")
	r.write("db/3_z.up.sql", "SELECT 3;\n")
	r.write("db/11_w.up.sql", "SELECT 11;\n")

	s := r.detect(migrate.FormatGolangMigrate, "HEAD")
	wantSet(t, s, []string{"3_z.up.sql", "11_w.up.sql"}, nil, nil, "10_y.up.sql", "10")
	if !IsBefore(migrate.FormatGolangMigrate, "3", s.BaseNewestVersion) {
		t.Error("3 should be before 10")
	}
	if IsBefore(migrate.FormatGolangMigrate, "11", s.BaseNewestVersion) {
		t.Error("11 should not be before 10")
	}
}

func TestAtlasOutOfOrder(t *testing.T) {
	r := newRepo(t)
	r.write("db/20240101000000_a.sql", "CREATE TABLE a (id int);\n")
	r.write("db/20240301000000_b.sql", "CREATE TABLE b (id int);\n")
	r.write("db/atlas.sum", "h1:old\n")
	r.commit("base")
	r.git("checkout", "-q", "-b", "feature")
	r.write("db/20240201000000_c.sql", "CREATE TABLE c (id int);\n")
	r.write("db/atlas.sum", "h1:new\n") // not a migration
	r.commit("feature")

	s := r.detect(migrate.FormatAtlas, "main")
	wantSet(t, s, []string{"20240201000000_c.sql"}, nil, nil, "20240301000000_b.sql", "20240301000000")
	if !IsBefore(migrate.FormatAtlas, "20240201000000", s.BaseNewestVersion) {
		t.Error("new file should be out of order")
	}
	if IsBefore(migrate.FormatAtlas, "20240201000000", "") || IsBefore(migrate.FormatAtlas, "", "1") {
		t.Error("an empty version is never before")
	}
}

func TestPlainOrder(t *testing.T) {
	r := newRepo(t)
	r.write("db/1.sql", "SELECT 1;\n")
	r.write("db/2_x.sql", "SELECT 2;\n")
	r.write("db/10_y.sql", "SELECT 10;\n")
	r.write("db/notes.txt", "x\n")
	r.commit("base")
	r.write("db/notes.txt", "y\n")
	s := r.detect(migrate.FormatPlain, "main")
	wantSet(t, s, nil, nil, nil, "10_y.sql", "10")
}

// goose Go migrations are members of the directory: versioned, compared.
func TestGooseGoFiles(t *testing.T) {
	r := newRepo(t)
	r.write("db/00001_a.sql", "-- +goose Up\nCREATE TABLE a (id int);\n")
	r.write("db/00002_b.go", "package db\n// AddMigration(up, down)\n")
	r.write("db/helpers.go", "package db\n")
	r.commit("base")
	r.git("checkout", "-q", "-b", "feature")
	r.write("db/00002_b.go", "package db\n// AddMigrationNoTx(up, down)\n")
	r.write("db/00003_c.go", "package db\n")
	r.write("db/helpers.go", "package db\n// changed\n")
	r.write("db/00003_c_test.go", "package db\n")

	s := r.detect(migrate.FormatGoose, "main")
	wantSet(t, s, []string{"00003_c.go"}, []string{"00002_b.go"}, nil, "00002_b.go", "2")
}

// A file the format refuses still counts (by bytes) and does not hide the
// other changes; the linter reports why it is broken.
func TestRefusedFileStillCounts(t *testing.T) {
	r := newRepo(t)
	r.write("db/00001_a.sql", "-- +goose Up\nCREATE TABLE a (id int);\n")
	r.write("db/00002_b.sql", "-- no goose annotation at the base\nSELECT 1;\n")
	r.commit("base")
	r.write("db/00003_c.sql", "CREATE TABLE c (id int);\n") // no -- +goose Up
	r.write("db/00004_d.sql", "-- +goose Up\nCREATE TABLE d (id int);\n")

	s := r.detect(migrate.FormatGoose, "main")
	// 00002 is refused on both sides with the same bytes: unchanged, and it
	// cannot be the base's newest migration.
	wantSet(t, s, []string{"00004_d.sql", "00003_c.sql"}, nil, nil, "00001_a.sql", "1")
}

func TestDirectoryAbsentAtBase(t *testing.T) {
	r := newRepo(t)
	r.write("README.md", "x\n")
	r.commit("base")
	r.git("checkout", "-q", "-b", "feature")
	r.write("db/1_a.up.sql", "SELECT 1;\n")
	r.write("db/2_b.up.sql", "SELECT 2;\n")
	r.commit("feature")
	s := r.detect(migrate.FormatGolangMigrate, "main")
	wantSet(t, s, []string{"1_a.up.sql", "2_b.up.sql"}, nil, nil, "", "")
}

func TestDirectoryRemoved(t *testing.T) {
	r := newRepo(t)
	r.write("db/1_a.up.sql", "SELECT 1;\n")
	r.commit("base")
	r.remove("db/1_a.up.sql")
	s := r.detect(migrate.FormatGolangMigrate, "main")
	wantSet(t, s, nil, nil, []string{"1_a.up.sql"}, "1_a.up.sql", "1")
}

// The feature branch forked before main gained 3_c: comparing with the
// merge-base, 3_c is neither deleted nor the base's newest.
func TestMergeBaseNotBaseTip(t *testing.T) {
	r := newRepo(t)
	r.write("db/1_a.up.sql", "SELECT 1;\n")
	r.write("db/2_b.up.sql", "SELECT 2;\n")
	fork := r.commit("fork point")
	r.git("branch", "feature")
	r.write("db/3_c.up.sql", "SELECT 3;\n")
	r.write("db/2_b.up.sql", "SELECT 2; -- edited on main\n")
	tip := r.commit("main advances")
	r.git("checkout", "-q", "feature")
	r.write("db/4_d.up.sql", "SELECT 4;\n")
	r.commit("feature work")

	s := r.detect(migrate.FormatGolangMigrate, "main")
	if s.Base != fork || s.Base == tip {
		t.Errorf("Base = %s, want the fork point %s", s.Base, fork)
	}
	wantSet(t, s, []string{"4_d.up.sql"}, nil, nil, "2_b.up.sql", "2")
}

// The work tree is the new side: uncommitted edits and untracked files count.
func TestWorkTreeChangesCount(t *testing.T) {
	r := newRepo(t)
	r.write("db/1_a.up.sql", "SELECT 1;\n")
	r.commit("base")
	r.write("db/1_a.up.sql", "SELECT 1; -- uncommitted\n")
	r.write("db/2_b.up.sql", "SELECT 2;\n")
	s := r.detect(migrate.FormatGolangMigrate, "main")
	wantSet(t, s, []string{"2_b.up.sql"}, []string{"1_a.up.sql"}, nil, "1_a.up.sql", "1")
}

// A symbolic link is compared by its target's content on both sides.
func TestSymlinkFollowed(t *testing.T) {
	r := newRepo(t)
	r.write("shared/a.sql", "SELECT 1;\n")
	r.write("db/2_b.up.sql", "SELECT 2;\n")
	if err := os.Symlink("../shared/a.sql", filepath.Join(r.dir, "db", "1_a.up.sql")); err != nil {
		t.Fatal(err)
	}
	r.commit("base")
	s := r.detect(migrate.FormatGolangMigrate, "main")
	wantSet(t, s, nil, nil, nil, "2_b.up.sql", "2")
	r.write("shared/a.sql", "SELECT 1; -- edited through the link\n")
	s = r.detect(migrate.FormatGolangMigrate, "main")
	wantSet(t, s, nil, []string{"1_a.up.sql"}, nil, "2_b.up.sql", "2")
}

// Dir may be absolute, RepoDir a sub-directory, and the directory the root.
func TestPaths(t *testing.T) {
	r := newRepo(t)
	r.write("sub/db/1_a.up.sql", "SELECT 1;\n")
	r.write("1_root.up.sql", "SELECT 1;\n")
	r.commit("base")
	r.write("sub/db/2_b.up.sql", "SELECT 2;\n")
	r.write("2_root.up.sql", "SELECT 2;\n")
	ctx := context.Background()
	for _, o := range []Options{
		{RepoDir: filepath.Join(r.dir, "sub"), Dir: "db"},
		{RepoDir: r.dir, Dir: filepath.Join(r.dir, "sub", "db")},
	} {
		o.Base, o.Format = "main", migrate.FormatGolangMigrate
		s, err := Detect(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		wantSet(t, s, []string{"2_b.up.sql"}, nil, nil, "1_a.up.sql", "1")
		if s.Dir != "sub/db" {
			t.Errorf("Dir = %q, want sub/db", s.Dir)
		}
	}
	s, err := Detect(ctx, Options{RepoDir: r.dir, Base: "main", Format: migrate.FormatGolangMigrate})
	if err != nil {
		t.Fatal(err)
	}
	wantSet(t, s, []string{"2_root.up.sql"}, nil, nil, "1_root.up.sql", "1")
	_, err = Detect(ctx, Options{RepoDir: r.dir, Dir: t.TempDir(), Base: "main", Format: migrate.FormatGolangMigrate})
	wantErr(t, err, "outside the git repository")
}

func TestErrors(t *testing.T) {
	r := newRepo(t)
	r.write("db/1_a.up.sql", "SELECT 1;\n")
	r.commit("base")
	ctx := context.Background()
	opts := Options{RepoDir: r.dir, Dir: "db", Format: migrate.FormatGolangMigrate}

	opts.Base = "no-such-branch"
	_, err := Detect(ctx, opts)
	wantErr(t, err, `unknown base ref "no-such-branch"`)

	opts.Base = "--upload-pack=evil"
	_, err = Detect(ctx, opts)
	wantErr(t, err, "invalid base ref")

	opts.Base, opts.Format = "main", migrate.FormatAuto
	_, err = Detect(ctx, opts)
	wantErr(t, err, "format must be resolved")

	opts.RepoDir, opts.Format = t.TempDir(), migrate.FormatGolangMigrate
	_, err = Detect(ctx, opts)
	wantErr(t, err, "not inside a git repository")

	// Two roots: main and an orphan branch share no history.
	r.git("checkout", "-q", "--orphan", "other")
	r.commit("unrelated")
	opts.RepoDir = r.dir
	_, err = Detect(ctx, opts)
	wantErr(t, err, "git merge-base main HEAD", "no common ancestor")

	empty := newRepo(t)
	_, err = Detect(ctx, Options{RepoDir: empty.dir, Dir: "db", Base: "main", Format: migrate.FormatPlain})
	wantErr(t, err, "no commit at HEAD")
}

// One cat-file process serves the whole base: a thousand files, with more
// output than a pipe buffer holds, must neither deadlock nor crawl.
func TestManyFiles(t *testing.T) {
	r := newRepo(t)
	pad := strings.Repeat("-- padding\n", 20)
	for i := 1; i <= 1000; i++ {
		r.write(fmt.Sprintf("db/%d_m.up.sql", i), fmt.Sprintf("%sSELECT %d;\n", pad, i))
	}
	r.commit("base")
	r.write("db/500_m.up.sql", "SELECT 'changed';\n")
	start := time.Now()
	s := r.detect(migrate.FormatGolangMigrate, "main")
	wantSet(t, s, nil, []string{"500_m.up.sql"}, nil, "1000_m.up.sql", "1000")
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("Detect took %v for 1000 files", d)
	}
}

// Only non-migration files left on one side: no migrations, not an error.
func TestOnlyOtherFiles(t *testing.T) {
	r := newRepo(t)
	r.write("db/README.md", "x\n")
	r.commit("base")
	r.write("db/1_a.up.sql", "SELECT 1;\n")
	s := r.detect(migrate.FormatGolangMigrate, "main")
	wantSet(t, s, []string{"1_a.up.sql"}, nil, nil, "", "")
	r.remove("db/1_a.up.sql")
	s = r.detect(migrate.FormatGolangMigrate, "main")
	wantSet(t, s, nil, nil, nil, "", "")
}
