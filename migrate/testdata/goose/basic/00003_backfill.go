package migrations

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() { goose.AddMigrationContext(up00003, down00003) }

func up00003(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "UPDATE items SET price = 0")
	return err
}

func down00003(ctx context.Context, tx *sql.Tx) error { return nil }
