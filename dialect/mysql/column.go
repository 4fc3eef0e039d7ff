package mysql

import (
	"slices"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/charset"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/types"

	"github.com/schemaguard/schemaguard/schema"
)

// normType maps TiDB's field type to the model's normalised spelling:
// tinyint (Mods [1] only for BOOLEAN / TINYINT(1)), smallint, mediumint,
// int, bigint (other display widths are dropped), decimal [p s] (DECIMAL
// alone is [10 0]), float, double — each with Unsigned when declared
// UNSIGNED or ZEROFILL (which implies it) —, bit [n], year, date,
// datetime / timestamp / time [fsp] (Mods only when fsp > 0), varchar [n],
// char [n], varbinary [n], binary [n], tinytext ... longtext, tinyblob ...
// longblob, json, enum / set with Values, and the spatial and MariaDB types
// the rewrites turned into markers (geometry, point, uuid, inet6 ...).
func normType(tp *types.FieldType) schema.Type {
	if tp == nil {
		return schema.Type{}
	}
	t := baseType(tp)
	switch tp.GetType() {
	case mysql.TypeTiny, mysql.TypeShort, mysql.TypeInt24, mysql.TypeLong, mysql.TypeLonglong,
		mysql.TypeNewDecimal, mysql.TypeFloat, mysql.TypeDouble:
		// TiDB sets the flag for ZEROFILL too, as MySQL does.
		t.Unsigned = mysql.HasUnsignedFlag(tp.GetFlag())
	}
	return t
}

// baseType is normType without signedness.
func baseType(tp *types.FieldType) schema.Type {
	flen, dec := tp.GetFlen(), tp.GetDecimal()
	bin := tp.GetCharset() == charset.CharsetBin
	pick := func(binName, textName string) string {
		if bin {
			return binName
		}
		return textName
	}
	fsp := func(name string) schema.Type {
		if dec > 0 {
			return schema.Type{Name: name, Mods: []int{dec}}
		}
		return schema.Type{Name: name}
	}
	length := func(name string, def int) schema.Type {
		if flen < 0 {
			flen = def
		}
		if flen < 0 {
			return schema.Type{Name: name}
		}
		return schema.Type{Name: name, Mods: []int{flen}}
	}
	switch tp.GetType() {
	case mysql.TypeTiny:
		if flen == 1 {
			return schema.Type{Name: "tinyint", Mods: []int{1}}
		}
		return schema.Type{Name: "tinyint"}
	case mysql.TypeShort:
		return schema.Type{Name: "smallint"}
	case mysql.TypeInt24:
		return schema.Type{Name: "mediumint"}
	case mysql.TypeLong:
		return schema.Type{Name: "int"}
	case mysql.TypeLonglong:
		return schema.Type{Name: "bigint"}
	case mysql.TypeNewDecimal:
		p, s := flen, dec
		if p < 0 {
			p = 10
		}
		return schema.Type{Name: "decimal", Mods: []int{p, max(s, 0)}}
	case mysql.TypeFloat:
		return schema.Type{Name: "float"}
	case mysql.TypeDouble:
		return schema.Type{Name: "double"}
	case mysql.TypeBit:
		return length("bit", 1)
	case mysql.TypeYear:
		return schema.Type{Name: "year"}
	case mysql.TypeDate:
		return schema.Type{Name: "date"}
	case mysql.TypeDatetime:
		return fsp("datetime")
	case mysql.TypeTimestamp:
		return fsp("timestamp")
	case mysql.TypeDuration:
		return fsp("time")
	case mysql.TypeVarchar, mysql.TypeVarString:
		if name, ok := markerType(flen); ok && bin {
			return schema.Type{Name: name}
		}
		return length(pick("varbinary", "varchar"), -1)
	case mysql.TypeString:
		return length(pick("binary", "char"), 1)
	case mysql.TypeTinyBlob:
		return schema.Type{Name: pick("tinyblob", "tinytext")}
	case mysql.TypeBlob:
		return schema.Type{Name: pick("blob", "text")}
	case mysql.TypeMediumBlob:
		return schema.Type{Name: pick("mediumblob", "mediumtext")}
	case mysql.TypeLongBlob:
		return schema.Type{Name: pick("longblob", "longtext")}
	case mysql.TypeJSON:
		return schema.Type{Name: "json"}
	case mysql.TypeEnum:
		return schema.Type{Name: "enum", Values: slices.Clone(tp.GetElems())}
	case mysql.TypeSet:
		return schema.Type{Name: "set", Values: slices.Clone(tp.GetElems())}
	case mysql.TypeGeometry:
		return schema.Type{Name: "geometry"}
	}
	return schema.Type{Name: types.TypeStr(tp.GetType())}
}

