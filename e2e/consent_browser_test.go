package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fieldbook"
	"fieldbook/sync/rules"
)

// The consent ledger in the app (issue 11): consent recorded offline on a
// customer file, the locked fields of a group without consent, a
// withdrawal that clears the fields on the agent's other phone, a change
// refused for the lack of consent recorded and sent again, and an erasure
// that reaches a phone that was offline.

// consentGroups are the groups the consent sheet offers, in its order.
var consentGroups = []string{fieldbook.GroupContact, fieldbook.GroupHealth, fieldbook.GroupIncome, fieldbook.GroupFamily}

// recordConsent opens the consent sheet with opener (a form's lock, the
// section's button) and records consent to groups (ticked or unticked as
// needed) by method; the notice version is typed when the phone knows no
// published one, the guardian's name when one is given.
func recordConsent(t *testing.T, ctx context.Context, opener string, groups []string, method, guardian string) {
	t.Helper()
	click(t, ctx, opener)
	poll(t, ctx, "the consent sheet", `document.querySelector('[data-testid=consent-form][data-action=given]') !== null`)
	for _, g := range consentGroups {
		eval[bool](t, ctx, fmt.Sprintf(`(() => { const el = document.getElementById("consent-group-" + %s); if (el.checked !== %t) el.click(); return true; })()`, js(g), slices.Contains(groups, g)))
	}
	fill(t, ctx, "#consent-method", method)
	if eval[bool](t, ctx, `document.getElementById('consent-notice') !== null`) {
		fill(t, ctx, "#consent-notice", "纸质告知书 2025")
	}
	if guardian != "" {
		fill(t, ctx, "#consent-guardian", guardian)
	}
	click(t, ctx, "[data-testid=consent-save]")
	poll(t, ctx, "the consent sheet closed", `document.querySelector('[data-testid=consent-form]') === null`)
}

// consentRowIs is a JavaScript test of a group's state in the consent section.
func consentRowIs(group, state string) string {
	return fmt.Sprintf(`(() => { const r = document.querySelector('[data-testid=consent-row][data-group=%s]'); return r !== null && r.dataset.state === %s; })()`, group, js(state))
}

