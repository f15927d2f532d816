package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fieldbook"
	"fieldbook/sync/rules"
)

// followUpRow is the selector of a person's row among Today's follow-ups.
func followUpRow(prospect string) string {
	return fmt.Sprintf(`[data-testid=follow-up][data-who="p:%s"]`, prospect)
}

// TestBrowserFollowUpsDueComeBackOnToday: activities whose next step is
// dated today and yesterday bring their names to Today (the overdue one
// first, with the last outcome); one dated tomorrow does not. One tap on
// today's opens the sheet for that name; recording the follow-up (with a
// new follow-up day) takes it off Today, the server holds the new date,
// and Plan 100 sorted by next follow-up puts the names in that order.
func TestBrowserFollowUpsDueComeBackOnToday(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	now := teamNow(t)
	day := func(n int) string { return now.AddDate(0, 0, n).Format(time.DateOnly) }
	earlier := now.Add(-48 * time.Hour).Format(time.RFC3339)
	today, overdue, later, none := rules.NewID(), rules.NewID(), rules.NewID(), rules.NewID()
	a.push(agent.ID,
		change(fieldbook.Prospects, today, `{"name":"赵先生","stage":"contacted"}`),
		change(fieldbook.Prospects, overdue, `{"name":"钱女士","stage":"contacted"}`),
		change(fieldbook.Prospects, later, `{"name":"孙先生","stage":"contacted"}`),
		change(fieldbook.Prospects, none, `{"name":"李女士","stage":"new"}`),
		change(fieldbook.Activities, rules.NewID(), `{"kind":"call","occurred_at":"`+earlier+`","prospect_id":"`+today+`","outcome":"说周一再联系","next_step":"再约面谈","next_at":"`+day(0)+`"}`),
		change(fieldbook.Activities, rules.NewID(), `{"kind":"visit","occurred_at":"`+earlier+`","prospect_id":"`+overdue+`","outcome":"要和家人商量","next_at":"`+day(-1)+`"}`),
		change(fieldbook.Activities, rules.NewID(), `{"kind":"call","occurred_at":"`+earlier+`","prospect_id":"`+later+`","next_at":"`+day(1)+`"}`))

	ctx := signedIn(t, a, "lina")
	visit(t, ctx, "#/today")
	poll(t, ctx, "two follow-ups, the overdue first", fmt.Sprintf(`(() => {
		const rows = [...document.querySelectorAll('[data-testid=follow-up]')];
		return rows.length === 2 && rows[0].dataset.who === "p:%s" && rows[0].dataset.overdue === "true" && rows[1].dataset.who === "p:%s"
			&& rows[0].innerText.includes("逾期 1 天") && rows[0].innerText.includes("上次：要和家人商量")
			&& rows[1].innerText.includes("赵先生") && rows[1].innerText.includes("上次：说周一再联系") && rows[1].innerText.includes("再约面谈")
			&& document.querySelector('#follow-title').innerText === "待跟进";
	})()`, overdue, today))

	click(t, ctx, followUpRow(today)+" [data-testid=follow-up-record]")
	poll(t, ctx, "the sheet for that name", `document.getElementById('act-outcome') !== null && document.querySelector('[data-testid=activity-form]').innerText.includes("赵先生") && document.body.innerText.includes("记录约访")`)
	fill(t, ctx, "#act-outcome", "约到周五面谈")
	fill(t, ctx, "#act-next-at", day(3))
	click(t, ctx, "[data-testid=activity-save]")
	poll(t, ctx, "the sheet closed", `document.getElementById('act-outcome') === null`)
	poll(t, ctx, "today's follow-up gone, the overdue one left", fmt.Sprintf(`document.querySelector(%s) === null && document.querySelectorAll('[data-testid=follow-up]').length === 1 && document.querySelector(%s) !== null`,
		js(followUpRow(today)), js(followUpRow(overdue))))
	a.waitHeld(agent.ID, fieldbook.Activities, 1, func(r fieldbook.Record) bool {
		return field(r, "prospect_id") == today && field(r, "kind") == "call" && field(r, "outcome") == "约到周五面谈" && field(r, "next_at") == day(3)
	})

	visit(t, ctx, "#/plan")
	poll(t, ctx, "the Plan 100 list", `document.querySelectorAll('[data-testid=prospect-row]').length === 4`)
	fill(t, ctx, "#plan-order", "followUp")
	poll(t, ctx, "sorted by next follow-up", fmt.Sprintf(`JSON.stringify([...document.querySelectorAll('[data-testid=prospect-row]')].map((r) => r.dataset.id)) === %s`,
		js(fmt.Sprintf(`[%q,%q,%q,%q]`, overdue, later, today, none))))
	poll(t, ctx, "the row shows its day", fmt.Sprintf(`document.querySelector('[data-testid=prospect-row][data-id=%q] [data-testid=prospect-follow-up]').dataset.day === %q`, today, day(3)))

	eval[bool](t, ctx, `(localStorage.setItem("fieldbook.lang", "en"), true)`)
	do(t, ctx, "reload", chromedp.Reload())
	poll(t, ctx, "the app in English again", `document.querySelector('.strip') !== null && document.documentElement.lang === "en"`)
	visit(t, ctx, "#/today")
	poll(t, ctx, "the card in English", `document.querySelector('#follow-title').innerText === "Follow-ups due" && document.querySelector('[data-testid=follow-up]').innerText.includes("Overdue (1 d)") && document.querySelector('[data-testid=follow-up-record]').innerText === "Record follow-up"`)
}
