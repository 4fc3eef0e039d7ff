package devdb

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/schemaguard/schemaguard/dialect"
	mydialect "github.com/schemaguard/schemaguard/dialect/mysql"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/observed"
	"github.com/schemaguard/schemaguard/schema"
)

// replay runs a history file statement by statement: MySQL commits DDL
// implicitly, so there is no transaction to batch into. A TxFile unit is
// still wrapped in BEGIN ... COMMIT, as its tool does, for the DML in it.
func (e *myEngine) replay(ctx context.Context, f *migrate.File) error {
	for _, u := range units(f) {
		if u.mode == migrate.TxFile {
			if _, err := e.conn.ExecContext(ctx, "BEGIN"); err != nil {
				return e.m.wrap(ctx, "BEGIN on the scratch database", err)
			}
		}
		for _, st := range u.stmts {
			if _, err := e.conn.ExecContext(ctx, st.Text); err != nil {
				return e.replayFailed(ctx, f, st, err, false)
			}
		}
		if u.mode == migrate.TxFile {
			if _, err := e.conn.ExecContext(ctx, "COMMIT"); err != nil {
				return e.replayFailed(ctx, f, u.stmts[len(u.stmts)-1], err, true)
			}
		}
	}
	return nil
}

func (e *myEngine) replayFailed(ctx context.Context, f *migrate.File, st migrate.Statement, err error, atCommit bool) error {
	se, ok := e.m.serverError(ctx, err)
	if !ok {
		return e.m.wrap(ctx, "replay "+f.Name, err)
	}
	if _, err := e.conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		return e.m.wrap(ctx, "roll back on the scratch database", err)
	}
	return &ReplayError{File: f.Name, Line: st.Line, Column: st.Column, Server: se, AtCommit: atCommit}
}

// run executes a new file statement by statement. A TxFile unit starts
// with BEGIN and ends with COMMIT as under its tool, but every DDL
// statement commits implicitly, so InTx is only ever true for DML after a
// BEGIN with no DDL since. An ALTER TABLE on a table that existed when the
// file started is probed for the cheapest algorithm (see probeAlter); the
// tables ALTER TABLE names are looked up at the start with the touched
// ones, so that what "existed" means does not depend on the caller's lists.
func (e *myEngine) run(ctx context.Context, f *migrate.File, touched [][]schema.QName) ([]observed.Statement, error) {
	obs := make([]observed.Statement, len(f.Statements))
	parsed := make([]*dialect.Statement, len(f.Statements))
	altered := make([][]schema.QName, len(f.Statements))
	for i, st := range f.Statements {
		parsed[i], _ = e.cat.parser.Parse(st.Text) // a statement it cannot read runs as written
		if at, ok := myTree(parsed[i]).(*ast.AlterTableStmt); ok {
			altered[i] = []schema.QName{{Schema: at.Table.Schema.O, Name: at.Table.Name.O}}
		}
	}
	names := unionNames(append(slices.Clip(touched), altered...))
	start, err := e.read(ctx, names)
	if err != nil {
		return nil, err
	}
	e.existing = newMyExisting(start, names)
	for _, u := range units(f) {
		inTx := false
		if u.mode == migrate.TxFile {
			if _, err := e.conn.ExecContext(ctx, "BEGIN"); err != nil {
				return nil, e.m.wrap(ctx, "BEGIN on the scratch database", err)
			}
			inTx = true
		}
		for j, st := range u.stmts {
			i := u.first + j
			failed, err := e.runStatement(ctx, st, parsed[i], touchedAt(touched, i), &inTx, &obs[i])
			if err != nil || failed {
				return obs, err
			}
		}
		if _, err := e.conn.ExecContext(ctx, "COMMIT"); err != nil {
			last := &obs[u.first+len(u.stmts)-1]
			last.After = nil
			_, err := e.failed(ctx, err, last)
			return obs, err
		}
	}
	return obs, nil
}

func (e *myEngine) runStatement(ctx context.Context, st migrate.Statement, parsed *dialect.Statement, names []schema.QName, inTx *bool, o *observed.Statement) (bool, error) {
	tree := myTree(parsed)
	if _, ddl := tree.(ast.DDLNode); ddl {
		*inTx = false // DDL commits what is open before it runs
	}
	before, err := e.read(ctx, names)
	if err != nil {
		return false, err
	}
	e.existing.mark(names, before)
	o.Ran, o.InTx, o.Before = true, *inTx, before
	if at, ok := tree.(*ast.AlterTableStmt); ok && e.existing.tables[schema.QName{Schema: at.Table.Schema.O, Name: at.Table.Name.O}] != nil {
		alg, lock := parsed.Tree.(*mydialect.Tree).AlterOptions()
		err = e.probeAlter(ctx, st.Text, alg, lock, o)
	} else {
		t0 := time.Now()
		_, err = e.conn.ExecContext(ctx, st.Text)
		o.Duration = time.Since(t0)
	}
	if err != nil {
		return e.failed(ctx, err, o)
	}
	if parsed != nil {
		for _, ch := range parsed.Changes {
			if tc, ok := ch.(*schema.TxControl); ok {
				*inTx = tc.Op == "begin"
			}
		}
	}
	after, err := e.read(ctx, names)
	if err != nil {
		return false, err
	}
	if parsed != nil {
		e.existing.rename(parsed.Changes)
	}
	e.existing.forget(names, after)
	e.existing.mark(names, after)
	o.After = after
	return false, nil
}

