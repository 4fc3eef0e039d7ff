--+goose up
-- +goose StatementBegin
-- +goose NO TRANSACTION
CREATE INDEX CONCURRENTLY items_price ON items (price);
-- +goose StatementEnd
