package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fieldbook"
	"fieldbook/sync/protocol"
	"fieldbook/sync/rules"
)

// wallLayout is how a datetime-local input holds a time.
const wallLayout = "2006-01-02T15:04"

// lastPushMs keeps the stamps of pushes made by the tests rising, so a later
// push (a supervisor's review) wins over an earlier one made the same millisecond.
var lastPushMs int64

// push applies changes to the store as one of the user's other phones would
// send them, all of which must be applied, and returns their stamps.
func (a *app) push(userID string, changes ...fieldbook.Change) []string {
	a.t.Helper()
	client := rules.NewID()
	now := time.Now()
	ms := max(now.UnixMilli(), lastPushMs+1)
	lastPushMs = ms
	in := make([]protocol.Prepared, len(changes))
	stamps := make([]string, len(changes))
	for i, c := range changes {
		c.Seq = int64(i + 1)
		c.HLC = fmt.Sprintf("%013d-%04d-%s", ms, i, client)
		stamps[i] = c.HLC
		body, err := json.Marshal(c)
		if err != nil {
			a.t.Fatal(err)
		}
		in[i] = protocol.Prepare(c, len(body), now)
	}
	results, err := a.st.Push(context.Background(), userID, client, in)
	if err != nil {
		a.t.Fatal(err)
	}
	for i, r := range results {
		if r.Status != fieldbook.StatusApplied {
			a.t.Fatalf("pushing %s %s: %s %s %s", changes[i].Collection, changes[i].ID, r.Status, r.Code, r.Message)
		}
	}
	return stamps
}

// change is a change of one record, its fields given as a JSON object.
func change(collection, id, fields string) fieldbook.Change {
	var f map[string]json.RawMessage
	if err := json.Unmarshal([]byte(fields), &f); err != nil {
		panic(fmt.Sprintf("fields %s: %v", fields, err))
	}
	return fieldbook.Change{Collection: collection, ID: id, Fields: f}
}

// stampsOf reads the stamps of one record as the user would pull them.
func (a *app) stampsOf(userID, collection, id string) map[string]string {
	a.t.Helper()
	raw, ok := a.pulled(userID, collection, id)
	if !ok {
		a.t.Fatalf("no %s %s for the user", collection, id)
	}
	var out map[string]string
	if err := json.Unmarshal(raw.Stamps, &out); err != nil {
		a.t.Fatal(err)
	}
	return out
}

// pulled is one record as the user would pull it from the start.
func (a *app) pulled(userID, collection, id string) (fieldbook.RawRecord, bool) {
	a.t.Helper()
	cursor := ""
	for {
		p, err := a.st.Pull(context.Background(), userID, cursor, 1000)
		if err != nil {
			a.t.Fatal(err)
		}
		for _, r := range p.Records {
			if r.Collection == collection && r.ID == id {
				return r, true
			}
		}
		if cursor = p.Cursor; !p.More {
			return fieldbook.RawRecord{}, false
		}
	}
}

// openSheet opens the activity sheet for a kind from Today.
func openSheet(t *testing.T, ctx context.Context, kind string) {
	t.Helper()
	visit(t, ctx, "#/today")
	click(t, ctx, fmt.Sprintf(`[data-testid=tap-%s]`, kind))
	poll(t, ctx, "the "+kind+" sheet", `document.querySelector('[data-testid=activity-form][data-mode=new]') !== null`)
}

