package apply

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// lock is the database-level advisory lock that makes concurrent runs on one
// database take turns. It belongs to the session: it is released when the
// connection ends, so a killed run never leaves it behind.
type lock struct {
	s  session
	pg int64  // PostgreSQL: pg_advisory_lock's key
	my string // MySQL/MariaDB: GET_LOCK's name
}

// newLock keys the lock by the database and the revision table, so runs that
// keep their history apart (another --revisions-table) do not wait for each
// other. MySQL lock names are server-wide and at most 64 characters.
func newLock(ctx context.Context, s session, t table) (*lock, error) {
	if s.dialect() != "postgres" {
		name := "schemaguard:" + t.String()
		if len(name) > 64 {
			sum := sha256.Sum256([]byte(t.String()))
			name = "schemaguard:" + hex.EncodeToString(sum[:20])
		}
		return &lock{s: s, my: name}, nil
	}
	var db string
	if err := queryOne(ctx, s, "SELECT current_database()", nil, &db); err != nil {
		return nil, fmt.Errorf("find the current database: %w", err)
	}
	sum := sha256.Sum256([]byte("schemaguard\x00" + db + "\x00" + t.String()))
	return &lock{s: s, pg: int64(binary.BigEndian.Uint64(sum[:8]))}, nil
}

// waitSlice is how long one wait lasts before the waiter logs who holds the
// lock and waits again.
const waitSlice = 10 * time.Second

// acquire waits up to timeout for the lock, calling waiting every slice with
// a description of the holder.
func (l *lock) acquire(ctx context.Context, timeout, slice time.Duration, waiting func(holder string, waited time.Duration)) error {
	if slice <= 0 {
		slice = waitSlice
	}
	start := time.Now()
	for {
		left := timeout - time.Since(start)
		wait := min(max(left, 0), slice)
		got, err := l.try(ctx, wait)
		if err != nil {
			return fmt.Errorf("take the migration lock: %w", err)
		}
		if got {
			return nil
		}
		holder, _ := l.holder(ctx)
		if time.Since(start) >= timeout {
			return fmt.Errorf("the migration lock is still held after %s (--lock-timeout) by %s", timeout.Round(time.Second), holder)
		}
		waiting(holder, time.Since(start))
	}
}

// try waits up to wait for the lock.
func (l *lock) try(ctx context.Context, wait time.Duration) (bool, error) {
	if l.my != "" {
		var got *int64
		// GET_LOCK's timeout is in seconds; 0 means "do not wait".
		err := queryOne(ctx, l.s, "SELECT GET_LOCK(?, ?)", []any{l.my, wait.Seconds()}, &got)
		if err != nil {
			return false, err
		}
		if got == nil {
			return false, errors.New("GET_LOCK failed")
		}
		return *got == 1, nil
	}
	if wait <= 0 {
		var got bool
		err := queryOne(ctx, l.s, "SELECT pg_try_advisory_lock(?)", []any{l.pg}, &got)
		return got, err
	}
	// lock_timeout bounds the wait and then the statement fails with 55P03
	// (at least 1 ms: 0 would wait forever); a statement_timeout the URL
	// sets for the migrations must not cut the wait short.
	set := fmt.Sprintf("SET lock_timeout = %d; SET statement_timeout = 0", max(wait.Milliseconds(), 1))
	if err := l.s.run(ctx, set); err != nil {
		return false, err
	}
	err := l.s.exec(ctx, "SELECT pg_advisory_lock(?)", l.pg)
	if rerr := l.s.run(ctx, "RESET lock_timeout; RESET statement_timeout"); err == nil {
		err = rerr
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "55P03" {
		return false, nil
	}
	return err == nil, err
}

// holder describes the session holding the lock, as far as the server
// tells; found is false when no session holds it.
func (l *lock) holder(ctx context.Context) (desc string, found bool) {
	if l.my != "" {
		var id int64
		var user, host, command string
		var secs int64
		err := queryOne(ctx, l.s, `SELECT ID, USER, HOST, COMMAND, TIME FROM information_schema.PROCESSLIST
			WHERE ID = IS_USED_LOCK(?)`, []any{l.my}, &id, &user, &host, &command, &secs)
		if err != nil {
			return "another session", false
		}
		return fmt.Sprintf("connection %d (%s@%s, %s for %ds)", id, user, host, command, secs), true
	}
	var pid int64
	var app, addr, user string
	var age int64
	err := queryOne(ctx, l.s, `SELECT a.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local'),
		coalesce(a.usename::text, ''), extract(epoch FROM now() - a.backend_start)::bigint
		FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
		WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
		AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 1`,
		[]any{int64(uint64(l.pg) >> 32), l.pg & 0xffffffff}, &pid, &app, &addr, &user, &age)
	if err != nil {
		return "another session", false
	}
	return fmt.Sprintf("pid %d (%q, %s@%s, connected %ds ago)", pid, app, user, addr, age), true
}

// held reports whether this session still holds the lock: a migration that
// releases advisory locks (pg_advisory_unlock_all, RELEASE_ALL_LOCKS) must
// stop the run before anything else happens unguarded.
func (l *lock) held(ctx context.Context) (bool, error) {
	var held bool
	var err error
	if l.my != "" {
		var owner *int64
		err = queryOne(ctx, l.s, "SELECT IS_USED_LOCK(?) = CONNECTION_ID()", []any{l.my}, &owner)
		held = owner != nil && *owner == 1
	} else {
		err = queryOne(ctx, l.s, `SELECT count(*) > 0 FROM pg_locks WHERE locktype = 'advisory' AND granted
			AND pid = pg_backend_pid() AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 1`,
			[]any{int64(uint64(l.pg) >> 32), l.pg & 0xffffffff}, &held)
	}
	return held, err
}

// release gives the lock back; closing the connection would too.
func (l *lock) release(ctx context.Context) error {
	if l.my != "" {
		return l.s.exec(ctx, "DO RELEASE_LOCK(?)", l.my)
	}
	return l.s.exec(ctx, "SELECT pg_advisory_unlock(?)", l.pg)
}
