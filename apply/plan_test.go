package apply

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/migrate/split"
)

// mig is a migration of one statement for plan tests.
func mig(version, kind, text string) *migration {
	stmts := []migrate.Statement{{Statement: split.Statement{Text: text, Line: 1, Column: 1}}}
	m := &migration{key: version, version: version, kind: kind, path: version + ".sql", stmts: stmts, checksum: checksum(stmts),
		file: &migrate.File{Name: version + ".sql"}}
	if kind == KindRepeatable {
		m.key, m.version = "R__"+version, ""
	}
	return m
}

func done(m *migration) *Revision {
	return &Revision{Migration: m.key, Version: m.version, Kind: m.kind, Checksum: m.checksum,
		Applied: len(m.stmts), AppliedChecksum: m.checksum, FinishedAt: &time.Time{}}
}

func keys(steps []step) string {
	var out []string
	for _, s := range steps {
		out = append(out, s.m.key)
	}
	return strings.Join(out, " ")
}

func TestPlanToVersionHoldsRepeatables(t *testing.T) {
	ms := []*migration{mig("1", KindVersioned, "A"), mig("2", KindVersioned, "B"), mig("views", KindRepeatable, "V")}
	p, err := makePlan(planInput{format: migrate.FormatFlyway, ms: ms, rows: map[string]*Revision{}, toVersion: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if keys(p.steps) != "1" || p.held != 2 {
		t.Errorf("steps %q held %d", keys(p.steps), p.held)
	}
	p, err = makePlan(planInput{format: migrate.FormatFlyway, ms: ms, rows: map[string]*Revision{}, toVersion: "2"})
	if err != nil || keys(p.steps) != "1 2 R__views" {
		t.Errorf("steps %q, %v", keys(p.steps), err)
	}
}

func TestPlanGoMigration(t *testing.T) {
	goFile := mig("2", KindVersioned, "")
	goFile.notReplayable = "goose Go migration"
	ms := []*migration{mig("1", KindVersioned, "A"), goFile}
	if _, err := makePlan(planInput{format: migrate.FormatGoose, ms: ms, rows: map[string]*Revision{}}); err == nil {
		t.Fatal("a pending Go migration was planned")
	}
	if p, err := makePlan(planInput{format: migrate.FormatGoose, ms: ms, rows: map[string]*Revision{}, toVersion: "1"}); err != nil || keys(p.steps) != "1" {
		t.Fatalf("a Go migration after --to-version must not stop the run: %q %v", keys(p.steps), err)
	}
}

func TestPlanOutOfOrderByFormat(t *testing.T) {
	ms := []*migration{mig("1", KindVersioned, "A"), mig("2", KindVersioned, "B"), mig("3", KindVersioned, "C")}
	rows := map[string]*Revision{"1": done(ms[0]), "3": done(ms[2])}
	for format, refused := range map[string]bool{
		migrate.FormatGoose: true, migrate.FormatFlyway: true, migrate.FormatAtlas: true, migrate.FormatGolangMigrate: true,
		migrate.FormatDbmate: false, migrate.FormatLiquibase: false,
	} {
		p, err := makePlan(planInput{format: format, ms: ms, rows: rows})
		if refused != errors.Is(err, ErrOutOfOrder) || !refused && keys(p.steps) != "2" {
			t.Errorf("%s: %v", format, err)
		}
	}
}

func TestPlanResumeChecksTheAppliedPart(t *testing.T) {
	m := mig("1", KindVersioned, "A")
	m.stmts = append(m.stmts, migrate.Statement{Statement: split.Statement{Text: "B"}})
	partial := &Revision{Migration: "1", Applied: 1, AppliedChecksum: checksum(m.stmts[:1])}
	p, err := makePlan(planInput{ms: []*migration{m}, rows: map[string]*Revision{"1": partial}})
	if err != nil || len(p.steps) != 1 || p.steps[0].start != 1 || !p.steps[0].resumed() {
		t.Fatalf("%+v %v", p, err)
	}
	partial.AppliedChecksum = checksum(nil)
	if _, err := makePlan(planInput{ms: []*migration{m}, rows: map[string]*Revision{"1": partial}, allowEdited: true}); !errors.Is(err, ErrEdited) {
		t.Fatalf("an edited applied part must stop the run, got %v", err)
	}
}
