package split

import (
	"bytes"
	"fmt"
	"testing"
)

// genPostgres builds a migration of about size bytes mixing what real files
// hold: DDL, inserts with quoted text, comments, plpgsql and SQL-standard
// function bodies.
func genPostgres(size int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < size; i++ {
		switch i % 6 {
		case 0:
			fmt.Fprintf(&b, "-- table %d\nCREATE TABLE t%d (\n  id bigserial PRIMARY KEY,\n  name text NOT NULL DEFAULT '',\n  \"Note\" varchar(200),\n  created_at timestamptz DEFAULT now()\n);\n", i, i)
		case 1:
			fmt.Fprintf(&b, "INSERT INTO t%d (name, \"Note\") VALUES ('it''s; %d', E'line\\n;'), ('ü→%d', 'x');\n", i-1, i, i)
		case 2:
			fmt.Fprintf(&b, "CREATE FUNCTION f%d(a int) RETURNS int AS $body$\nBEGIN\n  /* nested /* comment */ ; */\n  RETURN a + %d; -- done\nEND;\n$body$ LANGUAGE plpgsql;\n", i, i)
		case 3:
			fmt.Fprintf(&b, "CREATE FUNCTION g%d(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN a > %d THEN 1 ELSE 2 END;\nEND;\n", i, i)
		case 4:
			fmt.Fprintf(&b, "CREATE INDEX CONCURRENTLY idx_%d ON t%d (name) WHERE created_at > '2020-01-01';\n", i, i-4)
		case 5:
			fmt.Fprintf(&b, "ALTER TABLE t%d ADD COLUMN c%d int CHECK (c%d > 0 AND c%d < 100);\nSELECT $1, $2 FROM t%d;\n\n", i-5, i, i, i, i-5)
		}
	}
	return b.Bytes()
}

func BenchmarkSplit(b *testing.B) {
	src := genPostgres(5 << 20)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Split(src, 0, len(src), pg); err != nil {
			b.Fatal(err)
		}
	}
}

// The generated file must split as intended, or the benchmark measures
// nothing useful.
func TestGenPostgres(t *testing.T) {
	src := genPostgres(64 << 10)
	got, err := Split(src, 0, len(src), pg)
	if err != nil {
		t.Fatal(err)
	}
	checkStatements(t, src, 0, len(src), got)
	want := bytes.Count(src, []byte("CREATE TABLE")) + bytes.Count(src, []byte("INSERT INTO")) +
		bytes.Count(src, []byte("CREATE FUNCTION")) + bytes.Count(src, []byte("CREATE INDEX")) +
		2*bytes.Count(src, []byte("ALTER TABLE"))
	if len(got) != want {
		t.Fatalf("got %d statements, want %d", len(got), want)
	}
}
