package e2e

// The register of personal-information requests in the browser, as a
// supervisor keeps it: the dashboard's card of the team's open requests,
// a request recorded from a customer file opened on purpose, the copy
// downloaded, and the requests closed — a deletion only once the agent
// has deleted the person.

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"fieldbook"
)

// downloadsTo makes the browser save downloads in a new directory, which it
// returns.
func downloadsTo(t *testing.T, ctx context.Context) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// downloaded waits for the file name to be saved whole in dir and returns
// its bytes (Chromium writes a download under another name until it is done).
func downloaded(t *testing.T, dir, name string) []byte {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err == nil {
			return b
		}
		if time.Now().After(deadline) {
			entries, _ := os.ReadDir(dir)
			t.Fatalf("no download %s after 20 s (the directory holds %v): %v", name, entries, err)
		}
	}
}

// recordRequest records a request of kind from the customer file on screen
// and returns its id, once the form says it is recorded.
func recordRequest(t *testing.T, ctx context.Context, kind, note string) (id, due string) {
	t.Helper()
	click(t, ctx, "[data-testid=file-requests] [data-testid=request-add]")
	fill(t, ctx, "[data-testid=request-kind]", kind)
	fill(t, ctx, "[data-testid=request-note]", note)
	click(t, ctx, "[data-testid=request-save]")
	poll(t, ctx, "the "+kind+" request recorded", `document.querySelector('[data-testid=request-saved]') !== null`)
	return eval[string](t, ctx, `document.querySelector('[data-testid=request-saved]').dataset.id`),
		eval[string](t, ctx, `document.querySelector('[data-testid=request-saved]').dataset.due`)
}

// cardIs waits for the dashboard's requests card to count open requests,
// overdue of them.
func cardIs(t *testing.T, ctx context.Context, open, overdue string) {
	t.Helper()
	poll(t, ctx, "the requests card counting "+open+" open, "+overdue+" overdue", `(() => {
		const c = document.querySelector('[data-testid=requests-card]');
		return c.dataset.count === `+js(open)+` && c.dataset.overdue === `+js(overdue)+`
			&& c.querySelectorAll('[data-testid=requests-card-item]').length === Number(`+js(open)+`);
	})()`)
}

