package postgres

import (
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// TestQuickTextMatchesDeparse: the fast path renders exactly what the
// deparser renders, and declines what it cannot.
func TestQuickTextMatchesDeparse(t *testing.T) {
	quick := map[string]bool{}
	for _, e := range []string{
		"0", "-1", "42", "NULL", "true", "false", "'active'", "''", "'{}'::jsonb", "'x'::text",
		"'00000000-0000-0000-0000-000000000000'::uuid", "'s'::regclass", "'2020-01-01'::date", "'2020-01-01'::timestamptz", "'x'::citext", "'1.2.3.4'::inet", "'ab'::bytea",
		"now()", "random()", "gen_random_uuid()", "clock_timestamp()", "uuid_generate_v4()", "txid_current()",
		"CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP", "CURRENT_ROLE",
		"CURRENT_USER", "USER", "SESSION_USER", "CURRENT_CATALOG", "CURRENT_SCHEMA",
	} {
		quick[e] = true
	}
	declined := []string{ // need escaping, arguments, qualification or type mapping
		"'it''s'", "'[]'::json", "'1 day'::interval", "E'a\\\\b'", "1.5", "nextval('s')", "pg_catalog.now()", "'1'::int", "'{}'::jsonb[]",
		"CURRENT_TIMESTAMP(3)", "count(*)", "\"Now\"()",
	}
	for expr := range quick {
		declined = append(declined, expr)
	}
	for _, expr := range declined {
		res, err := pg_query.Parse("SELECT " + expr)
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		n := res.GetStmts()[0].GetStmt().GetSelectStmt().GetTargetList()[0].GetResTarget().GetVal()
		tr := &translator{version: res.GetVersion()}
		want := tr.deparse(n)
		got, ok := quickText(n)
		if ok != quick[expr] || ok && got != want {
			t.Errorf("%s: quickText = %q, %v; deparse %q", expr, got, ok, want)
		}
	}
}
