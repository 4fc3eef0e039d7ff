package postgres

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemaguard/schemaguard/schema"
)

// drop translates DROP TABLE / VIEW / MATERIALIZED VIEW / INDEX / TYPE /
// SCHEMA, which share DropStmt and differ by RemoveType. Other DROPs
// (FUNCTION, TRIGGER, SEQUENCE, EXTENSION ...) add nothing.
func (t *translator) drop(s *pg_query.DropStmt) {
	at := t.at(-1)
	cascade := s.GetBehavior() == pg_query.DropBehavior_DROP_CASCADE
	switch s.GetRemoveType() {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
		t.add(&schema.DropTable{At: at, Names: objectNames(s.GetObjects()), Cascade: cascade, IfExists: s.GetMissingOk()})
	case pg_query.ObjectType_OBJECT_VIEW:
		t.add(&schema.DropView{At: at, Names: objectNames(s.GetObjects())})
	case pg_query.ObjectType_OBJECT_MATVIEW:
		t.add(&schema.DropView{At: at, Names: objectNames(s.GetObjects()), Materialized: true})
	case pg_query.ObjectType_OBJECT_INDEX:
		t.add(&schema.DropIndex{At: at, Names: objectNames(s.GetObjects()), Concurrently: s.GetConcurrent(), IfExists: s.GetMissingOk()})
	case pg_query.ObjectType_OBJECT_TYPE:
		t.add(&schema.DropType{At: at, Names: objectNames(s.GetObjects())})
	case pg_query.ObjectType_OBJECT_SCHEMA:
		c := &schema.DropSchema{At: at, Cascade: cascade}
		for _, o := range s.GetObjects() {
			if str := o.GetString_(); str != nil {
				c.Names = append(c.Names, str.GetSval())
			}
		}
		t.add(c)
	}
}

// objectNames reads DropStmt objects: relations are lists of String nodes,
// types are TypeName nodes.
func objectNames(objs []*pg_query.Node) []schema.QName {
	out := make([]schema.QName, 0, len(objs))
	for _, o := range objs {
		switch o := o.GetNode().(type) {
		case *pg_query.Node_List:
			out = append(out, listName(o.List.GetItems()))
		case *pg_query.Node_TypeName:
			out = append(out, listName(o.TypeName.GetNames()))
		case *pg_query.Node_String_:
			out = append(out, schema.QName{Name: o.String_.GetSval()})
		}
	}
	return out
}
