package devdb

import (
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/migrate/split"
)

// myHistory is what every MySQL observation case starts from.
const myHistory = `CREATE TABLE items (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(20) NOT NULL DEFAULT '',
  qty INT NOT NULL DEFAULT 0,
  body TEXT
) ENGINE=InnoDB;
INSERT INTO items (name, qty, body) VALUES ('a', 1, 'x'), ('b', 2, 'y'), ('c', 3, 'z');
`

func mySession(t *testing.T) *Session {
	t.Helper()
	s := openSession(t, myURL())
	replayAll(t, s, atlasFile(t, split.MySQL, myHistory))
	return s
}

func TestMySQLAlgorithms(t *testing.T) {
	cases := []struct {
		name, sql string
		algorithm string
		lockNone  bool
		column    string // a column the table must have afterwards, once
	}{
		{"add column is instant", "ALTER TABLE items ADD COLUMN c INT", "INSTANT", true, "c"},
		{"type change copies", "ALTER TABLE items MODIFY qty BIGINT NOT NULL DEFAULT 0", "COPY", false, "qty"},
		{"fulltext index blocks writes", "ALTER TABLE items ADD FULLTEXT INDEX items_body_ft (body)", "INPLACE", false, ""},
		{"add index online", "ALTER TABLE items ADD INDEX items_qty_idx (qty)", "INPLACE", true, ""},
		{"own algorithm clause runs as asked", "ALTER TABLE items ADD COLUMN d INT, ALGORITHM=COPY", "COPY", false, "d"},
		{"own algorithm and lock", "ALTER TABLE items ADD COLUMN e INT, ALGORITHM=INPLACE, LOCK=SHARED", "INPLACE", false, "e"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := mySession(t)
			f := atlasFile(t, split.MySQL, c.sql)
			o := runOK(t, s, f, each(1, "items"))[0]
			if o.Algorithm != c.algorithm || o.LockNone != c.lockNone {
				t.Errorf("Algorithm %q LockNone %v, want %q %v", o.Algorithm, o.LockNone, c.algorithm, c.lockNone)
			}
			if o.InTx {
				t.Errorf("InTx: DDL commits implicitly on MySQL")
			}
			if c.column == "" {
				return
			}
			n := 0
			for _, col := range o.After[0].Columns {
				if strings.EqualFold(col.Name, c.column) {
					n++
				}
			}
			if n != 1 {
				t.Errorf("column %s appears %d times after the statement", c.column, n)
			}
		})
	}
}

// The ALTER runs once: a second column of the same name would fail, and
// the probe that succeeded is the only run.
func TestMySQLAlteredOnce(t *testing.T) {
	s := mySession(t)
	f := atlasFile(t, split.MySQL, "ALTER TABLE items ADD COLUMN c INT;\nALTER TABLE items MODIFY name VARCHAR(10) NOT NULL DEFAULT '';")
	obs := runOK(t, s, f, each(2, "items"))
	db := mysqlAdmin(t, myURL())
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'items'", s.Database()).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 5 {
		t.Errorf("items has %d columns, want 5", n)
	}
	if got := obs[1].After[0].Columns[1].Type.String(); got != "varchar(10)" {
		t.Errorf("name is %s after the change, want varchar(10)", got)
	}
	if obs[1].Algorithm != "COPY" {
		t.Errorf("varchar shrink: Algorithm %q, want COPY", obs[1].Algorithm)
	}
}

func TestMySQLFailure(t *testing.T) {
	s := mySession(t)
	f := atlasFile(t, split.MySQL, "ALTER TABLE items ADD COLUMN c INT;\nALTER TABLE items ADD COLUMN nope INT AFTER missing;\nCREATE TABLE later (id INT);")
	obs, err := s.Run(testCtx(t), f, each(3, "items"))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !obs[0].Ran || obs[0].Err != nil {
		t.Errorf("statement 0: Ran %v Err %v", obs[0].Ran, obs[0].Err)
	}
	if e := obs[1].Err; e == nil || e.Code != "1054" || !strings.Contains(e.Message, "missing") {
		t.Errorf("statement 1: Err %+v, want 1054 naming the column", e)
	}
	if obs[2].Ran {
		t.Errorf("statement 2 ran after the failure")
	}
	if obs[1].Algorithm != "" {
		t.Errorf("a failed ALTER reports Algorithm %q", obs[1].Algorithm)
	}
}

// An ALTER TABLE on an existing table is probed even when the caller's
// touched lists leave the table out.
func TestMySQLProbeWithoutTouched(t *testing.T) {
	s := mySession(t)
	o := runOK(t, s, atlasFile(t, split.MySQL, "ALTER TABLE items ADD COLUMN c INT"), nil)[0]
	if o.Algorithm != "INSTANT" {
		t.Errorf("Algorithm %q, want INSTANT", o.Algorithm)
	}
	o = runOK(t, s, atlasFile(t, split.MySQL, "CREATE TABLE fresh (id INT);\nALTER TABLE fresh ADD COLUMN c INT"), nil)[1]
	if o.Algorithm != "" {
		t.Errorf("a table of the same file was probed: Algorithm %q", o.Algorithm)
	}
}
