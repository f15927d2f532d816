package e2e

import (
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"

	"fieldbook"
	"fieldbook/storage/diskspace"
)

// volume is the server's data volume, its free space set by the test and
// measured by a real watcher through its constructor parameter.
type volume struct{ free atomic.Uint64 }

func (v *volume) measure(string) (diskspace.Usage, error) {
	return diskspace.Usage{Free: v.free.Load(), Total: 10 << 30}, nil
}

// TestBrowserFullServerDiskKeepsOutbox: while the server's disk is nearly
// full it refuses the agent's push with 507; the app keeps the change,
// says so on the status strip and the sync screen (in Chinese, the
// default), and sends it by itself once space returns.
func TestBrowserFullServerDiskKeepsOutbox(t *testing.T) {
	v := &volume{}
	v.free.Store(1 << 30)
	w := diskspace.New(t.TempDir(), diskspace.DefaultThreshold, v.measure, nil)
	a := newAppWith(t, w)
	agent := a.agent("lina")
	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), "lina", "a good password")

	v.free.Store(100 << 20)
	w.Check()
	recordActivity(t, ctx, "visit", "磁盘满时记下的")
	poll(t, ctx, "the strip says the server is full", `document.querySelector('.strip [data-server-full]')?.textContent.includes("服务器空间不足") === true`)
	waitPending(t, ctx, 1)
	visit(t, ctx, "#/sync")
	poll(t, ctx, "the sync screen says why and that the change waits", `document.body.innerText.includes("服务器存储空间不足") && document.body.innerText.includes("保存在本机")`)
	if got := a.held(agent.ID, fieldbook.Activities); len(got) != 0 {
		t.Fatalf("the server took %d activities while its disk was full", len(got))
	}

	v.free.Store(1 << 30)
	w.Check()
	sendAll(t, ctx)
	a.waitHeld(agent.ID, fieldbook.Activities, 1, func(r fieldbook.Record) bool { return field(r, "outcome") == "磁盘满时记下的" })
	poll(t, ctx, "the strip no longer says full", `document.querySelector('.strip [data-server-full]') === null`)
}
