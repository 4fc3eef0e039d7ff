// Package dbtest gives tests a private, randomly named database on the real
// PostgreSQL and MariaDB servers of the machine, dropped when the test ends.
// Set SCHEMAGUARD_PG_URL / SCHEMAGUARD_MYSQL_DSN to use other servers.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
)

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func randomName(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// Postgres creates a database and returns a connection to it.
func Postgres(t testing.TB) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	base := env("SCHEMAGUARD_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable")
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to PostgreSQL (run `make databases`): %v", err)
	}
	name := randomName("sg_test_")
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Database = name
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("connect to %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn.Close(ctx)
		if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
		admin.Close(ctx)
	})
	return conn
}

// MySQL creates a database and returns a handle bound to it (one connection,
// so session state such as the current database carries across statements).
func MySQL(t testing.TB) *sql.DB {
	t.Helper()
	cfg, err := mysql.ParseDSN(env("SCHEMAGUARD_MYSQL_DSN", "root@tcp(127.0.0.1:3306)/"))
	if err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	name := randomName("sg_test_")
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database on MariaDB/MySQL (run `make databases`): %v", err)
	}
	cfg.DBName = name
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() {
		db.Close()
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
		admin.Close()
	})
	return db
}

// Describe names a statement for failure messages.
func Describe(line int, text string) string { return fmt.Sprintf("line %d: %.80q", line, text) }

// ServerURL is the URL of the test server of a dialect ("postgres" or
// "mysql") itself, for code that makes its own databases on it (a dev
// database session). SCHEMAGUARD_PG_URL and SCHEMAGUARD_MYSQL_URL name
// other servers.
func ServerURL(dialect string) string {
	if dialect == "mysql" {
		return env("SCHEMAGUARD_MYSQL_URL", "mysql://root@127.0.0.1:3306/")
	}
	return env("SCHEMAGUARD_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable")
}
