package split

import "testing"

var pg = Options{Dialect: Postgres}

func TestSplitPostgres(t *testing.T) {
	runCases(t, []splitCase{
		{
			name: "two statements, no trailing newline",
			src:  "CREATE TABLE a (id int);\nSELECT 1",
			want: []string{"CREATE TABLE a (id int)", "SELECT 1"},
			pos:  [][4]int{{1, 1, 1, 23}, {2, 1, 2, 8}},
		},
		{
			name: "default dialect is postgres",
			src:  "SELECT $$;$$; SELECT 2;",
			opts: Options{},
			want: []string{"SELECT $$;$$", "SELECT 2"},
		},
		{
			name: "doubled quotes",
			src:  "INSERT INTO t VALUES ('it''s; fine', '');SELECT \"a\"\"b;c\" FROM t;",
			want: []string{"INSERT INTO t VALUES ('it''s; fine', '')", "SELECT \"a\"\"b;c\" FROM t"},
		},
		{
			name: "E string with backslash-quote",
			src:  `SELECT E'it\'s; x', e'\\';SELECT E'a''b;';`,
			want: []string{`SELECT E'it\'s; x', e'\\'`, `SELECT E'a''b;'`},
		},
		{
			name: "backslash is not an escape in standard strings",
			src:  `SELECT 'C:\';SELECT 'a\b', 'x\''';`,
			want: []string{`SELECT 'C:\'`, `SELECT 'a\b', 'x\'''`},
		},
		{
			name: "word ending in e before a quote is not an E string",
			src:  `SELECT some'\';SELECT 2;`,
			want: []string{`SELECT some'\'`, "SELECT 2"},
		},
		{
			name: "U& string",
			src:  `SELECT U&'d\0061t;a', U&"col;x";SELECT 2`,
			want: []string{`SELECT U&'d\0061t;a', U&"col;x"`, "SELECT 2"},
		},
		{
			name: "dollar bodies with nested tags",
			src: "CREATE FUNCTION f() RETURNS text AS $body$\nBEGIN\n  RETURN $x$ a; $$ b; $x$;\nEND;\n$body$ LANGUAGE plpgsql;\n" +
				"DO $$ BEGIN PERFORM 1; END $$;\n" +
				"SELECT $_t9$;$_t9$, $é$;$é$;",
			want: []string{
				"CREATE FUNCTION f() RETURNS text AS $body$\nBEGIN\n  RETURN $x$ a; $$ b; $x$;\nEND;\n$body$ LANGUAGE plpgsql",
				"DO $$ BEGIN PERFORM 1; END $$",
				"SELECT $_t9$;$_t9$, $é$;$é$",
			},
			pos: [][4]int{{1, 1, 5, 23}, {6, 1, 6, 29}, {7, 1, 7, 27}},
		},
		{
			name: "positional parameters are not dollar quotes",
			src:  "PREPARE p AS SELECT $1 || $2;EXECUTE p('a', 'b');SELECT a$b$c FROM t;SELECT $ 1;",
			want: []string{"PREPARE p AS SELECT $1 || $2", "EXECUTE p('a', 'b')", "SELECT a$b$c FROM t", "SELECT $ 1"},
		},
		{
			name: "BEGIN ATOMIC function",
			src: "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n" +
				"  INSERT INTO t VALUES (a);\n  SELECT t.end, CASE WHEN a > 0 THEN 1 ELSE 2 END;\nEND;\nSELECT f(1);",
			want: []string{
				"CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  INSERT INTO t VALUES (a);\n  SELECT t.end, CASE WHEN a > 0 THEN 1 ELSE 2 END;\nEND",
				"SELECT f(1)",
			},
			pos: [][4]int{{1, 1, 5, 3}, {6, 1, 6, 11}},
		},
		{
			name: "BEGIN ATOMIC procedure",
			src:  "create procedure p(a int, b int) language sql begin atomic insert into t values (a); insert into t values (b); end; call p(1, 2);",
			want: []string{
				"create procedure p(a int, b int) language sql begin atomic insert into t values (a); insert into t values (b); end",
				"call p(1, 2)",
			},
		},
		{
			name: "transaction statements",
			src:  "BEGIN;\nCREATE TABLE t (a int);\nCOMMIT;\nBEGIN TRANSACTION;\nEND;\n",
			want: []string{"BEGIN", "CREATE TABLE t (a int)", "COMMIT", "BEGIN TRANSACTION", "END"},
		},
		{
			name: "BEGIN only as a whole word",
			src:  "CREATE TABLE countdown (begin_at timestamptz, ending int);\nCREATE FUNCTION begin_at() RETURNS int AS 'select 1' LANGUAGE sql;\nSELECT begin_at FROM countdown;",
			want: []string{
				"CREATE TABLE countdown (begin_at timestamptz, ending int)",
				"CREATE FUNCTION begin_at() RETURNS int AS 'select 1' LANGUAGE sql",
				"SELECT begin_at FROM countdown",
			},
		},
		{
			name: "CASE expression in a query",
			src:  "SELECT CASE WHEN a THEN 1 ELSE 2 END FROM t;SELECT 2;",
			want: []string{"SELECT CASE WHEN a THEN 1 ELSE 2 END FROM t", "SELECT 2"},
		},
		{
			name: "trigger calls a function, no body",
			src:  "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();\nCREATE EVENT TRIGGER e ON ddl_command_start EXECUTE FUNCTION g();",
			want: []string{
				"CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()",
				"CREATE EVENT TRIGGER e ON ddl_command_start EXECUTE FUNCTION g()",
			},
		},
		{
			name: "comments before and after",
			src:  "-- header; not a statement\n/* block; */ SELECT 1; -- trailing; comment\n/* only a comment */\n",
			want: []string{"SELECT 1"},
			pos:  [][4]int{{2, 14, 2, 21}},
		},
		{
			name: "comment between the last token and the delimiter",
			src:  "SELECT 1 -- why\n;SELECT /* inner */ 2 /* tail */;",
			want: []string{"SELECT 1", "SELECT /* inner */ 2"},
		},
		{
			name: "nested block comments",
			src:  "/* a /* b; */ still; */ SELECT 1;",
			want: []string{"SELECT 1"},
		},
		{
			name: "-- needs no space in postgres",
			src:  "SELECT 1 --1;\n;SELECT 2;",
			want: []string{"SELECT 1", "SELECT 2"},
		},
		{
			name: "empty statements",
			src:  ";;SELECT 1;;; ;\n;",
			want: []string{"SELECT 1"},
		},
		{
			name: "only comments and whitespace",
			src:  "\n-- nothing\n\t/* here */ \n",
			want: nil,
		},
		{
			name: "semicolon inside parentheses",
			src:  "SELECT (1;2);SELECT 3)) ;SELECT 4;",
			want: []string{"SELECT (1;2)", "SELECT 3))", "SELECT 4"},
		},
		{
			name: "CRLF",
			src:  "SELECT 1;\r\nSELECT\r\n  2 ;\r\nSELECT 3\r\n",
			want: []string{"SELECT 1", "SELECT\r\n  2", "SELECT 3"},
			pos:  [][4]int{{1, 1, 1, 8}, {2, 1, 3, 3}, {4, 1, 4, 8}},
		},
		{
			name: "BOM",
			src:  "\xef\xbb\xbfSELECT 1; SELECT 2;\nSELECT 3",
			want: []string{"SELECT 1", "SELECT 2", "SELECT 3"},
			pos:  [][4]int{{1, 1, 1, 8}, {1, 11, 1, 18}, {2, 1, 2, 8}},
		},
		{
			name: "multibyte characters before a statement",
			src:  "SELECT 'héllo→'; SELECT 2; /* ünï */ SELECT 'é'",
			want: []string{"SELECT 'héllo→'", "SELECT 2", "SELECT 'é'"},
			pos:  [][4]int{{1, 1, 1, 15}, {1, 18, 1, 25}, {1, 38, 1, 47}},
		},
		{
			name: "statement ending in a multibyte character",
			src:  "SELECT 1 AS ñandú;\n",
			want: []string{"SELECT 1 AS ñandú"},
			pos:  [][4]int{{1, 1, 1, 17}},
		},
		{
			name: "invalid UTF-8 is carried through",
			src:  "SELECT '\xff\xfe';SELECT \xc3;",
			want: []string{"SELECT '\xff\xfe'", "SELECT \xc3"},
		},
		{
			name: "DELIMITER is not a command in postgres",
			src:  "DELIMITER //\nSELECT 1;",
			want: []string{"DELIMITER //\nSELECT 1"},
		},
		{
			name: "mysql-only syntax is plain in postgres",
			src:  "SELECT a # b;SELECT `x;`;",
			want: []string{"SELECT a # b", "SELECT `x", "`"},
		},
	})
}

func TestSplitPostgresErrors(t *testing.T) {
	runErrCases(t, []errCase{
		{name: "quote", src: "SELECT 1;\nSELECT 'abc;\nSELECT 2;", msg: "unterminated quoted string", line: 2, col: 8},
		{name: "E string with escaped last quote", src: `SELECT E'abc\';`, msg: "unterminated quoted string", line: 1, col: 8},
		{name: "identifier", src: "SELECT \"a;", msg: "unterminated quoted identifier", line: 1, col: 8},
		{name: "block comment", src: "SELECT 1;\n  /* open", msg: "unterminated block comment", line: 2, col: 3},
		{name: "nested comment left open", src: "/* a /* b */ SELECT 1;", msg: "unterminated block comment", line: 1, col: 1},
		{
			name: "dollar body",
			src:  "SELECT 1;\n\n\n\n\n\n\n\n\n\n\nCREATE FUNCTION f() AS $body$ SELECT 1; $bod$;\n",
			msg:  "unterminated dollar-quoted string $body$ starting at line 12 column 24", line: 12, col: 24,
		},
		{name: "dollar after multibyte", src: "SELECT 'ü', $$x", msg: "$$ starting at line 1 column 13", line: 1, col: 13},
	})
}