// TestBrowserSupervisorHandlesTheTeamsRequests: the supervisor's dashboard
// card shows the team's open request received a month ago as overdue, and
// no other team's. From the agent's customer files, opened on purpose, the
// supervisor records a copy request and a delete request; the card then
// counts three, each due date the server's. On the team's register the copy
// downloads as the person's data in JSON (its access logged) and is closed
// as done; the delete request cannot be done while the person's record
// stands (the server's words shown), and can once the agent has deleted
// them. Closed requests leave the card.
func TestBrowserSupervisorHandlesTheTeamsRequests(t *testing.T) {
	a := newApp(t)
	bg := context.Background()
	team, err := a.st.CreateTeam(bg, "一队", "")
	if err != nil {
		t.Fatal(err)
	}
	team2, err := a.st.CreateTeam(bg, "二队", "")
	if err != nil {
		t.Fatal(err)
	}
	agent := a.user("lina", "a good password", fieldbook.RoleAgent, team.ID)
	other := a.user("wei", "a good password", fieldbook.RoleAgent, team2.ID)
	sup := a.user("zhou", "a good password", fieldbook.RoleSupervisor, team.ID)
	wang, li, zhao := uuid.NewString(), uuid.NewString(), uuid.NewString()
	pushAs(t, a, "lina", []map[string]any{
		{"collection": fieldbook.Customers, "id": wang, "fields": map[string]any{"name": "王芳", "age": 35}},
		{"collection": fieldbook.Customers, "id": li, "fields": map[string]any{"name": "李强", "age": 50}},
	})
	pushAs(t, a, "wei", []map[string]any{{"collection": fieldbook.Customers, "id": zhao, "fields": map[string]any{"name": "赵敏"}}})
	request := func(kind, id string, agent fieldbook.User, received time.Time) fieldbook.PrivacyRequest {
		t.Helper()
		due, dueAt := fieldbook.DueDate(received, zone(t, teamZoneName))
		r, err := a.st.CreateRequest(bg, fieldbook.PrivacyRequest{Kind: kind, Subject: fieldbook.Customers, SubjectID: id, AgentID: agent.ID,
			TeamID: agent.TeamID, ReceivedAt: received, DueDate: due, DueAt: dueAt, Note: "电话提出", CreatedBy: agent.ID})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	late := request(fieldbook.RequestCorrect, wang, agent, time.Now().AddDate(0, 0, -30))
	elsewhere := request(fieldbook.RequestCopy, zhao, other, time.Now())

	zhou := signedIn(t, a, "zhou")
	visit(t, zhou, "#/dashboard")
	cardIs(t, zhou, "1", "1")
	lateItem := `document.querySelector('[data-testid=requests-card-item][data-id=` + js(late.ID) + `]')`
	if !eval[bool](t, zhou, lateItem+`.querySelector('[data-testid=request-due]').classList.contains('error')`) ||
		eval[string](t, zhou, lateItem+`.querySelector('[data-testid=request-due]').dataset.due`) != late.DueDate {
		t.Fatalf("the overdue request is not shown overdue, due %s", late.DueDate)
	}
	if eval[bool](t, zhou, `document.querySelector('[data-id=`+js(elsewhere.ID)+`]') !== null`) {
		t.Fatal("the card shows another team's request")
	}

	// From the agent's files, opened on purpose: a copy for 王芳, a deletion for 李强.
	visit(t, zhou, "#/agent/"+agent.ID+"/files")
	click(t, zhou, "[data-testid=purpose-suggested]")
	click(t, zhou, "[data-testid=show-files]")
	poll(t, zhou, "the agent's files", `document.querySelectorAll('[data-testid=file-row]').length === 2`)
	visit(t, zhou, "#/agent/"+agent.ID+"/files/"+wang)
	poll(t, zhou, "王芳's file", `document.querySelector('[data-testid=agent-file][data-id=`+js(wang)+`]') !== null`)
	copyID, copyDue := recordRequest(t, zhou, "copy", "客户电话要求副本")
	visit(t, zhou, "#/agent/"+agent.ID+"/files/"+li)
	poll(t, zhou, "李强's file", `document.querySelector('[data-testid=agent-file][data-id=`+js(li)+`]') !== null`)
	deleteID, _ := recordRequest(t, zhou, "delete", "客户要求删除")
	for _, id := range []string{copyID, deleteID} {
		r, found, err := a.st.Request(bg, id)
		if err != nil || !found || r.CreatedBy != sup.ID || r.AgentID != agent.ID || r.Status != fieldbook.RequestOpen {
			t.Fatalf("the recorded request %s: %+v, %v, %v", id, r, found, err)
		}
		if id == copyID && (r.Kind != fieldbook.RequestCopy || r.SubjectID != wang || r.DueDate != copyDue) {
			t.Fatalf("the copy request: %+v, shown due %s", r, copyDue)
		}
		if id == deleteID && (r.Kind != fieldbook.RequestDelete || r.SubjectID != li) {
			t.Fatalf("the delete request: %+v", r)
		}
	}

	visit(t, zhou, "#/dashboard")
	cardIs(t, zhou, "3", "1")
	if got := eval[string](t, zhou, `document.querySelector('[data-testid=requests-card-item][data-id=`+js(copyID)+`] [data-testid=request-due]').dataset.due`); got != copyDue {
		t.Fatalf("the card shows the copy due %s, want %s", got, copyDue)
	}
	click(t, zhou, "[data-testid=requests-card-open]")
	poll(t, zhou, "the team's register", `document.querySelectorAll('[data-testid=team-requests] [data-testid=request]').length === 3`)

	row := func(id string) string { return `[data-testid=request][data-id="` + id + `"]` }
	dir := downloadsTo(t, zhou)
	click(t, zhou, row(copyID)+" [data-testid=request-download]")
	var file struct {
		RequestID string `json:"request_id"`
		ID        string `json:"id"`
		Fields    struct {
			Name string `json:"name"`
		} `json:"fields"`
	}
	if err := json.Unmarshal(downloaded(t, dir, "fieldbook-person-copy-"+copyID[:8]+".json"), &file); err != nil || file.RequestID != copyID || file.ID != wang || file.Fields.Name != "王芳" {
		t.Fatalf("the downloaded copy: %+v, %v", file, err)
	}
	es, err := a.st.AccessLog(bg, fieldbook.AccessQuery{UserID: sup.ID, Limit: 10})
	if err != nil || len(es) != 2 || es[0].Purpose != "个人信息副本请求" || es[0].File != wang {
		t.Fatalf("the access log after the copy: %+v, %v", es, err)
	}
	click(t, zhou, row(copyID)+" [data-testid=request-done]")
	poll(t, zhou, "the copy request done", `document.querySelector(`+js(row(copyID))+`).dataset.open === "false"
		&& document.querySelector(`+js(row(copyID)+" [data-testid=request-status]")+`).innerText === "已完成"`)

	click(t, zhou, row(deleteID)+" [data-testid=request-done]")
	poll(t, zhou, "the server's refusal shown", `document.querySelector('[data-testid=requests-problem]').innerText.includes("the person's record is not deleted yet")`)
	if !eval[bool](t, zhou, `document.querySelector(`+js(row(deleteID))+`).dataset.open === "true"`) {
		t.Fatal("the delete request closed while the person's record stands")
	}
	pushAs(t, a, "lina", []map[string]any{{"collection": fieldbook.Customers, "id": li, "fields": map[string]any{fieldbook.FieldDeleted: true}}})
	click(t, zhou, row(deleteID)+" [data-testid=request-done]")
	poll(t, zhou, "the delete request done after the deletion", `document.querySelector(`+js(row(deleteID))+`).dataset.open === "false"
		&& document.querySelector('[data-testid=requests-problem]') === null`)

	click(t, zhou, "[data-testid=requests-back]")
	cardIs(t, zhou, "1", "1")
	if eval[bool](t, zhou, lateItem+` === null`) {
		t.Fatal("the overdue request left the card")
	}
}