// inlineCon is a constraint written on a column definition.
type inlineCon struct {
	con *schema.Constraint
}

// column translates a column definition and its inline constraints.
// AUTO_INCREMENT is Serial; PRIMARY KEY implies NOT NULL; DEFAULT NULL is no
// default. Inline REFERENCES counts only on MariaDB: MySQL 8 parses and
// ignores it. Unnamed inline keys are left for the caller to name.
func (t *translator) column(d *ast.ColumnDef) (*schema.Column, []inlineCon) {
	col := &schema.Column{Type: normType(d.Tp)}
	if d.Name != nil {
		col.Name = d.Name.Name.O
	}
	var cons []inlineCon
	for _, o := range d.Options {
		if o == nil {
			continue
		}
		switch o.Tp {
		case ast.ColumnOptionNotNull:
			col.NotNull = true
		case ast.ColumnOptionNull:
			col.NotNull = false
		case ast.ColumnOptionAutoIncrement:
			col.Serial = true
		case ast.ColumnOptionDefaultValue:
			col.Default = expr(o.Expr)
		case ast.ColumnOptionGenerated:
			col.Generated = "virtual"
			if o.Stored {
				col.Generated = "stored"
			}
		case ast.ColumnOptionPrimaryKey:
			col.NotNull = true
			cons = append(cons, inlineCon{&schema.Constraint{Name: "PRIMARY", Kind: schema.PrimaryKey, Columns: []string{col.Name}}})
		case ast.ColumnOptionUniqKey:
			cons = append(cons, inlineCon{&schema.Constraint{Kind: schema.Unique, Columns: []string{col.Name}}})
		case ast.ColumnOptionCheck:
			k := checkConstraint(o.ConstraintName, o.Expr, o.Enforced)
			if len(k.Columns) == 0 {
				k.Columns = []string{col.Name}
			}
			cons = append(cons, inlineCon{k})
		case ast.ColumnOptionReference:
			if t.mariadb && o.Refer != nil {
				k := foreignKey("", []string{col.Name}, o.Refer)
				cons = append(cons, inlineCon{k})
			}
		}
	}
	return col, cons
}

func checkConstraint(name string, e ast.ExprNode, enforced bool) *schema.Constraint {
	// A NOT ENFORCED check proves nothing about the data, like NOT VALID.
	return &schema.Constraint{Name: name, Kind: schema.Check, Columns: columnRefs(e), NotNullColumn: notNullColumn(e), NotValid: !enforced}
}

func foreignKey(name string, cols []string, r *ast.ReferenceDef) *schema.Constraint {
	k := &schema.Constraint{Name: name, Kind: schema.ForeignKey, Columns: cols}
	if r != nil {
		k.RefTable = tableName(r.Table)
		k.RefColumns = indexColumns(r.IndexPartSpecifications)
	}
	return k
}

// expr is a DEFAULT expression with its volatility; nil for DEFAULT NULL.
func expr(e ast.ExprNode) *schema.Expr {
	if e == nil {
		return nil
	}
	if v, ok := e.(ast.ValueExpr); ok && v.GetValue() == nil {
		return nil
	}
	return &schema.Expr{Text: restore(e), Volatile: volatile(e)}
}

