package migrate

import (
	"testing"
	"testing/fstest"
)

func TestChangesetSQL(t *testing.T) {
	src := "--liquibase formatted sql\n\n--changeset a:1\nCREATE TABLE t (id int);\n--rollback DROP TABLE t;\n\n" +
		"--changeset a:2 dbms:mysql\nALTER TABLE t ADD COLUMN y int;\n\n" +
		"--changeset a:3\n--comment: third\nALTER TABLE t ADD COLUMN x int;\n"
	d, err := OpenFS(fstest.MapFS{"changelog.sql": {Data: []byte(src)}}, ".", Options{Format: FormatLiquibase})
	if err != nil {
		t.Fatal(err)
	}
	f := d.Files[0]
	if !f.Changesets() || len(f.Units) != 2 {
		t.Fatalf("units %+v", f.Units)
	}
	if got := f.UnitSQL(0); got != "CREATE TABLE t (id int);\n" {
		t.Errorf("unit 0: %q (rollback lines and the filtered changeset are not its SQL)", got)
	}
	if got := f.UnitSQL(1); got != "ALTER TABLE t ADD COLUMN x int;\n" {
		t.Errorf("unit 1: %q", got)
	}
}
