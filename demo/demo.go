// Package demo loads the data set of `fieldbook serve --demo`: a team
// 「演示团队」 (Asia/Shanghai) with a supervisor, five agents of different
// profiles and an admin, and four weeks of their work ending today, so a
// newcomer sees a living app at once.
//
// Every record is written the way a phone writes it: through Store.Push, as
// the real user, from a client "demo-<username>" with its own HLC clock,
// checked first by protocol.Prepare as the server checks a sync request. So
// the demo is valid under the rules by construction, and Load fails if the
// store rejects any change of it.
//
// The content is made by a seeded simulation (see world.go): two loads with
// the same now write the same content; only record ids and user ids, and
// so the ids of work logs, differ.
package demo

import (
	"context"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"fieldbook"
	"fieldbook/auth"
	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
)

const (
	// TeamName is the demo team. Its presence means the demo is loaded.
	TeamName = "演示团队"
	// Password is every demo user's password.
	Password = "fieldbook-demo"
)

// Login is one demo user as the command prints it on start.
type Login struct {
	Username string
	Password string
	Role     fieldbook.Role
	Name     string
	About    string // the user's part in the demo, in Chinese
}

// Logins are the demo's users: the admin, the supervisor, then the agents.
type Logins []Login

// demoLogins lists the demo users; it is fixed, so a second Load returns it
// without reading the users back.
func demoLogins() Logins {
	out := Logins{
		{Username: adminUsername, Password: Password, Role: fieldbook.RoleAdmin, Name: adminName, About: "管理员:团队、用户和计分规则"},
		{Username: supervisorUsername, Password: Password, Role: fieldbook.RoleSupervisor, Name: supervisorName, About: "主管:批阅日志、辅导"},
	}
	for _, p := range profiles {
		out = append(out, Login{Username: p.username, Password: Password, Role: fieldbook.RoleAgent, Name: p.name, About: p.about})
	}
	return out
}

// WriteTo writes the logins as a table. The Chinese columns come last, so
// their double-width characters do not break the alignment.
func (ls Logins) WriteTo(w io.Writer) (int64, error) {
	n, err := io.WriteString(w, ls.String())
	return int64(n), err
}

// String returns the table WriteTo writes.
func (ls Logins) String() string {
	rows := [][]string{{"USERNAME", "PASSWORD", "ROLE", "NAME"}}
	for _, l := range ls {
		name := l.Name
		if l.About != "" {
			name += "(" + l.About + ")"
		}
		rows = append(rows, []string{l.Username, l.Password, string(l.Role), name})
	}
	widths := make([]int, 3)
	for _, r := range rows {
		for i := range widths {
			widths[i] = max(widths[i], len(r[i]))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Demo team %s: sign in as any of these users.\n", TeamName)
	for _, r := range rows {
		fmt.Fprintf(&b, "  %-*s  %-*s  %-*s  %s\n", widths[0], r[0], widths[1], r[1], widths[2], r[2], r[3])
	}
	return b.String()
}

// Load loads the demo into st and returns its logins. now is the demo's
// today (in practice time.Now()); the four weeks end on its date in
// Asia/Shanghai, and every change is stamped at now, which may not be more
// than five minutes ahead of the real clock. pw are the argon2id costs of
// the one password hash all demo users share.
//
// Load is idempotent: when the demo team exists it writes nothing and
// returns the logins. Its users and records are written in turn (there is
// no transaction across them) and the admin last, so a load cut short is
// found at the next start and reported instead of leaving half a demo
// unnoticed; nothing is written when a demo username is taken already.
func Load(ctx context.Context, st Store, now time.Time, pw auth.PasswordParams) (Logins, error) {
	logins := demoLogins()
	if _, found, err := st.TeamByName(ctx, TeamName); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	} else if found {
		if _, ok, err := st.UserByUsername(ctx, adminUsername); err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		} else if !ok {
			return nil, fmt.Errorf("demo: team %s exists but its user %s does not: an earlier load was cut short; start on an empty data directory", TeamName, adminUsername)
		}
		return logins, nil
	}
	if ahead := time.Until(now); ahead > rules.MaxClockSkew {
		return nil, fmt.Errorf("demo: now is %s ahead of the clock; the server would reject its stamps", ahead.Round(time.Second))
	}
	for _, l := range logins {
		if _, taken, err := st.UserByUsername(ctx, l.Username); err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		} else if taken {
			return nil, fmt.Errorf("demo: the username %q is taken; load the demo into an empty data directory", l.Username)
		}
	}

	loc, err := time.LoadLocation(fieldbook.DefaultTimeZone)
	if err != nil {
		return nil, fmt.Errorf("demo: the team's time zone: %w", err)
	}

	// Everything is simulated before anything is written.
	w := newWindow(now, loc)
	reserved := []string{supervisorName}
	for _, p := range profiles {
		reserved = append(reserved, p.name)
	}
	nm := newNames(reserved...)
	agents := make([]*agent, len(profiles))
	for i, p := range profiles {
		agents[i] = simulate(p, w, nm)
	}

	hash, err := auth.HashPassword(Password, pw)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	// The demo team rests at weekends: its agents seldom work then, and a
	// weekend off must not break their visit streaks.
	settings := fieldbook.DefaultSettings()
	settings.RestDays = []string{"saturday", "sunday"}
	team, err := st.CreateTeamWith(ctx, TeamName, settings)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	sup, err := st.CreateUser(ctx, fieldbook.User{Username: supervisorUsername, Name: supervisorName,
		Role: fieldbook.RoleSupervisor, TeamID: team.ID, PasswordHash: hash})
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	notice, err := st.PublishNotice(ctx, fieldbook.Notice{Version: NoticeVersion, Text: noticeText, PublishedAt: w.start.Add(-24 * time.Hour)})
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	l := &loader{st: st, w: w, agents: agents, sup: newDevice(sup, now), notice: notice.Version}
	for _, p := range profiles {
		u, err := st.CreateUser(ctx, fieldbook.User{Username: p.username, Name: p.name,
			Role: fieldbook.RoleAgent, TeamID: team.ID, PasswordHash: hash})
		if err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
		l.devices = append(l.devices, newDevice(u, now))
	}
	if err := l.load(ctx); err != nil {
		return nil, err
	}
	if _, err := st.CreateUser(ctx, fieldbook.User{Username: adminUsername, Name: adminName,
		Role: fieldbook.RoleAdmin, PasswordHash: hash}); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	return logins, nil
}

