// Package dburl reads database URLs (postgres://, postgresql://, mysql://,
// mariadb://) into driver configurations, and keeps their passwords out of
// everything printed: Redacted for display, Mask for error texts.
package dburl

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
)

// Dialects a URL can name.
const (
	Postgres = "postgres"
	MySQL    = "mysql"
)

// URL is a parsed database URL.
type URL struct {
	Dialect string // Postgres or MySQL
	// MariaDB: the scheme was mariadb:// (the server itself tells for sure
	// once connected).
	MariaDB bool
	u       *url.URL
}

// Parse reads a database URL. Its errors never contain the password.
func Parse(raw string) (*URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// url.Error quotes the whole input, password included.
		return nil, fmt.Errorf("not a database URL (want postgres://user:password@host:port/db or mysql://…): %s", Mask(errors.Unwrap(err).Error(), passwordOf(raw)))
	}
	out := &URL{u: u}
	switch strings.ToLower(u.Scheme) {
	case "postgres", "postgresql":
		out.Dialect = Postgres
	case "mysql":
		out.Dialect = MySQL
	case "mariadb":
		out.Dialect, out.MariaDB = MySQL, true
	case "":
		// Not echoed: a key=value connection string carries its password
		// where no URL parser looks for it.
		return nil, errors.New("the database URL has no scheme (want postgres://user:password@host:port/db, postgresql://, mysql:// or mariadb://; a key=value connection string is not accepted)")
	default:
		return nil, fmt.Errorf("database URL scheme %q is not supported (want postgres://, postgresql://, mysql:// or mariadb://)", u.Scheme)
	}
	if u.Host == "" && out.Dialect == MySQL && u.Query().Get("socket") == "" {
		return nil, fmt.Errorf("database URL %s names no host", out.Redacted())
	}
	return out, nil
}

// passwordOf digs the password out of a URL that url.Parse refused, so the
// error about it can still be masked.
func passwordOf(raw string) string {
	_, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return ""
	}
	if _, query, ok := strings.Cut(rest, "?"); ok {
		for _, kv := range strings.Split(query, "&") {
			if k, v, _ := strings.Cut(kv, "="); k == passwordParam && v != "" {
				return v
			}
		}
	}
	userinfo, _, ok := strings.Cut(rest, "@")
	if !ok {
		return ""
	}
	_, pw, _ := strings.Cut(userinfo, ":")
	return pw
}

// passwordParam is the query parameter libpq (and so pgx) reads a password
// from; a MySQL URL may carry one the same way.
const passwordParam = "password"

// Password is the URL's password ("" when none): the one of the user part,
// else the password query parameter. For the drivers, and for masking.
func (u *URL) Password() string {
	if pw, ok := u.u.User.Password(); ok {
		return pw
	}
	return u.u.Query().Get(passwordParam)
}

// Redacted is the URL with its password replaced, in the user part and in
// the query, for display.
func (u *URL) Redacted() string {
	c := *u.u
	if q := c.Query(); q.Has(passwordParam) {
		q.Set(passwordParam, "xxxxx")
		c.RawQuery = q.Encode()
	}
	return c.Redacted()
}

// String is Redacted: a URL printed by accident never shows the password.
func (u *URL) String() string { return u.Redacted() }

// Database is the database named in the path, "" when none.
func (u *URL) Database() string { return strings.TrimPrefix(u.u.Path, "/") }

// WithDatabase returns a copy of the URL naming another database.
func (u *URL) WithDatabase(name string) *URL {
	c := *u.u
	c.Path = "/" + name
	c.RawPath = ""
	return &URL{Dialect: u.Dialect, MariaDB: u.MariaDB, u: &c}
}

// PgxConfig is the pgx configuration of a PostgreSQL URL.
func (u *URL) PgxConfig() (*pgx.ConnConfig, error) {
	if u.Dialect != Postgres {
		return nil, fmt.Errorf("%s is not a PostgreSQL URL", u.Redacted())
	}
	c := *u.u
	c.Scheme = "postgres"
	cfg, err := pgx.ParseConfig(c.String())
	if err != nil {
		return nil, fmt.Errorf("database URL %s: %s", u.Redacted(), Mask(err.Error(), u.Password()))
	}
	return cfg, nil
}

// MySQLConfig is the go-sql-driver/mysql configuration of a MySQL or
// MariaDB URL. Query parameters are the driver's DSN parameters; "socket"
// names a Unix socket instead of host:port.
func (u *URL) MySQLConfig() (*mysql.Config, error) {
	if u.Dialect != MySQL {
		return nil, fmt.Errorf("%s is not a MySQL/MariaDB URL", u.Redacted())
	}
	q := u.u.Query()
	socket := q.Get("socket")
	q.Del("socket")
	q.Del(passwordParam) // the driver would send it to the server as a session variable
	addr := "tcp(" + hostPort(u.u, "3306") + ")"
	if socket != "" {
		addr = "unix(" + socket + ")"
	}
	// The password is set on the parsed config, never written into a DSN,
	// so no character of it can be misread as DSN syntax.
	cfg, err := mysql.ParseDSN(addr + "/" + u.Database() + "?" + q.Encode())
	if err != nil {
		return nil, fmt.Errorf("database URL %s: %w", u.Redacted(), err)
	}
	cfg.User = u.u.User.Username()
	cfg.Passwd = u.Password()
	return cfg, nil
}

func hostPort(u *url.URL, defaultPort string) string {
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = defaultPort
	}
	return net.JoinHostPort(host, port)
}

// Mask replaces every occurrence of each non-empty secret in s, and of its
// URL-escaped form, with "xxxxx".
func Mask(s string, secrets ...string) string {
	for _, sec := range secrets {
		if sec == "" {
			continue
		}
		s = strings.ReplaceAll(s, sec, "xxxxx")
		if esc := url.QueryEscape(sec); esc != sec {
			s = strings.ReplaceAll(s, esc, "xxxxx")
		}
		if esc := url.PathEscape(sec); esc != sec {
			s = strings.ReplaceAll(s, esc, "xxxxx")
		}
	}
	return s
}
