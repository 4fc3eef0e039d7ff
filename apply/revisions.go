package apply

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
)

// DefaultTable is the revision table's name when none is given.
const DefaultTable = "schemaguard_revisions"

// Revision is one row of the revision table.
type Revision struct {
	Migration   string `json:"migration"` // the key: version, "R__description", or file::changeset
	Version     string `json:"version"`
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Checksum    string `json:"checksum"`
	// Applied statements of Total; AppliedChecksum covers those Applied, so
	// a resumed run can tell that they did not change.
	Applied         int        `json:"applied"`
	Total           int        `json:"total"`
	AppliedChecksum string     `json:"applied_checksum"`
	StartedAt       time.Time  `json:"started_at"`
	FinishedAt      *time.Time `json:"finished_at,omitempty"`
	Error           string     `json:"error,omitempty"`
	ErrorLine       int        `json:"error_line,omitempty"`
	ToolVersion     string     `json:"tool_version"`
	AppliedBy       string     `json:"applied_by"`
}

// done reports whether the migration completed (or was baselined).
func (r *Revision) done() bool { return r.FinishedAt != nil }

// table is the revision table, resolved to a schema (PostgreSQL) or database
// (MySQL) once, so a migration that changes search_path or the current
// database cannot move it.
type table struct {
	schema, name string
	quoted       string // qualified and quoted, for SQL
}

func (t table) String() string { return t.schema + "." + t.name }

// resolveTable qualifies the --revisions-table name ("name" or "schema.name").
func resolveTable(ctx context.Context, s session, given string) (table, error) {
	if given == "" {
		given = DefaultTable
	}
	schema, name, qualified := strings.Cut(given, ".")
	if !qualified {
		schema, name = "", given
		q := "SELECT coalesce(current_schema(), '')"
		if s.dialect() != "postgres" {
			q = "SELECT coalesce(DATABASE(), '')"
		}
		if err := queryOne(ctx, s, q, nil, &schema); err != nil {
			return table{}, fmt.Errorf("find the current schema: %w", err)
		}
		if schema == "" {
			return table{}, fmt.Errorf("--revisions-table %s: no current schema to put it in; name it as schema.table", given)
		}
	}
	if schema == "" || name == "" || strings.Contains(name, ".") {
		return table{}, fmt.Errorf("--revisions-table %q: want a table name or schema.table", given)
	}
	return table{schema: schema, name: name, quoted: s.quote(schema) + "." + s.quote(name)}, nil
}

const columns = `migration, version, kind, name, description, checksum, applied, total, applied_checksum,
	started_at, finished_at, error, error_line, tool_version, applied_by`

// createTable creates the revision table when it is missing. It runs under
// the advisory lock, so concurrent runs never race on it.
func createTable(ctx context.Context, s session, t table) error {
	var ddl string
	if s.dialect() == "postgres" {
		ddl = `CREATE TABLE IF NOT EXISTS ` + t.quoted + ` (
	migration        text PRIMARY KEY,
	version          text NOT NULL,
	kind             text NOT NULL,
	name             text NOT NULL,
	description      text NOT NULL,
	checksum         text NOT NULL,
	applied          integer NOT NULL,
	total            integer NOT NULL,
	applied_checksum text NOT NULL,
	started_at       timestamptz NOT NULL,
	finished_at      timestamptz,
	error            text,
	error_line       integer,
	tool_version     text NOT NULL,
	applied_by       text NOT NULL
)`
	} else {
		ddl = "CREATE TABLE IF NOT EXISTS " + t.quoted + ` (
	migration        varchar(255) NOT NULL PRIMARY KEY,
	version          varchar(255) NOT NULL,
	kind             varchar(16) NOT NULL,
	name             varchar(1024) NOT NULL,
	description      varchar(1024) NOT NULL,
	checksum         char(64) NOT NULL,
	applied          int NOT NULL,
	total            int NOT NULL,
	applied_checksum char(64) NOT NULL,
	started_at       datetime(6) NOT NULL,
	finished_at      datetime(6) NULL,
	error            text NULL,
	error_line       int NULL,
	tool_version     varchar(64) NOT NULL,
	applied_by       varchar(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`
	}
	if err := s.run(ctx, ddl); err != nil {
		return fmt.Errorf("create the revision table %s: %w", t, err)
	}
	return nil
}

