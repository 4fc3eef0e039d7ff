package main

import (
	"strings"

	"github.com/schemaguard/schemaguard/config"
	"github.com/schemaguard/schemaguard/dialect"
	"github.com/schemaguard/schemaguard/dialect/mysql"
	"github.com/schemaguard/schemaguard/dialect/postgres"
	"github.com/schemaguard/schemaguard/lint"
)

// language is a resolved --dialect: the lint dialect, its parser and the
// target server version.
type language struct {
	name    string
	mariadb bool
	version int
	parser  dialect.Parser
}

func dialectFor(t config.Settings) (language, error) {
	switch strings.ToLower(t.Dialect) {
	case "", "postgres", "postgresql", "pg":
		l := language{name: lint.Postgres, parser: postgres.New(), version: lint.DefaultVersion(lint.Postgres)}
		return l, setVersion(&l, "postgres-version", t.PostgresVersion)
	case "mysql", "mariadb":
		mariadb := strings.EqualFold(t.Dialect, "mariadb")
		l := language{name: lint.MySQL, mariadb: mariadb, parser: mysql.New(mariadb), version: lint.DefaultVersion(lint.MySQL)}
		if mariadb {
			l.version = 10
		}
		return l, setVersion(&l, "mysql-version", t.MySQLVersion)
	}
	return language{}, usageError("--dialect: unknown dialect %q (want postgres, mysql or mariadb)", t.Dialect)
}

func setVersion(l *language, key, v string) error {
	if v == "" {
		return nil
	}
	major, err := config.Major(v)
	if err != nil {
		return usageError("config %s: %v", key, err)
	}
	l.version = major
	return nil
}