// TestBrowserEditAnActivity: a visit recorded from Today, on a phone in Los
// Angeles, is corrected from Today (its outcome, its time on the team's
// clock, whom it was with), from the customer file's timeline (the next
// step) and from the work log's list of the day (the notes); the server holds one record with the new fields, and only the
// changed fields were written. The day was approved by the supervisor, as
// the sheet says before the save, and is back in the review queue. A visit
// the supervisor voided is shown with the reason, read-only.
func TestBrowserEditAnActivity(t *testing.T) {
	a := newApp(t)
	team, err := a.st.CreateTeam(context.Background(), "一队", "")
	if err != nil {
		t.Fatal(err)
	}
	agent := a.user("lina", "a good password", fieldbook.RoleAgent, team.ID)
	supervisor := a.user("zhou", "a good password", fieldbook.RoleSupervisor, team.ID)
	sh := zone(t, teamZoneName)
	customer := rules.NewID()
	a.push(agent.ID, change(fieldbook.Customers, customer, `{"name":"王芳"}`))

	ctx := phoneIn(t, a, phoneZoneName, "lina")
	recordActivity(t, ctx, "visit", "见了面")
	first := a.waitHeld(agent.ID, fieldbook.Activities, 1, nil)[0]
	created := a.stampsOf(agent.ID, fieldbook.Activities, first.ID)
	at, err := time.Parse(time.RFC3339, field(first, "occurred_at"))
	if err != nil {
		t.Fatalf("occurred_at %q: %v", field(first, "occurred_at"), err)
	}
	if _, off := at.Zone(); off != 8*3600 {
		t.Fatalf("occurred_at %q is not stamped in the team's zone", field(first, "occurred_at"))
	}

	// The supervisor approves the day.
	day := at.In(sh).Format(time.DateOnly)
	logID := rules.DayLogID(agent.ID, day)
	wrote := a.push(agent.ID, change(fieldbook.DayLogs, logID, fmt.Sprintf(`{"date":%q,"state":"submitted","summary":"拜访一位"}`, day)))
	a.push(supervisor.ID, change(fieldbook.DayLogs, logID, fmt.Sprintf(`{"state":"approved","reviewed_version":%q}`, wrote[0])))
	a.waitHeld(agent.ID, fieldbook.DayLogs, 1, func(r fieldbook.Record) bool { return field(r, "state") == "approved" })
	syncNow(t, ctx)

	visit(t, ctx, "#/today")
	click(t, ctx, fmt.Sprintf(`[data-testid=activity-row][data-id=%q]`, first.ID))
	poll(t, ctx, "the visit in the sheet, as recorded, with the warning", fmt.Sprintf(`(() => {
		const f = document.querySelector('[data-testid=activity-form][data-mode=edit]');
		return f !== null && document.getElementById('act-outcome').value === "见了面" &&
			document.getElementById('act-when').value === %q &&
			document.querySelector('[data-testid=who-chosen]').dataset.value === "" &&
			document.querySelector('[data-testid=approved-warning]') !== null &&
			document.querySelector('[data-testid=approved-warning]').innerText.includes("这一天已审核通过，修改后需主管重新审核");
	})()`, at.In(sh).Format(wallLayout)))

	moved := at.In(sh).Add(-90 * time.Minute).Truncate(time.Minute)
	fill(t, ctx, "#act-when", moved.Format(wallLayout))
	fill(t, ctx, "#act-outcome", "约到周五面谈")
	click(t, ctx, "[data-testid=who-change]")
	fill(t, ctx, "[data-testid=who-search]", "王")
	click(t, ctx, fmt.Sprintf(`[data-testid=who-option][data-value="c:%s"]`, customer))
	poll(t, ctx, "王芳 chosen", `document.querySelector('[data-testid=who-chosen]').innerText.includes("王芳")`)
	click(t, ctx, "[data-testid=activity-save]")
	poll(t, ctx, "the sheet closed", `document.querySelector('[data-testid=activity-form]') === null`)

	got := a.waitHeld(agent.ID, fieldbook.Activities, 1, func(r fieldbook.Record) bool { return field(r, "outcome") == "约到周五面谈" })[0]
	if got.ID != first.ID {
		t.Fatalf("the edit made a new record %s; the visit was %s", got.ID, first.ID)
	}
	if n := len(a.held(agent.ID, fieldbook.Activities)); n != 1 {
		t.Fatalf("the server holds %d activities, want the one edited", n)
	}
	if field(got, "occurred_at") != moved.Format(time.RFC3339) || field(got, "customer_id") != customer || field(got, "kind") != "visit" {
		t.Fatalf("the edited visit on the server: %v", got.Fields)
	}
	edited := a.stampsOf(agent.ID, fieldbook.Activities, first.ID)
	if edited["kind"] != created["kind"] {
		t.Fatalf("the edit wrote kind again (stamp %s, was %s): only changed fields may be sent", edited["kind"], created["kind"])
	}
	if edited["outcome"] <= created["outcome"] || edited["occurred_at"] <= created["occurred_at"] {
		t.Fatalf("the changed fields were not written: stamps %v, were %v", edited, created)
	}
	a.waitHeld(agent.ID, fieldbook.DayLogs, 1, func(r fieldbook.Record) bool {
		return field(r, "state") == "submitted" && field(r, "amended") == "true"
	})

	// From the customer file's timeline: the next step.
	visit(t, ctx, "#/customers/"+customer)
	click(t, ctx, fmt.Sprintf(`[data-testid=timeline-item][data-id=%q] [data-testid=timeline-open]`, first.ID))
	poll(t, ctx, "the visit in the sheet", `document.getElementById('act-outcome') !== null && document.getElementById('act-outcome').value === "约到周五面谈"`)
	fill(t, ctx, "#act-next", "周五带计划书")
	click(t, ctx, "[data-testid=activity-save]")
	a.waitHeld(agent.ID, fieldbook.Activities, 1, func(r fieldbook.Record) bool {
		return field(r, "next_step") == "周五带计划书" && field(r, "outcome") == "约到周五面谈" && field(r, "customer_id") == customer
	})

	// From the work log's list of the day's activities: the notes.
	visit(t, ctx, "#/log/"+moved.In(sh).Format(time.DateOnly))
	click(t, ctx, fmt.Sprintf(`[data-testid=log-activity][data-id=%q] [data-testid=log-activity-open]`, first.ID))
	poll(t, ctx, "the visit in the sheet from the log", `document.getElementById('act-next') !== null && document.getElementById('act-next').value === "周五带计划书"`)
	fill(t, ctx, "#act-notes", "补记：客户关心理赔")
	click(t, ctx, "[data-testid=activity-save]")
	a.waitHeld(agent.ID, fieldbook.Activities, 1, func(r fieldbook.Record) bool {
		return field(r, "notes") == "补记：客户关心理赔" && field(r, "next_step") == "周五带计划书"
	})

	// Voided by the supervisor: shown with the reason, read-only.
	a.push(supervisor.ID, change(fieldbook.Activities, first.ID, `{"voided":true,"void_reason":"重复记录"}`))
	syncNow(t, ctx)
	visit(t, ctx, "#/customers/"+customer)
	poll(t, ctx, "the void on the timeline", `document.querySelector('[data-testid=timeline-item]') !== null && document.querySelector('[data-testid=timeline-item]').innerText.includes("重复记录")`)
	click(t, ctx, "[data-testid=timeline-open]")
	poll(t, ctx, "the voided visit, read-only", `(() => {
		const f = document.querySelector('[data-testid=activity-form][data-mode=voided]');
		return f !== null && f.querySelector('[data-testid=activity-voided]').innerText.includes("重复记录") &&
			document.getElementById('act-outcome').matches(':disabled') && document.querySelector('[data-testid=activity-save]') === null;
	})()`)
	click(t, ctx, "[data-testid=activity-close]")
	poll(t, ctx, "the sheet closed", `document.querySelector('[data-testid=activity-form]') === null`)
}

