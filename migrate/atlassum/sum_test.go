package atlassum

import (
	"strings"
	"testing"
)

var example = []Entry{
	{Name: "1_a.sql", Data: []byte("CREATE TABLE a (id int);\n")},
	{Name: "2_b.sql", Data: []byte("CREATE TABLE b (id int);\n")},
}

const exampleSum = "h1:suWOgEl4b8+ZGnGkyRcy2AueRtZKAkT6PdNTDiVWU88=\n" +
	"1_a.sql h1:e72Wd39UNYY4sGrVkNYkCs4GRrWBQ0ASXh73rS+WpU4=\n" +
	"2_b.sql h1:LYBzMWp8I1J0wb5WVXG/rhd1DXb0uUx/zp1eAIICVlY=\n"

func TestComputeWorkedExample(t *testing.T) {
	if got := string(Compute(example).Bytes()); got != exampleSum {
		t.Fatalf("sum:\n%s\nwant:\n%s", got, exampleSum)
	}
}

func TestComputeEmptyDir(t *testing.T) {
	const want = "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
	if got := string(Compute(nil).Bytes()); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestComputeSumIgnore(t *testing.T) {
	files := []Entry{
		example[0],
		{Name: "2_seed.sql", Data: []byte("-- atlas:sum ignore\nINSERT INTO a VALUES (1);\n")},
		example[1],
	}
	s := Compute(files)
	if len(s.Files) != 2 || s.Files[0].Name != "1_a.sql" || s.Files[1].Name != "2_b.sql" {
		t.Fatalf("ignored file must get no line: %+v", s.Files)
	}
	// The ignored file's name still feeds the running hash, its content does not.
	edited := append([]Entry(nil), files...)
	edited[1].Data = []byte("-- atlas:sum ignore\nINSERT INTO a VALUES (2);\n")
	if Compute(edited).Files[1].Hash != s.Files[1].Hash {
		t.Fatal("content of an ignored file changed the sum")
	}
	if s.Files[1].Hash == Compute(example).Files[1].Hash {
		t.Fatal("name of an ignored file must change later hashes")
	}
}

func TestParseRoundTrip(t *testing.T) {
	s, err := Parse([]byte(exampleSum))
	if err != nil {
		t.Fatal(err)
	}
	if string(s.Bytes()) != exampleSum || s.Files[1].LineNo != 3 {
		t.Fatalf("round trip: %+v", s)
	}
	for _, bad := range []string{"", "nope\n", "h1:x\n1_a.sql e72W\n"} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%q): want error", bad)
		}
	}
}

func TestValidate(t *testing.T) {
	recorded, _ := Parse([]byte(exampleSum))
	cases := []struct {
		name  string
		files []Entry
		kind  string
		file  string
		line  int
	}{
		{"ok", example, "", "", 0},
		{"edited", []Entry{{"1_a.sql", []byte("CREATE TABLE a (id bigint);\n")}, example[1]}, Edited, "1_a.sql", 2},
		{"added", append(append([]Entry{}, example...), Entry{"3_c.sql", []byte("SELECT 1;\n")}), Added, "3_c.sql", 0},
		{"removed", example[:1], Removed, "2_b.sql", 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := Validate(recorded, Compute(c.files))
			if c.kind == "" {
				if m != nil {
					t.Fatalf("unexpected mismatch: %v", m)
				}
				return
			}
			if m == nil || m.Kind != c.kind || m.File != c.file || m.LineNo != c.line {
				t.Fatalf("got %+v, want %s %s line %d", m, c.kind, c.file, c.line)
			}
			if !strings.Contains(m.Error(), c.file) {
				t.Fatalf("message %q must name %s", m.Error(), c.file)
			}
		})
	}
	corrupt := recorded
	corrupt.Total = "h1:AAAA"
	if m := Validate(corrupt, Compute(example)); m == nil || m.Kind != Corrupt {
		t.Fatalf("corrupt header: got %v", m)
	}
}

func TestIgnoreDirectiveAsAtlasReadsIt(t *testing.T) {
	for first, want := range map[string]bool{
		"-- atlas:sum ignore":    true,
		"--atlas:sum ignore":     true,  // any printable prefix
		"-- atlas:sum ignore  ":  false, // the argument must be exactly "ignore"
		"-- atlas:sum":           false,
		"-- atlas:nolint ignore": false,
	} {
		if got := ignored([]byte(first + "\nSELECT 1;\n")); got != want {
			t.Errorf("%q: ignored = %v, want %v", first, got, want)
		}
	}
}

func TestValidateNamesTheRemovedFile(t *testing.T) {
	three := []Entry{example[0], {Name: "2_m.sql", Data: []byte("SELECT 2;\n")}, {Name: "3_z.sql", Data: []byte("SELECT 3;\n")}}
	recorded := Compute(three)
	m := Validate(recorded, Compute([]Entry{three[0], three[2]}))
	if m == nil || m.Kind != Removed || m.File != "2_m.sql" {
		t.Fatalf("got %+v, want 2_m.sql removed", m)
	}
}