// volatile reports whether an expression is evaluated per row to possibly
// different values: it calls a function that is neither one of the
// statement-time clock functions (NOW(), CURRENT_TIMESTAMP ...) nor a known
// deterministic built-in. Unknown functions count as volatile, as user
// functions may be.
func volatile(e ast.ExprNode) bool {
	v := &volatileVisitor{}
	e.Accept(v)
	return v.found
}

type volatileVisitor struct{ found bool }

func (v *volatileVisitor) Enter(n ast.Node) (ast.Node, bool) {
	if f, ok := n.(*ast.FuncCallExpr); ok && !stableFuncs[f.FnName.L] {
		v.found = true
	}
	return n, v.found
}

func (v *volatileVisitor) Leave(n ast.Node) (ast.Node, bool) { return n, true }

var stableFuncs = map[string]bool{}

func init() {
	for _, f := range []string{
		// The clock, fixed for the duration of a statement.
		"now", "current_timestamp", "localtime", "localtimestamp", "curdate", "current_date",
		"curtime", "current_time", "utc_date", "utc_time", "utc_timestamp",
		// Deterministic built-ins common in defaults and generated columns.
		"lower", "lcase", "upper", "ucase", "concat", "concat_ws", "substring", "substr", "left", "right",
		"trim", "ltrim", "rtrim", "replace", "length", "char_length", "character_length", "lpad", "rpad",
		"repeat", "reverse", "space", "coalesce", "ifnull", "nullif", "if", "abs", "round", "floor",
		"ceil", "ceiling", "greatest", "least", "mod", "pow", "power", "sqrt", "sign", "truncate",
		"date_add", "date_sub", "adddate", "subdate", "addtime", "date_format", "str_to_date",
		"from_unixtime", "date", "year", "month", "day", "timestampadd", "timestampdiff", "datediff",
		"json_array", "json_object", "json_quote", "json_extract", "json_unquote", "json_set",
		"md5", "sha1", "sha2", "hex", "unhex", "uuid_to_bin", "bin_to_uuid", "inet_aton", "inet6_aton",
		"crc32", "conv", "format", "elt", "field", "st_geomfromtext", "point",
	} {
		stableFuncs[f] = true
	}
}

// columnRefs lists the distinct columns an expression references, in order.
func columnRefs(e ast.ExprNode) []string {
	if e == nil {
		return nil
	}
	v := &refVisitor{}
	e.Accept(v)
	return v.cols
}

type refVisitor struct{ cols []string }

func (v *refVisitor) Enter(n ast.Node) (ast.Node, bool) {
	if c, ok := n.(*ast.ColumnNameExpr); ok && c.Name != nil && !slices.Contains(v.cols, c.Name.Name.O) {
		v.cols = append(v.cols, c.Name.Name.O)
	}
	return n, false
}

func (v *refVisitor) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// notNullColumn returns col when the expression is exactly "col IS NOT
// NULL".
func notNullColumn(e ast.ExprNode) string {
	for {
		p, ok := e.(*ast.ParenthesesExpr)
		if !ok {
			break
		}
		e = p.Expr
	}
	n, ok := e.(*ast.IsNullExpr)
	if !ok || !n.Not {
		return ""
	}
	if c, ok := n.Expr.(*ast.ColumnNameExpr); ok && c.Name != nil {
		return c.Name.Name.O
	}
	return ""
}

// indexColumns lists key parts: column names (prefix lengths dropped) or
// the text of functional parts.
func indexColumns(parts []*ast.IndexPartSpecification) []string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		switch {
		case p == nil:
		case p.Column != nil:
			out = append(out, p.Column.Name.O)
		case p.Expr != nil:
			out = append(out, restore(p.Expr))
		}
	}
	return out
}

// keyBase is what MySQL names an unnamed index after: its first column, or
// "functional_index" when that is an expression.
func keyBase(parts []*ast.IndexPartSpecification) string {
	if len(parts) > 0 && parts[0] != nil && parts[0].Column != nil {
		return parts[0].Column.Name.O
	}
	return "functional_index"
}
