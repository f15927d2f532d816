package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"fieldbook"
)

// The team works in Shanghai; the phones in these tests are set to Los
// Angeles, 16 hours behind, so a time shown in the phone's zone (or a day
// read from occurred_at's own text) is a different hour and often a
// different day.
const (
	teamZoneName  = "Asia/Shanghai"
	phoneZoneName = "America/Los_Angeles"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("time zone %s: %v", name, err)
	}
	return loc
}

// phoneIn opens a fresh browser at 360×740 whose clock reads the wall time
// of zone (Emulation.setTimezoneOverride), with the user signed in.
func phoneIn(t *testing.T, a *app, zoneName, username string) context.Context {
	t.Helper()
	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: zoneName}); err != nil {
		t.Fatalf("time zone override: %v", err)
	}
	signIn(t, ctx, a.url(), username, "a good password")
	if got := eval[string](t, ctx, `Intl.DateTimeFormat().resolvedOptions().timeZone`); got != zoneName {
		t.Fatalf("the browser runs in %s, want %s", got, zoneName)
	}
	return ctx
}

// pushAs sends changes through the server's sync endpoint as a fresh
// installation of the app signed in as username would, and fails unless
// every one is applied.
func pushAs(t *testing.T, a *app, username string, changes []map[string]any) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"username": username, "password": "a good password"})
	res, err := http.Post(a.url()+"/api/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var login struct {
		AccessToken string `json:"access_token"`
	}
	err = json.NewDecoder(res.Body).Decode(&login)
	res.Body.Close()
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("login as %s: status %d, %v", username, res.StatusCode, err)
	}
	client := uuid.NewString()
	now := time.Now().UnixMilli()
	for i, c := range changes {
		c["seq"] = i + 1
		c["hlc"] = fmt.Sprintf("%013d-%04d-%s", now, i, client)
	}
	body, _ = json.Marshal(map[string]any{"protocol": 1, "client_id": client, "cursor": "", "changes": changes})
	req, _ := http.NewRequest(http.MethodPost, a.url()+"/api/sync", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+login.AccessToken)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var answer struct {
		Results []struct {
			Seq     int    `json:"seq"`
			Status  string `json:"status"`
			Message string `json:"message"`
		} `json:"results"`
	}
	if err := json.NewDecoder(res.Body).Decode(&answer); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("sync: status %d, %v", res.StatusCode, err)
	}
	for _, r := range answer.Results {
		if r.Status != "applied" {
			t.Fatalf("change %d was %s: %s", r.Seq, r.Status, r.Message)
		}
	}
	if len(answer.Results) != len(changes) {
		t.Fatalf("%d results for %d changes", len(answer.Results), len(changes))
	}
}

// shownTimes waits until the list items matching sel read, in page order,
// want: each "id@HH:MM", the id from data-id and the time of day from the
// item's [data-testid=activity-time]. It fails with what they read.
func shownTimes(t *testing.T, ctx context.Context, where, sel string, want []string) {
	t.Helper()
	expr := fmt.Sprintf(`[...document.querySelectorAll(%s)].map(el => {
		const time = el.querySelector('[data-testid=activity-time]');
		const hm = time ? (time.innerText.match(/\d{2}:\d{2}/) || [""])[0] : "";
		return el.dataset.id + "@" + hm;
	}).join(" ")`, js(sel))
	wanted := strings.Join(want, " ")
	var got string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if got = eval[string](t, ctx, expr); got == wanted {
			return
		}
	}
	body := eval[string](t, ctx, `location.hash + "\n" + document.body.innerText`)
	t.Fatalf("%s shows %q, want %q\npage shows:\n%s", where, got, wanted, body)
}

