// Package observe lets lock and rewrite rules read what a dev database
// showed for the statement (lint --dev-url): the lock mode it took on a
// table and whether it rewrote it. When the server answered, its answer
// wins over the rule's reading of the SQL; without a dev database the rules
// reason as before.
package observe

import (
	"fmt"

	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/observed"
	"github.com/schemaguard/schemaguard/schema"
)

// known is the observation when it can speak for the statement: it ran
// without error inside a transaction, so its locks were read before the
// transaction released them.
func known(p *lint.Pass) *observed.Statement {
	if o := p.Observed(); o != nil && o.Err == nil && o.InTx {
		return o
	}
	return nil
}

// resolve fills in the default schema, as the server names relations.
func resolve(p *lint.Pass, q schema.QName) schema.QName {
	if q.Schema == "" {
		q.Schema = p.Realm.DefaultSchema
	}
	return q
}

// Lock is the strongest mode the statement itself took on table q, and
// whether the server was asked ("" with known true: it took none, or its
// transaction already held one from an earlier statement — see Held).
func Lock(p *lint.Pass, q schema.QName) (mode string, isKnown bool) {
	o := known(p)
	if o == nil {
		return "", false
	}
	return o.LockOn(resolve(p, q)), true
}

// Held is the strongest mode the statement's transaction holds on table q
// right after it, and whether the server was asked.
func Held(p *lint.Pass, q schema.QName) (mode string, isKnown bool) {
	o := known(p)
	if o == nil {
		return "", false
	}
	r := resolve(p, q)
	for _, l := range o.Held {
		if l.Relation == r {
			return l.Mode, true
		}
	}
	return o.LockOn(r), true
}

// Rewrote reports whether the server replaced table q's storage while
// running the statement, and whether the server was asked.
func Rewrote(p *lint.Pass, q schema.QName) (rewrote, isKnown bool) {
	o := known(p)
	if o == nil {
		return false, false
	}
	return o.Rewrote(resolve(p, q)), true
}

// AtLeast reports whether the statement's transaction holds at least mode
// on table q after it; true when the server was not asked (the rule's own
// reading stands).
func AtLeast(p *lint.Pass, q schema.QName, mode string) bool {
	held, isKnown := Held(p, q)
	return !isKnown || observed.Strength(held) >= observed.Strength(mode)
}

// Confirmed is the clause a message gains when the server showed the lock
// (and the rewrite) on table q: `; on the dev database it took ACCESS
// EXCLUSIVE on "orders" and rewrote it`, with what the transaction already
// held when an earlier statement took a stronger lock first (or only that,
// when the statement took none itself). "" without an observation.
func Confirmed(p *lint.Pass, q schema.QName) string {
	own, isKnown := Lock(p, q)
	if !isKnown {
		return ""
	}
	var s string
	held, _ := Held(p, q)
	switch {
	case own != "" && observed.Strength(held) > observed.Strength(own):
		s = fmt.Sprintf("; on the dev database it took %s on %q, where its transaction already held %s", own, q.String(), held)
	case own != "":
		s = fmt.Sprintf("; on the dev database it took %s on %q", own, q.String())
	case held != "":
		s = fmt.Sprintf("; on the dev database its transaction already held %s on %q", held, q.String())
	default:
		return ""
	}
	if rewrote, _ := Rewrote(p, q); rewrote {
		s += " and rewrote it"
	}
	return s
}

// Exclusive finds a table the statement itself took ACCESS EXCLUSIVE on that
// existed before the file, when the server was asked.
func Exclusive(p *lint.Pass) (q schema.QName, found, isKnown bool) {
	o := known(p)
	if o == nil {
		return schema.QName{}, false, false
	}
	for _, l := range o.Locks {
		if l.Mode == "ACCESS EXCLUSIVE" && (l.Kind == "table" || l.Kind == "materialized view") && existing(p, o, l.Relation) {
			return l.Relation, true, true
		}
	}
	return schema.QName{}, false, true
}

// existing says whether a relation the statement locked existed before the
// file: as the server's catalog showed it around the statement (a table the
// statement created is in After, not existing), else as the model knows it.
func existing(p *lint.Pass, o *observed.Statement, q schema.QName) bool {
	for _, ts := range [][]*schema.Table{o.Before, o.After} {
		for _, t := range ts {
			if t != nil && resolve(p, t.Name) == q {
				return t.Existing
			}
		}
	}
	return p.Existing(q)
}