// Store is what the demo writes through: the directory for its team and
// users, and the sync protocol for everything they record, as any phone.
type Store interface {
	fieldbook.Directory
	fieldbook.Replication
	fieldbook.Privacy
}

// loader writes the simulated agents through their devices.
type loader struct {
	st      Store
	w       *window
	agents  []*agent
	devices []*device // of agents, in order
	sup     *device
	notice  string // the privacy notice the demo's people were shown
}

// NoticeVersion is the privacy notice the demo publishes; its people gave
// their consent after reading it.
const NoticeVersion = "2026-01"

const noticeText = "我们为您做保险需求分析而收集您的联系方式、健康需求、收入与家庭情况；每一类信息都需要您单独同意，您可以随时撤回同意或要求删除。"

// consent records, before a person's fields are written, that they gave
// consent to the group of each field (in person, when the window began; a
// guardian for children under 14 — the customer, their parent).
func (l *loader) consent(dev *device, collection, id string, fields map[string]any, guardian string) error {
	done := map[string]bool{}
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		g := rules.GroupOf(collection, name)
		if g == "" || done[g] {
			continue
		}
		done[g] = true
		f := map[string]any{fieldbook.FieldSubject: collection, fieldbook.FieldSubjectID: id, fieldbook.FieldGroup: g,
			fieldbook.FieldAction: fieldbook.ConsentGiven, fieldbook.FieldNoticeVersion: l.notice, fieldbook.FieldMethod: "in_person",
			fieldbook.FieldAt: l.w.start.Add(9 * time.Hour).Format(time.RFC3339)}
		if g == fieldbook.GroupFamily {
			f[fieldbook.FieldGuardian] = guardian
		}
		if err := dev.change(fieldbook.Consents, rules.NewID(), f); err != nil {
			return err
		}
	}
	return nil
}