// TestBrowserOneTimeForOneVisitInTheTeamsZone: two visits at 08:14 and
// 09:20 Shanghai time, the second written by a phone in Los Angeles
// (occurred_at 17:20 the day before, -08:00). On phones set to Los Angeles,
// both show the team's time of day and day everywhere — Today, the work
// log, the customer file, the supervisor's review and the agent's file on
// the supervisor's phone — and sort by instant, 08:14 before 09:20.
func TestBrowserOneTimeForOneVisitInTheTeamsZone(t *testing.T) {
	a := newApp(t)
	team, err := a.st.CreateTeam(context.Background(), "上海一队", teamZoneName)
	if err != nil {
		t.Fatal(err)
	}
	agent := a.user("lina", "a good password", fieldbook.RoleAgent, team.ID)
	a.user("zhou", "a good password", fieldbook.RoleSupervisor, team.ID)

	shanghai, la := zone(t, teamZoneName), zone(t, phoneZoneName)
	now := time.Now().In(shanghai)
	day := now.Format(time.DateOnly)
	first := time.Date(now.Year(), now.Month(), now.Day(), 8, 14, 0, 0, shanghai)
	second := time.Date(now.Year(), now.Month(), now.Day(), 9, 20, 0, 0, shanghai)
	if got := second.In(la).Format(time.RFC3339); got[:10] == day || !strings.HasSuffix(got, "-08:00") && !strings.HasSuffix(got, "-07:00") {
		t.Fatalf("the second visit's occurred_at %s should read another day, in Los Angeles' offset", got)
	}
	customer, v1, v2 := uuid.NewString(), uuid.NewString(), uuid.NewString()
	pushAs(t, a, "lina", []map[string]any{
		{"collection": fieldbook.Customers, "id": customer, "fields": map[string]any{"name": "王芳"}},
		{"collection": fieldbook.Activities, "id": v1, "fields": map[string]any{
			"kind": "visit", "customer_id": customer, "occurred_at": first.Format(time.RFC3339), "outcome": "第一次拜访"}},
		{"collection": fieldbook.Activities, "id": v2, "fields": map[string]any{
			"kind": "visit", "customer_id": customer, "occurred_at": second.In(la).Format(time.RFC3339), "outcome": "第二次拜访"}},
	})
	// The team's day as the app writes it (zh-CN): 12月3日.
	monthDay := fmt.Sprintf("%d月%d日", now.Month(), now.Day())

	phone := phoneIn(t, a, phoneZoneName, "lina")
	visit(t, phone, "#/today")
	poll(t, phone, "Today names the team's day", `document.querySelector('h1 .count').innerText.startsWith(`+js(monthDay)+`)`)
	shownTimes(t, phone, "Today (newest first)", "[data-testid=activity-row]", []string{v2 + "@09:20", v1 + "@08:14"})
	poll(t, phone, "two visits counted today", `document.querySelector('[data-testid=tap-visit] .tapgrid__num').innerText.startsWith("2")`)

	writeLog(t, phone, day, "拜访王芳两次")
	shownTimes(t, phone, "the work log (in time order)", "[data-testid=log-activity]", []string{v1 + "@08:14", v2 + "@09:20"})
	logs := a.waitHeld(agent.ID, fieldbook.DayLogs, 1, func(r fieldbook.Record) bool { return field(r, "state") == "submitted" })

	visit(t, phone, "#/customers/"+customer)
	shownTimes(t, phone, "the customer file's timeline (newest first)", "[data-testid=timeline-item]", []string{v2 + "@09:20", v1 + "@08:14"})
	poll(t, phone, "the timeline on the team's day", `[...document.querySelectorAll('[data-testid=timeline-item] [data-testid=activity-time]')].every(e => e.innerText.includes(`+js(monthDay)+`))`)

	boss := phoneIn(t, a, phoneZoneName, "zhou")
	visit(t, boss, "#/queue")
	click(t, boss, queueRow(logs[0].ID))
	shownTimes(t, boss, "the supervisor's review (in time order)", "[data-testid=review-activity]", []string{v1 + "@08:14", v2 + "@09:20"})
	visit(t, boss, "#/agent/"+agent.ID+"/files/"+customer)
	poll(t, boss, "the purpose form", `document.querySelector('[data-testid=purpose-input]') !== null`)
	fill(t, boss, "[data-testid=purpose-input]", "辅导面谈准备")
	click(t, boss, "[data-testid=show-files]")
	shownTimes(t, boss, "the agent's customer file on the supervisor's phone", "[data-testid=timeline-item]", []string{v2 + "@09:20", v1 + "@08:14"})
}

