-- create the countdown table
-- (its down part drops it)

-- migrate:up
CREATE TABLE countdown (id bigint PRIMARY KEY, n int);
-- go down later? this comment is SQL text, not a marker
CREATE TABLE downloads (id bigint);

-- migrate:down
DROP TABLE countdown;