// TestBrowserRecordAPastTime: on a phone whose clock runs in New York, the
// agent writes up last night's visit in the team's zone (Shanghai): the
// sheet shows and reads the team's clock, and the server holds that wall
// time with the team's offset. A time after tomorrow, or later tonight, is
// refused in the form and nothing is sent.
func TestBrowserRecordAPastTime(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	sh := zone(t, teamZoneName)
	ctx := phoneIn(t, a, "America/New_York", "lina")

	openSheet(t, ctx, "visit")
	poll(t, ctx, "the zone named", `document.getElementById('act-when-zone') !== null && document.getElementById('act-when-zone').innerText.includes("Asia/Shanghai")`)
	shown, err := time.ParseInLocation(wallLayout, eval[string](t, ctx, `document.getElementById('act-when').value`), sh)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(shown); d < -time.Minute || d > 2*time.Minute {
		t.Fatalf("the time field shows %v, want now on the team's clock (%v)", shown, time.Now().In(sh))
	}

	yesterday := time.Now().In(sh).AddDate(0, 0, -1)
	lastNight := time.Date(yesterday.Year(), yesterday.Month(), yesterday.Day(), 19, 30, 0, 0, sh)
	fill(t, ctx, "#act-when", lastNight.Format(wallLayout))
	fill(t, ctx, "#act-outcome", "晚上补记")
	click(t, ctx, "[data-testid=activity-save]")
	poll(t, ctx, "the sheet closed", `document.querySelector('[data-testid=activity-form]') === null`)
	got := a.waitHeld(agent.ID, fieldbook.Activities, 1, nil)[0]
	if want := lastNight.Format(time.RFC3339); field(got, "occurred_at") != want || field(got, "outcome") != "晚上补记" {
		t.Fatalf("the server holds occurred_at %q (outcome %q), want %q", field(got, "occurred_at"), field(got, "outcome"), want)
	}
	waitPending(t, ctx, 0)

	openSheet(t, ctx, "visit")
	fill(t, ctx, "#act-outcome", "后天的事")
	for _, c := range []struct {
		when    time.Time
		problem string
		says    string
	}{
		{time.Now().In(sh).AddDate(0, 0, 2), "timeRange", "到明天之间"},
		{time.Now().In(sh).Add(2 * time.Hour), "timeFuture", "不能晚于现在"},
	} {
		fill(t, ctx, "#act-when", c.when.Format(wallLayout))
		click(t, ctx, "[data-testid=activity-save]")
		poll(t, ctx, "refused: "+c.problem, fmt.Sprintf(`(() => {
			const e = document.querySelector('[data-testid=activity-error]');
			return e !== null && e.dataset.problem === %q && e.innerText.includes(%q) && document.activeElement.id === "act-when";
		})()`, c.problem, c.says))
	}
	if n := eval[string](t, ctx, `document.querySelector('[data-pending]').dataset.pending`); n != "0" {
		t.Fatalf("a refused time left %s changes to send", n)
	}
	if n := len(a.held(agent.ID, fieldbook.Activities)); n != 1 {
		t.Fatalf("the server holds %d activities after the refused times, want 1", n)
	}
}

