package pgindex

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/lint/linttest"
	"github.com/schemaguard/schemaguard/lint/rules/internal/pgsql"
)

// lintCase runs the analyzers over an inline txtar case and returns the
// diagnostics of its linted files.
func lintCase(t *testing.T, archive string) []lint.Diagnostic {
	t.Helper()
	file := filepath.Join(t.TempDir(), "case.txtar")
	if err := os.WriteFile(file, []byte(archive), 0o644); err != nil {
		t.Fatal(err)
	}
	c := linttest.Load(t, file, Analyzers())
	res := lint.Run(c.Dir, lint.Latest(c.Latest, c.Dir), c.Config)
	var out []lint.Diagnostic
	for _, f := range res.Files {
		out = append(out, f.Diagnostics...)
	}
	return out
}

func only(t *testing.T, ds []lint.Diagnostic, code string) lint.Diagnostic {
	t.Helper()
	var got []lint.Diagnostic
	for _, d := range ds {
		if d.Code == code {
			got = append(got, d)
		}
	}
	if len(got) != 1 {
		t.Fatalf("want one %s, got %d: %+v", code, len(got), ds)
	}
	return got[0]
}

func contains(t *testing.T, what, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Errorf("%s lacks %q:\n%s", what, p, s)
		}
	}
}

const usersHistory = `-- 1_init.sql --
CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);
CREATE INDEX idx_users_name ON users (name);
`

func TestCreateIndexMessageAndFix(t *testing.T) {
	d := only(t, lintCase(t, usersHistory+"-- 2_idx.sql --\nCREATE /* INDEX */ UNIQUE INDEX \"Idx\" ON users (email)\n"), "PG101")
	contains(t, "message", d.Message, `Creating unique index "Idx" on table "users" without CONCURRENTLY blocks writes`)
	if !strings.HasPrefix(d.Fix, `CREATE /* INDEX */ UNIQUE INDEX CONCURRENTLY "Idx" ON users (email);`+"\n") {
		t.Errorf("fix does not start with the rewritten statement:\n%s", d.Fix)
	}
	// atlas runs the file in a transaction: the fix says how to leave it,
	// in atlas's words only.
	contains(t, "fix", d.Fix, "put `-- atlas:txmode none` at the top of the file")
	lacks(t, "fix", d.Fix, "goose", "dbmate", "flyway", "liquibase", "golang-migrate")
}

// A fix names the opt-out of the directory's own tool, never the others'.
func TestNoTransactionOptOutIsTheFormatsOwn(t *testing.T) {
	for _, tc := range []struct{ format, history, file, want string }{
		{"goose", "-- 1_init.sql --\n-- +goose Up\nCREATE TABLE users (id bigint, email text);\n",
			"-- 2_idx.sql --\n-- +goose Up\nCREATE INDEX i ON users (email);\n", "put `-- +goose NO TRANSACTION` at the top of the file"},
		{"flyway", "-- V1__init.sql --\nCREATE TABLE users (id bigint, email text);\n",
			"-- V2__idx.sql --\nCREATE INDEX i ON users (email);\n", "set `executeInTransaction=false` in V2__idx.sql.conf next to the file"},
		{"plain", "-- 1_init.sql --\nCREATE TABLE users (id bigint, email text);\n",
			"-- 2_idx.sql --\nCREATE INDEX i ON users (email);\n", "put `-- schemaguard:txmode none` at the top of the file"},
	} {
		d := only(t, lintCase(t, "format: "+tc.format+"\n"+tc.history+tc.file), "PG101")
		contains(t, tc.format+" fix", d.Fix, tc.want)
		for _, other := range []string{"+goose", "atlas:txmode", "migrate:up", "executeInTransaction", "runInTransaction"} {
			if !strings.Contains(tc.want, other) {
				lacks(t, tc.format+" fix", d.Fix, other)
			}
		}
	}
}

func lacks(t *testing.T, what, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(s, p) {
			t.Errorf("%s names %q:\n%s", what, p, s)
		}
	}
}

func TestCreateIndexFixOutsideTransaction(t *testing.T) {
	d := only(t, lintCase(t, usersHistory+"-- 2_idx.sql --\n-- atlas:txmode none\n\nCREATE INDEX ON public.users (email);\n"), "PG101")
	contains(t, "message", d.Message, `Creating an unnamed index on table "public.users"`)
	contains(t, "fix", d.Fix, "CREATE INDEX CONCURRENTLY ON public.users (email);", "already runs outside one")
}

