package e2e

import (
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"fieldbook"
)

// nearlyFullPhone is a script run before the app on every page load: the
// browser's storage estimate says the app uses 85 % of a 1 GiB quota, and
// while localStorage "test.quotaFull" is set, adding to the outbox fails
// as IndexedDB fails when the quota is reached.
const nearlyFullPhone = `(() => {
	const GB = 1024 ** 3;
	Object.defineProperty(StorageManager.prototype, "estimate", { value: async () => ({ usage: 0.85 * GB, quota: GB }) });
	const add = IDBObjectStore.prototype.add;
	IDBObjectStore.prototype.add = function (...args) {
		if (this.name === "outbox" && localStorage.getItem("test.quotaFull")) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
		return add.apply(this, args);
	};
})()`

// TestBrowserStorageHealthWarnsAndAFullPhoneSaysSo: the sync screen shows
// the space the app uses and the space left, and warns at 85 % (Chinese,
// then English); a change recorded when the phone has no room left says so
// in the form and on the status strip instead of hanging, keeps the form
// open with what was typed, and is saved once there is room again.
func TestBrowserStorageHealthWarnsAndAFullPhoneSaysSo(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	ctx := browser(t)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: nearlyFullPhone}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), "lina", "a good password")

	visit(t, ctx, "#/sync")
	poll(t, ctx, "the space used and left, and the warning", `(() => {
		const card = document.querySelector('[data-testid=storage]');
		return card !== null && card.innerText.includes("本应用占用") && card.innerText.includes("870 MB") && card.innerText.includes("剩余可用") && card.innerText.includes("154 MB")
			&& document.querySelector('[data-testid=storage-used]').dataset.bytes === String(0.85 * 1024 ** 3)
			&& document.querySelector('[data-testid=storage-warn]')?.innerText.includes("存储空间已用 85%，快要满了") === true;
	})()`)

	eval[bool](t, ctx, `(localStorage.setItem("test.quotaFull", "1"), true)`)
	visit(t, ctx, "#/today")
	click(t, ctx, "[data-testid=tap-call]")
	poll(t, ctx, "the activity sheet", `document.getElementById('act-outcome') !== null`)
	fill(t, ctx, "#act-outcome", "空间满时记下的")
	click(t, ctx, "[data-testid=activity-save]")
	poll(t, ctx, "the form says the phone is full, and the strip too", `document.querySelector('[data-testid=activity-error][data-problem=failed]')?.innerText.includes("手机存储空间已满，这条更改没有保存") === true
		&& document.querySelector('.strip [data-storage-full]')?.innerText.includes("存储空间已满") === true`)
	if got := eval[string](t, ctx, `document.getElementById('act-outcome').value`); got != "空间满时记下的" {
		t.Fatalf("the form holds %q after the failed save, want what was typed", got)
	}
	if n := eval[bool](t, ctx, `document.querySelector('[data-testid=activity-save]').disabled`); n {
		t.Fatal("the save button stays disabled after the failed save: the form hangs")
	}
	waitPending(t, ctx, 0)

	// Room again: the same form saves it, and the strip no longer says full.
	eval[bool](t, ctx, `(localStorage.removeItem("test.quotaFull"), true)`)
	click(t, ctx, "[data-testid=activity-save]")
	poll(t, ctx, "the sheet closed", `document.getElementById('act-outcome') === null`)
	a.waitHeld(agent.ID, fieldbook.Activities, 1, func(r fieldbook.Record) bool { return field(r, "outcome") == "空间满时记下的" })
	poll(t, ctx, "the strip no longer says full", `document.querySelector('.strip [data-storage-full]') === null`)

	eval[bool](t, ctx, `(localStorage.setItem("fieldbook.lang", "en"), true)`)
	do(t, ctx, "reload", chromedp.Reload())
	visit(t, ctx, "#/sync")
	poll(t, ctx, "the storage card in English", `(() => {
		const card = document.querySelector('[data-testid=storage]');
		return card !== null && card.innerText.includes("This app uses") && card.innerText.includes("870 MB") && card.innerText.includes("Space left")
			&& document.querySelector('[data-testid=storage-warn]')?.innerText.includes("85% of the storage is used and it is nearly full") === true;
	})()`)
	eval[bool](t, ctx, `(localStorage.setItem("test.quotaFull", "1"), true)`)
	visit(t, ctx, "#/today")
	click(t, ctx, "[data-testid=tap-visit]")
	poll(t, ctx, "the activity sheet", `document.getElementById('act-outcome') !== null`)
	fill(t, ctx, "#act-outcome", "full again")
	click(t, ctx, "[data-testid=activity-save]")
	poll(t, ctx, "the full phone in English", `document.querySelector('[data-testid=activity-error]')?.innerText.includes("The phone's storage is full: this change was not saved") === true
		&& document.querySelector('.strip [data-storage-full]')?.innerText.includes("Storage full") === true`)
}
