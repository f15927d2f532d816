package storage

import (
	"bytes"
	"context"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/storage/kv"
)

// An erased person is absent from every key and value the store holds
// (Badger scanned raw, not through the feeds), not only from what the
// feeds send.
func TestAnErasedPersonIsAbsentFromTheRawStore(t *testing.T) {
	s := mustOpenDir(t, t.TempDir())
	defer s.Close()
	w := newWorld(t, s)
	d := newDevice(w.agent, "phone")
	const name, spouse, guardian, note = "欧阳修远", "司马静怡", "欧阳监护", "喜欢在周末打羽毛球"
	id, visit := newID(), newID()
	at := time.Now().Add(-time.Hour).Format(time.RFC3339)
	consent := func(group string) map[string]any {
		return map[string]any{"subject": "customers", "subject_id": id, "group": group, "action": "given",
			"notice_version": "2026-01", "method": "paper", "at": at, "guardian": guardian}
	}
	res := d.push(t, s,
		d.change(fieldbook.Consents, newID(), consent(fieldbook.GroupContact)),
		d.change(fieldbook.Consents, newID(), consent(fieldbook.GroupFamily)),
		d.change(fieldbook.Customers, id, map[string]any{"name": name, "phone": "13800138000", "spouse": spouse, "notes": note}),
		d.change(fieldbook.Activities, visit, map[string]any{"kind": "visit", "occurred_at": at, "customer_id": id, "outcome": "见了" + name}))
	for i, r := range res {
		if r.Status != fieldbook.StatusApplied {
			t.Fatalf("change %d: %+v", i+1, r)
		}
	}
	scan := func() []string {
		var found []string
		err := s.db.View(context.Background(), func(r *kv.View) error {
			return r.Iterate(nil, func(k, v []byte) error {
				for _, word := range []string{name, spouse, guardian, note, "13800138000"} {
					if bytes.Contains(k, []byte(word)) || bytes.Contains(v, []byte(word)) {
						found = append(found, word+" in "+string(k))
					}
				}
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		return found
	}
	if len(scan()) == 0 {
		t.Fatal("the raw scan finds nothing before the erasure: it cannot tell one")
	}
	if res := d.push(t, s, d.change(fieldbook.Customers, id, map[string]any{"_deleted": true})); res[0].Status != fieldbook.StatusApplied {
		t.Fatalf("the deletion: %+v", res[0])
	}
	if found := scan(); len(found) > 0 {
		t.Errorf("after the erasure the store still holds: %v", found)
	}
}