func TestCreateIndexPartitionedFix(t *testing.T) {
	d := only(t, lintCase(t, `-- 1_init.sql --
CREATE TABLE events (id bigint, at timestamptz) PARTITION BY RANGE (at);
-- 2_idx.sql --
CREATE INDEX idx_events_at ON events (at);
`), "PG101")
	contains(t, "fix", d.Fix, "CREATE INDEX idx_events_at ON ONLY events (at);", "ATTACH PARTITION")
}

func TestDropIndexFix(t *testing.T) {
	d := only(t, lintCase(t, usersHistory+"CREATE SCHEMA s;\nCREATE TABLE s.t (id int);\nCREATE INDEX \"Other\" ON s.t (id);\n"+
		"-- 2_drop.sql --\nDROP INDEX IF EXISTS idx_users_name, s.\"Other\" CASCADE;\n"), "PG102")
	contains(t, "message", d.Message, `Dropping indexes "idx_users_name", "s.Other" without CONCURRENTLY`, `on tables "users", "s.t"`)
	contains(t, "fix", d.Fix,
		"DROP INDEX CONCURRENTLY IF EXISTS idx_users_name;\nDROP INDEX CONCURRENTLY IF EXISTS s.\"Other\";",
		"does not support CASCADE")

	d = only(t, lintCase(t, usersHistory+"-- 2_drop.sql --\n-- atlas:txmode none\n\nDROP INDEX idx_users_name;\n"), "PG102")
	contains(t, "fix", d.Fix, "DROP INDEX CONCURRENTLY idx_users_name;")
}

func TestConcurrentInTransactionCauses(t *testing.T) {
	for _, tc := range []struct{ name, archive, message, fix string }{
		{"format default", usersHistory + "-- 2_idx.sql --\nCREATE INDEX CONCURRENTLY i ON users (email);\n",
			`CREATE INDEX CONCURRENTLY of index "i" on "users" cannot run inside a transaction block, but the file runs in a transaction`,
			"Run this file without one: put `-- atlas:txmode none` at the top of the file."},
		{"atlas directive without the blank line", usersHistory + "-- 2_idx.sql --\n-- atlas:txmode none\nCREATE INDEX CONCURRENTLY i ON users (email);\n",
			`CREATE INDEX CONCURRENTLY of index "i" on "users" cannot run inside a transaction block, but the file runs in a transaction`,
			"the `-- atlas:txmode` on line 1 does not count, because Atlas reads it only in the file's leading comments separated from the first statement by a blank line: add that blank line."},
		{"explicit begin", usersHistory + "-- 2_idx.sql --\n-- atlas:txmode none\n\nBEGIN;\nDROP INDEX CONCURRENTLY idx_users_name;\nCOMMIT;\n",
			`DROP INDEX CONCURRENTLY of "idx_users_name" cannot run inside a transaction block, but it sits inside the transaction opened by BEGIN on line 3`,
			"Move it out of the BEGIN … COMMIT block."},
		{"golang-migrate", "format: golang-migrate\n" + strings.ReplaceAll(usersHistory, "1_init.sql", "1_init.up.sql") +
			"-- 2_idx.up.sql --\nSET lock_timeout = '1s';\nVACUUM users;\n",
			`VACUUM of "users" cannot run inside a transaction block, but golang-migrate sends the file as one multi-statement query`,
			"Move the statement into a migration file of its own."},
		{"liquibase", "format: liquibase\n-- 1.sql --\n--liquibase formatted sql\n\n--changeset alice:7\nREINDEX TABLE CONCURRENTLY users;\n",
			`REINDEX CONCURRENTLY of "users" cannot run inside a transaction block, but changeset alice:7 runs in a transaction`,
			"`runInTransaction:false`"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := only(t, lintCase(t, tc.archive), "PG103")
			contains(t, "message", d.Message, tc.message)
			contains(t, "fix", d.Fix, tc.fix)
		})
	}
}