// TestBrowserConsentOfflineAndWithdrawnOnEveryPhone: one agent with two
// phones. On the first, the customer file shows the phone locked ("请先记录同意");
// offline, the agent records the customer's consent to contact (signed on
// paper an hour ago, under the notice the admin published, fetched while
// online) and fills the phone; back online it syncs and the server holds
// both. The second phone shows the phone. The consent is withdrawn on the
// first phone; the server clears the phone, and so does the second phone
// at its next sync, where the field is locked again.
func TestBrowserConsentOfflineAndWithdrawnOnEveryPhone(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	if _, err := a.st.PublishNotice(context.Background(), fieldbook.Notice{Version: "2026-1", Text: "个人信息保护告知书"}); err != nil {
		t.Fatal(err)
	}
	customer := rules.NewID()
	a.push(agent.ID, change(fieldbook.Customers, customer, `{"name":"王芳","age":35}`))

	phone1, phone2 := browser(t), browser(t)
	for _, ctx := range []context.Context{phone1, phone2} {
		do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
		signIn(t, ctx, a.url(), "lina", "a good password")
	}
	waitController(t, phone1)

	// Online, the file shows no consent yet, the phone locked, and the
	// published notice is fetched (and kept for offline).
	visit(t, phone1, "#/customers/"+customer)
	poll(t, phone1, "the consent section, nothing recorded", `document.querySelectorAll('[data-testid=consent-row][data-state=none]').length === 4`)
	poll(t, phone1, "the phone locked", `(() => {
		const input = document.getElementById('cust-phone');
		const lock = document.querySelector('[data-testid=consent-lock][data-group=contact]');
		return input.disabled && lock !== null && lock.innerText.includes("请先记录同意");
	})()`)
	for _, g := range []string{"income", "family", "health"} {
		poll(t, phone1, g+" locked too", fmt.Sprintf(`document.querySelector('[data-testid=consent-lock][data-group=%s]') !== null`, g))
	}
	poll(t, phone1, "the notice kept for offline", `Object.keys(localStorage).some(k => k.endsWith(".privacy-notices"))`)

	setOffline(t, phone1, true)
	poll(t, phone1, "offline", `document.querySelector('.strip .conn--offline') !== null`)
	click(t, phone1, "[data-testid=consent-lock][data-group=contact]")
	poll(t, phone1, "the sheet for contact, under the published notice", `(() => {
		const n = document.querySelector('[data-testid=consent-notice-shown]');
		return document.getElementById('consent-group-contact').checked && !document.getElementById('consent-group-health').checked && n !== null && n.dataset.version === "2026-1";
	})()`)
	signed := teamNow(t).Add(-time.Hour).Truncate(time.Minute)
	fill(t, phone1, "#consent-when", signed.Format(wallLayout))
	// The method is asked for.
	click(t, phone1, "[data-testid=consent-save]")
	poll(t, phone1, "the method asked for", `document.querySelector('[data-testid=consent-error][data-problem=method]') !== null`)
	fill(t, phone1, "#consent-method", "paper")
	click(t, phone1, "[data-testid=consent-save]")
	poll(t, phone1, "contact given, the phone open", consentRowIs("contact", "given")+` && !document.getElementById('cust-phone').disabled`)
	poll(t, phone1, "the others still locked", `document.getElementById('cust-incomeBand').disabled && document.querySelector('[data-testid=consent-lock][data-group=contact]') === null`)
	fill(t, phone1, "#cust-phone", "138 0013 8000")
	click(t, phone1, "[data-testid=customer-save]")
	poll(t, phone1, "saved", `document.querySelector('.customers-save [role=status]').innerText.includes("已保存")`)
	waitPending(t, phone1, 2)

	setOffline(t, phone1, false)
	syncNow(t, phone1)
	waitPending(t, phone1, 0)
	given := a.waitHeld(agent.ID, fieldbook.Consents, 1, nil)[0]
	at, err := time.Parse(time.RFC3339, field(given, "at"))
	if field(given, "subject") != "customers" || field(given, "subject_id") != customer || field(given, "group") != "contact" ||
		field(given, "action") != "given" || field(given, "method") != "paper" || field(given, "notice_version") != "2026-1" ||
		err != nil || !at.Equal(signed) {
		t.Fatalf("the consent on the server: %v (at %v, want %v)", given.Fields, at, signed)
	}
	a.waitHeld(agent.ID, fieldbook.Customers, 1, func(r fieldbook.Record) bool { return field(r, "phone") == "138 0013 8000" })

	syncNow(t, phone2)
	visit(t, phone2, "#/customers/"+customer)
	poll(t, phone2, "the second phone shows the phone, open", consentRowIs("contact", "given")+` && document.getElementById('cust-phone').value === "138 0013 8000" && !document.getElementById('cust-phone').disabled`)

	// Withdrawn on the first phone: it says what goes, everywhere.
	click(t, phone1, "[data-testid=consent-withdraw][data-group=contact]")
	poll(t, phone1, "the withdrawal's warning", `document.querySelector('[data-testid=consent-withdraw-warning]').innerText.includes("所有手机上清空")`)
	fill(t, phone1, "#consent-method", "in_person")
	click(t, phone1, "[data-testid=consent-withdraw-save]")
	poll(t, phone1, "withdrawn, the phone cleared and locked", consentRowIs("contact", "withdrawn")+` && document.getElementById('cust-phone').value === "" && document.getElementById('cust-phone').disabled`)
	a.waitHeld(agent.ID, fieldbook.Consents, 1, func(r fieldbook.Record) bool {
		return field(r, "action") == "withdrawn" && field(r, "method") == "in_person"
	})
	a.waitHeld(agent.ID, fieldbook.Customers, 1, func(r fieldbook.Record) bool {
		return string(r.Fields["phone"]) == "null" && field(r, "name") == "王芳"
	})

	syncNow(t, phone2)
	poll(t, phone2, "the second phone cleared and locked", consentRowIs("contact", "withdrawn")+` && document.getElementById('cust-phone').value === "" && document.getElementById('cust-phone').disabled`)
	if strings.Contains(storedRecord(t, phone2, fieldbook.Customers, customer), "138 0013 8000") {
		t.Fatal("the second phone's IndexedDB still holds the withdrawn phone number")
	}
}

