package e2e

// The access log in the browser: a supervisor opens an agent's customer
// files on purpose, and the agent then sees who looked.

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"fieldbook"
)

// TestBrowserSupervisorOpensFilesOnTheRecord: the supervisor's phone holds
// no customer file; "查看客户档案" asks why, and offline says it needs the
// network; online, with a suggested purpose, it shows the agent's files,
// and the opening is in the server's access log; the agent's 我的 screen
// then shows who looked at their files and why.
func TestBrowserSupervisorOpensFilesOnTheRecord(t *testing.T) {
	a := newApp(t)
	team, err := a.st.CreateTeam(context.Background(), "一队", "")
	if err != nil {
		t.Fatal(err)
	}
	agent := a.user("lina", "a good password", fieldbook.RoleAgent, team.ID)
	a.user("zhou", "a good password", fieldbook.RoleSupervisor, team.ID)
	customer := uuid.NewString()
	pushAs(t, a, "lina", []map[string]any{{"collection": fieldbook.Customers, "id": customer, "fields": map[string]any{"name": "王芳", "age": 35}}})

	zhou := signedIn(t, a, "zhou")
	files := "#/agent/" + agent.ID + "/files"
	visit(t, zhou, files)
	poll(t, zhou, "the purpose form", `document.querySelector('[data-testid=files-purpose]') !== null`)
	if n := eval[int](t, zhou, `document.querySelectorAll('[data-testid=file-row]').length`); n != 0 {
		t.Fatalf("%d files shown before the supervisor said why", n)
	}
	setOffline(t, zhou, true)
	fill(t, zhou, "[data-testid=purpose-input]", "审核活动记录")
	click(t, zhou, "[data-testid=show-files]")
	poll(t, zhou, "offline: the files need the network", `(document.querySelector('[data-testid=files-problem]')?.innerText ?? "").includes("需要联网")`)
	setOffline(t, zhou, false)

	click(t, zhou, "[data-testid=purpose-suggested]") // 辅导面谈准备
	poll(t, zhou, "the suggested purpose filled in", `document.querySelector('[data-testid=purpose-input]').value === "辅导面谈准备"`)
	click(t, zhou, "[data-testid=show-files]")
	poll(t, zhou, "the agent's file shown", `(document.querySelector('[data-testid=file-row][data-id=`+js(customer)+`]')?.innerText ?? "").includes("王芳")`)
	es, err := a.st.AccessLog(context.Background(), fieldbook.AccessQuery{AgentID: agent.ID, Limit: 10})
	if err != nil || len(es) != 1 || es[0].Username != "zhou" || es[0].Purpose != "辅导面谈准备" || es[0].File != fieldbook.AllFiles {
		t.Fatalf("the access log after the opening: %+v, %v", es, err)
	}
	click(t, zhou, "[data-testid=file-row][data-id="+js(customer)+"]")
	poll(t, zhou, "one file, opened from the list", `document.querySelector('[data-testid=agent-file]') !== null`)

	phone := signedIn(t, a, "lina")
	visit(t, phone, "#/me")
	poll(t, phone, "who looked at my files", `(document.querySelector('[data-testid=access-entry][data-user=zhou]')?.innerText ?? "").includes("辅导面谈准备")`)
}
