package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/schemaguard/schemaguard/devdb"
	"github.com/schemaguard/schemaguard/dialect"
	"github.com/schemaguard/schemaguard/internal/dburl"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/migrate"
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

// replayDir runs the directory on the dev database; a history file the
// server refuses stops the run, naming the file, the line and the error.
func replayDir(ctx context.Context, s *devdb.Session, dir *migrate.Dir, dirPath string, sel lint.Selection, p dialect.Parser) (*devdb.Replayed, error) {
	r, err := s.ReplayDir(ctx, dir, sel, p)
	var re *devdb.ReplayError
	switch {
	case err == nil:
		return r, nil
	case errors.As(err, &re):
		msg := re.Server.Error()
		if re.AtCommit {
			msg = "committing the transaction that ends here failed: " + msg
		}
		if re.Server.Detail != "" {
			msg += "; " + re.Server.Detail
		}
		if goFiles := notReplayedBefore(dir, re.File); len(goFiles) > 0 {
			msg += fmt.Sprintf(" (%s before it cannot run on a dev database, so what %s would have made is missing there: "+
				"when that is the cause, lint this directory without --dev-url)", strings.Join(goFiles, ", "), pronoun(len(goFiles)))
		}
		return nil, fmt.Errorf("--dev-url: history file %s:%d:%d does not replay on the dev database: %s",
			path.Join(dirPath, re.File), re.Line, re.Column, msg)
	}
	return nil, fmt.Errorf("--dev-url: %w", err)
}

// notReplayedBefore names the files before the named one whose effect the
// dev database could not reproduce (goose Go migrations).
func notReplayedBefore(dir *migrate.Dir, name string) []string {
	var out []string
	for _, f := range dir.Files {
		if f.Name == name {
			break
		}
		if f.NotReplayable != "" {
			out = append(out, f.Name)
		}
	}
	return out
}

func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "they"
}

// addReplayNotices files a notice under each file the dev database could
// not replay from SQL.
func addReplayNotices(res *lint.Result, r *devdb.Replayed, dirPath string) {
	for _, f := range r.NotReplayable {
		res.AddNotice(path.Join(dirPath, f.Name), f.Name, !r.Linted(f), lint.ReplayFailed,
			"Not replayed on the dev database: "+f.NotReplayable)
	}
}
