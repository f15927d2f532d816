package rules

import (
	"encoding/json"
	"slices"
	"time"

	"fieldbook"
)

// A person's data — the customers and prospects collections — is kept for
// a purpose and is of a class, and some of its fields may be written only
// with the person's consent to their group (docs/domain.md "Privacy"). The
// groups are written in the schema; the class and purpose follow from the
// group. The consents collection is the ledger of consents given and
// withdrawn; the store keeps each subject's latest event per group and
// answers Directory.Consent from it.

// The purposes a person's data is kept for.
const (
	PurposeClientManagement = "client_management" // the agent's record of their clients and prospects
	PurposeContact          = "contact"           // calling and meeting the person
	PurposeNeedsAnalysis    = "needs_analysis"    // the insurance needs analysis (NFRA Order 2023 No. 2, Art. 7)
)

// Consent is a subject's latest consent event for one group, as the store
// keeps it; the zero value is no consent recorded.
type Consent struct {
	Action   string `json:"a"`
	At       string `json:"at"`
	ID       string `json:"id"`
	Guardian string `json:"g,omitempty"`
}

// Given reports whether the consent is in force.
func (c Consent) Given() bool { return c.Action == fieldbook.ConsentGiven }

// Later reports whether c comes after o: by its time, then by its id.
func (c Consent) Later(o Consent) bool {
	ct, _ := time.Parse(time.RFC3339Nano, c.At)
	ot, _ := time.Parse(time.RFC3339Nano, o.At)
	if !ct.Equal(ot) {
		return ct.After(ot)
	}
	return c.ID > o.ID
}

// ConsentOf is the consent event a change creating a consents record
// records, and the subject and group it is about.
func ConsentOf(id string, st *State) (subject, subjectID, group string, c Consent) {
	return st.str(fieldbook.FieldSubject), st.str(fieldbook.FieldSubjectID), st.str(fieldbook.FieldGroup),
		Consent{Action: st.str(fieldbook.FieldAction), At: st.str(fieldbook.FieldAt), ID: id, Guardian: st.str(fieldbook.FieldGuardian)}
}

