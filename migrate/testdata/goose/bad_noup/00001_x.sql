-- just a comment

-- +goose Down
DROP TABLE x;
