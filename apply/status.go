package apply

import (
	"context"
	"path/filepath"
	"slices"

	"github.com/schemaguard/schemaguard/migrate"
)

// Migration states reported by Status.
const (
	StateApplied     = "applied"
	StateBaseline    = "baseline"    // recorded by --baseline, never run here
	StatePending     = "pending"     // not applied yet
	StateEdited      = "edited"      // applied, but its file changed since
	StateChanged     = "changed"     // a repeatable migration that will run again
	StateFailed      = "failed"      // stopped on an error; apply resumes it
	StateInterrupted = "interrupted" // stopped without an error (killed); apply resumes it
	StateRunning     = "running"     // unfinished while another session holds the lock
	StateUnknown     = "unknown"     // recorded, but not in the directory
)

// State is the database as the revision table tells it, against the
// directory. Its JSON is what `schemaguard status --format json` prints.
type State struct {
	Database string `json:"database"` // the URL, password redacted
	Table    string `json:"revisions_table"`
	Version  string `json:"version"` // the newest applied version, "" when none
	// LockedBy names the session holding the migration lock (an apply
	// running now); "" when free.
	LockedBy   string           `json:"locked_by,omitempty"`
	Counts     map[string]int   `json:"counts"` // migrations per state
	Migrations []MigrationState `json:"migrations"`
}

// MigrationState is one migration of the directory, or one recorded
// migration that the directory no longer has.
type MigrationState struct {
	Path        string    `json:"path"`
	Changeset   string    `json:"changeset,omitempty"`
	Version     string    `json:"version"`
	Description string    `json:"description"`
	Kind        string    `json:"kind"` // versioned, repeatable or go
	State       string    `json:"state"`
	Revision    *Revision `json:"revision,omitempty"`
}

// Status reads the revision table without taking the lock or writing
// anything; a missing table means nothing is applied.
func Status(ctx context.Context, dir *migrate.Dir, opts Options) (*State, error) {
	ms, err := migrations(dir)
	if err != nil {
		return nil, err
	}
	s, err := connect(ctx, opts.URL, appName("status"), func(string) {})
	if err != nil {
		return nil, err
	}
	defer s.close()
	t, err := resolveTable(ctx, s, opts.Table)
	if err != nil {
		return nil, err
	}
	l, err := newLock(ctx, s, t)
	if err != nil {
		return nil, err
	}
	st := &State{Database: opts.URL.Redacted(), Table: t.String(), Counts: map[string]int{}, Migrations: []MigrationState{}}
	if holder, found := l.holder(ctx); found {
		st.LockedBy = holder
	}
	rows := map[string]*Revision{}
	exists, err := tableExists(ctx, s, t)
	if err == nil && exists {
		rows, err = loadRevisions(ctx, s, t)
	}
	if err != nil {
		return nil, err
	}
	st.Version = currentVersion(dir.Format, rows)
	for _, m := range ms {
		ent := MigrationState{Path: m.path, Changeset: m.changeset, Version: m.version, Description: m.desc,
			Kind: m.kind, State: stateOf(m, rows[m.key], st.LockedBy != ""), Revision: rows[m.key]}
		if m.notReplayable != "" {
			ent.Kind = string(migrate.KindGo)
		}
		st.Migrations = append(st.Migrations, ent)
		delete(rows, m.key)
	}
	keys := make([]string, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		r := rows[k]
		st.Migrations = append(st.Migrations, MigrationState{Path: filepath.Join(dir.Path, r.Name), Version: r.Version,
			Description: r.Description, Kind: r.Kind, State: StateUnknown, Revision: r})
	}
	for _, m := range st.Migrations {
		st.Counts[m.State]++
	}
	return st, nil
}

func stateOf(m *migration, r *Revision, locked bool) string {
	switch {
	case r == nil:
		return StatePending
	case !r.done() && locked:
		return StateRunning
	case !r.done() && r.Error != "":
		return StateFailed
	case !r.done():
		return StateInterrupted
	case r.Kind == KindBaseline:
		return StateBaseline
	case r.Checksum == m.checksum:
		return StateApplied
	case m.kind == KindRepeatable:
		return StateChanged
	}
	return StateEdited
}
