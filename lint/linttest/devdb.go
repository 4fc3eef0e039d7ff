package linttest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/schemaguard/schemaguard/devdb"
	"github.com/schemaguard/schemaguard/internal/dbtest"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/observed"
)

// observe replays the case on the dev database of its dialect and hands
// the observations to the engine, as lint --dev-url does.
func observe(t *testing.T, c *Case, sel lint.Selection) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	s, err := devdb.Open(ctx, dbtest.ServerURL(c.Config.Dialect), devdb.Options{})
	if err != nil {
		t.Fatalf("dev database (run `make databases`): %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close dev database: %v", err)
		}
	})
	r, err := s.ReplayDir(ctx, c.Dir, sel, c.Config.Parser)
	if err != nil {
		t.Fatalf("replay on the dev database: %v", err)
	}
	c.Config.Observed = func(f *migrate.File) []observed.Statement { return r.Observations[f] }
}

// devSkipReason trims a "devdb: skip <why>" setting.
func devSkipReason(v string) string { return strings.TrimSpace(strings.TrimPrefix(v, "skip")) }