// TestBrowserConsentRequiredRejectionRecordedAndResent: a change the server
// refuses for the lack of consent (as an older version of the app would
// send: a prospect's phone with no consent recorded) is listed with the
// reason; the agent records the consent from the list, and the change goes
// again after it and is applied.
func TestBrowserConsentRequiredRejectionRecordedAndResent(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), "lina", "a good password")

	prospect := rules.NewID()
	// As an older version of the app would have queued it.
	queueRaw(t, ctx, "prospects", prospect, `{ name: "赵先生", phone: "139 0000 1111", need_score: 8, stage: "new" }`)
	syncNow(t, ctx)
	visit(t, ctx, "#/sync")
	poll(t, ctx, "the rejection, with what it needs", `(() => {
		const row = document.querySelector('[data-testid=rejected-row]');
		const need = document.querySelector('[data-testid=rejected-consent-need]');
		return row !== null && row.dataset.code === "consent_required" && need !== null && need.innerText.includes("联系方式") && need.innerText.includes("健康需求");
	})()`)
	recordConsent(t, ctx, "[data-testid=rejected-consent]", []string{"contact", "health"}, "e_signature", "")
	poll(t, ctx, "the rejected list empty", `document.querySelector('[data-testid=rejected-row]') === null`)
	got := a.waitHeld(agent.ID, fieldbook.Prospects, 1, nil)[0]
	if got.ID != prospect || field(got, "phone") != "139 0000 1111" || field(got, "need_score") != "8" {
		t.Fatalf("the server holds %s %v", got.ID, got.Fields)
	}
	for _, c := range a.waitHeld(agent.ID, fieldbook.Consents, 2, nil) {
		// No notice was ever published: the version typed from the paper form.
		if field(c, "subject") != "prospects" || field(c, "subject_id") != prospect || field(c, "method") != "e_signature" || field(c, "notice_version") != "纸质告知书 2025" {
			t.Fatalf("a consent on the server: %v", c.Fields)
		}
	}
	waitPending(t, ctx, 0)
}

// TestBrowserErasureReachesAnOfflinePhone: a Plan 100 name with its phone
// (given consent) is on both phones of an agent; the second goes offline,
// the name is deleted on the first — the server erases it — and when the
// second comes back and syncs, the name is gone from its screens and its
// IndexedDB holds nothing of the person but the deletion.
func TestBrowserErasureReachesAnOfflinePhone(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	prospect, consent := rules.NewID(), rules.NewID()
	at := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	a.push(agent.ID,
		change(fieldbook.Consents, consent, `{"subject":"prospects","subject_id":"`+prospect+`","group":"contact","action":"given","notice_version":"2026-1","method":"paper","at":"`+at+`"}`),
		change(fieldbook.Prospects, prospect, `{"name":"赵先生","phone":"139 0000 1111","notes":"住在梅园小区","stage":"new"}`))

	phone1, phone2 := browser(t), browser(t)
	for _, ctx := range []context.Context{phone1, phone2} {
		do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
		signIn(t, ctx, a.url(), "lina", "a good password")
		visit(t, ctx, "#/plan/"+prospect)
		poll(t, ctx, "the name with its phone", `document.body.innerText.includes("139 0000 1111")`)
	}
	setOffline(t, phone2, true)

	eval[bool](t, phone1, `(window.confirm = () => true, true)`)
	click(t, phone1, "[data-testid=prospect-delete]")
	poll(t, phone1, "back to the list", `location.hash === '#/plan'`)
	a.waitHeld(agent.ID, fieldbook.Prospects, 0, nil)

	setOffline(t, phone2, false)
	syncNow(t, phone2)
	waitPending(t, phone2, 0)
	poll(t, phone2, "the name gone", `document.body.innerText.includes("找不到这个名单")`)
	stored := storedRecord(t, phone2, fieldbook.Prospects, prospect)
	for _, gone := range []string{"赵先生", "139 0000 1111", "梅园"} {
		if strings.Contains(stored, gone) {
			t.Fatalf("the second phone's IndexedDB still holds %q: %s", gone, stored)
		}
	}
	if !strings.Contains(stored, `"_deleted":true`) {
		t.Fatalf("the second phone's IndexedDB does not hold the deletion: %s", stored)
	}
}
