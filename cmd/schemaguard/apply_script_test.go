package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/schemaguard/schemaguard/internal/dbtest"
	"github.com/schemaguard/schemaguard/internal/dburl"
)

// The scripts in testdata/apply run `schemaguard apply` and `status`
// against the real servers. Two commands give them databases:
//
//	newdb postgres|mysql|mariadb VAR [PASSWORD]
//	                           create a private database, set $VAR to its URL
//	                           (with PASSWORD in it: the test servers trust
//	                           local connections, so it only has to stay hidden)
//	sql VAR 'query'            print the query's rows, one per line, columns tab-separated
func TestApplyScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/apply",
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"newdb": cmdNewDB,
			"sql":   cmdSQL,
		},
	})
}

func cmdNewDB(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: newdb postgres|mysql|mariadb VAR [PASSWORD]")
	}
	kind := args[0]
	if kind == "mariadb" {
		kind = "mysql"
	}
	raw, drop, err := dbtest.NewDatabase(kind)
	ts.Check(err)
	if args[0] == "mariadb" {
		raw = "mariadb" + strings.TrimPrefix(raw, "mysql")
	}
	ts.Defer(func() { ts.Check(drop()) })
	if len(args) == 3 {
		u, err := url.Parse(raw)
		ts.Check(err)
		u.User = url.UserPassword(u.User.Username(), args[2])
		raw = u.String()
	}
	ts.Setenv(args[1], raw)
}

func cmdSQL(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: sql VAR 'query'")
	}
	u, err := dburl.Parse(ts.Getenv(args[0]))
	ts.Check(err)
	rows, err := query(u, args[1])
	ts.Check(err)
	for _, r := range rows {
		fmt.Fprintln(ts.Stdout(), strings.Join(r, "\t"))
	}
}

// query runs q on the database and returns its rows as text.
func query(u *dburl.URL, q string) ([][]string, error) {
	ctx := context.Background()
	var out [][]string
	if u.Dialect == dburl.Postgres {
		cfg, err := u.PgxConfig()
		if err != nil {
			return nil, err
		}
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			return nil, err
		}
		defer conn.Close(ctx)
		rows, err := conn.Query(ctx, q, pgx.QueryExecModeSimpleProtocol)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var row []string
			for _, raw := range rows.RawValues() {
				row = append(row, string(raw))
			}
			out = append(out, row)
		}
		return out, rows.Err()
	}
	cfg, err := u.MySQLConfig()
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		var row []string
		for _, v := range vals {
			row = append(row, v.String)
		}
		out = append(out, row)
	}
	return out, rows.Err()
}