// load writes the demo in the order it happened: the agents' records and
// logs; the supervisor's reviews, voids, a goal and coaching notes; the
// agents' fixes of returned logs and a change to an approved one; the
// supervisor's approval of the fixed logs.
func (l *loader) load(ctx context.Context) error {
	for i, a := range l.agents {
		if err := l.agentRecords(a, l.devices[i]); err != nil {
			return err
		}
		if err := l.devices[i].sync(ctx, l.st); err != nil {
			return err
		}
	}
	// The supervisor's phone pulls the team's days before reviewing them.
	if err := l.sup.sync(ctx, l.st); err != nil {
		return err
	}
	if err := l.supervise(ctx); err != nil {
		return err
	}
	if err := l.sup.sync(ctx, l.st); err != nil {
		return err
	}
	for i, a := range l.agents {
		dev := l.devices[i]
		if err := dev.sync(ctx, l.st); err != nil { // the reviews reach the phone
			return err
		}
		for _, lg := range a.logs {
			var fields map[string]any
			switch lg.script {
			case returnedWaiting, returnedApproved:
				fields = map[string]any{"summary": lg.summary, "problems": lg.problems, fieldbook.FieldState: fieldbook.StateSubmitted}
			case approvedAmended:
				fields = map[string]any{"summary": lg.amendment}
			default:
				continue
			}
			if err := l.seen(dev, logID(dev, lg)); err != nil {
				return err
			}
			if err := dev.change(fieldbook.DayLogs, logID(dev, lg), fields); err != nil {
				return err
			}
		}
		if err := dev.sync(ctx, l.st); err != nil {
			return err
		}
	}
	if err := l.sup.sync(ctx, l.st); err != nil { // the fixes reach the supervisor
		return err
	}
	for i, a := range l.agents {
		for _, lg := range a.logs {
			if lg.script == returnedApproved {
				comment := lg.comment
				if comment == "" {
					comment = "补充得很清楚,通过。"
				}
				if err := l.review(ctx, logID(l.devices[i], lg), fieldbook.StateApproved, comment); err != nil {
					return err
				}
			}
		}
	}
	return l.sup.sync(ctx, l.st)
}

func logID(dev *device, lg *dayLog) string { return rules.DayLogID(dev.user.ID, lg.date) }

// seen checks that a record reached its device at its last pull.
func (l *loader) seen(dev *device, id string) error {
	_, err := l.get(dev, fieldbook.DayLogs, id)
	return err
}

// get is the version of a record as the device last pulled it.
func (l *loader) get(dev *device, collection, id string) (crdt.Stamp, error) {
	v, ok := dev.version(collection, id)
	if !ok {
		return "", fmt.Errorf("demo: %s/%s did not reach %s's phone", collection, id, dev.user.Username)
	}
	return v, nil
}

// review queues the supervisor's review of a log at its current version.
func (l *loader) review(ctx context.Context, id, state, comment string) error {
	cur, err := l.get(l.sup, fieldbook.DayLogs, id)
	if err != nil {
		return err
	}
	fields := map[string]any{fieldbook.FieldState: state, fieldbook.FieldReviewedVersion: string(cur)}
	if comment != "" {
		fields[fieldbook.FieldReviewComment] = comment
	}
	return l.sup.change(fieldbook.DayLogs, id, fields)
}

