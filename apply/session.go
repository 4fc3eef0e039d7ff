package apply

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/schemaguard/schemaguard/internal/dburl"
)

// session is the one connection a run uses for everything: the advisory lock
// is a property of the connection, so the lock, the revision table and the
// migrations must never be spread over a pool.
type session interface {
	dialect() string
	// run sends a migration statement as text, exactly as written (no
	// parameters: PostgreSQL's simple protocol, MySQL's text protocol).
	run(ctx context.Context, sql string) error
	// exec runs one of schemaguard's own statements; "?" marks parameters.
	exec(ctx context.Context, sql string, args ...any) error
	// query runs one of schemaguard's own queries and calls each per row.
	query(ctx context.Context, sql string, args []any, each func(scan func(...any) error) error) error
	// inTransaction reports whether a transaction is open on the connection.
	inTransaction(ctx context.Context) (bool, error)
	// quote quotes an identifier.
	quote(name string) string
	close()
}

// defaultConnectTimeout bounds the connection attempt when the URL sets none,
// so an unreachable server fails a deploy instead of hanging it.
const defaultConnectTimeout = 30 * time.Second

// connect opens the run's connection. Its errors never contain the password.
func connect(ctx context.Context, u *dburl.URL, appName string, notice func(string)) (session, error) {
	fail := func(err error) error {
		return fmt.Errorf("connect to %s: %s", u.Redacted(), dburl.Mask(err.Error(), u.Password()))
	}
	if u.Dialect == dburl.Postgres {
		cfg, err := u.PgxConfig()
		if err != nil {
			return nil, err
		}
		if cfg.ConnectTimeout == 0 {
			cfg.ConnectTimeout = defaultConnectTimeout
		}
		if _, set := cfg.RuntimeParams["application_name"]; !set {
			// Shown in pg_stat_activity, so a waiting replica can say who holds the lock.
			cfg.RuntimeParams["application_name"] = appName
		}
		cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) { notice(n.Severity + ": " + n.Message) }
		// No named prepared statements: a migration that runs DISCARD ALL
		// or DEALLOCATE ALL cannot pull them from under the run.
		cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			return nil, fail(err)
		}
		return &pgSession{conn: conn}, nil
	}
	cfg, err := u.MySQLConfig()
	if err != nil {
		return nil, err
	}
	if cfg.DBName == "" {
		return nil, fmt.Errorf("database URL %s names no database (want mysql://user:password@host:3306/database)", u.Redacted())
	}
	cfg.ParseTime, cfg.Loc = true, time.UTC
	if cfg.Timeout == 0 {
		cfg.Timeout = defaultConnectTimeout
	}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fail(err)
	}
	db := sql.OpenDB(connector)
	conn, err := db.Conn(ctx)
	if err == nil {
		err = conn.PingContext(ctx)
	}
	if err != nil {
		db.Close()
		return nil, fail(err)
	}
	return &mysqlSession{db: db, conn: conn}, nil
}

type pgSession struct{ conn *pgx.Conn }

func (s *pgSession) dialect() string { return dburl.Postgres }

func (s *pgSession) run(ctx context.Context, sql string) error {
	_, err := s.conn.Exec(ctx, sql) // no arguments: pgx uses the simple protocol
	return err
}

func (s *pgSession) exec(ctx context.Context, sql string, args ...any) error {
	_, err := s.conn.Exec(ctx, pgPlaceholders(sql), args...)
	return err
}

func (s *pgSession) query(ctx context.Context, sql string, args []any, each func(func(...any) error) error) error {
	rows, err := s.conn.Query(ctx, pgPlaceholders(sql), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (s *pgSession) inTransaction(context.Context) (bool, error) {
	return s.conn.PgConn().TxStatus() != 'I', nil
}

func (s *pgSession) quote(name string) string { return pgx.Identifier{name}.Sanitize() }

func (s *pgSession) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s.conn.Close(ctx)
}

// pgPlaceholders turns the "?" parameters of schemaguard's own statements
// into PostgreSQL's $1, $2…; those statements hold no "?" anywhere else.
func pgPlaceholders(sql string) string {
	var b strings.Builder
	n := 0
	for _, r := range sql {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

type mysqlSession struct {
	db   *sql.DB
	conn *sql.Conn
}

func (s *mysqlSession) dialect() string { return dburl.MySQL }

func (s *mysqlSession) run(ctx context.Context, sql string) error {
	_, err := s.conn.ExecContext(ctx, sql) // no arguments: sent as text, never prepared
	return err
}

func (s *mysqlSession) exec(ctx context.Context, sql string, args ...any) error {
	_, err := s.conn.ExecContext(ctx, sql, args...)
	return err
}

func (s *mysqlSession) query(ctx context.Context, sql string, args []any, each func(func(...any) error) error) error {
	rows, err := s.conn.QueryContext(ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (s *mysqlSession) inTransaction(ctx context.Context) (bool, error) {
	var in int
	err := queryOne(ctx, s, "SELECT @@in_transaction", nil, &in)
	return in != 0, err
}

func (s *mysqlSession) quote(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

func (s *mysqlSession) close() {
	s.conn.Close()
	s.db.Close()
}

// queryOne scans the single row of a query into dest.
func queryOne(ctx context.Context, s session, sql string, args []any, dest ...any) error {
	found := false
	err := s.query(ctx, sql, args, func(scan func(...any) error) error {
		found = true
		return scan(dest...)
	})
	if err == nil && !found {
		err = errors.New("query returned no row")
	}
	return err
}
