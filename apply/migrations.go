package apply

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/schemaguard/schemaguard/migrate"
)

// Kinds recorded in the revision table.
const (
	KindVersioned  = "versioned"
	KindRepeatable = "repeatable"
	KindBaseline   = "baseline" // recorded by --baseline, never run here
)

// maxKeyLen is the width of the revision table's key column (MySQL's
// varchar(255)); PostgreSQL is held to the same so a directory works on both.
const maxKeyLen = 255

// migration is what one revision row tracks: a file, or one Liquibase
// changeset, whose identity is the changeset rather than the file.
type migration struct {
	key     string // the revision row's identity
	file    *migrate.File
	path    string // the file as the user can open it: --dir joined with its name
	version string
	desc    string
	kind    string // KindVersioned or KindRepeatable
	// changeset is the Liquibase changeset ("author:id"), "" for files.
	changeset string
	// notReplayable is set for goose Go migrations.
	notReplayable string
	stmts         []migrate.Statement
	units         []unit
	checksum      string
}

// unit is a run of consecutive statements with one transaction mode.
type unit struct {
	mode       migrate.TxMode
	start, end int // statement indexes in migration.stmts
}

// migrations lists the directory's migrations in execution order.
func migrations(dir *migrate.Dir) ([]*migration, error) {
	var out []*migration
	seen := map[string]string{}
	for _, f := range dir.Files {
		var ms []*migration
		if f.Changesets() {
			for k, u := range f.Units {
				m := newMigration(dir, f, f.Version, statementsOf(f, k))
				m.key, m.changeset = f.Name+"::"+u.ID, u.ID
				m.units = []unit{{mode: u.TxMode, start: 0, end: len(m.stmts)}}
				ms = append(ms, m)
			}
		} else {
			m := newMigration(dir, f, f.Version, f.Statements)
			m.units = fileUnits(f)
			ms = append(ms, m)
		}
		for _, m := range ms {
			if len(m.key) > maxKeyLen {
				return nil, fmt.Errorf("%s: revision key %q is longer than %d bytes", m.path, m.key, maxKeyLen)
			}
			if other, dup := seen[m.key]; dup {
				return nil, fmt.Errorf("%s: version %s is also %s; the revision table needs one migration per version", m.path, m.version, other)
			}
			seen[m.key] = m.path
			out = append(out, m)
		}
	}
	return out, nil
}

func newMigration(dir *migrate.Dir, f *migrate.File, version string, stmts []migrate.Statement) *migration {
	m := &migration{file: f, path: filepath.Join(dir.Path, f.Name), version: version, desc: f.Description,
		kind: KindVersioned, key: version, notReplayable: f.NotReplayable, stmts: stmts, checksum: checksum(stmts)}
	if f.Kind == migrate.KindRepeatable {
		// Flyway identifies a repeatable migration by its description.
		m.kind, m.key = KindRepeatable, "R__"+f.Description
	}
	return m
}

func statementsOf(f *migrate.File, unit int) []migrate.Statement {
	var out []migrate.Statement
	for _, s := range f.Statements {
		if s.Unit == unit {
			out = append(out, s)
		}
	}
	return out
}

// fileUnits groups a file's statements by unit (dbmate sections may differ
// in transaction mode); units without statements are dropped.
func fileUnits(f *migrate.File) []unit {
	var out []unit
	for i, s := range f.Statements {
		if n := len(out); n > 0 && f.Statements[out[n-1].start].Unit == s.Unit {
			out[n-1].end = i + 1
			continue
		}
		mode := f.TxMode
		if s.Unit < len(f.Units) {
			mode = f.Units[s.Unit].TxMode
		}
		out = append(out, unit{mode: mode, start: i, end: i + 1})
	}
	return out
}

// checksum identifies what a migration sends to the server: its statements'
// text, with line endings normalised so a checkout with CRLF is not an edit.
// Comments between statements and blank lines do not count.
func checksum(stmts []migrate.Statement) string {
	h := sha256.New()
	for _, s := range stmts {
		h.Write([]byte(strings.ReplaceAll(s.Text, "\r\n", "\n")))
		h.Write([]byte(";\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// name is what log lines and messages call a migration.
func (m *migration) name() string {
	if m.changeset != "" {
		return m.path + " changeset " + m.changeset
	}
	return m.path
}
