package dataloss

import (
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/schema"
	"math/big"
)

// family groups types whose values convert into each other by range or
// length alone; across families a conversion parses or reinterprets values.
type family int

const (
	famUnknown family = iota // user types, domains, anything not listed: no guess
	famInt
	famNumeric
	famFloat
	famBool
	famString
	famBinary
	famDate
	famDateTime // timestamp, timestamptz, datetime
	famTime
	famUUID
	famJSON
	famEnum // MySQL inline ENUM/SET
)

// typeInfo is what MF105 needs to know of a column type.
type typeInfo struct {
	fam family
	// int: bytes; float: mantissa bits.
	width int
	// string/binary/enum: maximum length (characters, bytes for MySQL's
	// TEXT/BLOB classes, the longest value for ENUM); 0 means unbounded.
	length int
	// numeric: precision and scale; bounded false means no limit.
	prec, scale int
	bounded     bool
	// date/time: fractional-second digits.
	fsp int
}

var intWidths = map[string]int{
	"tinyint": 1, "int1": 1,
	"smallint": 2, "int2": 2, "smallserial": 2, "serial2": 2,
	"mediumint": 3, "int3": 3,
	"int": 4, "integer": 4, "int4": 4, "serial": 4, "serial4": 4,
	"bigint": 8, "int8": 8, "bigserial": 8, "serial8": 8,
}

// mysqlTextCaps are the byte limits of MySQL's TEXT and BLOB classes.
var mysqlTextCaps = map[string]int{
	"tinytext": 255, "text": 65535, "mediumtext": 16777215, "longtext": 4294967295,
	"tinyblob": 255, "blob": 65535, "mediumblob": 16777215, "longblob": 4294967295,
}

// classify maps a normalised type name (int4, varchar, numeric ...; MySQL
// spellings too) to its family and limits.
func classify(t schema.Type, dialect string) typeInfo {
	mysql := dialect == lint.MySQL
	mod := func(i, def int) int {
		if i < len(t.Mods) {
			return t.Mods[i]
		}
		return def
	}
	if len(t.Values) > 0 || t.Name == "enum" || t.Name == "set" {
		longest := 0
		for _, v := range t.Values {
			longest = max(longest, len([]rune(v)))
		}
		if t.Name == "set" {
			longest = 0 // a SET value joins several members
			for _, v := range t.Values {
				longest += len([]rune(v)) + 1
			}
		}
		return typeInfo{fam: famEnum, length: longest}
	}
	if w, ok := intWidths[t.Name]; ok {
		if mysql && t.Name == "tinyint" && mod(0, 0) == 1 {
			return typeInfo{fam: famBool} // MySQL's BOOLEAN
		}
		return typeInfo{fam: famInt, width: w}
	}
	switch t.Name {
	case "bool", "boolean":
		return typeInfo{fam: famBool}
	case "numeric", "decimal", "dec", "fixed":
		if len(t.Mods) == 0 {
			if mysql { // MySQL's DECIMAL means DECIMAL(10,0)
				return typeInfo{fam: famNumeric, prec: 10, bounded: true}
			}
			return typeInfo{fam: famNumeric}
		}
		return typeInfo{fam: famNumeric, prec: mod(0, 0), scale: mod(1, 0), bounded: true}
	case "float4", "real":
		if mysql && t.Name == "real" { // REAL is DOUBLE unless REAL_AS_FLOAT
			return typeInfo{fam: famFloat, width: 53}
		}
		return typeInfo{fam: famFloat, width: 24}
	case "float8", "double", "double precision":
		return typeInfo{fam: famFloat, width: 53}
	case "float":
		// PostgreSQL's float is float8 and float(p≤24) float4; MySQL's
		// FLOAT is single precision unless FLOAT(p>24).
		if p := mod(0, 0); p > 24 || (!mysql && p == 0) {
			return typeInfo{fam: famFloat, width: 53}
		}
		return typeInfo{fam: famFloat, width: 24}
	case "varchar", "character varying", "nvarchar", "varchar2", "nvarchar2":
		return typeInfo{fam: famString, length: mod(0, 0)}
	case "char", "character", "nchar":
		return typeInfo{fam: famString, length: mod(0, 1)}
	case "bpchar": // PostgreSQL's char(n); bare bpchar has no limit
		return typeInfo{fam: famString, length: mod(0, 0)}
	case "text", "tinytext", "mediumtext", "longtext":
		if mysql {
			return typeInfo{fam: famString, length: mysqlTextCaps[t.Name]}
		}
		return typeInfo{fam: famString}
	case "citext":
		return typeInfo{fam: famString}
	case "name":
		return typeInfo{fam: famString, length: 63}
	case "bytea":
		return typeInfo{fam: famBinary}
	case "binary":
		return typeInfo{fam: famBinary, length: mod(0, 1)}
	case "varbinary":
		return typeInfo{fam: famBinary, length: mod(0, 0)}
	case "tinyblob", "blob", "mediumblob", "longblob":
		return typeInfo{fam: famBinary, length: mysqlTextCaps[t.Name]}
	case "date":
		return typeInfo{fam: famDate}
	case "timestamp", "timestamptz", "datetime", "timestamp with time zone", "timestamp without time zone":
		return typeInfo{fam: famDateTime, fsp: mod(0, defaultFSP(mysql))}
	case "time", "timetz", "time with time zone", "time without time zone":
		return typeInfo{fam: famTime, fsp: mod(0, defaultFSP(mysql))}
	case "uuid":
		return typeInfo{fam: famUUID}
	case "json", "jsonb":
		return typeInfo{fam: famJSON}
	}
	return typeInfo{}
}

// defaultFSP is the fractional-second precision of a time type written
// without one: microseconds on PostgreSQL, whole seconds on MySQL.
func defaultFSP(mysql bool) int {
	if mysql {
		return 0
	}
	return 6
}

// maxDigits is how many decimal digits the largest value of an integer of
// w bytes has (signed: 127 … 9223372036854775807; unsigned: 255 … 18446744073709551615).
func maxDigits(w int, unsigned bool) int {
	bits := uint(w * 8)
	if !unsigned {
		bits--
	}
	largest := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), bits), big.NewInt(1))
	return len(largest.String())
}

// intBits is the number of value bits of a signed integer of w bytes.
func intBits(w int) int { return w*8 - 1 }

// textLen is the longest text form of a value of a family, 0 when unknown
// or unbounded.
func textLen(o typeInfo) int {
	switch o.fam {
	case famInt:
		return maxDigits(o.width, false) + 1 // the sign
	case famNumeric:
		if o.bounded {
			return o.prec + 2 // sign and decimal point
		}
	case famBool:
		return 5 // false
	case famDate:
		return 10 // 2024-01-31
	case famDateTime:
		return 35 // 2024-01-31 12:34:56.123456+05:30, with room for BC
	case famTime:
		return 21 // 12:34:56.123456+05:30
	case famUUID:
		return 36
	case famEnum:
		return o.length
	case famString:
		return o.length
	}
	return 0
}
