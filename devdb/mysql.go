package devdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/schemaguard/schemaguard/internal/dburl"
	"github.com/schemaguard/schemaguard/schema"
)

// myEngine is a scratch database on a MySQL or MariaDB server. One pinned
// connection runs everything, so session state (the current database, SET
// statements of the migrations) carries from statement to statement as it
// does under a migration tool.
type myEngine struct {
	m       masker
	logf    func(string, ...any)
	name    string
	mariadb bool
	db      *sql.DB
	conn    *sql.Conn
	// connID is the pinned connection's thread id, killed at close should a
	// cancelled statement still run on the server.
	connID   int64
	cat      *myCatalog
	existing *myExisting
}

// Oldest supported servers: MySQL 8.0 and MariaDB 10.6 (the oldest
// release still maintained), whose ALTER algorithms and SHOW CREATE TABLE
// output the tool knows.
const minMySQL = 8

func openMySQL(ctx context.Context, u *dburl.URL, name string, logf func(string, ...any)) (engine, serverInfo, error) {
	var info serverInfo
	cfg, err := u.MySQLConfig()
	if err != nil {
		return nil, info, err
	}
	user := cfg.User
	cfg.DBName = "" // the scratch database is all the session uses
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, info, fmt.Errorf("database URL %s: %s", u.Redacted(), dburl.Mask(err.Error(), u.Password()))
	}
	e := &myEngine{m: masker{u.Password()}, logf: logf, name: name, db: sql.OpenDB(connector)}
	fail := func(err error) (engine, serverInfo, error) {
		e.db.Close()
		return nil, info, err
	}
	if e.conn, err = e.db.Conn(ctx); err != nil {
		return fail(e.m.wrap(ctx, "connect to dev database "+u.Redacted(), err))
	}
	var version string
	if err := e.conn.QueryRowContext(ctx, "SELECT VERSION(), CONNECTION_ID()").Scan(&version, &e.connID); err != nil {
		return fail(e.m.wrap(ctx, "connect to dev database "+u.Redacted(), err))
	}
	if info, err = myServerInfo(version); err != nil {
		return fail(fmt.Errorf("dev database %s: %w", u.Redacted(), err))
	}
	e.mariadb = info.mariadb
	e.cat = newMyCatalog(e.mariadb)
	e.dropStale(ctx)
	if _, err := e.conn.ExecContext(ctx, "CREATE DATABASE "+myIdent(name)); err != nil {
		var me *mysql.MySQLError
		if errors.As(err, &me) && (me.Number == 1044 || me.Number == 1227) {
			return fail(fmt.Errorf("%w: user %q may not create database %s; the scratch databases need all privileges on `schemaguard\\_dev\\_%%` (GRANT ALL ON `schemaguard\\_dev\\_%%`.* TO '%s'@'%%')",
				ErrPrivilege, user, name, user))
		}
		return fail(e.m.wrap(ctx, "create scratch database "+name, err))
	}
	if _, err := e.conn.ExecContext(ctx, "USE "+myIdent(name)); err != nil {
		err = e.m.wrap(ctx, "use scratch database "+name, err)
		dropCtx, cancel := context.WithTimeout(context.Background(), closeTimeout)
		defer cancel()
		if cerr := e.close(dropCtx); cerr != nil {
			err = fmt.Errorf("%w (and: %w)", err, cerr)
		}
		return nil, info, err
	}
	return e, info, nil
}

// myServerInfo reads VERSION(): "8.0.36", "10.11.19-MariaDB-0+deb12u1".
func myServerInfo(v string) (serverInfo, error) {
	num, _, _ := strings.Cut(v, "-")
	parts := strings.SplitN(num, ".", 3)
	major, err := strconv.Atoi(parts[0])
	if err != nil {
		return serverInfo{}, fmt.Errorf("cannot read the server version %q", v)
	}
	minor := 0
	if len(parts) > 1 {
		minor, _ = strconv.Atoi(parts[1])
	}
	info := serverInfo{version: major, mariadb: strings.Contains(v, "MariaDB")}
	if info.mariadb {
		info.serverVersion = "MariaDB " + num
		if major < 10 || major == 10 && minor < 6 {
			return info, fmt.Errorf("%w: %s is older than MariaDB 10.6", ErrUnsupported, info.serverVersion)
		}
		return info, nil
	}
	info.serverVersion = "MySQL " + num
	if major < minMySQL {
		return info, fmt.Errorf("%w: %s is older than MySQL %d.0", ErrUnsupported, info.serverVersion, minMySQL)
	}
	return info, nil
}

// dropStale drops the scratch databases older than StaleAfter; one it may
// not drop is left and logged.
func (e *myEngine) dropStale(ctx context.Context) {
	rows, err := e.conn.QueryContext(ctx, `SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'schemaguard!_dev!_%' ESCAPE '!'`)
	if err != nil {
		e.logf("could not list stale scratch databases: %s", e.m.text(err.Error()))
		return
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err == nil {
			names = append(names, n)
		}
	}
	rows.Close()
	now := time.Now()
	for _, n := range names {
		if !isStale(n, now) {
			continue
		}
		if _, err := e.conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+myIdent(n)); err != nil {
			e.logf("left stale scratch database %s: %s", n, e.m.text(err.Error()))
			continue
		}
		e.logf("dropped stale scratch database %s", n)
	}
}

// close stops whatever the session's connection may still be running (a
// cancelled ALTER goes on in the server after the client hung up), then
// drops the scratch database from a fresh connection.
func (e *myEngine) close(ctx context.Context) error {
	defer e.db.Close()
	if e.conn != nil {
		e.conn.Close()
	}
	if e.connID != 0 {
		// KILL QUERY leaves the connection usable when nothing runs.
		_, _ = e.db.ExecContext(ctx, "KILL QUERY "+strconv.FormatInt(e.connID, 10))
	}
	if _, err := e.db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+myIdent(e.name)); err != nil {
		return e.m.wrap(ctx, "drop scratch database "+e.name, err)
	}
	return nil
}

// myIdent quotes a MySQL identifier.
func myIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

// enum: MySQL enums are column types, read with their tables.
func (e *myEngine) enum(context.Context, schema.QName) (*schema.Enum, error) { return nil, nil }