// agentRecords queues everything an agent wrote in the four weeks.
func (l *loader) agentRecords(a *agent, dev *device) error {
	for _, p := range a.prospects {
		f := map[string]any{"name": p.name, "source": p.source, "grade": p.grade, "need_score": p.need,
			"wealth_score": p.wealth, "trust_score": p.trust, "stage": p.stage, "notes": p.notes}
		if p.phone != "" {
			f["phone"] = p.phone
		}
		if p.referrer != "" {
			f["referrer"] = p.referrer
		}
		if p.cust != nil {
			f["customer_id"] = p.cust.id
		}
		if err := l.consent(dev, fieldbook.Prospects, p.id, f, ""); err != nil {
			return err
		}
		if err := dev.change(fieldbook.Prospects, p.id, f); err != nil {
			return err
		}
	}
	for _, c := range a.customers {
		gender := "male"
		if c.female {
			gender = "female"
		}
		f := map[string]any{"name": c.name, "gender": gender, "notes": c.notes}
		if c.phone != "" {
			f["phone"] = c.phone
		}
		if c.pros != nil {
			f["prospect_id"] = c.pros.id
		}
		if !c.omits("age") {
			f["age"] = c.age
		}
		if !c.omits("occupation") {
			f["occupation"] = c.occ.name
		}
		if !c.omits("income_band") {
			f["income_band"] = c.occ.income
		}
		if !c.omits("family") {
			f["spouse"], f["children"] = c.spouse, c.children
		}
		if !c.omits("needs") {
			f["needs"] = c.needs
		}
		if err := l.consent(dev, fieldbook.Customers, c.id, f, c.name); err != nil {
			return err
		}
		if err := dev.change(fieldbook.Customers, c.id, f); err != nil {
			return err
		}
	}
	for d := range days {
		for _, act := range a.acts[d] {
			f := map[string]any{"kind": act.kind, "occurred_at": act.at.Format(time.RFC3339), "outcome": act.outcome}
			if act.cust != nil {
				f["customer_id"] = act.cust.id
			}
			if act.pros != nil {
				f["prospect_id"] = act.pros.id
			}
			if act.kind == "deal" {
				f["premium"] = act.premium
			}
			if act.nextStep != "" {
				f["next_step"] = act.nextStep
				// The week's next steps are dated three days on, on the team's
				// calendar: those not met by a later activity come back on Today.
				if act.at.After(l.w.now.AddDate(0, 0, -7)) {
					f["next_at"] = act.at.AddDate(0, 0, 3).Format(time.DateOnly)
				}
			}
			if act.notes != "" {
				f["notes"] = act.notes
			}
			if err := dev.change(fieldbook.Activities, act.id, f); err != nil {
				return err
			}
		}
	}
	for _, lg := range a.logs {
		summary, problems, state := lg.summary, lg.problems, fieldbook.StateSubmitted
		switch lg.script {
		case draft:
			state = fieldbook.StateDraft
		case returned, returnedWaiting, returnedApproved:
			summary, problems = lg.firstSummary, lg.firstProblems
		}
		f := map[string]any{fieldbook.FieldDate: lg.date, "plan": lg.plan, "problems": problems, "summary": summary, fieldbook.FieldState: state}
		if err := dev.change(fieldbook.DayLogs, logID(dev, lg), f); err != nil {
			return err
		}
	}
	if a.p.username != newcomer {
		for _, g := range l.goals(a, dev.user.ID) {
			if err := dev.change(fieldbook.Goals, rules.NewID(), g); err != nil {
				return err
			}
		}
	}
	return nil
}

// newcomer is the agent whose goals the supervisor sets with her.
const newcomer = "zhangxiaoyu"

// supervise queues the supervisor's first round: a review of every
// submitted log (approve or return), voids, the newcomer's goals and
// coaching notes.
func (l *loader) supervise(ctx context.Context) error {
	for i, a := range l.agents {
		dev := l.devices[i]
		if err := dev.sync(ctx, l.st); err != nil { // the reviews reach the phone
			return err
		}
		for _, lg := range a.logs {
			var err error
			switch lg.script {
			case approved, approvedAmended:
				err = l.review(ctx, logID(dev, lg), fieldbook.StateApproved, lg.comment)
			case returned, returnedWaiting, returnedApproved:
				err = l.review(ctx, logID(dev, lg), fieldbook.StateReturned, lg.returnComment)
			}
			if err != nil {
				return err
			}
		}
		for d := range days {
			for _, act := range a.acts[d] {
				if act.voidReason == "" {
					continue
				}
				if _, err := l.get(l.sup, fieldbook.Activities, act.id); err != nil {
					return err
				}
				if err := l.sup.change(fieldbook.Activities, act.id, map[string]any{"voided": true, "void_reason": act.voidReason}); err != nil {
					return err
				}
			}
		}
		if a.p.username == newcomer {
			for _, g := range l.goals(a, dev.user.ID) {
				if err := l.sup.change(fieldbook.Goals, rules.NewID(), g); err != nil {
					return err
				}
			}
		}
	}
	for _, n := range l.coachingNotes() {
		if err := l.sup.change(fieldbook.CoachingNotes, rules.NewID(), n); err != nil {
			return err
		}
	}
	return nil
}

