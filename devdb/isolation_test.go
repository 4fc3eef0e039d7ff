package devdb

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/schemaguard/schemaguard/internal/dburl"
)

// databaseExists asks the server named by url whether database name exists.
func databaseExists(t testing.TB, url, name string) bool {
	t.Helper()
	ctx := context.Background()
	u, err := dburl.Parse(url)
	if err != nil {
		t.Fatal(err)
	}
	if u.Dialect == dburl.Postgres {
		cfg, err := u.PgxConfig()
		if err != nil {
			t.Fatal(err)
		}
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		var n int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n > 0
	}
	db := mysqlAdmin(t, url)
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

// mysqlAdmin is a database/sql handle on the MySQL server named by url,
// closed at the test's end.
func mysqlAdmin(t testing.TB, url string) *sql.DB {
	t.Helper()
	u, err := dburl.Parse(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := u.MySQLConfig()
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var _ = strings.Contains
