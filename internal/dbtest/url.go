package dbtest

import (
	"context"
	"database/sql"
	"net/url"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
)

// PostgresURL creates a database like Postgres and also returns its URL,
// for code under test that connects by itself (a CLI, a subprocess).
func PostgresURL(t testing.TB) (string, *pgx.Conn) {
	t.Helper()
	conn := Postgres(t)
	u, err := url.Parse(env("SCHEMAGUARD_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"))
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + conn.Config().Database
	return u.String(), conn
}

// MySQLURL creates a database like MySQL and also returns its mysql:// URL.
func MySQLURL(t testing.TB) (string, *sql.DB) {
	t.Helper()
	db := MySQL(t)
	cfg, err := mysql.ParseDSN(env("SCHEMAGUARD_MYSQL_DSN", "root@tcp(127.0.0.1:3306)/"))
	if err != nil {
		t.Fatal(err)
	}
	var name string
	if err := db.QueryRowContext(context.Background(), "SELECT DATABASE()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	u := url.URL{Scheme: "mysql", Host: cfg.Addr, Path: "/" + name, User: url.User(cfg.User)}
	if cfg.Passwd != "" {
		u.User = url.UserPassword(cfg.User, cfg.Passwd)
	}
	return u.String(), db
}