// TestBrowserSearchablePicker: with 85 customers and Plan 100 names, the
// picker offers the people last visited first, typing narrows the list to
// the names that hold what was typed, the chosen one is recorded, and next
// time it comes first. Its rows are big enough for a thumb and nothing
// scrolls sideways at 360 px.
func TestBrowserSearchablePicker(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	sh := zone(t, teamZoneName)
	now := time.Now().In(sh)
	ids := map[string]string{}
	var changes []fieldbook.Change
	for i := range 50 {
		name := fmt.Sprintf("客户%02d", i)
		ids[name] = rules.NewID()
		changes = append(changes, change(fieldbook.Customers, ids[name], fmt.Sprintf(`{"name":%q}`, name)))
	}
	for i := range 35 {
		name := fmt.Sprintf("名单%02d", i)
		ids[name] = rules.NewID()
		changes = append(changes, change(fieldbook.Prospects, ids[name], fmt.Sprintf(`{"name":%q,"stage":"new"}`, name)))
	}
	for _, v := range []struct {
		field, who string
		ago        time.Duration
	}{
		{"prospect_id", "名单03", time.Hour},
		{"customer_id", "客户07", 26 * time.Hour},
		{"customer_id", "客户42", 50 * time.Hour},
	} {
		changes = append(changes, change(fieldbook.Activities, rules.NewID(),
			fmt.Sprintf(`{"kind":"visit","occurred_at":%q,%q:%q}`, now.Add(-v.ago).Format(time.RFC3339), v.field, ids[v.who])))
	}
	a.push(agent.ID, changes...)

	ctx := phoneIn(t, a, teamZoneName, "lina")
	openSheet(t, ctx, "visit")
	names := `[...document.querySelectorAll('[data-testid=who-option]')].filter(b => b.dataset.value).map(b => b.querySelector('.picker__name').innerText)`
	poll(t, ctx, "the people last visited first", fmt.Sprintf(`(() => {
		const n = %s;
		return n.length === 50 && n[0] === "名单03" && n[1] === "客户07" && n[2] === "客户42" && n[3] === "客户00" &&
			document.querySelector('[data-testid=who-picker]').innerText.includes("还有 35 人");
	})()`, names))
	thumb := eval[bool](t, ctx, `(() => {
		const rows = [...document.querySelectorAll('[data-testid=who-option]')].slice(0, 5);
		const box = document.querySelector('.sheet__box');
		return rows.every(r => r.getBoundingClientRect().height >= 44 && r.getBoundingClientRect().right <= 360) &&
			box.scrollWidth <= box.clientWidth && document.documentElement.scrollWidth <= 360;
	})()`)
	if !thumb {
		t.Fatal("the picker's rows are under 44 px or wider than the 360 px screen")
	}

	fill(t, ctx, "[data-testid=who-search]", "客户4")
	poll(t, ctx, "the names with 客户4, the one visited first", fmt.Sprintf(`(() => {
		const n = %s;
		return n.length === 10 && n[0] === "客户42" && n.every(x => x.startsWith("客户4"));
	})()`, names))
	fill(t, ctx, "[data-testid=who-search]", "没有这个人")
	poll(t, ctx, "nobody found, said so", `document.querySelectorAll('[data-testid=who-option]').length === 0 && document.querySelector('[data-testid=who-picker]').innerText.includes("没有找到")`)
	fill(t, ctx, "[data-testid=who-search]", "客户45")
	click(t, ctx, fmt.Sprintf(`[data-testid=who-option][data-value="c:%s"]`, ids["客户45"]))
	poll(t, ctx, "客户45 chosen", `document.querySelector('[data-testid=who-chosen]') !== null && document.querySelector('[data-testid=who-chosen]').innerText.includes("客户45")`)
	click(t, ctx, "[data-testid=activity-save]")
	poll(t, ctx, "the sheet closed", `document.querySelector('[data-testid=activity-form]') === null`)
	a.waitHeld(agent.ID, fieldbook.Activities, 1, func(r fieldbook.Record) bool {
		return field(r, "customer_id") == ids["客户45"] && field(r, "kind") == "visit"
	})

	openSheet(t, ctx, "call")
	poll(t, ctx, "客户45 now first", fmt.Sprintf(`(() => { const n = %s; return n[0] === "客户45" && n[1] === "名单03"; })()`, names))
}

