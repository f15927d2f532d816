package reports

import (
	"context"
	"fmt"

	"fieldbook"

	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
)

// ReviewQueue returns the team's work logs waiting for review (submitted,
// including amended ones), oldest day first, from one snapshot.
func (rp *Reports) ReviewQueue(ctx context.Context, teamID string) ([]fieldbook.RawRecord, error) {
	var out []fieldbook.RawRecord
	err := rp.db.View(ctx, func(r *kv.View) error {
		return lastParts(r, feed.Queue(teamID), func(id string) error {
			rec, err := feed.Raw(r, fieldbook.DayLogs+"/"+id)
			if err == nil {
				out = append(out, rec)
			}
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("review queue of %s: %w", teamID, err)
	}
	return out, nil
}
