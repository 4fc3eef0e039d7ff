-- schemaguard:txmode none
CREATE INDEX CONCURRENTLY a_id ON a (id);
