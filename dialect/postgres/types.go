package postgres

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/schemaguard/schemaguard/schema"
)

// typeAliases maps the spellings PostgreSQL accepts to the catalog names it
// stores. The grammar already turns keyword types (integer, character
// varying, double precision ...) into pg_catalog.<name>; the rest are
// plain identifiers a user may write either way.
var typeAliases = map[string]string{
	"integer":   "int4",
	"int":       "int4",
	"smallint":  "int2",
	"bigint":    "int8",
	"boolean":   "bool",
	"real":      "float4",
	"float":     "float8",
	"decimal":   "numeric",
	"character": "bpchar",
}

// serialTypes are the pseudo-types that create a sequence-backed column.
var serialTypes = map[string]string{
	"serial": "int4", "serial4": "int4",
	"bigserial": "int8", "serial8": "int8",
	"smallserial": "int2", "serial2": "int2",
}

// normType normalises a type name: pg_catalog types lose their schema and
// take their catalog name (int4, varchar, timestamptz, float8, bool), serial
// types become their integer type with serial true, integer type modifiers
// become Mods, array bounds set Array. User types keep their name as
// written, schema-qualified when it was.
func normType(tn *pg_query.TypeName) (typ schema.Type, serial bool) {
	names := strs(tn.GetNames())
	switch {
	case len(names) == 0:
		return typ, false
	case len(names) == 2 && names[0] == "pg_catalog", len(names) == 1:
		typ.Name = names[len(names)-1]
		if base, ok := serialTypes[typ.Name]; ok && len(names) == 1 {
			typ.Name, serial = base, true
		} else if alias, ok := typeAliases[typ.Name]; ok {
			typ.Name = alias
		}
	default:
		typ.Name = strings.Join(names, ".")
	}
	for _, m := range tn.GetTypmods() {
		if iv := m.GetAConst().GetIval(); iv != nil {
			typ.Mods = append(typ.Mods, int(iv.GetIval()))
		}
	}
	typ.Array = len(tn.GetArrayBounds()) > 0
	return typ, serial
}

// volatileFuncs are built-in functions whose pg_proc.provolatile is 'v':
// a DEFAULT calling one is evaluated per row, so ADD COLUMN rewrites.
var volatileFuncs = set(
	"random", "random_normal", "setseed", "gen_random_uuid", "gen_random_bytes",
	"uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "uuidv4", "uuidv7",
	"uuid_generate_v7", "clock_timestamp", "timeofday", "nextval", "setval", "currval",
	"lastval", "pg_sleep",
)

// stableFuncs are built-in functions known to be immutable or stable
// ('i'/'s'): evaluated once for ADD COLUMN ... DEFAULT. Any function not
// listed here counts as volatile, because that is what CREATE FUNCTION
// makes a user function unless it says otherwise.
var stableFuncs = set(
	// date and time (now() and friends are fixed within a transaction)
	"now", "statement_timestamp", "transaction_timestamp", "date_trunc", "date_part",
	"extract", "make_date", "make_time", "make_timestamp", "make_timestamptz",
	"make_interval", "to_timestamp", "to_date", "age", "date_bin", "timezone",
	"justify_days", "justify_hours", "justify_interval", "isfinite",
	// strings
	"lower", "upper", "length", "char_length", "character_length", "octet_length",
	"md5", "sha224", "sha256", "sha384", "sha512", "concat", "concat_ws", "substr",
	"substring", "trim", "btrim", "ltrim", "rtrim", "replace", "left", "right", "lpad",
	"rpad", "repeat", "split_part", "initcap", "reverse", "format", "translate",
	"regexp_replace", "strpos", "position", "encode", "decode", "quote_ident",
	"quote_literal", "to_hex", "ascii", "chr", "starts_with",
	// formatting, conversion, numbers
	"to_char", "to_number", "abs", "round", "floor", "ceil", "ceiling", "trunc",
	"mod", "power", "sqrt", "greatest", "least", "coalesce", "nullif",
	// json and arrays
	"jsonb_build_object", "json_build_object", "jsonb_build_array", "json_build_array",
	"to_json", "to_jsonb", "array_to_json", "row_to_json", "jsonb_set", "json_object",
	"jsonb_object", "array_append", "array_prepend", "array_cat", "array_length",
	"cardinality", "string_to_array", "array_to_string", "array_fill",
	// session information
	"current_setting", "current_user", "session_user", "current_schema",
	"current_database", "txid_current", "pg_current_xact_id", "inet_client_addr",
	"version",
)

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// volatile reports whether an expression calls a volatile function: a
// listed volatile built-in, a schema-qualified function outside pg_catalog,
// or any function not known to be stable. SQL value functions
// (CURRENT_TIMESTAMP, CURRENT_DATE, CURRENT_USER ...), constants, casts
// and operators are not volatile.
func volatile(n *pg_query.Node) bool {
	found := false
	walk(n.ProtoReflect(), func(m protoreflect.Message) bool {
		fc, ok := m.Interface().(*pg_query.FuncCall)
		if !ok {
			return !found
		}
		name := strs(fc.GetFuncname())
		switch {
		case len(name) == 0:
		case len(name) > 1 && name[0] != "pg_catalog":
			found = true // a user function, VOLATILE by default
		case volatileFuncs[name[len(name)-1]] || !stableFuncs[name[len(name)-1]]:
			found = true
		}
		return !found
	})
	return found
}
