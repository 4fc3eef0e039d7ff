package integrity

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/schemaguard/schemaguard/changes"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/linttest"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/migrate/atlassum"
)

func open(t *testing.T, format string, files map[string]string) *migrate.Dir {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys["m/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	d, err := migrate.OpenFS(fsys, "m", migrate.Options{Format: format})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// run lints the whole directory with this package's rules only.
func run(t *testing.T, d *migrate.Dir, set *changes.Set) []lint.Diagnostic {
	t.Helper()
	res := lint.Run(d, lint.All, lint.Config{Dialect: lint.Postgres, Parser: linttest.Parser(lint.Postgres, false),
		Analyzers: Analyzers(), FailOn: lint.Error, DirPath: "m", Changes: set})
	var out []lint.Diagnostic
	for _, f := range res.Files {
		out = append(out, f.Diagnostics...)
	}
	return out
}

func only(t *testing.T, ds []lint.Diagnostic, code, file string, line int, msgPart string) {
	t.Helper()
	if len(ds) != 1 {
		t.Fatalf("want exactly one %s, got %+v", code, ds)
	}
	d := ds[0]
	if d.Code != code || d.File != "m/"+file || d.Line != line || !strings.Contains(d.Message, msgPart) {
		t.Fatalf("got %s %s:%d %q; want %s m/%s:%d containing %q", d.Code, d.File, d.Line, d.Message, code, file, line, msgPart)
	}
}

var history = map[string]string{
	"1_users.sql":  "CREATE TABLE users (id int);\n",
	"2_orders.sql": "CREATE TABLE orders (id int);\n",
}

func withSum(files map[string]string) map[string]string {
	out := map[string]string{}
	var entries []atlassum.Entry
	for _, n := range []string{"1_users.sql", "2_orders.sql"} {
		out[n] = files[n]
		entries = append(entries, atlassum.Entry{Name: n, Data: []byte(files[n])})
	}
	out[atlassum.FileName] = string(atlassum.Compute(entries).Bytes())
	return out
}

func TestChecksum(t *testing.T) {
	ok := withSum(history)
	if ds := run(t, open(t, migrate.FormatAtlas, ok), nil); len(ds) != 0 {
		t.Fatalf("matching sum: %+v", ds)
	}
	edited := withSum(history)
	edited["1_users.sql"] = "CREATE TABLE users (id bigint);\n"
	only(t, run(t, open(t, migrate.FormatAtlas, edited), nil), "IN101", "atlas.sum", 2, "1_users.sql was edited")

	added := withSum(history)
	added["3_items.sql"] = "CREATE TABLE items (id int);\n"
	only(t, run(t, open(t, migrate.FormatAtlas, added), nil), "IN101", "atlas.sum", 1, "3_items.sql was added")
}

func TestHistoryAgainstBase(t *testing.T) {
	files := map[string]string{
		"1_users.sql":  history["1_users.sql"],
		"2_orders.sql": history["2_orders.sql"],
		"3_items.sql":  "CREATE TABLE items (id int);\n",
	}
	d := open(t, migrate.FormatGolangMigrate, map[string]string{
		"1_users.up.sql": files["1_users.sql"], "2_orders.up.sql": files["2_orders.sql"], "10_items.up.sql": files["3_items.sql"],
	})
	base := &changes.Set{Ref: "origin/main", BaseNewest: "2_orders.up.sql", BaseNewestVersion: "2"}

	edited := *base
	edited.Modified = []string{"1_users.up.sql"}
	only(t, run(t, d, &edited), "IN102", "1_users.up.sql", 1, "origin/main")

	removed := *base
	removed.Deleted = []string{"5_gone.up.sql"}
	only(t, run(t, d, &removed), "IN103", "5_gone.up.sql", 1, "was deleted")

	// 10 sorts after 2 numerically (golang-migrate), so it is in order...
	inOrder := *base
	inOrder.Added = []string{"10_items.up.sql"}
	if ds := run(t, d, &inOrder); len(ds) != 0 {
		t.Fatalf("10 after 2 is in order for golang-migrate: %+v", ds)
	}
	// ...but 1 does not.
	late := *base
	late.BaseNewest, late.BaseNewestVersion = "10_items.up.sql", "10"
	late.Added = []string{"2_orders.up.sql"}
	only(t, run(t, d, &late), "IN104", "2_orders.up.sql", 1, "sorts before")
}

func TestDuplicateVersion(t *testing.T) {
	d := open(t, migrate.FormatAtlas, map[string]string{
		"20240101_users.sql":  history["1_users.sql"],
		"20240101_orders.sql": history["2_orders.sql"],
	})
	only(t, run(t, d, nil), "IN105", "20240101_users.sql", 1, "20240101_orders.sql")
}

// With --latest and --base only a duplicate that involves a linted file is
// reported: an old duplicate in the history already ran and is not news.
func TestDuplicateVersionOfLintedFilesOnly(t *testing.T) {
	d := open(t, migrate.FormatAtlas, map[string]string{
		"1_a.sql": history["1_users.sql"],
		"1_b.sql": "CREATE TABLE b (id int);\n",
		"2_c.sql": "CREATE TABLE c (id int);\n",
		"2_d.sql": history["2_orders.sql"],
		"3_e.sql": "CREATE TABLE e (id int);\n",
	})
	lintSel := func(sel lint.Selection, set *changes.Set) []lint.Diagnostic {
		res := lint.Run(d, sel, lint.Config{Dialect: lint.Postgres, Parser: linttest.Parser(lint.Postgres, false),
			Analyzers: Analyzers(), FailOn: lint.Error, DirPath: "m", Changes: set})
		var out []lint.Diagnostic
		for _, f := range res.Files {
			out = append(out, f.Diagnostics...)
		}
		return out
	}
	if ds := lintSel(lint.Latest(1, d), nil); len(ds) != 0 {
		t.Errorf("--latest 1 (3_e.sql): the duplicates are history, got %+v", ds)
	}
	only(t, lintSel(lint.Latest(2, d), nil), "IN105", "2_d.sql", 1, `like "2_c.sql"`)
	set := &changes.Set{Added: []string{"1_b.sql"}}
	only(t, lintSel(lint.ChangedSince(set), set), "IN105", "1_b.sql", 1, `like "1_a.sql"`)
}

func TestFileDirectiveSuppresses(t *testing.T) {
	d := open(t, migrate.FormatAtlas, map[string]string{
		"1_users.sql":  history["1_users.sql"],
		"2_orders.sql": "-- lint:ignore IN102 comment-only fix\n\n" + history["2_orders.sql"],
	})
	res := lint.Run(d, lint.All, lint.Config{Dialect: lint.Postgres, Parser: linttest.Parser(lint.Postgres, false),
		Analyzers: Analyzers(), DirPath: "m", Changes: &changes.Set{Modified: []string{"2_orders.sql"}}})
	if res.Summary.Errors != 0 || res.Summary.Suppressed != 1 {
		t.Fatalf("want the edit suppressed, got %+v", res.Summary)
	}
}
