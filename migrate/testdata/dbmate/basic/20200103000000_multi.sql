-- migrate:up
ALTER TABLE countdown ADD COLUMN a int;
-- migrate:down
ALTER TABLE countdown DROP COLUMN a;
--migrate:up transaction:false
VACUUM countdown;
-- migrate:down
