// The policyholders an agent who left handed to their heir: the list of
// people to tell, within fieldbook.HandoverWindow, who looks after their
// policies now. Reading it is an access to the heir's files, logged first.

package privacy

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"fieldbook"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
)

// Policyholders records e, then lists, from a snapshot taken after the
// entry's commit, the customers of e.AgentID handed from departedID that
// departedID closed a deal with.
func (a *Access) Policyholders(ctx context.Context, e fieldbook.AccessEntry, departedID string) ([]fieldbook.Policyholder, error) {
	if err := a.record(ctx, e); err != nil {
		return nil, err
	}
	out := []fieldbook.Policyholder{}
	err := a.db.View(ctx, func(r *kv.View) error {
		prefix := feed.CustomerInteractions(departedID)
		byCustomer := map[string]*fieldbook.Policyholder{}
		var keys [][]byte
		if err := r.Keys(prefix, func(k []byte) error {
			keys = append(keys, bytes.Clone(k[len(prefix):]))
			return nil
		}); err != nil {
			return err
		}
		for _, k := range keys {
			customer, activity, _ := strings.Cut(string(k), "/")
			var f struct {
				Kind       string `json:"kind"`
				OccurredAt string `json:"occurred_at"`
			}
			if found, err := feed.ReadFields(r, fieldbook.Activities, activity, &f); err != nil || !found || f.Kind != string(fieldbook.KindDeal) {
				if err != nil {
					return err
				}
				continue
			}
			p := byCustomer[customer]
			if p == nil {
				st, _, err := feed.Read(r, fieldbook.Customers, customer)
				if err != nil {
					return err
				}
				if !st.Exists() || st.Owner != e.AgentID || st.Str(fieldbook.FieldHandedFrom) != departedID || st.Bool(fieldbook.FieldDeleted) {
					continue
				}
				p = &fieldbook.Policyholder{CustomerID: customer, Name: st.Str(fieldbook.FieldName), Phone: st.Str(fieldbook.FieldPhone)}
				byCustomer[customer] = p
			}
			p.Deals++
			if later(f.OccurredAt, p.LastDealAt) {
				p.LastDealAt = f.OccurredAt
			}
		}
		for _, p := range byCustomer {
			out = append(out, *p)
		}
		slices.SortFunc(out, func(x, y fieldbook.Policyholder) int {
			return strings.Compare(x.Name+"\x00"+x.CustomerID, y.Name+"\x00"+y.CustomerID)
		})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list the policyholders %s handed over: %w", departedID, err)
	}
	return out, nil
}

// later reports whether the RFC 3339 time a is after b ("" is before all).
func later(a, b string) bool {
	ta, err := time.Parse(time.RFC3339, a)
	if err != nil {
		return false
	}
	tb, err := time.Parse(time.RFC3339, b)
	return err != nil || ta.After(tb)
}
