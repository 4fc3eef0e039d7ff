package devdb

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
)

func TestScratchNames(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	a, err := newScratchName(now)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := newScratchName(now)
	if a == b || !strings.HasPrefix(a, "schemaguard_dev_1700000000_") || !scratchName.MatchString(a) {
		t.Errorf("names %q, %q", a, b)
	}
	for name, stale := range map[string]bool{
		a: false, // just made
		"schemaguard_dev_1699990000_0123456789abcdef": true,  // 2.8 hours before
		"schemaguard_dev_1699997000_0123456789abcdef": false, // 50 minutes before
		"schemaguard_dev_1800000000_0123456789abcdef": false, // the future
		"schemaguard_dev_1699990000":                  false, // not our shape
		"schemaguard_dev_mine":                        false,
		"schemaguard_dev_1699990000_XYZ":              false,
		"other_1699990000_0123456789abcdef":           false,
	} {
		if got := isStale(name, now); got != stale {
			t.Errorf("isStale(%q) = %v, want %v", name, got, stale)
		}
	}
}

// Every text that leaves the package through the masker loses the
// password, whatever the driver put in it.
func TestMaskerHidesThePassword(t *testing.T) {
	m := masker{"p@ss:word"}
	ctx := context.Background()
	for _, err := range []error{
		m.wrap(ctx, "connect", errors.New("bad login p@ss:word\n\tand p%40ss%3Aword")),
	} {
		if strings.Contains(err.Error(), "p@ss") || strings.Contains(err.Error(), "p%40ss") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q", err)
		}
	}
	pe, ok := m.serverError(ctx, &pgconn.PgError{Code: "42000", Message: "x p@ss:word", Detail: "p@ss:word", Hint: "p@ss:word"})
	if !ok || strings.Contains(pe.Message+pe.Detail+pe.Hint, "p@ss") || pe.Code != "42000" {
		t.Errorf("%+v", pe)
	}
	me, ok := m.serverError(ctx, &mysql.MySQLError{Number: 1064, Message: "near 'p@ss:word'"})
	if !ok || strings.Contains(me.Message, "p@ss") || me.Code != "1064" {
		t.Errorf("%+v", me)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, ok := m.serverError(cancelled, &pgconn.PgError{Code: "57014"}); ok {
		t.Errorf("the server's answer to our own cancel request counted as the statement's failure")
	}
}

func TestServerInfo(t *testing.T) {
	for _, c := range []struct {
		pg, my      string
		name        string
		major       int
		mariadb     bool
		unsupported bool
	}{
		{pg: "15.19 (Debian 15.19-0+deb12u1)", name: "PostgreSQL 15.19", major: 15},
		{pg: "17.2", name: "PostgreSQL 17.2", major: 17},
		{pg: "12.22", name: "PostgreSQL 12.22", major: 12, unsupported: true},
		{my: "8.0.36", name: "MySQL 8.0.36", major: 8},
		{my: "5.7.44-log", name: "MySQL 5.7.44", major: 5, unsupported: true},
		{my: "10.11.19-MariaDB-0+deb12u1", name: "MariaDB 10.11.19", major: 10, mariadb: true},
		{my: "11.4.2-MariaDB", name: "MariaDB 11.4.2", major: 11, mariadb: true},
		{my: "10.5.27-MariaDB", name: "MariaDB 10.5.27", major: 10, mariadb: true, unsupported: true},
	} {
		var info serverInfo
		var err error
		if c.pg != "" {
			info, err = pgServerInfo(c.pg)
		} else {
			info, err = myServerInfo(c.my)
		}
		if info.serverVersion != c.name || info.version != c.major || info.mariadb != c.mariadb || errors.Is(err, ErrUnsupported) != c.unsupported {
			t.Errorf("%s%s: %+v, %v", c.pg, c.my, info, err)
		}
	}
	if _, err := pgServerInfo("devel"); err == nil {
		t.Errorf("an unreadable version passed")
	}
}
