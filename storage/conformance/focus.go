// The morning meeting's focus (the day_focus collection, docs/protocol.md
// §6.6): one record per team and day, written by the team's supervisors,
// read by the whole team.

package conformance

import (
	"strings"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/sync/rules"
)

// dayFocusSharedByTheTeam: a supervisor sets the day's focus under the id
// of the team and day (rules.DayFocusID); a second supervisor of the team
// changes it and the later change wins on every replica, both supervisors'
// and every agent's of the team, while another team's people never receive
// it. An agent, another team's supervisor and an admin may not write it; a
// new focus under any other id, a date moved, a date past tomorrow or a
// text over rules.MaxFocus characters is invalid.
func dayFocusSharedByTheTeam(t *testing.T, e *env) {
	w := e.world()
	sup2 := e.user("sup2", fieldbook.RoleSupervisor, w.team.ID)
	loc, err := time.LoadLocation(fieldbook.DefaultTimeZone)
	if err != nil {
		t.Fatal(err)
	}
	day := e.clock.now().In(loc).Format(time.DateOnly)
	id := rules.DayFocusID(w.team.ID, day)

	a := e.device(w.sup)
	expect(t, "the supervisor sets the day's focus", a.push(a.change(fieldbook.DayFocus, id, map[string]any{"date": day, "text": "今天主攻转介绍"})), "applied")
	b := e.device(sup2)
	b.catchUp()
	if got := b.get(fieldbook.DayFocus, id).str("text"); got != "今天主攻转介绍" {
		t.Fatalf("the second supervisor's phone holds the focus %q", got)
	}
	expect(t, "the second supervisor changes it", b.push(b.change(fieldbook.DayFocus, id, map[string]any{"text": "今天主攻邀约"})), "applied")
	for _, d := range []*device{a, b, e.device(w.agent), e.device(w.agent2), e.device(w.admin)} {
		d.catchUp()
		if got := d.get(fieldbook.DayFocus, id).str("text"); got != "今天主攻邀约" {
			t.Errorf("%s's phone holds the focus %q, want the later one", d.user.Username, got)
		}
		if n := d.count(fieldbook.DayFocus); n != 1 {
			t.Errorf("%s's phone holds %d focuses, want 1", d.user.Username, n)
		}
	}
	for _, u := range []fieldbook.User{w.other, w.otherSup} {
		d := e.device(u)
		d.catchUp()
		if d.has(fieldbook.DayFocus, id) {
			t.Errorf("%s of another team received the focus", u.Username)
		}
	}

	ag, other, admin := e.device(w.agent), e.device(w.otherSup), e.device(w.admin)
	expect(t, "an agent changing the focus", ag.push(ag.change(fieldbook.DayFocus, id, map[string]any{"text": "x"})), "rejected:forbidden")
	tomorrow := e.clock.now().In(loc).AddDate(0, 0, 1).Format(time.DateOnly)
	expect(t, "an agent setting one", ag.push(ag.change(fieldbook.DayFocus, rules.DayFocusID(w.team.ID, tomorrow), map[string]any{"date": tomorrow, "text": "x"})), "rejected:forbidden")
	expect(t, "another team's supervisor", other.push(other.change(fieldbook.DayFocus, id, map[string]any{"text": "x"})), "rejected:forbidden")
	expect(t, "an admin", admin.push(admin.change(fieldbook.DayFocus, id, map[string]any{"text": "x"})), "rejected:forbidden")

	later := e.clock.now().In(loc).AddDate(0, 0, 2).Format(time.DateOnly)
	expect(t, "a focus under a random id", a.push(a.change(fieldbook.DayFocus, newID(), map[string]any{"date": tomorrow, "text": "x"})), "rejected:invalid")
	expect(t, "a focus under another team's id", a.push(a.change(fieldbook.DayFocus, rules.DayFocusID(w.team2.ID, tomorrow), map[string]any{"date": tomorrow, "text": "x"})), "rejected:invalid")
	expect(t, "the date moved", a.push(a.change(fieldbook.DayFocus, id, map[string]any{"date": tomorrow})), "rejected:invalid")
	expect(t, "a date past tomorrow", a.push(a.change(fieldbook.DayFocus, rules.DayFocusID(w.team.ID, later), map[string]any{"date": later, "text": "x"})), "rejected:invalid")
	expect(t, "a text too long", a.push(a.change(fieldbook.DayFocus, id, map[string]any{"text": strings.Repeat("长", rules.MaxFocus+1)})), "rejected:invalid")
	expect(t, "tomorrow's focus set the evening before", a.push(a.change(fieldbook.DayFocus, rules.DayFocusID(w.team.ID, tomorrow), map[string]any{"date": tomorrow, "text": "明天：复盘"})), "applied")
}
