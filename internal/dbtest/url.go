package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"testing"
	"time"

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

// NewDatabase creates a database on the PostgreSQL ("postgres") or
// MySQL/MariaDB ("mysql") server for code that has no testing.TB (a
// testscript command), and returns its URL and the function dropping it.
func NewDatabase(kind string) (dbURL string, drop func() error, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	name := randomName("sg_test_")
	switch kind {
	case "postgres":
		base := env("SCHEMAGUARD_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable")
		admin, err := pgx.Connect(ctx, base)
		if err != nil {
			return "", nil, fmt.Errorf("connect to PostgreSQL (run `make databases`): %w", err)
		}
		defer admin.Close(ctx)
		if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
			return "", nil, err
		}
		u, err := url.Parse(base)
		if err != nil {
			return "", nil, err
		}
		u.Path = "/" + name
		return u.String(), func() error { return dropPostgres(base, name) }, nil
	case "mysql":
		cfg, err := mysql.ParseDSN(env("SCHEMAGUARD_MYSQL_DSN", "root@tcp(127.0.0.1:3306)/"))
		if err != nil {
			return "", nil, err
		}
		admin, err := sql.Open("mysql", cfg.FormatDSN())
		if err != nil {
			return "", nil, err
		}
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
			admin.Close()
			return "", nil, fmt.Errorf("create database on MariaDB/MySQL (run `make databases`): %w", err)
		}
		u := url.URL{Scheme: "mysql", Host: cfg.Addr, Path: "/" + name, User: url.User(cfg.User)}
		if cfg.Passwd != "" {
			u.User = url.UserPassword(cfg.User, cfg.Passwd)
		}
		return u.String(), func() error {
			defer admin.Close()
			_, err := admin.Exec("DROP DATABASE IF EXISTS " + name)
			return err
		}, nil
	}
	return "", nil, fmt.Errorf("unknown database kind %q (want postgres or mysql)", kind)
}

func dropPostgres(base, name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		return err
	}
	defer admin.Close(ctx)
	_, err = admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	return err
}
