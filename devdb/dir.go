package devdb

import (
	"context"
	"errors"

	"github.com/schemaguard/schemaguard/dialect"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/observed"
	"github.com/schemaguard/schemaguard/schema"
)

// Replayed is a directory run on the dev database: what was observed of
// each linted file's statements, and the files that could not be run from
// SQL (goose Go migrations).
type Replayed struct {
	Observations   map[*migrate.File][]observed.Statement
	NotReplayable  []*migrate.File
	notReplayedNew map[*migrate.File]bool
}

// Linted reports whether a file that could not be replayed was one of the
// linted files (not history).
func (r *Replayed) Linted(f *migrate.File) bool { return r.notReplayedNew[f] }

// ReplayDir runs a directory on the session in its order: the files that
// linted says are history are replayed as their tool runs them, the linted
// ones statement by statement with their effects observed (the tables each
// statement names, read with the dialect's parser, before and after it). A
// history file the server refuses is a *ReplayError; a goose Go migration
// is listed in NotReplayable and the run goes on.
func (s *Session) ReplayDir(ctx context.Context, dir *migrate.Dir, linted func(i int, f *migrate.File) bool, p dialect.Parser) (*Replayed, error) {
	r := &Replayed{Observations: map[*migrate.File][]observed.Statement{}, notReplayedNew: map[*migrate.File]bool{}}
	for i, f := range dir.Files {
		var err error
		isNew := linted(i, f)
		if isNew {
			var obs []observed.Statement
			if obs, err = s.Run(ctx, f, Touched(f, p)); err == nil {
				r.Observations[f] = obs
			}
		} else {
			err = s.Replay(ctx, f)
		}
		switch {
		case err == nil:
		case errors.Is(err, ErrNotReplayable):
			r.NotReplayable = append(r.NotReplayable, f)
			r.notReplayedNew[f] = isNew
		default:
			return nil, err
		}
	}
	return r, nil
}

// Touched lists, per statement of a file, the tables its changes name.
func Touched(f *migrate.File, p dialect.Parser) [][]schema.QName {
	out := make([][]schema.QName, len(f.Statements))
	for i, st := range f.Statements {
		parsed, err := p.Parse(st.Text)
		if err != nil {
			continue
		}
		for _, c := range parsed.Changes {
			out[i] = append(out[i], schema.TablesOf(c)...)
		}
	}
	return out
}
