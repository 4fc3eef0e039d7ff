package postgres

import (
	"fmt"
	"testing"

	"github.com/schemaguard/schemaguard/schema"
)

// history generates about n statements of the DDL a real migration history
// holds: tables with constraints and defaults, indexes, column changes,
// renames, backfills, enums and the odd drop.
func history(n int) []string {
	out := []string{
		"CREATE SCHEMA IF NOT EXISTS app",
		"CREATE TYPE app.status AS ENUM ('new', 'active', 'closed')",
		"CREATE TABLE app.orgs (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now())",
	}
	for i := 0; len(out) < n; i++ {
		t := fmt.Sprintf("app.t%d", i)
		out = append(out,
			fmt.Sprintf(`CREATE TABLE %s (
  id bigserial PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES app.orgs (id) ON DELETE CASCADE,
  email varchar(255) NOT NULL,
  status app.status NOT NULL DEFAULT 'new',
  amount numeric(12, 2) CHECK (amount >= 0),
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, email)
)`, t),
			fmt.Sprintf("CREATE INDEX CONCURRENTLY IF NOT EXISTS t%d_created ON %s (org_id, created_at DESC) WHERE status <> 'closed'", i, t),
			"SET lock_timeout = '5s'",
			fmt.Sprintf("ALTER TABLE %s ADD COLUMN score int DEFAULT 0, ADD COLUMN token uuid DEFAULT gen_random_uuid(), ADD CONSTRAINT t%d_score CHECK (score IS NOT NULL) NOT VALID", t, i),
			fmt.Sprintf("ALTER TABLE %s VALIDATE CONSTRAINT t%d_score", t, i),
			fmt.Sprintf("UPDATE %s SET score = 1 WHERE score IS NULL AND status = 'active'", t),
			fmt.Sprintf("ALTER TABLE %s ALTER COLUMN score SET NOT NULL, ALTER COLUMN email TYPE text", t),
			fmt.Sprintf("ALTER TABLE %s RENAME COLUMN data TO payload", t),
			fmt.Sprintf("CREATE INDEX ON %s (lower(email))", t),
		)
		if i%5 == 4 {
			out = append(out,
				fmt.Sprintf("ALTER TABLE %s DROP COLUMN amount", t),
				fmt.Sprintf("DROP INDEX CONCURRENTLY IF EXISTS app.t%d_created", i-1),
				"ALTER TYPE app.status ADD VALUE IF NOT EXISTS 'archived' BEFORE 'closed'",
			)
		}
	}
	return out
}

// BenchmarkParseFold parses and folds a history of 1,000 statements into a
// fresh realm per iteration, marking files existing every 10 statements.
func BenchmarkParseFold(b *testing.B) {
	stmts := history(1000)
	size := 0
	for _, s := range stmts {
		size += len(s)
	}
	p := New()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		r := schema.NewRealm("public")
		for i, s := range stmts {
			if i%10 == 0 {
				r.MarkExisting()
			}
			st, err := p.Parse(s)
			if err != nil {
				b.Fatal(err)
			}
			for _, c := range st.Changes {
				r.Apply(c)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(stmts)), "ns/stmt")
}

// TestHistoryFolds checks the benchmark's history means what it says.
func TestHistoryFolds(t *testing.T) {
	r := schema.NewRealm("public")
	p := New()
	for _, s := range history(1000) {
		st, err := p.Parse(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		for _, c := range st.Changes {
			r.Apply(c)
		}
	}
	q := schema.QName{Schema: "app", Name: "t4"}
	if r.Column(q, "payload") == nil || r.Column(q, "amount") != nil || !r.Column(q, "score").NotNull {
		t.Errorf("t4 = %+v", r.Table(q))
	}
	if k := r.ConstraintByName(q, "t4_org_id_email_key"); k == nil {
		t.Error("unnamed UNIQUE not named t4_org_id_email_key")
	}
	if k := r.ConstraintByName(q, "t4_score"); k == nil || k.NotValid {
		t.Errorf("validated check = %+v", k)
	}
	if k := r.ConstraintByName(q, "t4_amount_check"); k != nil {
		t.Error("check on a dropped column survived")
	}
	if _, i := r.IndexByName(schema.QName{Schema: "app", Name: "t4_lower_idx"}); i == nil {
		t.Error("expression index not named t4_lower_idx")
	}
	if _, i := r.IndexByName(schema.QName{Schema: "app", Name: "t3_created"}); i != nil {
		t.Error("dropped index still present")
	}
	if e := r.Enum(schema.QName{Schema: "app", Name: "status"}); e == nil || len(e.Values) != 4 || e.Values[2] != "archived" {
		t.Errorf("enum = %+v", e)
	}
}

// TestConcurrentParse: one Parser serves several goroutines (run with -race).
func TestConcurrentParse(t *testing.T) {
	p := New()
	stmts := history(200)
	done := make(chan error, 4)
	for range 4 {
		go func() {
			for _, s := range stmts {
				if _, err := p.Parse(s); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
