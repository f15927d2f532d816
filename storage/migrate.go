// The store's one-time migrations, run by Open before the store serves.
// Each is recorded under m/migrated/<name> when done, in the commit that
// finishes it, so it runs once; one that a crash interrupts runs again
// from the start, and each is written to be safe to run again.

package storage

import (
	"context"
	"fmt"
	"log/slog"

	"fieldbook/storage/directory"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
)

// ownerOnlyFeeds is the migration that takes a person's records
// (customers, prospects, consents) out of the team feeds: supervisors and
// admins stop receiving them by sync and open them through the access log
// instead (docs/protocol.md §7.1).
var ownerOnlyFeeds = kv.Key("m", "migrated", "owner-only-feeds")

// migrate runs the migrations this store has not run yet.
func migrate(ctx context.Context, db *kv.DB, log *slog.Logger) error {
	var done bool
	if err := db.View(ctx, func(r *kv.View) (err error) {
		_, done, err = r.Get(ownerOnlyFeeds)
		return err
	}); err != nil {
		return fmt.Errorf("read migrations: %w", err)
	}
	if done {
		return nil
	}
	n, err := feed.DropOwnerOnly(ctx, db)
	if err != nil {
		return err
	}
	// The supervisors' and admins' phones still hold what they pulled:
	// their cursors reset (scope), so that they replace their copies.
	err = db.Do(ctx, func(t *kv.Tx) error {
		if err := directory.ResetViewers(t); err != nil {
			return err
		}
		t.Set(ownerOnlyFeeds, []byte("1"))
		return nil
	})
	if err != nil {
		return fmt.Errorf("migrate owner-only feeds: %w", err)
	}
	if n > 0 {
		log.Info("a person's records left the team feeds; supervisors and admins pull again", "entries", n)
	}
	return nil
}