// TestBrowserBackWithUnsavedInput: Back closes an untouched sheet; with
// input typed, Back asks in the page and the input stays; a reload keeps it
// as a draft that reopening the sheet restores; saving clears the draft, and
// so does discarding. Back after a sheet closed still leaves the page.
func TestBrowserBackWithUnsavedInput(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	ctx := phoneIn(t, a, teamZoneName, "lina")
	const confirmShown = `document.querySelector('[data-testid=sheet-confirm]') !== null`
	drafts := `Object.keys(localStorage).filter(k => k.startsWith("fieldbook.draft.") && k.includes("activity")).length`

	openSheet(t, ctx, "visit")
	eval[bool](t, ctx, `(history.back(), true)`)
	poll(t, ctx, "an untouched sheet closed by Back", `document.querySelector('[data-testid=activity-form]') === null && !(`+confirmShown+`)`)

	openSheet(t, ctx, "visit")
	fill(t, ctx, "#act-outcome", "客户说下周再谈")
	fill(t, ctx, "#act-notes", "带上计划书")
	eval[bool](t, ctx, `(history.back(), true)`)
	poll(t, ctx, "asked, the input still there", confirmShown+` && document.getElementById('act-outcome').value === "客户说下周再谈" && document.activeElement.dataset.testid === "sheet-keep"`)
	click(t, ctx, "[data-testid=sheet-keep]")
	poll(t, ctx, "still editing", `!(`+confirmShown+`) && document.getElementById('act-notes').value === "带上计划书"`)
	// Asked again: Back was taken back, so the sheet still has its entry.
	eval[bool](t, ctx, `(history.back(), true)`)
	poll(t, ctx, "asked again", confirmShown)
	click(t, ctx, "[data-testid=sheet-keep]")

	do(t, ctx, "reload", chromedp.Reload())
	poll(t, ctx, "Today after the reload", `document.querySelector('main[data-ready]') !== null`)
	openSheet(t, ctx, "visit")
	poll(t, ctx, "the draft restored", `document.getElementById('act-outcome').value === "客户说下周再谈" && document.getElementById('act-notes').value === "带上计划书" && document.querySelector('[data-testid=draft-restored]') !== null`)
	click(t, ctx, "[data-testid=activity-save]")
	poll(t, ctx, "saved", `document.querySelector('[data-testid=activity-form]') === null`)
	a.waitHeld(agent.ID, fieldbook.Activities, 1, func(r fieldbook.Record) bool {
		return field(r, "outcome") == "客户说下周再谈" && field(r, "notes") == "带上计划书"
	})
	if n := eval[int](t, ctx, drafts); n != 0 {
		t.Fatalf("%d activity drafts left after the save", n)
	}
	openSheet(t, ctx, "visit")
	if v := eval[string](t, ctx, `document.getElementById('act-outcome').value`); v != "" {
		t.Fatalf("the sheet opened after the save shows %q", v)
	}

	// Discarded on purpose: gone.
	fill(t, ctx, "#act-outcome", "不要了")
	poll(t, ctx, "the draft kept as it is typed", drafts+` === 1`)
	eval[bool](t, ctx, `(history.back(), true)`)
	poll(t, ctx, "asked", confirmShown)
	click(t, ctx, "[data-testid=sheet-discard]")
	poll(t, ctx, "closed, the draft gone", `document.querySelector('[data-testid=activity-form]') === null && `+drafts+` === 0`)

	// A sheet closed by Cancel leaves no Back that does nothing: Back leaves Today.
	visit(t, ctx, "#/plan")
	poll(t, ctx, "Plan 100", `document.querySelector('main') !== null && location.hash === "#/plan"`)
	openSheet(t, ctx, "call")
	eval[bool](t, ctx, `(() => { [...document.querySelectorAll('[data-testid=activity-form] button')].find(b => b.innerText === "取消").click(); return true; })()`)
	poll(t, ctx, "cancelled", `document.querySelector('[data-testid=activity-form]') === null`)
	eval[bool](t, ctx, `(history.back(), true)`)
	poll(t, ctx, "Back went to Plan 100", `location.hash === "#/plan"`)
	if s := eval[string](t, ctx, `document.body.innerText`); strings.Contains(s, "放弃填写的内容") {
		t.Fatal("a question left on the screen")
	}
}
