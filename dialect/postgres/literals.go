package postgres

import (
	"slices"
	"strings"
	"sync"

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
	sh := shapeOf(m.Descriptor())
	for _, od := range sh.oneofs { // pg_query.Node: one set field of ~250
		if fd := m.WhichOneof(od); fd != nil && fd.Message() != nil {
			if !walk(m.Get(fd).Message(), visit) {
				return false
			}
		}
	}
	for _, fd := range sh.fields {
		if fd.IsList() {
			l := m.Get(fd).List()
			for i := 0; i < l.Len(); i++ {
				if !walk(l.Get(i).Message(), visit) {
					return false
				}
			}
		} else if m.Has(fd) && !walk(m.Get(fd).Message(), visit) {
			return false
		}
	}
	return true
}

// shape lists the message-valued fields of a message type: oneofs, and the
// other (singular or repeated, never map) message fields.
type shape struct {
	oneofs []protoreflect.OneofDescriptor
	fields []protoreflect.FieldDescriptor
}

// shapes caches shape by descriptor; Parse may run concurrently.
var shapes sync.Map // protoreflect.MessageDescriptor → *shape

func shapeOf(md protoreflect.MessageDescriptor) *shape {
	if sh, ok := shapes.Load(md); ok {
		return sh.(*shape)
	}
	sh := &shape{}
	for i := 0; i < md.Oneofs().Len(); i++ {
		sh.oneofs = append(sh.oneofs, md.Oneofs().Get(i))
	}
	for i := 0; i < md.Fields().Len(); i++ {
		fd := md.Fields().Get(i)
		if fd.Message() != nil && fd.ContainingOneof() == nil && !fd.IsMap() {
			sh.fields = append(sh.fields, fd)
		}
	}
	shapes.Store(md, sh)
	return sh
}

var aConstDesc = (&pg_query.A_Const{}).ProtoReflect().Descriptor()

// literals returns the string constants (A_Const sval) of the statements in
// the order written, each once. Strings inside function bodies and DO
// blocks are the body's text, not constants, so they are not included.
func literals(text string, stmts []*pg_query.RawStmt) []string {
	// Every string constant is written with a quote or a dollar sign; most
	// DDL has neither, and the walk is a third of the translation's cost.
	if !strings.ContainsAny(text, "'$") {
		return nil
	}
	var out []string
	for _, s := range stmts {
		walk(s.ProtoReflect(), func(m protoreflect.Message) bool {
			if m.Descriptor() != aConstDesc {
				return true
			}
			if sv := m.Interface().(*pg_query.A_Const).GetSval(); sv != nil && !slices.Contains(out, sv.GetSval()) {
				out = append(out, sv.GetSval())
			}
			return true
		})
	}
	return out
}
