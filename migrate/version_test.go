package migrate

import "testing"

func TestCompareVersions(t *testing.T) {
	cases := []struct {
		format, a, b string
		want         int
	}{
		{FormatGolangMigrate, "2", "10", -1},
		{FormatGolangMigrate, "0010", "10", 0},
		{FormatGoose, "20230101000000", "9", 1},
		{FormatGoose, "99999999999999999999999", "1", 1}, // no overflow
		{FormatFlyway, "1.9", "1.10", -1},
		{FormatFlyway, "1_9", "1.10", -1},
		{FormatFlyway, "1", "1.0", 0},
		{FormatFlyway, "1.0.0", "001", 0},
		{FormatFlyway, "1.0.1", "1", 1},
		{FormatFlyway, "2", "", -1}, // repeatables ("") after versioned
		{FormatFlyway, "123456789012345678901234567890", "123456789012345678901234567891", -1},
		{FormatPlain, "2", "10", -1},
		{FormatPlain, "003", "3", 0},
		{FormatDbmate, "9", "20200101000000", 1}, // string order
		{FormatAtlas, "2", "10", 1},
		{FormatLiquibase, "a", "b", -1},
	}
	for _, c := range cases {
		if got := CompareVersions(c.format, c.a, c.b); got != c.want {
			t.Errorf("CompareVersions(%s, %q, %q) = %d, want %d", c.format, c.a, c.b, got, c.want)
		}
		if got := CompareVersions(c.format, c.b, c.a); got != -c.want {
			t.Errorf("CompareVersions(%s, %q, %q) = %d, want %d", c.format, c.b, c.a, got, -c.want)
		}
	}
}

func TestFormats(t *testing.T) {
	got := Formats()
	if len(got) != 7 {
		t.Fatalf("Formats() = %v", got)
	}
	for _, f := range got {
		if _, ok := formatReaders[f]; !ok {
			t.Errorf("Formats() lists %q without a reader", f)
		}
	}
}
