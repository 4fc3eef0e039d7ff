package migrate

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/schemaguard/schemaguard/migrate/split"
)

// Format names accepted by Options.Format.
const (
	FormatAuto          = "auto"
	FormatAtlas         = "atlas"
	FormatGolangMigrate = "golang-migrate"
	FormatGoose         = "goose"
	FormatDbmate        = "dbmate"
	FormatFlyway        = "flyway"
	FormatLiquibase     = "liquibase"
	FormatPlain         = "plain"
)

// Options says how to read a directory.
type Options struct {
	Format  string        // one of the Format constants; "" means auto
	Dialect split.Dialect // lexical rules for splitting; "" means postgres
	// Lenient reads on past a file its tool would refuse (an unfinished
	// statement, a malformed marker): the file keeps the statements before
	// the problem and records it in File.Problem, and the caller decides
	// what it means. A linter must: a file of the history already ran in
	// production with whatever tool version the project pins. Without
	// Lenient the first such problem is Open's error.
	Lenient bool
}

// Dir is a migration directory read as its tool runs it.
type Dir struct {
	Path     string
	Format   string // the format used (never "auto")
	Detected bool   // the format was detected, not given
	// DetectedBy says which signal decided the format ("goose annotation in 001_x.sql").
	DetectedBy string
	Dialect    split.Dialect
	Files      []*File // in execution order
	// Sum is the content of atlas.sum when the directory has one, else nil.
	Sum []byte
}

// ErrNoMigrations is wrapped by the error for a directory that holds no
// migration file of its format (or none at all).
var ErrNoMigrations = errors.New("no migration files")

// Error is an input error located in a file of the directory.
type Error struct {
	// Dir, when set, is the directory as the user named it; messages show
	// Dir/File so the file can be opened from the working directory.
	Dir          string
	File         string
	Line, Column int // 0 when the error concerns the whole file
	Msg          string
	// Err is the category, when one applies (ErrNoMigrations).
	Err error
}

func (e *Error) Unwrap() error { return e.Err }

func (e *Error) Error() string {
	file := e.File
	if e.Dir != "" && file != "" {
		file = filepath.Join(e.Dir, file)
	}
	switch {
	case file == "":
		return e.Msg
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", file, e.Msg)
	case e.Column == 0:
		return fmt.Sprintf("%s:%d: %s", file, e.Line, e.Msg)
	default:
		return fmt.Sprintf("%s:%d:%d: %s", file, e.Line, e.Column, e.Msg)
	}
}
