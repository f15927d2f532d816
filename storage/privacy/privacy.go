// Package privacy keeps what the privacy rules need over kv: each person's
// latest consent event per group, kept as the consents ledger grows; the
// clear of a group's fields when its consent is withdrawn; and the erasure
// of a person's data when their record is deleted (docs/domain.md
// "Privacy"). Replication calls it inside the job that applies a change,
// so that a consent, a withdrawal or an erasure commits with the change
// that caused it.
package privacy

import (
	"bytes"
	"encoding/json"
	"fmt"

	"fieldbook"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
)

// The key space:
//
//	cs/<owner>/<subject>/<group>   a person's latest consent event for a group
func consentKey(owner, subject, group string) []byte { return kv.Key("cs", owner, subject, group) }

// StateKey is the consent state a new consent of owner's, with fields,
// updates (Recorded reads it first), for a push to read ahead; nil when
// the fields do not name a subject and a group.
func StateKey(owner string, fields map[string]json.RawMessage) []byte {
	var subject, group string
	if json.Unmarshal(fields[fieldbook.FieldSubjectID], &subject) != nil || json.Unmarshal(fields[fieldbook.FieldGroup], &group) != nil || subject == "" || group == "" {
		return nil
	}
	return consentKey(owner, subject, group)
}

// Consent reads the owner's subject's latest consent event for group.
func Consent(r kv.Reader, owner, subject, group string) (rules.Consent, error) {
	var c rules.Consent
	_, err := kv.GetJSON(r, consentKey(owner, subject, group), &c)
	return c, err
}

// HandOver moves the consents in force for the person subjectID from the
// owner from to the owner to, whose record they become (an agent's
// departure): consents follow their person.
func HandOver(t *kv.Tx, subjectID, from, to string) error {
	for _, g := range fieldbook.WordsOf("CONSENT_GROUPS") {
		var c rules.Consent
		found, err := kv.GetJSON(t, consentKey(from, subjectID, g), &c)
		if err != nil {
			return err
		}
		if !found {
			continue
		}
		if err := t.SetJSON(consentKey(to, subjectID, g), c); err != nil {
			return err
		}
		t.Delete(consentKey(from, subjectID, g))
	}
	return nil
}

// Recorded follows a new consents record st (id): it becomes the subject's
// consent for its group when it is the latest, and a withdrawal that is
// the latest clears the group's fields of the subject's record. stamp is
// the change's.
func Recorded(t *kv.Tx, id string, st *rules.State, stamp crdt.Stamp, now json.RawMessage) error {
	subject, subjectID, group, c := rules.ConsentOf(id, st)
	k := consentKey(st.Owner, subjectID, group)
	var cur rules.Consent
	if _, err := kv.GetJSON(t, k, &cur); err != nil {
		return err
	}
	if cur.Action != "" && !c.Later(cur) {
		return nil // an older event, arrived late: the later one stands
	}
	if err := t.SetJSON(k, c); err != nil {
		return err
	}
	if c.Given() {
		return nil
	}
	return nullify(t, subject, subjectID, st.Owner, rules.GroupFields(subject, group), stamp, now)
}

// nullify sets fields of a record to null with a stamp past every stamp the
// record holds (and past stamp), so that the clear wins on every replica.
func nullify(t *kv.Tx, collection, id, owner string, fields []string, stamp crdt.Stamp, now json.RawMessage) error {
	st, seq, err := feed.Read(t, collection, id)
	if err != nil || !st.Exists() || st.Owner != owner {
		return err
	}
	values := nulls(&st, fields)
	if len(values) == 0 {
		return nil
	}
	was := feed.PlaceOf(collection, id, &st)
	after := feed.Clone(st)
	values[fieldbook.FieldUpdatedAt] = now
	feed.WriteDerived(&after, max(stamp, st.Fields.Version()), values)
	feed.Put(t, collection, id, was, seq, &after)
	return nil
}

// nulls are null values for those of fields that st holds a value in.
func nulls(st *rules.State, fields []string) map[string]json.RawMessage {
	values := map[string]json.RawMessage{}
	for _, f := range fields {
		if v := st.Fields[f].Value; v != nil && string(v) != "null" {
			values[f] = json.RawMessage("null")
		}
	}
	return values
}

// Erase erases the person of a customers or prospects record the owner
// has just deleted (st, not yet written): every field of theirs is set to
// null in st, the guardian named in their consents is cleared, and the
// activities naming them (their owner's, and a departed agent's before
// them) lose the texts that may name them. The
// activities keep their kind, time and link — an id that now leads to an
// empty record — so that they count as before (a visit counts once per
// person it names) and scores do not change.
func Erase(t *kv.Tx, collection, id string, st *rules.State, stamp crdt.Stamp, now json.RawMessage) error {
	if values := nulls(st, rules.PersonFields(collection)); len(values) > 0 {
		feed.WriteDerived(st, max(stamp, st.Fields.Version()), values)
	}
	var consents []string
	if err := t.Keys(feed.ConsentsOf(st.Owner, id), func(k []byte) error {
		consents = append(consents, string(k[bytes.LastIndexByte(k, '/')+1:]))
		return nil
	}); err != nil {
		return fmt.Errorf("erase: find consents: %w", err)
	}
	for _, c := range consents {
		if err := nullify(t, fieldbook.Consents, c, st.Owner, []string{fieldbook.FieldGuardian}, stamp, now); err != nil {
			return err
		}
	}
	for _, g := range fieldbook.WordsOf("CONSENT_GROUPS") {
		k := consentKey(st.Owner, id, g)
		var c rules.Consent
		if found, err := kv.GetJSON(t, k, &c); err != nil {
			return err
		} else if found && c.Guardian != "" {
			c.Guardian = ""
			if err := t.SetJSON(k, c); err != nil {
				return err
			}
		}
	}
	link := fieldbook.FieldCustomerID
	if collection == fieldbook.Prospects {
		link = fieldbook.FieldProspectID
	}
	for _, owner := range Keepers(st) {
		var acts []string
		if err := t.Keys(feed.ActivitiesOf(owner), func(k []byte) error {
			acts = append(acts, string(k[bytes.LastIndexByte(k, '/')+1:]))
			return nil
		}); err != nil {
			return fmt.Errorf("erase: find activities: %w", err)
		}
		for _, a := range acts {
			var f map[string]json.RawMessage
			if found, err := feed.ReadFields(t, fieldbook.Activities, a, &f); err != nil || !found {
				return err
			}
			if s, _ := unquote(f[link]); s != id {
				continue
			}
			if err := nullify(t, fieldbook.Activities, a, owner, []string{fieldbook.FieldOutcome, fieldbook.FieldNextStep, fieldbook.FieldNotes}, stamp, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// Keepers are whose activities may name the person of st: their owner's,
// and those of the agent who held them before a departure.
func Keepers(st *rules.State) []string {
	if from := st.Str(fieldbook.FieldHandedFrom); from != "" && from != st.Owner {
		return []string{st.Owner, from}
	}
	return []string{st.Owner}
}

func unquote(v json.RawMessage) (string, error) {
	var s string
	err := json.Unmarshal(v, &s)
	return s, err
}
