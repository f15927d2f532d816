package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"fieldbook/sync/rules"
)

// ReviewQueue returns the team's work logs waiting for review (submitted,
// including amended ones), oldest day first, from one snapshot.
func (s *Store) ReviewQueue(ctx context.Context, teamID string) ([]RawRecord, error) {
	var out []RawRecord
	err := s.view(ctx, func(txn *badger.Txn) error {
		prefix := key("q", teamID, "")
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		var ids []string
		for it.Rewind(); it.Valid(); it.Next() {
			k := string(it.Item().Key())
			ids = append(ids, k[strings.LastIndexByte(k, '/')+1:])
		}
		for _, id := range ids {
			rec, err := readRaw(txn, rules.DayLogs+"/"+id)
			if err != nil {
				return err
			}
			out = append(out, rec)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("review queue of %s: %w", teamID, err)
	}
	return out, nil
}