// heldFields returns the fields the server holds for one record as its
// owner would pull them, deleted or not; nil when it holds none.
func (a *app) heldFields(userID, collection, id string) map[string]json.RawMessage {
	a.t.Helper()
	var f map[string]json.RawMessage
	if raw, ok := a.pulled(userID, collection, id); ok {
		if err := json.Unmarshal(raw.Fields, &f); err != nil {
			a.t.Fatal(err)
		}
	}
	return f
}

// TestBrowserWorkLogDatesAndDeletion: on a phone in Los Angeles whose team
// is in Shanghai, a log's date lies between 2000-01-01 and tomorrow in
// Shanghai: #/log/2099-01-01 says the day cannot have a log and offers
// today's; the day arrows stop at tomorrow and are 44 px targets on one line
// with the date at 360 px; a date typed outside the rule is refused. A log
// of a past year shows its year in the list and its heading; as a draft it
// is deleted from the app, after a confirmation, and the server holds
// `_deleted: true`. A log submitted offline says it is not sent yet, and
// that it waits for the supervisor only once the server has it; a
// submitted log offers no delete.
func TestBrowserWorkLogDatesAndDeletion(t *testing.T) {
	a := newApp(t)
	team, err := a.st.CreateTeam(context.Background(), "上海二队", teamZoneName)
	if err != nil {
		t.Fatal(err)
	}
	agent := a.user("lina", "a good password", fieldbook.RoleAgent, team.ID)
	now := time.Now().In(zone(t, teamZoneName))
	today := now.Format(time.DateOnly)
	tomorrow := now.AddDate(0, 0, 1).Format(time.DateOnly)
	afterTomorrow := now.AddDate(0, 0, 2).Format(time.DateOnly)
	pastYear := now.Year() - 1
	old := fmt.Sprintf("%d-03-10", pastYear)

	phone := phoneIn(t, a, phoneZoneName, "lina")
	waitController(t, phone)

	// A day the rule refuses: no form, the way to today.
	for _, route := range []string{"#/log/2099-01-01", "#/log/" + afterTomorrow, "#/log/1999-12-31", "#/log/2026-02-30"} {
		visit(t, phone, route)
		poll(t, phone, "the refusal on "+route, `document.querySelector('[data-testid=log-refused]') !== null && document.getElementById('log-summary') === null`)
	}
	visit(t, phone, "#/log/2099-01-01")
	poll(t, phone, "the refusal names the day with its year", `document.querySelector('[data-testid=log-refused]').innerText.includes("2099年")`)
	click(t, phone, "[data-testid=log-go-today]")
	poll(t, phone, "today's log form", `location.hash === `+js("#/log/"+today)+` && document.getElementById('log-summary') !== null`)

	// The arrows: 44 px targets on the date's line, and none past tomorrow.
	arrowsFit := `(() => {
		const p = document.querySelector('[data-testid=log-prev]').getBoundingClientRect();
		const n = document.querySelector('[data-testid=log-next]').getBoundingClientRect();
		const d = document.querySelector('[data-testid=log-date]').getBoundingClientRect();
		const level = (r) => r.top < d.bottom && r.bottom > d.top; // beside the date, not above or below it
		return p.width >= 44 && p.height >= 44 && n.width >= 44 && n.height >= 44 &&
			level(p) && level(n) && Math.abs(p.top - n.top) < 1 &&
			p.right <= d.left && n.left >= d.right && document.documentElement.scrollWidth <= 360;
	})()`
	poll(t, phone, "arrows of 44 px on one line with the date", arrowsFit)
	click(t, phone, "[data-testid=log-next]")
	poll(t, phone, "tomorrow's log", `location.hash === `+js("#/log/"+tomorrow)+` && document.getElementById('log-summary') !== null`)
	poll(t, phone, "no arrow past tomorrow", `(() => {
		const n = document.querySelector('[data-testid=log-next]');
		return n.getAttribute('aria-disabled') === 'true' && !n.hasAttribute('href');
	})()`)
	eval[bool](t, phone, `(document.querySelector('[data-testid=log-next]').click(), true)`)
	poll(t, phone, "still tomorrow", `location.hash === `+js("#/log/"+tomorrow))
	poll(t, phone, "arrows still fit on tomorrow", arrowsFit)

	// A date typed outside the rule is refused; a past year's day opens.
	visit(t, phone, "#/log")
	poll(t, phone, "the date entry within the card at 360 px", `(() => {
		const f = document.querySelector('form.log-open'), b = document.querySelector('[data-testid=log-open]');
		return f !== null && b.getBoundingClientRect().right <= f.getBoundingClientRect().right && document.documentElement.scrollWidth <= 360;
	})()`)
	fill(t, phone, "#log-open-date", "2099-01-01")
	click(t, phone, "[data-testid=log-open]")
	poll(t, phone, "the typed date refused", `document.querySelector('[data-testid=log-open-problem]').innerText !== "" && location.hash === "#/log"`)
	fill(t, phone, "#log-open-date", old)
	click(t, phone, "[data-testid=log-open]")
	poll(t, phone, "the past year's log form", `location.hash === `+js("#/log/"+old)+` && document.getElementById('log-summary') !== null`)
	poll(t, phone, "its heading names the year", fmt.Sprintf(`document.querySelector('[data-testid=log-date]').innerText.includes("%d年")`, pastYear))
	fill(t, phone, "#log-summary", "补写去年的日志")
	click(t, phone, "[data-testid=log-save]")
	oldLog := a.waitHeld(agent.ID, fieldbook.DayLogs, 1, func(r fieldbook.Record) bool { return field(r, "date") == old && field(r, "state") == "draft" })[0]

	visit(t, phone, "#/log")
	row := fmt.Sprintf(`[data-testid=log-day][data-date=%q]`, old)
	poll(t, phone, "the past year's log listed with its year", fmt.Sprintf(`(() => { const r = document.querySelector(%s); return r !== null && r.innerText.includes("%d年") && r.dataset.state === "draft"; })()`, js(row), pastYear))

	// Deleted after asking; the server holds _deleted: true.
	click(t, phone, row)
	click(t, phone, "[data-testid=log-delete]")
	poll(t, phone, "the question", `document.querySelector('[data-testid=log-delete-yes]') !== null`)
	if f := a.heldFields(agent.ID, fieldbook.DayLogs, oldLog.ID); string(f["_deleted"]) == "true" {
		t.Fatal("the log was deleted before the agent confirmed")
	}
	click(t, phone, "[data-testid=log-delete-yes]")
	poll(t, phone, "back on the list, the log gone", `location.hash === "#/log" && document.querySelector(`+js(row)+`) === null && document.querySelector('[data-testid=log-deleted]').innerText !== ""`)
	waitPending(t, phone, 0)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		f := a.heldFields(agent.ID, fieldbook.DayLogs, oldLog.ID)
		if string(f["_deleted"]) == "true" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server holds %v for the deleted log", f)
		}
	}

	// Submitted offline: not sent yet, and only then waiting for review.
	setOffline(t, phone, true)
	visit(t, phone, "#/log/"+today)
	poll(t, phone, "today's log form", `document.getElementById('log-summary') !== null`)
	fill(t, phone, "#log-summary", "今天的总结")
	click(t, phone, "[data-testid=log-submit]")
	poll(t, phone, "submitted, not sent", `(() => {
		const m = document.querySelector('[data-testid=log-message]'), s = document.querySelector('[data-testid=log-status]');
		return m.innerText.startsWith("已提交，未发送") && s !== null && s.dataset.status === "submittedUnsent" && !document.body.innerText.includes("等待主管审核");
	})()`)
	if n := len(a.held(agent.ID, fieldbook.DayLogs)); n != 0 {
		t.Fatalf("the server holds %d logs while the phone is offline", n)
	}
	poll(t, phone, "no delete for a submitted log", `document.querySelector('[data-testid=log-delete]') === null`)
	setOffline(t, phone, false)
	a.waitHeld(agent.ID, fieldbook.DayLogs, 1, func(r fieldbook.Record) bool { return field(r, "date") == today && field(r, "state") == "submitted" })
	poll(t, phone, "waiting for the supervisor once the server has it", `(() => {
		const m = document.querySelector('[data-testid=log-message]'), s = document.querySelector('[data-testid=log-status]');
		return s.dataset.status === "submittedWaiting" && m.innerText.startsWith("已提交，等待主管审核");
	})()`)
}
