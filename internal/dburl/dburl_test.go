package dburl

import (
	"strings"
	"testing"
)

func TestParseDialects(t *testing.T) {
	for raw, want := range map[string]struct {
		dialect string
		mariadb bool
	}{
		"postgres://u:p@localhost:5432/db":   {Postgres, false},
		"postgresql://u@localhost/db":        {Postgres, false},
		"mysql://root:pw@127.0.0.1:3306/app": {MySQL, false},
		"mariadb://root@127.0.0.1/app":       {MySQL, true},
		"MySQL://root@127.0.0.1/app":         {MySQL, false},
	} {
		u, err := Parse(raw)
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if u.Dialect != want.dialect || u.MariaDB != want.mariadb {
			t.Errorf("%s: dialect %s mariadb %v, want %s %v", raw, u.Dialect, u.MariaDB, want.dialect, want.mariadb)
		}
	}
}

func TestParseErrorsNeverShowThePassword(t *testing.T) {
	for _, raw := range []string{
		"sqlite://u:s3cr3t@host/db",
		"postgres://u:s3cr3t@host:notaport/db",
		"u:s3cr3t@host/db",
		"mysql://u:s3cr3t@/db",
		"host=db user=app password=s3cr3t dbname=shop",
		"postgres://u@host:notaport/db?password=s3cr3t",
		"mysql://u@/db?password=s3cr3t",
	} {
		_, err := Parse(raw)
		if err == nil {
			t.Errorf("%s: no error", raw)
			continue
		}
		if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: error shows the password: %v", raw, err)
		}
	}
}

func TestRedactedAndDatabase(t *testing.T) {
	u, err := Parse("postgres://app:s3cr3t@db.example.com:5432/shop?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	if got := u.Redacted(); strings.Contains(got, "s3cr3t") || !strings.Contains(got, "app:xxxxx@db.example.com") {
		t.Errorf("Redacted = %s", got)
	}
	if u.Database() != "shop" || u.Password() != "s3cr3t" {
		t.Errorf("Database %q Password %q", u.Database(), u.Password())
	}
	o := u.WithDatabase("scratch_1")
	if o.Database() != "scratch_1" || u.Database() != "shop" {
		t.Errorf("WithDatabase: %q, original %q", o.Database(), u.Database())
	}
	cfg, err := o.PgxConfig()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Database != "scratch_1" || cfg.Password != "s3cr3t" || cfg.User != "app" || cfg.Port != 5432 {
		t.Errorf("pgx config: %+v", cfg)
	}
}

// libpq's password query parameter is a password like the user part's:
// used by the drivers, never shown.
func TestPasswordInTheQuery(t *testing.T) {
	for _, raw := range []string{
		"postgres://app@127.0.0.1:5432/shop?sslmode=disable&password=s3cr3t",
		"mysql://app@127.0.0.1:3306/shop?password=s3cr3t&parseTime=true",
	} {
		u, err := Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if u.Password() != "s3cr3t" {
			t.Errorf("%s: Password %q", raw, u.Password())
		}
		for _, shown := range []string{u.Redacted(), u.String(), u.WithDatabase("x").Redacted()} {
			if strings.Contains(shown, "s3cr3t") || !strings.Contains(shown, "password=xxxxx") {
				t.Errorf("%s shown as %s", raw, shown)
			}
		}
		if u.Dialect == Postgres {
			if cfg, err := u.PgxConfig(); err != nil || cfg.Password != "s3cr3t" {
				t.Errorf("pgx config: %v %v", cfg, err)
			}
			continue
		}
		cfg, err := u.MySQLConfig()
		if err != nil || cfg.Passwd != "s3cr3t" || cfg.Params["password"] != "" || !cfg.ParseTime {
			t.Errorf("mysql config: %+v %v", cfg, err)
		}
	}
}

func TestMySQLConfigKeepsOddPasswords(t *testing.T) {
	u, err := Parse("mysql://root:p%40ss%2Fw:rd@127.0.0.1:3307/app?parseTime=true")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := u.MySQLConfig()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Passwd != "p@ss/w:rd" || cfg.User != "root" || cfg.Addr != "127.0.0.1:3307" || cfg.DBName != "app" || !cfg.ParseTime {
		t.Errorf("mysql config: user %q pass %q addr %q db %q parseTime %v", cfg.User, cfg.Passwd, cfg.Addr, cfg.DBName, cfg.ParseTime)
	}
	if _, err := u.PgxConfig(); err == nil {
		t.Error("a MySQL URL gave a pgx config")
	}
	s, err := Parse("mysql://root@localhost/app?socket=/run/mysqld/mysqld.sock")
	if err != nil {
		t.Fatal(err)
	}
	if cfg, _ := s.MySQLConfig(); cfg.Net != "unix" || cfg.Addr != "/run/mysqld/mysqld.sock" {
		t.Errorf("socket: net %q addr %q", cfg.Net, cfg.Addr)
	}
}

func TestMask(t *testing.T) {
	got := Mask("auth failed for p@ss and p%40ss", "p@ss", "")
	if got != "auth failed for xxxxx and xxxxx" {
		t.Errorf("Mask = %q", got)
	}
}
