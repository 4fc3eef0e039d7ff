package devdb

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/schemaguard/schemaguard/internal/dburl"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/observed"
	"github.com/schemaguard/schemaguard/schema"
)

// Options tunes Open.
type Options struct {
	// Logf receives what the session did on the server that the user may
	// want to know (a stale scratch database dropped, or left because it
	// belongs to another user); nil discards it. Texts hold no password.
	Logf func(format string, args ...any)
}

// closeTimeout bounds Close: the scratch database is dropped even when the
// caller's context is already cancelled (SIGINT), but never hangs the exit.
const closeTimeout = 30 * time.Second

// Session is a private scratch database on a dev server, with the one
// connection that replays migrations into it. A Session is not safe for
// concurrent use.
type Session struct {
	serverInfo
	dialect string
	name    string
	eng     engine

	closeOnce sync.Once
	closeErr  error
}

// serverInfo is what the server says about itself.
type serverInfo struct {
	mariadb       bool
	version       int
	serverVersion string
}

// engine is what a dialect provides behind a Session.
type engine interface {
	replay(ctx context.Context, f *migrate.File) error
	run(ctx context.Context, f *migrate.File, touched [][]schema.QName) ([]observed.Statement, error)
	enum(ctx context.Context, q schema.QName) (*schema.Enum, error)
	// close drops the scratch database; ctx is Close's own.
	close(ctx context.Context) error
}

// Open connects to the dev server named by rawURL (postgres://,
// postgresql://, mysql://, mariadb://), drops the scratch databases of
// earlier runs older than StaleAfter, creates a new scratch database and
// connects to it. Every error is one the tool cannot work past (exit 2); it
// wraps ErrPrivilege when the user lacks a privilege, and never contains
// the URL's password.
func Open(ctx context.Context, rawURL string, opts Options) (*Session, error) {
	u, err := dburl.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	logf := opts.Logf
	if logf == nil {
		logf = func(string, ...any) {}
	}
	name, err := newScratchName(time.Now())
	if err != nil {
		return nil, fmt.Errorf("scratch database name: %w", err)
	}
	var eng engine
	var info serverInfo
	if u.Dialect == dburl.Postgres {
		eng, info, err = openPostgres(ctx, u, name, logf)
	} else {
		eng, info, err = openMySQL(ctx, u, name, logf)
	}
	if err != nil {
		return nil, err
	}
	return &Session{dialect: u.Dialect, name: name, eng: eng, serverInfo: info}, nil
}

// Close drops the scratch database and closes the connections. It uses its
// own bounded context, so it works after the caller's context was
// cancelled; it is idempotent and safe after any error.
func (s *Session) Close() error {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
		defer cancel()
		s.closeErr = s.eng.close(ctx)
	})
	return s.closeErr
}

// Dialect is dburl.Postgres or dburl.MySQL (MySQL and MariaDB).
func (s *Session) Dialect() string { return s.dialect }

// MariaDB reports whether the server is MariaDB, as the server itself says
// (the URL scheme does not decide).
func (s *Session) MariaDB() bool { return s.mariadb }

// Version is the server's major version: 15 for PostgreSQL 15.4, 8 for
// MySQL 8.0.36, 10 for MariaDB 10.11.
func (s *Session) Version() int { return s.version }

// ServerVersion names the server: "PostgreSQL 15.19", "MariaDB 10.11.19",
// "MySQL 8.0.36".
func (s *Session) ServerVersion() string { return s.serverVersion }

// Database is the name of the scratch database.
func (s *Session) Database() string { return s.name }

// Replay runs a history file as its tool would, unit by unit in each
// unit's transaction mode, without inspecting anything. A statement the
// server refuses gives a *ReplayError; a goose Go migration gives an error
// wrapping ErrNotReplayable; any other error means the tool cannot go on.
func (s *Session) Replay(ctx context.Context, f *migrate.File) error {
	if f.NotReplayable != "" {
		return fmt.Errorf("%s: %s: %w", f.Name, f.NotReplayable, ErrNotReplayable)
	}
	return s.eng.replay(ctx, f)
}

// Run runs a new file statement by statement, mirroring its tool's
// transaction mode, and returns one observation per statement in order.
// touched[i] are the tables statement i names (schema "" is the default
// schema); their definitions before and after the statement are read from
// the server into Before and After, entry for entry (read-only: a
// statement's Before may share its tables with the previous statement's
// After when nothing ran in between). A statement the server refuses gets
// Err and no After, the rest of the file is not run (Ran false) and the
// database is left as production would be: the failed transaction rolled
// back. The error is non-nil only when the tool cannot go on (connection
// lost, context cancelled) or, wrapping ErrNotReplayable, for a goose Go
// migration.
func (s *Session) Run(ctx context.Context, f *migrate.File, touched [][]schema.QName) ([]observed.Statement, error) {
	if f.NotReplayable != "" {
		return nil, fmt.Errorf("%s: %s: %w", f.Name, f.NotReplayable, ErrNotReplayable)
	}
	return s.eng.run(ctx, f, touched)
}

// Enum reads a PostgreSQL enum type as it is now, nil when there is none
// (and always on MySQL, whose enums are column types). Existing says
// whether the type was there when the latest Run started.
func (s *Session) Enum(ctx context.Context, q schema.QName) (*schema.Enum, error) {
	return s.eng.enum(ctx, q)
}

// touchedAt returns the tables statement i names; the caller may pass
// fewer lists than statements.
func touchedAt(touched [][]schema.QName, i int) []schema.QName {
	if i < len(touched) {
		return touched[i]
	}
	return nil
}

// unit is a run of consecutive statements of one transaction unit.
type unit struct {
	mode migrate.TxMode
	// first indexes File.Statements; stmts are the unit's statements.
	first int
	stmts []migrate.Statement
}

// units cuts a file's statements into its transaction units, in order.
func units(f *migrate.File) []unit {
	var out []unit
	for i, st := range f.Statements {
		if len(out) == 0 || f.Statements[i-1].Unit != st.Unit {
			mode := f.TxMode
			if st.Unit >= 0 && st.Unit < len(f.Units) {
				mode = f.Units[st.Unit].TxMode
			}
			out = append(out, unit{mode: mode, first: i})
		}
		u := &out[len(out)-1]
		u.stmts = append(u.stmts, st)
	}
	return out
}