// tableExists reports whether the revision table is there (status and
// --dry-run read it but never create it).
func tableExists(ctx context.Context, s session, t table) (bool, error) {
	q := "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?"
	var n int
	if err := queryOne(ctx, s, q, []any{t.schema, t.name}, &n); err != nil {
		return false, fmt.Errorf("look for the revision table %s: %w", t, err)
	}
	return n > 0, nil
}

// loadRevisions reads every row, keyed by migration.
func loadRevisions(ctx context.Context, s session, t table) (map[string]*Revision, error) {
	out := map[string]*Revision{}
	err := s.query(ctx, "SELECT "+columns+" FROM "+t.quoted, nil, func(scan func(...any) error) error {
		var r Revision
		var finished sql.NullTime
		var errText sql.NullString
		var errLine sql.NullInt64
		if err := scan(&r.Migration, &r.Version, &r.Kind, &r.Name, &r.Description, &r.Checksum, &r.Applied, &r.Total,
			&r.AppliedChecksum, &r.StartedAt, &finished, &errText, &errLine, &r.ToolVersion, &r.AppliedBy); err != nil {
			return err
		}
		if finished.Valid {
			f := finished.Time.UTC()
			r.FinishedAt = &f
		}
		r.StartedAt = r.StartedAt.UTC()
		r.Error, r.ErrorLine = errText.String, int(errLine.Int64)
		out[r.Migration] = &r
		return nil
	})
	if err != nil {
		if undefinedColumn(err) {
			return nil, fmt.Errorf("table %s exists but is not a schemaguard revision table (%v); choose another --revisions-table", t, err)
		}
		return nil, fmt.Errorf("read the revision table %s: %w", t, err)
	}
	return out, nil
}

func undefinedColumn(err error) bool {
	var pe *pgconn.PgError
	var me *mysql.MySQLError
	return errors.As(err, &pe) && pe.Code == "42703" || errors.As(err, &me) && me.Number == 1054
}

// insertRevision writes a new row.
func insertRevision(ctx context.Context, s session, t table, r *Revision) error {
	err := s.exec(ctx, "INSERT INTO "+t.quoted+" ("+columns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		r.Migration, r.Version, r.Kind, r.Name, r.Description, r.Checksum, r.Applied, r.Total, r.AppliedChecksum,
		r.StartedAt, r.FinishedAt, nullString(r.Error), nullInt(r.ErrorLine), r.ToolVersion, r.AppliedBy)
	if err != nil {
		return fmt.Errorf("record %s in %s: %w", r.Name, t, err)
	}
	return nil
}

// updateRevision rewrites an existing row.
func updateRevision(ctx context.Context, s session, t table, r *Revision) error {
	err := s.exec(ctx, "UPDATE "+t.quoted+` SET version = ?, kind = ?, name = ?, description = ?, checksum = ?,
	applied = ?, total = ?, applied_checksum = ?, started_at = ?, finished_at = ?, error = ?, error_line = ?,
	tool_version = ?, applied_by = ? WHERE migration = ?`,
		r.Version, r.Kind, r.Name, r.Description, r.Checksum, r.Applied, r.Total, r.AppliedChecksum,
		r.StartedAt, r.FinishedAt, nullString(r.Error), nullInt(r.ErrorLine), r.ToolVersion, r.AppliedBy, r.Migration)
	if err != nil {
		return fmt.Errorf("record %s in %s: %w", r.Name, t, err)
	}
	return nil
}

// recordProgress moves the row's count of applied statements.
func recordProgress(ctx context.Context, s session, t table, r *Revision) error {
	err := s.exec(ctx, "UPDATE "+t.quoted+" SET applied = ?, applied_checksum = ?, finished_at = ? WHERE migration = ?",
		r.Applied, r.AppliedChecksum, r.FinishedAt, r.Migration)
	var me *mysql.MySQLError
	if errors.As(err, &me) && me.Number == 1100 {
		return fmt.Errorf("record progress of %s in %s: %w (the file holds LOCK TABLES, under which the revision table cannot be written: take LOCK TABLES out of the file)", r.Name, t, err)
	}
	if err != nil {
		return fmt.Errorf("record progress of %s in %s: %w", r.Name, t, err)
	}
	return nil
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }
func nullInt(n int) sql.NullInt64        { return sql.NullInt64{Int64: int64(n), Valid: n != 0} }
