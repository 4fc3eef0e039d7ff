package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path"

	"github.com/schemaguard/schemaguard/devdb"
	"github.com/schemaguard/schemaguard/dialect"
	"github.com/schemaguard/schemaguard/internal/dburl"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/observed"
	"github.com/schemaguard/schemaguard/schema"
)

// urlDialect is the dialect a dev database URL names, and checks it against
// the one named by the flag or the configuration: the dialect follows the
// URL unless it is named, and then they must agree.
func urlDialect(raw, named string) (string, error) {
	u, err := dburl.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("--dev-url: %w", err)
	}
	fromURL := u.Dialect
	if u.MariaDB {
		fromURL = "mariadb"
	}
	if named == "" {
		return fromURL, nil
	}
	if baseDialect(named) != baseDialect(fromURL) {
		return "", fmt.Errorf("--dialect %s does not match --dev-url %s, a %s database", named, u.Redacted(), fromURL)
	}
	return named, nil
}

// replay is the dev database's part of a lint run: the history files are
// replayed as their tool runs them, the linted files statement by statement
// with their effects observed, in the directory's order.
type replay struct {
	observations map[*migrate.File][]observed.Statement
	// notices are files the server could not run from SQL (goose Go
	// migrations).
	notices []replayNotice
}

type replayNotice struct {
	file    *migrate.File
	history bool
}

func replayDir(ctx context.Context, s *devdb.Session, dir *migrate.Dir, dirPath string, sel lint.Selection, p dialect.Parser) (*replay, error) {
	r := &replay{observations: map[*migrate.File][]observed.Statement{}}
	for i, f := range dir.Files {
		var err error
		linted := sel(i, f)
		if linted {
			var obs []observed.Statement
			if obs, err = s.Run(ctx, f, touched(f, p)); err == nil {
				r.observations[f] = obs
			}
		} else {
			err = s.Replay(ctx, f)
		}
		var re *devdb.ReplayError
		switch {
		case err == nil:
		case errors.Is(err, devdb.ErrNotReplayable):
			r.notices = append(r.notices, replayNotice{f, !linted})
		case errors.As(err, &re):
			what := "history file"
			if linted {
				what = "file"
			}
			msg := re.Server.Error()
			if re.AtCommit {
				msg = "committing the transaction that ends here failed: " + msg
			}
			if re.Server.Detail != "" {
				msg += "; " + re.Server.Detail
			}
			return nil, fmt.Errorf("--dev-url: %s %s:%d:%d does not replay on the dev database: %s",
				what, path.Join(dirPath, re.File), re.Line, re.Column, msg)
		default:
			return nil, fmt.Errorf("--dev-url: %w", err)
		}
	}
	return r, nil
}

// touched lists, per statement, the tables its changes name.
func touched(f *migrate.File, p dialect.Parser) [][]schema.QName {
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

// addNotices files a notice under each file the dev database could not
// replay from SQL.
func (r *replay) addNotices(res *lint.Result, dirPath string) {
	for _, n := range r.notices {
		res.AddNotice(path.Join(dirPath, n.file.Name), n.file.Name, n.history, lint.ReplayFailed,
			"Not replayed on the dev database: "+n.file.NotReplayable)
	}
}
