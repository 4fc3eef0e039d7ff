package migrate

import (
	"strings"
)

// CompareVersions orders two versions the way the format's tool orders them,
// returning -1, 0 or +1:
//   - golang-migrate, goose: integers (uint64 / int64 in the tools); compared
//     as arbitrary-size decimals so "0010" == "10" and nothing overflows.
//   - flyway: "_" is ".", dotted parts compared numerically (BigInteger),
//     trailing zero parts ignored ("1" == "1.0" == "1_0"); the empty version
//     of a repeatable migration sorts after every versioned one.
//   - plain: integer order of the leading digits, then the text after them.
//   - atlas, dbmate, liquibase (and unknown formats): plain string order,
//     which is what those tools sort file names by.
func CompareVersions(format, a, b string) int {
	switch format {
	case FormatGolangMigrate, FormatGoose:
		if isDigits(a) && isDigits(b) {
			return compareDecimal(a, b)
		}
	case FormatFlyway:
		return compareFlyway(a, b)
	case FormatPlain:
		da, db := leadingDigits(a), leadingDigits(b)
		if c := compareDecimal(da, db); c != 0 {
			return c
		}
		return strings.Compare(a[len(da):], b[len(db):])
	}
	return strings.Compare(a, b)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// compareDecimal compares two digit strings as unbounded non-negative
// integers ("" counts as 0).
func compareDecimal(a, b string) int {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

// flywayParts splits a Flyway version into its numeric parts with trailing
// zero parts dropped; ok is false when a part is not a number, which makes
// Flyway reject the file name.
func flywayParts(v string) (parts []string, ok bool) {
	if v == "" {
		return nil, false
	}
	for _, p := range strings.Split(strings.ReplaceAll(v, "_", "."), ".") {
		if !isDigits(p) {
			return nil, false
		}
		parts = append(parts, strings.TrimLeft(p, "0"))
	}
	for len(parts) > 1 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return parts, true
}

func compareFlyway(a, b string) int {
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	pa, oka := flywayParts(a)
	pb, okb := flywayParts(b)
	if !oka || !okb {
		return strings.Compare(a, b)
	}
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y string // a missing part counts as 0
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		if c := compareDecimal(x, y); c != 0 {
			return c
		}
	}
	return 0
}
