// Package benchgen generates realistic PostgreSQL migration histories of a
// given size for benchmarks: table creations, column changes, indexes,
// constraints, enum types, backfills, PL/pgSQL functions and triggers. The
// histories run on a real server as they are (every file in its own
// transaction, as Atlas runs them), so dev database replays can be timed
// on them too.
package benchgen

import (
	"fmt"
	"strings"
)

// Files returns n migration files (atlas naming) of about 5 KB each, keyed
// by file name; every file touches tables created by earlier ones.
func Files(n int) map[string][]byte {
	out := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		out[fmt.Sprintf("%06d_step_%d.sql", i+1, i+1)] = []byte(file(i))
	}
	return out
}

func file(i int) string {
	var b strings.Builder
	t := fmt.Sprintf("t%d", i)
	fmt.Fprintf(&b, "-- Step %d: table %s and changes to earlier tables.\n", i+1, t)
	if i%10 == 0 {
		fmt.Fprintf(&b, "CREATE TYPE %s_state AS ENUM ('new', 'active', 'closed');\n\n", t)
	}
	fmt.Fprintf(&b, "CREATE TABLE %s (\n  id bigserial PRIMARY KEY,\n  account_id bigint NOT NULL,\n", t)
	for c := 0; c < 12; c++ {
		fmt.Fprintf(&b, "  col_%d varchar(%d) DEFAULT 'x',\n", c, 40+c)
	}
	b.WriteString("  payload jsonb NOT NULL DEFAULT '{}'::jsonb,\n  created_at timestamptz NOT NULL DEFAULT now()\n);\n\n")
	if e := i - i%10; i%10 == 5 {
		fmt.Fprintf(&b, "ALTER TYPE t%d_state ADD VALUE IF NOT EXISTS 'archived';\n", e)
		fmt.Fprintf(&b, "ALTER TABLE %s ADD COLUMN state t%d_state NOT NULL DEFAULT 'new';\n\n", t, e)
	}
	fmt.Fprintf(&b, "CREATE INDEX %s_account_idx ON %s (account_id, created_at);\n", t, t)
	fmt.Fprintf(&b, "COMMENT ON TABLE %s IS 'generated table number %d, used by the benchmark';\n\n", t, i)
	if i > 0 {
		p := fmt.Sprintf("t%d", i-1)
		fmt.Fprintf(&b, "ALTER TABLE %s ADD COLUMN note_%d text;\n", p, i)
		fmt.Fprintf(&b, "ALTER TABLE %s ALTER COLUMN col_1 TYPE varchar(200);\n", p)
		fmt.Fprintf(&b, "CREATE INDEX IF NOT EXISTS %s_note_%d_idx ON %s (note_%d);\n", p, i, p, i)
		fmt.Fprintf(&b, "UPDATE %s SET col_2 = 'y' WHERE col_2 IS NULL AND id < %d;\n", p, 1000+i)
		fmt.Fprintf(&b, "ALTER TABLE %s ADD CONSTRAINT %s_account_fk FOREIGN KEY (account_id) REFERENCES %s (id) NOT VALID;\n", t, t, p)
		fmt.Fprintf(&b, "ALTER TABLE %s VALIDATE CONSTRAINT %s_account_fk;\n\n", t, t)
	}
	fmt.Fprintf(&b, `CREATE OR REPLACE FUNCTION %s_touch() RETURNS trigger AS $body$
BEGIN
  NEW.created_at := now();
  IF NEW.col_0 IS NULL THEN
    NEW.col_0 := 'default; with a semicolon';
  END IF;
  RETURN NEW;
END;
$body$ LANGUAGE plpgsql;

CREATE TRIGGER %s_touch BEFORE INSERT ON %s FOR EACH ROW EXECUTE FUNCTION %s_touch();
`, t, t, t, t)
	for r := 0; r < 45; r++ {
		// Accounts 1..45 exist in the previous table: the foreign key validates.
		fmt.Fprintf(&b, "INSERT INTO %s (account_id, col_0, payload) VALUES (%d, 'row %d', '{\"k\": %d}');\n", t, r+1, r, r)
	}
	return b.String()
}
