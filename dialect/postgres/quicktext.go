package postgres

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// quickText renders the handful of expression shapes that make up most
// defaults (constants, now(), CURRENT_TIMESTAMP, gen_random_uuid(),
// '{}'::jsonb) without a deparse call, exactly as the deparser would
// (TestQuickTextMatchesDeparse holds it to that). ok is false for anything
// else, which then goes to the deparser.
func quickText(n *pg_query.Node) (string, bool) {
	switch n := n.GetNode().(type) {
	case *pg_query.Node_AConst:
		return constSQL(n.AConst)
	case *pg_query.Node_FuncCall:
		f := n.FuncCall
		name := strs(f.GetFuncname())
		if len(name) != 1 || len(f.GetArgs()) > 0 || !quickFuncs[name[0]] || f.GetAggStar() || f.GetOver() != nil ||
			len(f.GetAggOrder()) > 0 || f.GetAggFilter() != nil || f.GetFuncformat() != pg_query.CoercionForm_COERCE_EXPLICIT_CALL {
			return "", false
		}
		return name[0] + "()", true
	case *pg_query.Node_SqlvalueFunction:
		s, ok := sqlValueFuncs[n.SqlvalueFunction.GetOp()]
		return s, ok
	case *pg_query.Node_TypeCast:
		tn := n.TypeCast.GetTypeName()
		name := strs(tn.GetNames())
		if len(name) != 1 || !quickTypes[name[0]] || len(tn.GetTypmods()) > 0 || len(tn.GetArrayBounds()) > 0 || tn.GetSetof() || tn.GetPctType() {
			return "", false
		}
		c := n.TypeCast.GetArg().GetAConst()
		if c.GetSval() == nil {
			return "", false
		}
		if s, ok := constSQL(c); ok {
			return s + "::" + name[0], true
		}
	}
	return "", false
}

// constSQL renders a constant; strings only when they need no escaping.
func constSQL(c *pg_query.A_Const) (string, bool) {
	switch {
	case c.GetIsnull():
		return "NULL", true
	case c.GetIval() != nil:
		return strconv.Itoa(int(c.GetIval().GetIval())), true
	case c.GetBoolval() != nil:
		return strconv.FormatBool(c.GetBoolval().GetBoolval()), true
	case c.GetSval() != nil:
		if s := c.GetSval().GetSval(); !strings.ContainsAny(s, `'\`) {
			return "'" + s + "'", true
		}
	}
	return "", false
}

// quickFuncs are argument-less functions whose names the deparser prints
// as is (no keyword, no quoting).
var quickFuncs = set("now", "random", "gen_random_uuid", "clock_timestamp", "statement_timestamp",
	"transaction_timestamp", "timeofday", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4",
	"uuidv4", "uuidv7", "uuid_generate_v7", "txid_current", "pg_current_xact_id")

// quickTypes are cast targets written by their plain names.
var quickTypes = set("jsonb", "text", "uuid", "regclass", "date", "inet", "citext", "bytea", "timestamptz")

var sqlValueFuncs = map[pg_query.SQLValueFunctionOp]string{
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:      "current_date",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME:      "current_time",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP: "current_timestamp",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME:         "localtime",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP:    "localtimestamp",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:      "current_role",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER:      "current_user",
	pg_query.SQLValueFunctionOp_SVFOP_USER:              "user",
	pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER:      "session_user",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:   "current_catalog",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:    "current_schema",
}
