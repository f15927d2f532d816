package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"fieldbook"
)

// TestBrowserOutboxFileImportedWithoutDuplicates: a phone that cannot reach
// the server saves its two unsent changes to a file from the sync screen;
// an admin imports the file (both applied), imports it again (both
// duplicates), and when the phone is back online and sends its outbox the
// server answers duplicate: it holds each activity once, and the phone
// shows no rejection and nothing left to send.
func TestBrowserOutboxFileImportedWithoutDuplicates(t *testing.T) {
	a := newApp(t)
	a.user("boss", "a good password", fieldbook.RoleAdmin, "")
	lina := a.agent("lina")
	phone := signedIn(t, a, "lina")
	waitController(t, phone)

	setOffline(t, phone, true)
	recordActivity(t, phone, "call", "约了周三见面")
	recordActivity(t, phone, "visit", "送了计划书")
	waitPending(t, phone, 2)

	visit(t, phone, "#/sync")
	dir := downloadsTo(t, phone)
	click(t, phone, "[data-testid=outbox-save]")
	poll(t, phone, "the file saved", `document.querySelector('[data-testid=outbox-saved]') !== null`)
	names := strings.Fields(eval[string](t, phone, `document.querySelector('[data-testid=outbox-saved]').dataset.files`))
	if len(names) != 1 {
		t.Fatalf("saved files %v, want one", names)
	}
	raw := downloaded(t, dir, names[0])
	var file struct {
		Format   string `json:"format"`
		ClientID string `json:"client_id"`
		User     struct {
			ID string `json:"id"`
		} `json:"user"`
		Changes []struct {
			Seq        int    `json:"seq"`
			Collection string `json:"collection"`
		} `json:"changes"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatalf("the file is not JSON: %v\n%s", err, raw)
	}
	if file.Format != "fieldbook-outbox" || file.User.ID != lina.ID || file.ClientID == "" || len(file.Changes) != 2 || file.Changes[0].Seq+1 != file.Changes[1].Seq {
		t.Fatalf("the file: %s", raw)
	}

	admin := apiToken(t, a, "boss")
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct{ applied, duplicates float64 }{{2, 0}, {0, 2}} {
		status, got := apiDo(t, a, http.MethodPost, "/api/admin/outbox-import", admin, body)
		if status != http.StatusOK || got["applied"] != want.applied || got["duplicates"] != want.duplicates || got["rejected"] != float64(0) {
			t.Fatalf("import: %d %v, want %v applied and %v duplicates", status, got, want.applied, want.duplicates)
		}
	}
	if n := len(a.held(lina.ID, fieldbook.Activities)); n != 2 {
		t.Fatalf("after the imports the server holds %d activities, want 2", n)
	}

	setOffline(t, phone, false)
	sendAll(t, phone)
	if n := len(a.held(lina.ID, fieldbook.Activities)); n != 2 {
		t.Errorf("after the phone's own send the server holds %d activities, want 2", n)
	}
	visit(t, phone, "#/today")
	poll(t, phone, "each activity once on the phone, nothing pending or rejected", `document.querySelectorAll('[data-testid=activity-row]').length === 2 && document.querySelectorAll('[data-testid=activity-row] .chip--warn').length === 0`)
	visit(t, phone, "#/sync")
	poll(t, phone, "the sync screen, nothing left to save", `document.getElementById('status-title') !== null && (document.querySelector('[data-testid=outbox-file]') === null || document.querySelector('[data-testid=outbox-save]').disabled)`)
	if n := eval[int](t, phone, `document.querySelectorAll('[data-testid=rejected-row]').length`); n != 0 {
		t.Errorf("the phone lists %d rejected changes after the import", n)
	}
}