func (e *myEngine) failed(ctx context.Context, err error, o *observed.Statement) (bool, error) {
	se, ok := e.m.serverError(ctx, err)
	if !ok {
		return false, e.m.wrap(ctx, "run statement on the scratch database", err)
	}
	o.Err = se
	if _, err := e.conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		return false, e.m.wrap(ctx, "roll back on the scratch database", err)
	}
	return true, nil
}

// myTree is the first statement's TiDB tree, nil when the adapter gave none.
func myTree(st *dialect.Statement) ast.StmtNode {
	if st == nil {
		return nil
	}
	if t, ok := st.Tree.(*mydialect.Tree); ok {
		return t.Stmt()
	}
	return nil
}

// probe is one way to run an ALTER: the clause appended to it and what its
// success tells.
type probe struct {
	clause    string
	algorithm string
	lockNone  bool
}

// probeAlter runs an ALTER TABLE on an existing table with the cheapest
// algorithm the server accepts: ALGORITHM=INSTANT, then ALGORITHM=INPLACE,
// LOCK=NONE, then ALGORITHM=INPLACE, then the statement as written, which
// the server can then only run by copying the table. The server refuses an
// algorithm or lock it cannot honour before changing anything (1845, 1846;
// MySQL's 4092 when instant row versions run out), so the first attempt
// that succeeds is the statement's one and only run. Any other failure of
// an attempt (an appended clause the statement's syntax does not take)
// goes straight to the statement as written, and leaves Algorithm empty:
// the server was not asked.
//
// A statement that names its own ALGORITHM or LOCK keeps it: only the
// missing half is asked for (LOCK=NONE with its ALGORITHM; INSTANT, then
// INPLACE, with its LOCK), then it runs as written, and Algorithm and
// LockNone report what it asked for where the server was not asked.
// ALGORITHM=DEFAULT leaves Algorithm empty. alg and lock are the
// statement's own clauses as the adapter reads them (Tree.AlterOptions).
func (e *myEngine) probeAlter(ctx context.Context, text, alg, lock string, o *observed.Statement) error {
	if alg == "DEFAULT" {
		alg = ""
	}
	var probes []probe
	switch {
	case alg == "" && lock == "":
		probes = []probe{
			{", ALGORITHM=INSTANT", "INSTANT", true},
			{", ALGORITHM=INPLACE, LOCK=NONE", "INPLACE", true},
			{", ALGORITHM=INPLACE", "INPLACE", false},
			{"", "COPY", false},
		}
	case lock == "":
		probes = []probe{{", LOCK=NONE", alg, true}, {"", alg, false}}
	case alg == "":
		probes = []probe{
			{", ALGORITHM=INSTANT", "INSTANT", lock == "NONE" || lock == "DEFAULT"},
			{", ALGORITHM=INPLACE", "INPLACE", lock == "NONE"},
			{"", "COPY", false},
		}
	default:
		probes = []probe{{"", alg, lock == "NONE"}}
	}
	for i, p := range probes {
		t0 := time.Now()
		_, err := e.conn.ExecContext(ctx, text+p.clause)
		o.Duration = time.Since(t0)
		if err == nil {
			o.Algorithm, o.LockNone = p.algorithm, p.lockNone
			return nil
		}
		last := i == len(probes)-1
		switch {
		case last:
			return err
		case refused(err):
			continue
		default:
			// Not a refusal: the server's verdict on the statement as
			// written decides, and the algorithm stays unknown ("").
			t0 := time.Now()
			_, err = e.conn.ExecContext(ctx, text)
			o.Duration = time.Since(t0)
			return err
		}
	}
	return nil
}

// refused reports the server declining an ALGORITHM or LOCK clause:
// ER_ALTER_OPERATION_NOT_SUPPORTED (1845) and its _REASON form (1846), both
// SQLSTATE 0A000, and MySQL's ER_INNODB_MAX_ROW_VERSION (4092) when a table
// has used up its instant row versions.
func refused(err error) bool {
	var me *mysql.MySQLError
	if !errors.As(err, &me) {
		return false
	}
	switch me.Number {
	case 1845, 1846, 4092:
		return true
	}
	return false
}
