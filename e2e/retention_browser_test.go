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
	"fieldbook/sync/rules"
)

// TestBrowserRetentionKeepPurgeAndSweep: three Plan 100 names nothing
// happened with for over 24 months (written while the store's clock was
// set back) show on a 360 px phone as "3 个名单已超过 24 个月没有活动"; the
// agent keeps one and purges another with a thumb, offline writes that reach
// the server; the third, left unanswered past its 30 days, is erased by the
// server's sweep when the store opens again, and leaves the phone at its
// next sync.
func TestBrowserRetentionKeepPurgeAndSweep(t *testing.T) {
	a := newApp(t)
	bg := context.Background()
	team, err := a.st.CreateTeam(bg, "一队", "")
	if err != nil {
		t.Fatal(err)
	}
	agent := a.user("lin", "agent-password", fieldbook.RoleAgent, team.ID)
	keep, purge, left := rules.NewID(), rules.NewID(), rules.NewID()
	// The unanswered name was last touched 24 months and 40 days ago: its
	// 30 days ran out ten days ago. The other two 24 months and 10 days
	// ago: dormant, 20 days left.
	now := time.Now()
	write := func(at time.Time, changes ...fieldbook.Change) {
		a.ahead.Store(int64(time.Until(at)))
		a.push(agent.ID, changes...)
	}
	long, recent := now.AddDate(-2, 0, -40), now.AddDate(-2, 0, -10)
	write(long,
		change(fieldbook.Prospects, left, `{"name":"韩先生","notes":"朋友的朋友"}`),
		change(fieldbook.Activities, rules.NewID(), fmt.Sprintf(`{"kind":"call","occurred_at":%q,"prospect_id":%q,"outcome":"韩先生说不需要"}`, long.Add(-time.Hour).Format(time.RFC3339), left)))
	write(recent,
		change(fieldbook.Prospects, keep, `{"name":"秦女士"}`),
		change(fieldbook.Prospects, purge, `{"name":"尤先生"}`),
		change(fieldbook.Activities, rules.NewID(), fmt.Sprintf(`{"kind":"visit","occurred_at":"2000-01-01T10:00:00+08:00","prospect_id":%q}`, purge)))
	a.ahead.Store(0)

	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), "lin", "agent-password")
	visit(t, ctx, "#/plan")
	poll(t, ctx, "the card of the three dormant names", `(() => {
		const c = document.querySelector('[data-testid=dormant-card]');
		return c && c.dataset.count === "3" && c.innerText.includes("3 个名单已超过 24 个月没有活动");
	})()`)
	click(t, ctx, "[data-testid=dormant-open]")
	poll(t, ctx, "the three names, the soonest purged first", `[...document.querySelectorAll('[data-testid=dormant-row]')].map(r => r.dataset.id).join() === `+js(left+","+keep+","+purge)+
		` || [...document.querySelectorAll('[data-testid=dormant-row]')].map(r => r.dataset.id).join() === `+js(left+","+purge+","+keep))
	noSidewaysScrolling(t, ctx, "the dormant names")
	// Each name's two answers sit side by side, each at least 44 px high,
	// inside the screen.
	thumb := eval[string](t, ctx, `(() => {
		for (const row of document.querySelectorAll('[data-testid=dormant-row]')) {
			const k = row.querySelector('[data-testid=dormant-keep]').getBoundingClientRect();
			const p = row.querySelector('[data-testid=dormant-purge]').getBoundingClientRect();
			if (k.height < 44 || p.height < 44 || Math.abs(k.top - p.top) > 1 || p.right > document.scrollingElement.clientWidth || k.width < 100 || p.width < 100) {
				return row.dataset.id + ": keep " + JSON.stringify(k) + " purge " + JSON.stringify(p);
			}
		}
		return "";
	})()`)
	if thumb != "" {
		t.Errorf("the answers are not in reach of a thumb at 360 px: %s", thumb)
	}
	row := func(id, what string) string {
		return fmt.Sprintf(`[data-testid=dormant-row][data-id=%q] [data-testid=%s]`, id, what)
	}
	purgeDay := eval[string](t, ctx, `document.querySelector(`+js(row(keep, "dormant-purge-date"))+`).innerText`)
	if purgeDay == "" {
		t.Error("the kept name shows no purge date")
	}

	click(t, ctx, row(keep, "dormant-keep"))
	poll(t, ctx, "the kept name off the list", `document.querySelectorAll('[data-testid=dormant-row]').length === 2 && document.body.innerText.includes("已保留「秦女士」")`)
	eval[bool](t, ctx, `(window.confirm = () => true, true)`)
	click(t, ctx, row(purge, "dormant-purge"))
	poll(t, ctx, "the purged name off the list", `document.querySelectorAll('[data-testid=dormant-row]').length === 1 && document.body.innerText.includes("已清除「尤先生」")`)
	sendAll(t, ctx)
	eval[bool](t, ctx, `(localStorage.setItem("fieldbook.lang", "en"), true)`)
	do(t, ctx, "reload", chromedp.Reload())
	visit(t, ctx, "#/plan")
	poll(t, ctx, "the card in English", `document.documentElement.lang === "en" && document.querySelector('[data-testid=dormant-card]').innerText.includes("Names with no activity for over 24 months: 1")`)
	noSidewaysScrolling(t, ctx, "Plan 100 with the card (en)")
	visit(t, ctx, "#/plan/dormant")
	poll(t, ctx, "the name left, in English", `document.querySelectorAll('[data-testid=dormant-row]').length === 1 && document.querySelector('[data-testid=dormant-keep]').innerText === "Keep"`)

	var kept struct {
		Name   string `json:"name"`
		KeptAt string `json:"kept_at"`
	}
	if raw, ok := a.pulled(agent.ID, fieldbook.Prospects, keep); !ok || json.Unmarshal(raw.Fields, &kept) != nil || kept.Name != "秦女士" || kept.KeptAt == "" {
		t.Errorf("the server holds the kept name as %s", raw.Fields)
	}
	if f := erasedFields(t, a, agent.ID, purge); f != "" {
		t.Errorf("the server holds the purged name as %s, want it deleted and erased", f)
	}
	if f := erasedFields(t, a, agent.ID, left); f == "" {
		t.Fatal("the unanswered name was erased before the sweep at open: the test cannot tell the sweep did it")
	}

	// The store opens again: its sweep erases the unanswered name.
	a.stop()
	a.start()
	for deadline := time.Now().Add(20 * time.Second); erasedFields(t, a, agent.ID, left) != ""; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the sweep at open did not erase the unanswered name: %s", erasedFields(t, a, agent.ID, left))
		}
	}
	syncNow(t, ctx)
	poll(t, ctx, "no name left to answer", `document.querySelector('[data-testid=dormant-none]') !== null`)
	// The phone keeps a deleted record as its deletion alone.
	var onPhone struct {
		Fields map[string]json.RawMessage `json:"fields"`
	}
	stored := storedRecord(t, ctx, fieldbook.Prospects, left)
	if err := json.Unmarshal([]byte(stored), &onPhone); err != nil || string(onPhone.Fields["_deleted"]) != "true" || strings.Contains(stored, "韩先生") {
		t.Errorf("the phone holds the swept name as %s", stored)
	}
	visit(t, ctx, "#/plan")
	poll(t, ctx, "the list without the card, the kept name on it", `document.querySelector('[data-testid=dormant-card]') === null && document.querySelector(`+js(fmt.Sprintf(`[data-testid=prospect-row][data-id=%q]`, keep))+`) !== null`)
}