// GroupFields are the fields of collection that need consent to group,
// sorted.
func GroupFields(collection, group string) []string {
	col := collections[collection]
	if col == nil {
		return nil
	}
	var out []string
	for name, f := range col.fields {
		if f.group == group {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// GroupOf is the consent group of a field ("" for none).
func GroupOf(collection, field string) string {
	if col := collections[collection]; col != nil {
		return col.fields[field].group
	}
	return ""
}

// PersonFields are the fields of a person's record that an erasure clears:
// all but the server's and _deleted, sorted.
func PersonFields(collection string) []string {
	col := collections[collection]
	if col == nil || !col.personal {
		return nil
	}
	var out []string
	for name, f := range col.fields {
		if f.writers != byServer && name != fieldbook.FieldDeleted {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// Personal reports whether collection holds a person's data.
func Personal(collection string) bool {
	col := collections[collection]
	return col != nil && col.personal
}

// FieldInfo is what the record of processing activities says of a field.
type FieldInfo struct {
	Collection, Field, Class, Group, Purpose string
}

// PersonalData lists every field of the collections that hold a person's
// data, collection by collection, in name order: the record of processing
// activities (PIPL Arts. 55–56) is made from it.
func PersonalData() []FieldInfo {
	var out []FieldInfo
	for _, name := range []string{fieldbook.Customers, fieldbook.Prospects} {
		for _, f := range PersonFields(name) {
			fd := collections[name].fields[f]
			out = append(out, FieldInfo{Collection: name, Field: f, Class: classOf(fd), Group: fd.group, Purpose: purposeOf(fd)})
		}
	}
	return out
}

func classOf(f field) string {
	switch {
	case f.class != "":
		return f.class
	case f.group == fieldbook.GroupHealth || f.group == fieldbook.GroupIncome || f.group == fieldbook.GroupFamily:
		return fieldbook.ClassSensitive
	}
	return fieldbook.ClassGeneral
}

func purposeOf(f field) string {
	switch {
	case f.purpose != "":
		return f.purpose
	case f.group == fieldbook.GroupContact:
		return PurposeContact
	case f.group != "":
		return PurposeNeedsAnalysis
	}
	return PurposeClientManagement
}

// checkConsent refuses a change that writes a value into a field of a
// consent group without the subject's consent to it in force, and a child
// under GuardianAge without a guardian named in the family consent.
// Clearing a field (null) needs no consent.
func checkConsent(col *collection, c *fieldbook.Change, st *State, d Decision, dir Directory) (*fieldbook.Error, error) {
	if !col.personal {
		return nil, nil
	}
	if rej := checkErased(col, c, st); rej != nil {
		return rej, nil
	}
	owner := st.Owner
	if d.Create {
		owner = d.Owner
	}
	type verdict struct {
		rej *fieldbook.Error
		err error
	}
	var seen map[string]Consent // a group's consent, read once
	v := firstByName(c.Fields, func(name string) verdict {
		f := col.fields[name]
		v := c.Fields[name]
		if f.group == "" || string(v) == "null" {
			return verdict{}
		}
		cons, ok := seen[f.group]
		if !ok {
			var err error
			if cons, err = dir.Consent(owner, c.ID, f.group); err != nil {
				return verdict{err: err}
			}
			if seen == nil {
				seen = map[string]Consent{}
			}
			seen[f.group] = cons
		}
		if !cons.Given() {
			return verdict{rej: fieldbook.Errorf(fieldbook.CodeConsentRequired, "%s needs the person's consent to %q: record consent first", name, f.group)}
		}
		if name == "children" && cons.Guardian == "" && hasChildUnder(v, fieldbook.GuardianAge) {
			return verdict{rej: fieldbook.Errorf(fieldbook.CodeConsentRequired, "a child under %d needs their guardian's consent: record the family consent with the guardian's name", fieldbook.GuardianAge)}
		}
		return verdict{}
	})
	return v.rej, v.err
}

// checkErased refuses a change that writes anything but another deletion
// into a person's record that was deleted, and so erased: a phone that
// was offline must not put the person's data back.
func checkErased(col *collection, c *fieldbook.Change, st *State) *fieldbook.Error {
	if !col.personal || !st.Exists() || !st.boolean(fieldbook.FieldDeleted) {
		return nil
	}
	for name, v := range c.Fields {
		if name != fieldbook.FieldDeleted || string(v) != "true" {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "this person was deleted and their data erased; record them again as a new %s", col.name)
		}
	}
	return nil
}

// hasChildUnder reports whether a children value lists a child younger
// than age (a child of unknown age is not counted).
func hasChildUnder(v json.RawMessage, age int64) bool {
	var list []struct {
		Age *json.Number `json:"age"`
	}
	if json.Unmarshal(v, &list) != nil {
		return false
	}
	for _, c := range list {
		if c.Age != nil {
			if a, err := c.Age.Int64(); err == nil && a < age {
				return true
			}
		}
	}
	return false
}

// checkConsentEvent checks a new consent record: a consent given names the
// notice the person was shown, and its time is not ahead of the server's.
func checkConsentEvent(c *fieldbook.Change, dir Directory) *fieldbook.Error {
	if action, _ := asString(c.Fields[fieldbook.FieldAction]); action == fieldbook.ConsentGiven {
		if v, _ := asString(c.Fields[fieldbook.FieldNoticeVersion]); v == "" {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "a consent given names the notice_version the person was shown")
		}
	}
	at, _ := asString(c.Fields[fieldbook.FieldAt])
	if t, err := time.Parse(time.RFC3339, at); err == nil && t.Sub(dir.Now()) > MaxClockSkew {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "a consent's time %s is in the future", at)
	}
	return nil
}
