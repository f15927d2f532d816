// The one-time move of a person's records out of the team feeds: stores
// written before customers, prospects and consents became owner-only
// (OwnerOnly) hold entries for them in f/t/<team> and f/n; DropOwnerOnly
// removes them, so that no pull of a supervisor or an admin brings them.

package feed

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"fieldbook/storage/kv"
)

// dropBatch is how many feed entries one commit removes.
const dropBatch = 1000

// DropOwnerOnly removes every team feed and no-team feed entry of an
// owner-only record, dropBatch to a commit, and returns how many it
// removed. It is safe to run again: a second run finds none.
func DropOwnerOnly(ctx context.Context, db *kv.DB) (int, error) {
	total := 0
	for _, prefix := range [][]byte{kv.Key("f", "t", ""), NoTeamFeed} {
		from := bytes.Clone(prefix)
		for {
			var keys [][]byte
			done := true
			err := db.View(ctx, func(r *kv.View) error {
				it := r.Seek(prefix, from)
				defer it.Close()
				for ; it.Valid() && bytes.HasPrefix(it.Key(), prefix); it.Next() {
					if len(keys) == dropBatch {
						from, done = bytes.Clone(it.Key()), false
						return nil
					}
					k := bytes.Clone(it.Key())
					if err := it.Value(func(v []byte) error {
						if c, _, ok := strings.Cut(string(v), "/"); ok && OwnerOnly(c) {
							keys = append(keys, k)
						}
						return nil
					}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return total, fmt.Errorf("find owner-only entries in team feeds: %w", err)
			}
			if len(keys) > 0 {
				err = db.Do(ctx, func(t *kv.Tx) error {
					for _, k := range keys {
						t.Delete(k)
					}
					return nil
				})
				if err != nil {
					return total, fmt.Errorf("drop owner-only entries from team feeds: %w", err)
				}
				total += len(keys)
			}
			if done {
				break
			}
		}
	}
	return total, nil
}
