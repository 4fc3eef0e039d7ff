package pipeline

import (
	"fmt"
	"strings"

	"github.com/schemaguard/schemaguard/config"
	"github.com/schemaguard/schemaguard/dialect"
	"github.com/schemaguard/schemaguard/dialect/mysql"
	"github.com/schemaguard/schemaguard/dialect/postgres"
	"github.com/schemaguard/schemaguard/lint"
)

// Language is a resolved dialect: the lint dialect, its parser and the
// target server version.
type Language struct {
	Name    string // lint.Postgres or lint.MySQL
	MariaDB bool
	Version int
	Parser  dialect.Parser
}

// DialectFor resolves a directory's dialect and target version.
func DialectFor(t config.Settings) (Language, error) {
	switch strings.ToLower(t.Dialect) {
	case "", "postgres", "postgresql", "pg":
		l := Language{Name: lint.Postgres, Parser: postgres.New(), Version: lint.DefaultVersion(lint.Postgres)}
		return l, setVersion(&l, "postgres-version", t.PostgresVersion)
	case "mysql", "mariadb":
		mariadb := strings.EqualFold(t.Dialect, "mariadb")
		l := Language{Name: lint.MySQL, MariaDB: mariadb, Parser: mysql.New(mariadb), Version: lint.DefaultVersion(lint.MySQL)}
		if mariadb {
			l.Version = 10
		}
		return l, setVersion(&l, "mysql-version", t.MySQLVersion)
	}
	return Language{}, fmt.Errorf("--dialect: unknown dialect %q (want postgres, mysql or mariadb)", t.Dialect)
}

func setVersion(l *Language, key, v string) error {
	if v == "" {
		return nil
	}
	major, err := config.Major(v)
	if err != nil {
		return fmt.Errorf("config %s: %w", key, err)
	}
	l.Version = major
	return nil
}
