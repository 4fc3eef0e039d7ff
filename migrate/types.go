// Package migrate reads a migration directory exactly as the tool that wrote it
// would run it: which files count, their order, the "up" part of each file, the
// statements in it with exact positions, its transaction mode and directives.
package migrate

import "github.com/schemaguard/schemaguard/migrate/split"

// TxMode says whether a unit of migration runs inside a transaction.
type TxMode string

const (
	TxFile TxMode = "file" // the file (or changeset) runs in one transaction
	TxNone TxMode = "none" // statements autocommit one by one
	// TxImplicit: the whole file is sent as one multi-statement query, which
	// PostgreSQL runs as one implicit transaction (golang-migrate).
	TxImplicit TxMode = "implicit"
)

// Kind classifies a file in the directory.
type Kind string

const (
	KindVersioned  Kind = "versioned"
	KindRepeatable Kind = "repeatable" // flyway R__ files, run after versioned ones
	KindGo         Kind = "go"         // goose Go migration: has a version, cannot be replayed from SQL
)

// Directive is a comment of the form "-- name args..." that schemaguard or
// atlas understands (lint:ignore, atlas:nolint, atlas:txmode, schemaguard:txmode).
// Args are the words after the name, split on spaces and commas; the meaning of
// each word (rule code, rule name or start of a free-text reason) is decided by
// the consumer, so this package needs no knowledge of rules.
type Directive struct {
	Name   string   `json:"name"`
	Args   []string `json:"args,omitempty"`
	Line   int      `json:"line"`
	Column int      `json:"column"`
}

// Statement is a statement of a file's up path with its position in the
// original file and the directives in the comment lines directly above it.
type Statement struct {
	split.Statement
	Directives []Directive
	// Unit indexes File.Units: the transaction unit the statement belongs to.
	Unit int
}

// LiquibaseRawUnit is the unit ID of a .sql file without the formatted-SQL
// header, which Liquibase runs as one raw changeset.
const LiquibaseRawUnit = "includeAll:raw"

// Unit is a part of a file that the tool executes with one transaction mode:
// the whole file for most formats, one changeset for liquibase, one up section
// for dbmate.
type Unit struct {
	ID     string `json:"id,omitempty"` // liquibase "author:id"; empty elsewhere
	TxMode TxMode `json:"tx_mode"`
	Line   int    `json:"line"` // first line of the unit's marker or content
}

// File is one migration file as the tool runs it.
type File struct {
	Name        string // path relative to the directory, slash-separated
	Version     string // empty for repeatable files
	Description string
	Kind        Kind
	TxMode      TxMode // the file's mode; units may differ (liquibase, dbmate)
	Units       []Unit
	Statements  []Statement
	Directives  []Directive // file-level directives (leading comment block)
	Raw         []byte      // the file's bytes exactly as on disk
	// NotReplayable explains why the file's effect cannot be reproduced from
	// SQL (goose Go migrations); empty for SQL files.
	NotReplayable string
	// Problem is what the file's tool would refuse in it, when the directory
	// was read with Options.Lenient; Statements then stop before its line.
	Problem *Error
}