func TestKeyFixes(t *testing.T) {
	history := `-- 1_init.sql --
CREATE TABLE accounts (id bigint, name text, "Code" text);
`
	d := only(t, lintCase(t, history+"-- 2_pk.sql --\nALTER TABLE accounts ADD PRIMARY KEY (id);\n"), "PG104")
	contains(t, "message", d.Message, `Adding primary key (id) builds its unique index while holding an ACCESS EXCLUSIVE lock on table "accounts"`)
	contains(t, "fix", d.Fix,
		"CREATE UNIQUE INDEX CONCURRENTLY accounts_pkey_idx ON accounts (id);\n"+
			"ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_pkey_idx;\n",
		"to make id NOT NULL")

	d = only(t, lintCase(t, history+"-- 2_uq.sql --\nALTER TABLE accounts ADD UNIQUE (name, \"Code\");\n"), "PG105")
	contains(t, "message", d.Message, `Adding unique constraint (name, Code)`)
	contains(t, "fix", d.Fix,
		`CREATE UNIQUE INDEX CONCURRENTLY "accounts_name_Code_key_idx" ON accounts (name, "Code");`,
		`ALTER TABLE accounts ADD CONSTRAINT "accounts_name_Code_key" UNIQUE USING INDEX "accounts_name_Code_key_idx";`)

	d = only(t, lintCase(t, history+"-- 2_col.sql --\nALTER TABLE accounts ADD COLUMN handle text CONSTRAINT acc_handle UNIQUE;\n"), "PG105")
	contains(t, "message", d.Message, `Adding column "handle" with UNIQUE builds its unique index`)
	contains(t, "fix", d.Fix, "Add column handle without UNIQUE", "ADD CONSTRAINT acc_handle UNIQUE USING INDEX acc_handle_idx;")
}

func TestQuoteIdent(t *testing.T) {
	for in, want := range map[string]string{
		"users": "users", "name": "name", "user": `"user"`, "select": `"select"`, "Users": `"Users"`,
		`a"b`: `"a""b"`, "with space": `"with space"`, "_x1$": "_x1$", "1abc": `"1abc"`,
	} {
		if got := pgsql.Ident(in); got != want {
			t.Errorf("pgsql.Ident(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestPgName(t *testing.T) {
	long := strings.Repeat("a", 70)
	if got := pgName(long, "pkey"); len(got) != 63 || !strings.HasSuffix(got, "_pkey") {
		t.Errorf("pgName(long) = %q (%d bytes)", got, len(got))
	}
	if got := pgName(strings.Repeat("é", 40), "key"); len(got) > 63 || !strings.HasSuffix(got, "é_key") {
		t.Errorf("pgName cut a UTF-8 sequence: %q", got)
	}
}

func TestInsertConcurrently(t *testing.T) {
	got, ok := insertConcurrently("CREATE INDEX \"INDEX\" ON t (c)")
	if !ok || got != "CREATE INDEX CONCURRENTLY \"INDEX\" ON t (c)" {
		t.Errorf("got %q %v", got, ok)
	}
	if _, ok := insertConcurrently("SELECT 1"); ok {
		t.Error("found INDEX in a SELECT")
	}
}

func TestPartitionedFixes(t *testing.T) {
	history := `-- 1_init.sql --
CREATE TABLE events (id bigint, at timestamptz) PARTITION BY RANGE (at);
CREATE INDEX idx_events_at ON events (at);
`
	d := only(t, lintCase(t, history+"-- 2_drop.sql --\nDROP INDEX idx_events_at;\n"), "PG102")
	contains(t, "fix", d.Fix, "cannot be dropped CONCURRENTLY", "lock_timeout")

	d = only(t, lintCase(t, history+"-- 2_uq.sql --\nALTER TABLE events ADD UNIQUE (id, at);\n"), "PG105")
	contains(t, "fix", d.Fix, "USING INDEX is not available on a partitioned table", "On each partition")
}

func TestOnlyOnPlainTableStillBuilds(t *testing.T) {
	d := only(t, lintCase(t, usersHistory+"-- 2_idx.sql --\nCREATE INDEX idx_e ON ONLY users (email);\n"), "PG101")
	contains(t, "fix", d.Fix, "CREATE INDEX CONCURRENTLY idx_e ON ONLY users (email);")
}

// A diagnostic points at the clause that needs the lock, not at the start
// of a multi-clause ALTER TABLE.
func TestDiagnosticColumn(t *testing.T) {
	d := only(t, lintCase(t, usersHistory+"-- 2_uq.sql --\nALTER TABLE users ADD COLUMN x int,\n  ADD UNIQUE (email);\n"), "PG105")
	if d.Line != 2 || d.Column != 3 {
		t.Errorf("PG105 at %d:%d, want 2:3 (the ADD UNIQUE clause)", d.Line, d.Column)
	}
}
