package postgres

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// walk visits m and every message below it, depth first, through protobuf
// reflection, so new node types need no code here. visit returns false to
// stop the whole walk.
func walk(m protoreflect.Message, visit func(protoreflect.Message) bool) bool {
	if !m.IsValid() {
		return true
	}
	if !visit(m) {
		return false
	}
	ok := true
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind && fd.Kind() != protoreflect.GroupKind {
			return true
		}
		switch {
		case fd.IsList():
			l := v.List()
			for i := 0; i < l.Len() && ok; i++ {
				ok = walk(l.Get(i).Message(), visit)
			}
		case fd.IsMap():
		default:
			ok = walk(v.Message(), visit)
		}
		return ok
	})
	return ok
}

// literals returns the string constants (A_Const sval) of the statements in
// the order written, each once. Strings inside function bodies and DO
// blocks are the body's text, not constants, so they are not included.
func literals(stmts []*pg_query.RawStmt) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range stmts {
		walk(s.ProtoReflect(), func(m protoreflect.Message) bool {
			if c, ok := m.Interface().(*pg_query.A_Const); ok {
				if sv := c.GetSval(); sv != nil && !seen[sv.GetSval()] {
					seen[sv.GetSval()] = true
					out = append(out, sv.GetSval())
				}
			}
			return true
		})
	}
	return out
}
