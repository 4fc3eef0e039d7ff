package devdb

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/schemaguard/schemaguard/internal/dburl"
	"github.com/schemaguard/schemaguard/schema"
)

// pgEngine is a scratch database on a PostgreSQL server.
type pgEngine struct {
	m    masker
	logf func(string, ...any)
	name string
	// admin is connected to the URL's own database, from which the scratch
	// database is created and dropped; conn to the scratch database.
	adminCfg    *pgx.ConnConfig
	admin, conn *pgx.Conn
	// dbOID is the scratch database's OID, which pg_locks rows carry.
	dbOID uint32
	cat   *pgCatalog
	// existing is what was there when the latest Run started.
	existing *pgExisting
	// last is the read after the latest statement of a Run, of lastNames,
	// while nothing else has run since (see exec).
	last      *pgState
	lastNames []schema.QName
}

// minPostgres is the oldest major version supported: DROP DATABASE ...
// WITH (FORCE) appeared in 13, and older releases are out of support.
const minPostgres = 13

func openPostgres(ctx context.Context, u *dburl.URL, name string, logf func(string, ...any)) (engine, serverInfo, error) {
	var info serverInfo
	cfg, err := u.PgxConfig()
	if err != nil {
		return nil, info, err
	}
	e := &pgEngine{m: masker{u.Password()}, logf: logf, name: name, adminCfg: cfg}
	e.admin, err = pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, info, e.m.wrap(ctx, "connect to dev database "+u.Redacted(), err)
	}
	info, err = pgServerInfo(e.admin.PgConn().ParameterStatus("server_version"))
	if err != nil {
		e.admin.Close(ctx)
		return nil, info, fmt.Errorf("dev database %s: %w", u.Redacted(), err)
	}
	e.dropStale(ctx)
	if _, err := e.admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		e.admin.Close(ctx)
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "42501" {
			return nil, info, fmt.Errorf("%w: role %q may not create databases; the scratch database needs the CREATEDB privilege (ALTER ROLE %s CREATEDB)",
				ErrPrivilege, cfg.User, pgx.Identifier{cfg.User}.Sanitize())
		}
		return nil, info, e.m.wrap(ctx, "create scratch database "+name, err)
	}
	if err := e.connectScratch(ctx); err != nil {
		dropCtx, cancel := context.WithTimeout(context.Background(), closeTimeout)
		defer cancel()
		if cerr := e.close(dropCtx); cerr != nil {
			err = fmt.Errorf("%w (and: %w)", err, cerr)
		}
		return nil, info, err
	}
	return e, info, nil
}

// pgServerInfo reads the server_version parameter ("15.19 (Debian ...)").
func pgServerInfo(v string) (serverInfo, error) {
	num, _, _ := strings.Cut(v, " ")
	major, err := strconv.Atoi(strings.SplitN(num, ".", 2)[0])
	if err != nil {
		return serverInfo{}, fmt.Errorf("cannot read the server version %q", v)
	}
	info := serverInfo{version: major, serverVersion: "PostgreSQL " + num}
	if major < minPostgres {
		return info, fmt.Errorf("%w: %s is older than PostgreSQL %d", ErrUnsupported, info.serverVersion, minPostgres)
	}
	return info, nil
}

func (e *pgEngine) connectScratch(ctx context.Context) error {
	cfg := e.adminCfg.Copy()
	cfg.Database = e.name
	var err error
	if e.conn, err = pgx.ConnectConfig(ctx, cfg); err != nil {
		return e.m.wrap(ctx, "connect to scratch database "+e.name, err)
	}
	if err := e.conn.QueryRow(ctx, "SELECT oid FROM pg_database WHERE datname = current_database()").Scan(&e.dbOID); err != nil {
		return e.m.wrap(ctx, "read scratch database "+e.name, err)
	}
	e.cat = newPgCatalog()
	// Nothing of a scratch database needs to survive a crash: commits need
	// not wait for the disk. Results are the same.
	if _, err := e.conn.Exec(ctx, "SET synchronous_commit = off"); err != nil {
		return e.m.wrap(ctx, "set up scratch database "+e.name, err)
	}
	return nil
}

// dropStale drops the scratch databases of runs that ended without
// cleaning up (killed) more than StaleAfter ago. A database it may not
// drop (another user's) is left and logged: it does not stop this run.
func (e *pgEngine) dropStale(ctx context.Context) {
	rows, err := e.admin.Query(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'schemaguard\_dev\_%'`)
	if err != nil {
		e.logf("could not list stale scratch databases: %s", e.m.text(err.Error()))
		return
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		e.logf("could not list stale scratch databases: %s", e.m.text(err.Error()))
		return
	}
	now := time.Now()
	for _, n := range names {
		if !isStale(n, now) {
			continue
		}
		if _, err := e.admin.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{n}.Sanitize()+" WITH (FORCE)"); err != nil {
			e.logf("left stale scratch database %s: %s", n, e.m.text(err.Error()))
			continue
		}
		e.logf("dropped stale scratch database %s", n)
	}
}

// close drops the scratch database, forcing off its connection even when a
// statement is still running in it (a cancelled run).
func (e *pgEngine) close(ctx context.Context) error {
	if e.conn != nil {
		e.conn.Close(ctx)
	}
	if e.admin == nil || e.admin.IsClosed() {
		admin, err := pgx.ConnectConfig(ctx, e.adminCfg)
		if err != nil {
			return e.m.wrap(ctx, "connect to drop scratch database "+e.name, err)
		}
		e.admin = admin
	}
	defer e.admin.Close(ctx)
	if _, err := e.admin.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{e.name}.Sanitize()+" WITH (FORCE)"); err != nil {
		return e.m.wrap(ctx, "drop scratch database "+e.name, err)
	}
	return nil
}
