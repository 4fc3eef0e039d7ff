package devdb

import (
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/migrate/split"
	"github.com/schemaguard/schemaguard/schema"
)

// existingFlags renders the Existing flags of a table: "+name" existing,
// "-name" new, for the table, its columns, indexes and constraints.
func existingFlags(t *schema.Table) string {
	if t == nil {
		return "<nil>"
	}
	flag := func(e bool, name string) string {
		if e {
			return "+" + name
		}
		return "-" + name
	}
	parts := []string{flag(t.Existing, t.Name.Name)}
	for _, c := range t.Columns {
		parts = append(parts, flag(c.Existing, c.Name))
	}
	for _, i := range t.Indexes {
		parts = append(parts, flag(i.Existing, "idx:"+i.Name))
	}
	for _, k := range t.Constraints {
		parts = append(parts, flag(k.Existing, "con:"+k.Name))
	}
	return strings.Join(parts, " ")
}

// Existing means "there when the file started": renames keep it, a drop and
// a new object of the same name do not, and a type change that rebuilds an
// index under a new OID keeps the index's.
func TestExistingFollowsRenames(t *testing.T) {
	cases := []struct {
		name, url string
		dialect   split.Dialect
		history   string
		file      string
		touched   [][]schema.QName
		want      string // flags of the last statement's After[0]
	}{
		{"postgres", pgURL(), split.Postgres,
			"CREATE TABLE t (a int, b int, CONSTRAINT t_a_pos CHECK (a > 0));\nCREATE INDEX t_a ON t (a);\nCREATE INDEX t_b ON t (b);",
			"ALTER TABLE t RENAME COLUMN a TO a2;\nALTER INDEX t_a RENAME TO t_a2;\nALTER TABLE t RENAME TO t2;\n" +
				"ALTER TABLE t2 DROP COLUMN b;\nALTER TABLE t2 ADD COLUMN b int;\nALTER TABLE t2 ALTER COLUMN a2 TYPE bigint;\n" +
				"CREATE INDEX t_b ON t2 (b);\nALTER TABLE t2 ADD COLUMN c int",
			[][]schema.QName{{q("t")}, {q("t")}, {q("t"), q("t2")}, {q("t2")}, {q("t2")}, {q("t2")}, {q("t2")}, {q("t2")}},
			"+t2 +a2 -b -c +idx:t_a2 -idx:t_b +con:t_a_pos"},
		{"mysql", myURL(), split.MySQL,
			"CREATE TABLE t (a INT, b INT, CONSTRAINT t_a_pos CHECK (a > 0));\nCREATE INDEX t_a ON t (a);\nCREATE INDEX t_b ON t (b);",
			"ALTER TABLE t RENAME COLUMN a TO a2;\nALTER TABLE t RENAME INDEX t_a TO t_a2;\nRENAME TABLE t TO t2;\n" +
				"ALTER TABLE t2 DROP COLUMN b;\nALTER TABLE t2 ADD COLUMN b INT;\nALTER TABLE t2 MODIFY a2 BIGINT;\n" +
				"CREATE INDEX t_b ON t2 (b);\nALTER TABLE t2 ADD COLUMN c INT",
			[][]schema.QName{{q("t")}, {q("t")}, {q("t"), q("t2")}, {q("t2")}, {q("t2")}, {q("t2")}, {q("t2")}, {q("t2")}},
			"+t2 +a2 -b -c +idx:t_a2 -idx:t_b +con:t_a_pos"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := openSession(t, c.url)
			replayAll(t, s, atlasFile(t, c.dialect, c.history))
			obs := runOK(t, s, atlasFile(t, c.dialect, c.file), c.touched)
			last := obs[len(obs)-1]
			if got := existingFlags(last.After[0]); got != c.want {
				t.Errorf("after the file: %s, want %s", got, c.want)
			}
			if got := existingFlags(obs[2].After[1]); !strings.HasPrefix(got, "+t2 +a2 +b") {
				t.Errorf("after the table rename: %s", got)
			}
			if obs[2].After[0] != nil || obs[2].Before[1] != nil {
				t.Errorf("rename: before %v, after %v: want t then t2", obs[2].Before, obs[2].After)
			}
			// Dropped and created again: new.
			again := runOK(t, s, atlasFile(t, c.dialect, "DROP TABLE t2;\nCREATE TABLE t2 (a2 INT)"), each(2, "t2"))
			if got := existingFlags(again[1].After[0]); got != "-t2 -a2" {
				t.Errorf("dropped and created again: %s, want -t2 -a2", got)
			}
		})
	}
}