// goals are an agent's goals for last month and this month, worked out
// with the guide's calculator: income → premium → deals → visits → days.
func (l *loader) goals(a *agent, agentID string) []map[string]any {
	thisMonth := l.w.now.Format("2006-01")
	first := time.Date(l.w.now.Year(), l.w.now.Month(), 1, 0, 0, 0, 0, l.w.loc)
	lastMonth := first.AddDate(0, 0, -1).Format("2006-01")
	var out []map[string]any
	for _, g := range []struct {
		period string
		income int
	}{{lastMonth, a.p.income * 9 / 10 / 1000 * 1000}, {thisMonth, a.p.income}} {
		const commission = 0.5
		premium := float64(g.income) / commission
		deals := ceil(premium / a.p.avgPremium)
		visits := ceil(float64(deals) / a.p.closeAssumed)
		out = append(out, map[string]any{
			"agent_id": agentID,
			"period":   g.period,
			"targets": map[string]int{
				"prospect": ceil(float64(visits) / 2), "call": visits * 3, "appointment": visits, "visit": visits,
				"sales_interview": deals * 3, "closing_interview": deals * 2, "deal": deals,
			},
			"income_target": g.income,
			"assumptions": map[string]float64{"commission_rate": commission, "avg_premium": a.p.avgPremium,
				"close_rate": a.p.closeAssumed, "visits_per_day": a.p.perDay},
		})
	}
	return out
}

// ceil rounds up, forgiving the float error of a quotient that is whole
// (4 ÷ 0.05 is 80, not 81).
func ceil(x float64) int { return int(math.Ceil(x - 1e-9)) }

// totals are an agent's counts over the four weeks.
type totals struct {
	kinds            map[string]int
	premium, worked  int
	logsBackfilled   int
	appointmentsRate float64
}

func (a *agent) totals() totals {
	t := totals{kinds: map[string]int{}}
	for d := range days {
		if a.works[d] {
			t.worked++
		}
		for _, act := range a.acts[d] {
			if act.voidReason != "" {
				continue
			}
			t.kinds[act.kind]++
			if act.kind == "deal" {
				t.premium += act.premium
			}
		}
	}
	for _, lg := range a.logs {
		if strings.HasPrefix(lg.summary, "(补填)") {
			t.logsBackfilled++
		}
	}
	if t.kinds["call"] > 0 {
		t.appointmentsRate = float64(t.kinds["appointment"]) / float64(t.kinds["call"])
	}
	return t
}

func avgPremium(t totals) int {
	if t.kinds["deal"] == 0 {
		return 0
	}
	return t.premium / t.kinds["deal"]
}

// coachingNotes are the supervisor's notes, grounded in each agent's
// numbers the way the guide's coaching alerts are.
func (l *loader) coachingNotes() []map[string]any {
	team := totals{kinds: map[string]int{}}
	all := make([]totals, len(l.agents))
	for i, a := range l.agents {
		all[i] = a.totals()
		team.premium += all[i].premium
		team.kinds["deal"] += all[i].kinds["deal"]
	}
	var out []map[string]any
	for i, a := range l.agents {
		t := all[i]
		var text string
		switch a.p.username {
		case "lina":
			text = fmt.Sprintf("近四周成交%d单,保费%s,全队第一。客户满意的时候就开口请转介绍,下周晨会请分享你的转介绍话术和客户档案的用法。", t.kinds["deal"], yuan(t.premium))
		case "wangqiang":
			text = fmt.Sprintf("近四周拜访%d位,节奏很稳。成交面谈前把计划书讲解控制在15分钟内,先讲客户最关心的一点,再讲现金价值。", t.kinds["visit"])
		case newcomer:
			text = fmt.Sprintf("近四周约访%d通,邀约成功%d个,成功率%.0f%%,低于20%%。每天晨会前练10分钟约访话术:先说明谁介绍的,再用二选一约时间;周五一起听两通电话录音复盘。",
				t.kinds["call"], t.kinds["appointment"], t.appointmentsRate*100)
			out = append(out, map[string]any{"agent_id": l.devices[i].user.ID, "focus": "product_knowledge",
				"text": "客户问重疾险理赔难不难时,先讲清楚确诊即赔的条件,再讲一个身边的理赔案例。本周背熟三个理赔案例。"})
		case "liujianguo":
			text = fmt.Sprintf("拜访量全队第一(%d位),但件均保费只有%s,团队平均%s。下次面谈前先做需求调查表,不要只推意外险,试试重疾+医疗的产品组合。",
				t.kinds["visit"], yuan(avgPremium(t)), yuan(avgPremium(team)))
		case "chensisi":
			text = fmt.Sprintf("近四周有%d份日志是隔天补填的。请每天下班前30分钟填写《工作日志》并当天提交,当天的问题当天就能辅导。", t.logsBackfilled)
		}
		out = append(out, map[string]any{"agent_id": l.devices[i].user.ID, "text": text, "focus": a.p.focus})
	}
	return out
}
