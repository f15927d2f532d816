package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fieldbook"
)

// TestBrowserPlan100AndCustomerFiles works through Plan 100 and the
// customer files online: a name added with its checks (after the person's
// consent to contact, health and income is recorded), its stage changed,
// edited (only changed fields sent), a call recorded, turned into a
// customer file (which takes the name's consents) that is then completed
// field by field with the meter naming what is missing (after the family
// consent, with the guardian of a child), a deal recorded; a second file made by hand;
// 5,000 names paged 50 at a time, searched and sorted; English and a
// doubled font size without sideways scrolling; and a name deleted.
func TestBrowserPlan100AndCustomerFiles(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), "lina", "a good password")

	visit(t, ctx, "#/plan")
	poll(t, ctx, "the empty state", `document.body.innerText.includes("还没有名单")`)

	// The form's checks: a name is needed, a phone must look like one.
	click(t, ctx, "[data-testid=prospect-add]")
	poll(t, ctx, "the add form", `document.getElementById('plan-name') !== null`)
	recordConsent(t, ctx, "[data-testid=consent-lock][data-group=contact]", []string{"contact", "health", "income"}, "in_person", "")
	poll(t, ctx, "the phone and the scores open", `!document.getElementById('plan-phone').disabled && !document.getElementById('plan-need').disabled && !document.getElementById('plan-wealth').disabled`)
	fill(t, ctx, "#plan-phone", "abc")
	click(t, ctx, "[data-testid=prospect-save]")
	poll(t, ctx, "the problems named, focus on the first", `document.getElementById('plan-name-error') !== null && document.activeElement.id === 'plan-name' && document.getElementById('plan-phone-error') !== null`)

	fill(t, ctx, "#plan-name", "李总")
	fill(t, ctx, "#plan-phone", "138 0013 8000")
	fill(t, ctx, "#plan-source", "referral")
	poll(t, ctx, "the referrer field", `document.getElementById('plan-referrer') !== null`)
	fill(t, ctx, "#plan-referrer", "张姐")
	fill(t, ctx, "#plan-grade", "A")
	fill(t, ctx, "#plan-need", "9")
	fill(t, ctx, "#plan-wealth", "8")
	fill(t, ctx, "#plan-trust", "9")
	fill(t, ctx, "#plan-notes", "喜欢打高尔夫")
	click(t, ctx, "[data-testid=prospect-save]")
	poll(t, ctx, "back on the list, marked a priority", `location.hash === '#/plan' && document.querySelector('[data-testid=prospect-row][data-priority=true]') !== null`)

	p := a.waitHeld(agent.ID, fieldbook.Prospects, 1, nil)[0]
	if field(p, "stage") != "new" || field(p, "referrer") != "张姐" || field(p, "need_score") != "9" || field(p, "wealth_score") != "8" ||
		field(p, "trust_score") != "9" || field(p, "phone") != "138 0013 8000" {
		t.Fatalf("the prospect on the server: %v", p.Fields)
	}
	// Adding a name is the 获客 activity.
	acts := a.waitHeld(agent.ID, fieldbook.Activities, 1, nil)
	if field(acts[0], "kind") != "prospect" || field(acts[0], "prospect_id") != p.ID {
		t.Fatalf("the activity on the server: %v", acts[0].Fields)
	}

	click(t, ctx, "[data-testid=prospect-row]")
	poll(t, ctx, "the prospect", `document.querySelector('[data-testid=stage-control]') !== null`)
	fill(t, ctx, "[data-testid=stage-control]", "contacted")
	a.waitHeld(agent.ID, fieldbook.Prospects, 1, func(r fieldbook.Record) bool { return field(r, "stage") == "contacted" })

	click(t, ctx, "[data-testid=prospect-edit]")
	poll(t, ctx, "the edit form", `document.getElementById('plan-grade') !== null`)
	fill(t, ctx, "#plan-grade", "B")
	click(t, ctx, "[data-testid=prospect-save]")
	poll(t, ctx, "the edit closed", `document.querySelector('[data-testid=prospect-edit]') !== null`)
	a.waitHeld(agent.ID, fieldbook.Prospects, 1, func(r fieldbook.Record) bool {
		return field(r, "grade") == "B" && field(r, "referrer") == "张姐"
	})

	click(t, ctx, "[data-testid=record-call]")
	poll(t, ctx, "the activity sheet", `document.getElementById('act-outcome') !== null`)
	fill(t, ctx, "#act-outcome", "约到周五下午")
	click(t, ctx, "[data-testid=activity-save]")
	poll(t, ctx, "the call on the timeline", `[...document.querySelectorAll('[data-testid=timeline-item]')].some(e => e.innerText.includes("约到周五下午"))`)

	// Into a customer file, and completing it.
	click(t, ctx, "[data-testid=convert-button]")
	poll(t, ctx, "the customer file", `location.hash.startsWith('#/customers/') && document.querySelector('[data-testid=completeness-meter]') !== null`)
	cid := strings.TrimPrefix(eval[string](t, ctx, `location.hash`), "#/customers/")
	c := a.waitHeld(agent.ID, fieldbook.Customers, 1, nil)[0]
	if c.ID != cid || field(c, "prospect_id") != p.ID || field(c, "name") != "李总" {
		t.Fatalf("the customer on the server: %s %v", cid, c.Fields)
	}
	a.waitHeld(agent.ID, fieldbook.Prospects, 1, func(r fieldbook.Record) bool { return field(r, "customer_id") == cid })
	// The name's consents are the file's too: recorded again for the customer, as given.
	a.waitHeld(agent.ID, fieldbook.Consents, 3, func(r fieldbook.Record) bool {
		return field(r, "subject") == "customers" && field(r, "subject_id") == cid && field(r, "action") == "given" && field(r, "method") == "in_person"
	})
	if missing := eval[string](t, ctx, `document.querySelector('[data-testid=completeness-meter]').dataset.missing`); missing != "age occupation income_band family needs" {
		t.Fatalf("the meter says the file lacks %q", missing)
	}
	fill(t, ctx, "#cust-age", "35")
	fill(t, ctx, "#cust-occupation", "教师")
	fill(t, ctx, "#cust-incomeBand", "100k_300k")
	// The family consent, on paper, names the guardian of the child to come.
	recordConsent(t, ctx, "[data-testid=consent-lock][data-group=family]", []string{"family"}, "paper", "李总")
	click(t, ctx, "#cust-no-spouse")
	click(t, ctx, "[data-testid=add-child]")
	fill(t, ctx, "[data-testid=child-row] input", "小明")
	fill(t, ctx, "[data-testid=child-row] input[inputmode=numeric]", "8")
	click(t, ctx, "#cust-need-health")
	click(t, ctx, "[data-testid=customer-save]")
	poll(t, ctx, "the file complete", `document.querySelector('[data-testid=completeness-meter]').dataset.missing === ''`)
	got := a.waitHeld(agent.ID, fieldbook.Customers, 1, func(r fieldbook.Record) bool { return field(r, "age") == "35" })[0]
	if field(got, "spouse") != "" || string(got.Fields["needs"]) != `["health"]` || !strings.Contains(string(got.Fields["children"]), `"小明"`) {
		t.Fatalf("the customer on the server: %v", got.Fields)
	}

	click(t, ctx, "[data-testid=record-deal]")
	poll(t, ctx, "the deal sheet", `document.getElementById('act-premium') !== null`)
	fill(t, ctx, "#act-premium", "5000")
	fill(t, ctx, "#act-outcome", "签了重疾险")
	click(t, ctx, "[data-testid=activity-save]")
	poll(t, ctx, "the deal on the timeline", `[...document.querySelectorAll('[data-testid=timeline-item]')].some(e => e.innerText.includes("签了重疾险") && e.innerText.includes("5,000"))`)
	a.waitHeld(agent.ID, fieldbook.Activities, 1, func(r fieldbook.Record) bool {
		return field(r, "kind") == "deal" && field(r, "customer_id") == cid && field(r, "premium") == "5000"
	})

	// A file made by hand, checked: an age of 200 is refused on the phone.
	visit(t, ctx, "#/customers")
	click(t, ctx, "[data-testid=customer-add]")
	poll(t, ctx, "the new file form", `document.getElementById('cust-name') !== null`)
	fill(t, ctx, "#cust-name", "王芳")
	fill(t, ctx, "#cust-age", "200")
	click(t, ctx, "[data-testid=customer-save]")
	poll(t, ctx, "the age refused", `document.getElementById('cust-age-error') !== null && document.activeElement.id === 'cust-age'`)
	fill(t, ctx, "#cust-age", "41")
	click(t, ctx, "[data-testid=customer-save]")
	poll(t, ctx, "the new file", `/^#\/customers\/[0-9a-f-]{36}$/.test(location.hash)`)
	visit(t, ctx, "#/customers")
	poll(t, ctx, "two files", `document.querySelectorAll('[data-testid=customer-row]').length === 2`)
	fill(t, ctx, "[data-testid=customer-search]", "王")
	poll(t, ctx, "one found", `document.querySelectorAll('[data-testid=customer-row]').length === 1`)

	// 4,999 more names from another phone of the agent's, pulled by the app.
	eval[bool](t, ctx, `(async () => {
		const s = JSON.parse(localStorage.getItem("fieldbook.session"));
		const grades = ["A", "B", "C", "D"], stages = ["new", "contacted", "appointment", "visited", "closed", "dropped"];
		const client = crypto.randomUUID();
		let seq = 1;
		for (let batch = 0; batch < 10; batch++) {
			const changes = [];
			for (let i = 0; i < 500 && batch * 500 + i < 4999; i++) {
				const n = batch * 500 + i;
				changes.push({ seq: seq++, collection: "prospects", id: crypto.randomUUID(),
					hlc: String(Date.now()).padStart(13, "0") + "-" + String(i).padStart(4, "0") + "-" + client,
					fields: { name: "客户" + n, grade: grades[n % 4], trust_score: (n * 7) % 11,
						stage: stages[n % 6], source: n % 2 ? "referral" : "other", ...(n % 2 ? { referrer: "介绍人" + (n % 10) } : {}) } });
			}
			const res = await fetch("/api/sync", { method: "POST", headers: { "Content-Type": "application/json", Authorization: "Bearer " + s.access_token },
				body: JSON.stringify({ protocol: 1, client_id: client, cursor: "", changes, limit: 1 }) });
			if (!res.ok) throw new Error(await res.text());
		}
		return true;
	})()`)
	syncNow(t, ctx)
	visit(t, ctx, "#/plan")
	fill(t, ctx, "#plan-filter-stage", "all")
	poll(t, ctx, "5,000 names, 50 drawn", `document.body.innerText.includes("5000 个名单") && document.querySelectorAll('[data-testid=prospect-row]').length === 50`)
	click(t, ctx, "[data-testid=show-more]")
	poll(t, ctx, "100 drawn", `document.querySelectorAll('[data-testid=prospect-row]').length === 100`)
	fill(t, ctx, "[data-testid=prospect-search]", "介绍人3")
	poll(t, ctx, "the search", `[...document.querySelectorAll('[data-testid=prospect-row]')].every(e => e.innerText.includes("介绍人3"))`)
	fill(t, ctx, "[data-testid=prospect-search]", "")
	fill(t, ctx, "#plan-order", "name")
	poll(t, ctx, "sorted by name", `document.querySelector('[data-testid=prospect-row]').innerText.startsWith("客户0")`)

	// English and a doubled font size: everything fits 360 px.
	eval[bool](t, ctx, `(localStorage.setItem("fieldbook.lang", "en"), true)`)
	do(t, ctx, "reload", chromedp.Reload())
	visit(t, ctx, "#/customers/"+cid)
	poll(t, ctx, "the file in English", `document.body.innerText.includes("File completeness")`)
	eval[bool](t, ctx, `(document.documentElement.style.fontSize = "200%", true)`)
	for _, route := range []string{"#/customers/" + cid, "#/plan/" + p.ID, "#/today", "#/log"} {
		visit(t, ctx, route)
		poll(t, ctx, "no sideways scrolling at 200% on "+route, `document.querySelector('main') !== null && document.documentElement.scrollWidth <= 360`)
	}
	eval[bool](t, ctx, `(document.documentElement.style.fontSize = "", window.confirm = () => true, true)`)

	visit(t, ctx, "#/plan/"+p.ID)
	click(t, ctx, "[data-testid=prospect-delete]")
	poll(t, ctx, "back to the list", `location.hash === '#/plan'`)
	a.waitHeld(agent.ID, fieldbook.Prospects, 4999, nil)
}

