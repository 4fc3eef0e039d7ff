package devdb

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/go-sql-driver/mysql"

	mydialect "github.com/schemaguard/schemaguard/dialect/mysql"
	"github.com/schemaguard/schemaguard/schema"
)

// myCatalog reads tables with SHOW CREATE TABLE and maps the server's own
// rendering through the static MySQL adapter into a realm, so the result
// is the adapter's normal form by construction, with the names the server
// generated (t_ibfk_1, CONSTRAINT_1, a_2) instead of guessed ones. Parses
// are cached by text: a table's definition mostly repeats from one read to
// the next.
type myCatalog struct {
	parser  *mydialect.Parser
	creates map[string]*schema.CreateTable
}

func newMyCatalog(mariadb bool) *myCatalog {
	return &myCatalog{parser: mydialect.New(mariadb), creates: map[string]*schema.CreateTable{}}
}

// newMyRealm is a realm with MySQL's naming rules.
func newMyRealm() *schema.Realm {
	r := schema.NewRealm("")
	r.TableScopedIndexes, r.FoldColumnCase = true, true
	return r
}

// read returns the named tables, entry for entry, nil for one that does
// not exist (or is a view).
func (e *myEngine) read(ctx context.Context, names []schema.QName) ([]*schema.Table, error) {
	if len(names) == 0 {
		return nil, nil
	}
	out := make([]*schema.Table, len(names))
	for i, q := range names {
		def, err := e.showCreate(ctx, q)
		if err != nil {
			return nil, err
		}
		if def != "" {
			out[i] = e.cat.table(q, def)
		}
	}
	return out, nil
}

// showCreate returns the CREATE TABLE text, "" when there is no such table.
func (e *myEngine) showCreate(ctx context.Context, q schema.QName) (string, error) {
	name := myIdent(q.Name)
	if q.Schema != "" {
		name = myIdent(q.Schema) + "." + name
	}
	rows, err := e.conn.QueryContext(ctx, "SHOW CREATE TABLE "+name)
	if err != nil {
		var me *mysql.MySQLError
		if errors.As(err, &me) && (me.Number == 1146 || me.Number == 1049) { // no such table, no such database
			return "", nil
		}
		return "", e.m.wrap(ctx, "read table "+q.String(), err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil || len(cols) != 2 || !strings.EqualFold(cols[0], "Table") {
		return "", rows.Err() // a view answers with View, Create View, ...
	}
	var tbl, def sql.NullString
	if rows.Next() {
		if err := rows.Scan(&tbl, &def); err != nil {
			return "", e.m.wrap(ctx, "read table "+q.String(), err)
		}
	}
	if err := rows.Err(); err != nil {
		return "", e.m.wrap(ctx, "read table "+q.String(), err)
	}
	return def.String, nil
}

// table folds a CREATE TABLE text into a fresh realm under the caller's
// name; nil when the adapter cannot read it.
func (c *myCatalog) table(q schema.QName, def string) *schema.Table {
	ct, ok := c.creates[def]
	if !ok {
		if st, err := c.parser.Parse(def); err == nil {
			for _, ch := range st.Changes {
				if x, ok := ch.(*schema.CreateTable); ok && x.Table != nil {
					ct = x
				}
			}
		}
		c.creates[def] = ct
	}
	if ct == nil {
		return nil
	}
	t := *ct.Table
	t.Name = q
	r := newMyRealm()
	r.Apply(&schema.CreateTable{Table: &t})
	return r.Table(q)
}

// myExisting tracks, by name, what was there when a file started. MySQL
// has no object identifiers to follow, so the renames the file makes
// (read from its statements by the adapter) carry names over, and objects
// that disappear from a table are forgotten, so that one created again
// under the same name is new.
type myExisting struct {
	tables map[schema.QName]*myObjects
}

// myObjects are a table's existing columns, indexes and constraints, by
// lower-case name (MySQL compares them without case).
type myObjects struct {
	cols, idx, cons map[string]bool
}

func newMyExisting(tables []*schema.Table, names []schema.QName) *myExisting {
	x := &myExisting{tables: map[schema.QName]*myObjects{}}
	for i, t := range tables {
		if t == nil {
			continue
		}
		o := &myObjects{cols: map[string]bool{}, idx: map[string]bool{}, cons: map[string]bool{}}
		for _, c := range t.Columns {
			o.cols[strings.ToLower(c.Name)] = true
		}
		for _, ix := range t.Indexes {
			o.idx[strings.ToLower(ix.Name)] = true
		}
		for _, k := range t.Constraints {
			o.cons[strings.ToLower(k.Name)] = true
		}
		x.tables[names[i]] = o
	}
	return x
}

// rename follows the renames of a statement that succeeded.
func (x *myExisting) rename(changes []schema.Change) {
	move := func(set map[string]bool, from, to string) {
		if set[strings.ToLower(from)] {
			delete(set, strings.ToLower(from))
			set[strings.ToLower(to)] = true
		}
	}
	for _, ch := range changes {
		switch c := ch.(type) {
		case *schema.RenameTable:
			to := c.To
			if to.Schema == "" {
				to.Schema = c.From.Schema
			}
			if o := x.tables[c.From]; o != nil {
				delete(x.tables, c.From)
				x.tables[to] = o
			}
		case *schema.RenameColumn:
			if o := x.tables[c.Table]; o != nil {
				move(o.cols, c.From, c.To)
			}
		case *schema.RenameIndex:
			if o := x.tables[c.Table]; o != nil {
				move(o.idx, c.From.Name, c.To)
				move(o.cons, c.From.Name, c.To)
			}
		}
	}
}

// forget drops what a statement removed: tables gone from the after read
// and objects gone from a table.
func (x *myExisting) forget(names []schema.QName, after []*schema.Table) {
	for i, q := range names {
		o := x.tables[q]
		if o == nil {
			continue
		}
		var t *schema.Table
		if i < len(after) {
			t = after[i]
		}
		if t == nil {
			delete(x.tables, q)
			continue
		}
		keep := func(set map[string]bool, present func(string) bool) {
			for n := range set {
				if !present(n) {
					delete(set, n)
				}
			}
		}
		keep(o.cols, func(n string) bool { return hasName(t.Columns, n, func(c *schema.Column) string { return c.Name }) })
		keep(o.idx, func(n string) bool { return hasName(t.Indexes, n, func(c *schema.Index) string { return c.Name }) })
		keep(o.cons, func(n string) bool {
			return hasName(t.Constraints, n, func(c *schema.Constraint) string { return c.Name })
		})
	}
}

func hasName[T any](list []T, lower string, name func(T) string) bool {
	for _, v := range list {
		if strings.ToLower(name(v)) == lower {
			return true
		}
	}
	return false
}

// mark sets the Existing flags of tables read under names.
func (x *myExisting) mark(names []schema.QName, tables []*schema.Table) {
	for i, t := range tables {
		if t == nil {
			continue
		}
		o := x.tables[names[i]]
		t.Existing = o != nil
		if o == nil {
			o = &myObjects{}
		}
		for _, c := range t.Columns {
			c.Existing = o.cols[strings.ToLower(c.Name)]
		}
		for _, ix := range t.Indexes {
			ix.Existing = o.idx[strings.ToLower(ix.Name)]
		}
		for _, k := range t.Constraints {
			k.Existing = o.cons[strings.ToLower(k.Name)]
		}
	}
}