// erasedFields is "" when the server holds the agent's prospect deleted
// with its name and notes null, else its fields.
func erasedFields(t *testing.T, a *app, agentID, id string) string {
	t.Helper()
	raw, ok := a.pulled(agentID, fieldbook.Prospects, id)
	if !ok {
		return "nothing"
	}
	var f map[string]json.RawMessage
	if err := json.Unmarshal(raw.Fields, &f); err != nil {
		t.Fatal(err)
	}
	if string(f["_deleted"]) == "true" && string(f["name"]) == "null" && (f["notes"] == nil || string(f["notes"]) == "null") {
		return ""
	}
	return string(raw.Fields)
}

// TestBrowserAdminSetsHowLongPlan100NamesAreKept: on the team's settings at
// 360 px, 5 months is refused under the field (0 or 6 to 120), 36 is saved
// and is the team's setting on the server.
func TestBrowserAdminSetsHowLongPlan100NamesAreKept(t *testing.T) {
	a := newApp(t)
	bg := context.Background()
	team, err := a.st.CreateTeam(bg, "一队", "")
	if err != nil {
		t.Fatal(err)
	}
	a.user("boss", "admin-password", fieldbook.RoleAdmin, "")
	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), "boss", "admin-password")
	visit(t, ctx, "#/admin/teams/"+team.ID)
	poll(t, ctx, "the retention field, at its default", `document.querySelector('[data-testid=settings-prospectMonths]') !== null && document.querySelector('[data-testid=settings-prospectMonths]').value === "24"`)
	fill(t, ctx, "[data-testid=settings-prospectMonths]", "5")
	click(t, ctx, "[data-testid=settings-save]")
	poll(t, ctx, "5 months refused under the field", `(document.getElementById('admin-s-prospectMonths-error') || {}).innerText === "请填 0（永久保留）或 6 到 120 的整数。"`)
	noSidewaysScrolling(t, ctx, "the team's settings")
	fill(t, ctx, "[data-testid=settings-prospectMonths]", "36")
	click(t, ctx, "[data-testid=settings-save]")
	poll(t, ctx, "saved", `document.querySelector('[data-testid=settings-status]').innerText.includes("已保存")`)
	s, history, err := a.st.Settings(bg, team.ID)
	if err != nil || s.Retention.ProspectMonths != 36 || len(history) == 0 || history[len(history)-1].Settings.Retention.ProspectMonths != 36 {
		t.Fatalf("the team's settings after saving: %+v (%v)", s.Retention, err)
	}
}
