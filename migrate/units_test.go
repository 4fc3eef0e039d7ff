package migrate

import (
	"testing"
	"testing/fstest"
)

func TestChangesetText(t *testing.T) {
	src := "--liquibase formatted sql\n\n--changeset a:1\nCREATE TABLE t (id int);\n\n--changeset a:2\n--comment: second\nALTER TABLE t ADD COLUMN x int;\n"
	d, err := OpenFS(fstest.MapFS{"changelog.sql": {Data: []byte(src)}}, ".", Options{Format: FormatLiquibase})
	if err != nil {
		t.Fatal(err)
	}
	f := d.Files[0]
	if !f.Changesets() || len(f.Units) != 2 {
		t.Fatalf("units %+v", f.Units)
	}
	if got := string(f.UnitText(0)); got != "--changeset a:1\nCREATE TABLE t (id int);\n\n" {
		t.Errorf("unit 0: %q", got)
	}
	if got := string(f.UnitText(1)); got != "--changeset a:2\n--comment: second\nALTER TABLE t ADD COLUMN x int;\n" {
		t.Errorf("unit 1: %q", got)
	}
	if f.UnitText(2) != nil {
		t.Error("out of range must be nil")
	}
}
