package rules

import (
	"slices"
	"testing"

	"fieldbook"
)

// consenting is a directory whose consents are those of a map by group.
type consenting struct {
	dir
	by map[string]Consent
}

func (c consenting) Consent(owner, subject, group string) (Consent, error) { return c.by[group], nil }

func TestWritesOfAGroupNeedItsConsent(t *testing.T) {
	id := NewID()
	given := Consent{Action: fieldbook.ConsentGiven, At: "2026-11-01T10:00:00+08:00"}
	withGuardian := Consent{Action: fieldbook.ConsentGiven, Guardian: "王芳"}
	withdrawn := Consent{Action: fieldbook.ConsentWithdrawn}
	existing := stateOf(agent.ID, team1, `{"name":"王先生","phone":"13800138000"}`, "1764312345000-0000-dev")
	tests := []struct {
		name     string
		c        string
		st       *State
		consents map[string]Consent
		want     string
	}{
		{"a name needs no consent", `{"name":"王先生"}`, nil, nil, "ok"},
		{"a phone without contact consent", `{"name":"王先生","phone":"13800138000"}`, nil, nil, fieldbook.CodeConsentRequired},
		{"a phone with it", `{"name":"王先生","phone":"13800138000"}`, nil, map[string]Consent{"contact": given}, "ok"},
		{"a phone after withdrawal", `{"phone":"13900139000"}`, existing, map[string]Consent{"contact": withdrawn}, fieldbook.CodeConsentRequired},
		{"clearing needs no consent", `{"phone":null}`, existing, nil, "ok"},
		{"needs are health", `{"needs":["health"]}`, existing, map[string]Consent{"contact": given}, fieldbook.CodeConsentRequired},
		{"income", `{"income_band":"300k_1m"}`, existing, map[string]Consent{"income": given}, "ok"},
		{"a spouse is family", `{"spouse":"李女士"}`, existing, map[string]Consent{"income": given}, fieldbook.CodeConsentRequired},
		{"a child of 15", `{"children":[{"name":"小明","age":15}]}`, existing, map[string]Consent{"family": given}, "ok"},
		{"a child of 8 without a guardian", `{"children":[{"name":"小红","age":8}]}`, existing, map[string]Consent{"family": given}, fieldbook.CodeConsentRequired},
		{"a child of 8 with one", `{"children":[{"name":"小红","age":8}]}`, existing, map[string]Consent{"family": withGuardian}, "ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := tt.st
			if st == nil {
				st = &State{}
			}
			_, rej, err := Authorize(agent, change(fieldbook.Customers, id, tt.c), st, consenting{everyone, tt.consents})
			if err != nil {
				t.Fatal(err)
			}
			if got := code(rej); got != tt.want {
				t.Fatalf("got %s (%v), want %s", got, rej, tt.want)
			}
		})
	}
	// An erased person's record takes nothing but another deletion.
	erased := stateOf(agent.ID, team1, `{"name":null,"_deleted":true}`, "1764312345000-0000-server")
	for c, want := range map[string]string{`{"notes":"回来了"}`: fieldbook.CodeInvalid, `{"_deleted":false}`: fieldbook.CodeInvalid, `{"_deleted":true}`: "ok"} {
		if _, rej, _ := Authorize(agent, change(fieldbook.Customers, id, c), erased, consenting{everyone, nil}); code(rej) != want {
			t.Errorf("%s on an erased customer: %v, want %s", c, rej, want)
		}
	}
	// A prospect's scores of need and wealth are health and income.
	_, rej, _ := Authorize(agent, change(fieldbook.Prospects, id, `{"name":"赵","wealth_score":8}`), &State{}, consenting{everyone, nil})
	if code(rej) != fieldbook.CodeConsentRequired {
		t.Fatalf("a prospect's wealth score without consent: %v", rej)
	}
}

func TestConsentRecordsAreALedger(t *testing.T) {
	id, subject := NewID(), NewID()
	event := `{"subject":"customers","subject_id":"` + subject + `","group":"contact","action":"given","notice_version":"2026-01","method":"in_person","at":"2026-11-28T10:00:00+08:00"}`
	stored := stateOf(agent.ID, team1, event, "1764312345000-0000-dev")
	tests := []struct {
		name  string
		actor fieldbook.User
		c     string
		st    *State
		want  string
	}{
		{"given", agent, event, nil, "ok"},
		{"given without a notice", agent, `{"subject":"customers","subject_id":"` + subject + `","group":"contact","action":"given","method":"paper","at":"2026-11-28T10:00:00+08:00"}`, nil, fieldbook.CodeInvalid},
		{"withdrawn", agent, `{"subject":"prospects","subject_id":"` + subject + `","group":"contact","action":"withdrawn","method":"paper","at":"2026-11-28T10:00:00+08:00"}`, nil, "ok"},
		{"no such group", agent, `{"subject":"customers","subject_id":"` + subject + `","group":"politics","action":"given","notice_version":"1","method":"paper","at":"2026-11-28T10:00:00+08:00"}`, nil, fieldbook.CodeInvalid},
		{"in the future", agent, `{"subject":"customers","subject_id":"` + subject + `","group":"contact","action":"withdrawn","method":"paper","at":"2026-12-28T10:00:00+08:00"}`, nil, fieldbook.CodeInvalid},
		{"without a method", agent, `{"subject":"customers","subject_id":"` + subject + `","group":"contact","action":"withdrawn","at":"2026-11-28T10:00:00+08:00"}`, nil, fieldbook.CodeInvalid},
		{"changed afterwards", agent, `{"method":"paper"}`, stored, fieldbook.CodeForbidden},
		{"by a supervisor", sup, event, nil, fieldbook.CodeForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := tt.st
			if st == nil {
				st = &State{}
			}
			_, rej, err := Authorize(tt.actor, change(fieldbook.Consents, id, tt.c), st, everyone)
			if err != nil {
				t.Fatal(err)
			}
			if got := code(rej); got != tt.want {
				t.Fatalf("got %s (%v), want %s", got, rej, tt.want)
			}
		})
	}
}

func TestThePersonalDataSchema(t *testing.T) {
	if got := GroupFields(fieldbook.Customers, fieldbook.GroupFamily); !slices.Equal(got, []string{"children", "spouse"}) {
		t.Errorf("a customer's family fields: %v", got)
	}
	if got := PersonFields(fieldbook.Activities); got != nil {
		t.Errorf("activities are not a person's record: %v", got)
	}
	byField := map[string]FieldInfo{}
	for _, f := range PersonalData() {
		byField[f.Collection+"."+f.Field] = f
	}
	for key, want := range map[string]FieldInfo{
		"customers.needs":        {Class: fieldbook.ClassSensitive, Group: fieldbook.GroupHealth, Purpose: PurposeNeedsAnalysis},
		"customers.phone":        {Class: fieldbook.ClassGeneral, Group: fieldbook.GroupContact, Purpose: PurposeContact},
		"customers.name":         {Class: fieldbook.ClassGeneral, Purpose: PurposeClientManagement},
		"prospects.wealth_score": {Class: fieldbook.ClassSensitive, Group: fieldbook.GroupIncome, Purpose: PurposeNeedsAnalysis},
	} {
		got := byField[key]
		if got.Class != want.Class || got.Group != want.Group || got.Purpose != want.Purpose {
			t.Errorf("%s: %+v, want %+v", key, got, want)
		}
	}
	if _, ok := byField["customers.owner_id"]; ok {
		t.Error("the record of processing lists a server field")
	}
}