// TestBrowserOfflineFieldDay is a day in the field with no network: the
// server is stopped, the app reloads from the service worker, and the agent
// adds a name, turns it into a customer file, records a visit and a call,
// and writes and submits the day's log. Offline and the unsent changes are
// shown all along; when the server is back, it holds all of it.
func TestBrowserOfflineFieldDay(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), "lina", "a good password")
	waitController(t, ctx)

	a.stop()
	do(t, ctx, "reload offline", chromedp.Reload())
	poll(t, ctx, "Today opened offline", `document.querySelector('[data-testid=tap-visit]') !== null`)

	visit(t, ctx, "#/plan/new")
	poll(t, ctx, "the add form", `document.getElementById('plan-name') !== null`)
	fill(t, ctx, "#plan-name", "赵先生")
	fill(t, ctx, "#plan-grade", "A")
	click(t, ctx, "[data-testid=prospect-save]")
	poll(t, ctx, "the name listed", `[...document.querySelectorAll('[data-testid=prospect-row]')].some(e => e.innerText.includes("赵先生"))`)
	click(t, ctx, "[data-testid=prospect-row]")
	click(t, ctx, "[data-testid=convert-button]")
	poll(t, ctx, "the customer file", `document.getElementById('cust-age') !== null`)
	fill(t, ctx, "#cust-age", "52")
	fill(t, ctx, "#cust-occupation", "个体户")
	click(t, ctx, "[data-testid=customer-save]")
	poll(t, ctx, "the age saved", `document.querySelector('[data-testid=completeness-meter]').dataset.missing.indexOf("age") < 0`)
	click(t, ctx, "[data-testid=record-visit]")
	poll(t, ctx, "the visit sheet", `document.getElementById('act-outcome') !== null`)
	fill(t, ctx, "#act-outcome", "聊了养老规划")
	click(t, ctx, "[data-testid=activity-save]")
	recordActivity(t, ctx, "call", "没接")

	day := teamNow(t).Format(time.DateOnly)
	visit(t, ctx, "#/log/"+day)
	poll(t, ctx, "the log form", `document.getElementById('log-summary') !== null`)
	fill(t, ctx, "#plan-visit", "4")
	click(t, ctx, "[data-testid=add-problem]")
	fill(t, ctx, "#problem-tag-0", "objection_handling")
	fill(t, ctx, "#problem-text-0", "客户问理赔难不难，我答不上来")
	fill(t, ctx, "#log-summary", "拜访一位，约访一次")
	click(t, ctx, "[data-testid=log-submit]")
	poll(t, ctx, "the log submitted", `document.querySelector('[data-testid=log-message]').innerText.includes("已提交")`)
	poll(t, ctx, "offline and unsent changes shown", `document.querySelector('.strip .conn--offline') !== null && Number(document.querySelector('[data-pending]').dataset.pending) >= 7`)

	a.start()
	sendAll(t, ctx)
	p := a.waitHeld(agent.ID, fieldbook.Prospects, 1, nil)[0]
	c := a.waitHeld(agent.ID, fieldbook.Customers, 1, nil)[0]
	if field(p, "customer_id") != c.ID || field(c, "prospect_id") != p.ID || field(c, "age") != "52" || field(c, "occupation") != "个体户" {
		t.Fatalf("the server holds prospect %v and customer %v", p.Fields, c.Fields)
	}
	a.waitHeld(agent.ID, fieldbook.Activities, 3, nil) // the name added, the visit, the call
	a.waitHeld(agent.ID, fieldbook.Activities, 1, func(r fieldbook.Record) bool {
		return field(r, "kind") == "visit" && field(r, "customer_id") == c.ID && field(r, "outcome") == "聊了养老规划"
	})
	a.waitHeld(agent.ID, fieldbook.DayLogs, 1, func(r fieldbook.Record) bool {
		return field(r, "state") == "submitted" && field(r, "date") == day && field(r, "plan") == `{"visit":4}` &&
			strings.Contains(field(r, "problems"), "objection_handling") && field(r, "summary") == "拜访一位，约访一次"
	})
}
