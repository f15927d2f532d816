package demo

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"fieldbook/sync/rules"
)

// The demo's content is made by a small simulation, one agent at a time
// and one day at a time: names are added to Plan 100, called, met, met
// again for a sales interview and a closing interview, and some close.
// Every draw comes from a generator seeded per agent, so the same now
// always gives the same content. Record ids are random (rules.NewID).

// days is the demo's span: four weeks ending today.
const days = 28

// window is the span of the demo in the team's time zone.
type window struct {
	loc   *time.Location
	now   time.Time // in loc
	start time.Time // midnight of the first day
}

func newWindow(now time.Time, loc *time.Location) *window {
	now = now.In(loc)
	y, m, d := now.Date()
	return &window{loc: loc, now: now, start: time.Date(y, m, d-(days-1), 0, 0, 0, 0, loc)}
}

// at returns minute m (from midnight) of day d of the window.
func (w *window) at(d, m int) time.Time {
	y, mo, dd := w.start.Date()
	return time.Date(y, mo, dd+d, 0, m, 0, 0, w.loc)
}

func (w *window) date(d int) string { return w.at(d, 0).Format(time.DateOnly) }

func (w *window) weekday(d int) time.Weekday { return w.at(d, 0).Weekday() }

// happened reports whether t is not after now: today's later plans have
// not happened yet.
func (w *window) happened(t time.Time) bool { return !t.After(w.now) }

// gen is a seeded random generator with the draws the demo needs.
type gen struct{ r *rand.Rand }

func newGen(seed uint64) *gen { return &gen{r: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))} }

// between returns a whole number from lo to hi inclusive.
func (g *gen) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.r.IntN(hi-lo+1)
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func pick[T any](g *gen, list []T) T { return list[g.r.IntN(len(list))] }

// around returns a count near mean: its whole part, one more with the
// chance of its fraction, and now and then one less or one more.
func (g *gen) around(mean float64) int {
	n := int(mean)
	if g.chance(mean - float64(n)) {
		n++
	}
	switch x := g.r.Float64(); {
	case x < 0.2:
		n--
	case x > 0.85:
		n++
	}
	return max(n, 0)
}

// names hands out person names unique in the team.
type names struct{ used map[string]bool }

func newNames(reserved ...string) *names {
	n := &names{used: map[string]bool{}}
	for _, r := range reserved {
		n.used[r] = true
	}
	return n
}

func (n *names) draw(g *gen, female bool) string {
	given := maleGiven
	if female {
		given = femaleGiven
	}
	for {
		name := pick(g, surnames) + pick(g, given)
		if !n.used[name] {
			n.used[name] = true
			return name
		}
	}
}

type prospect struct {
	id, name, phone, source, referrer, grade, stage, notes string
	female                                                 bool
	need, wealth, trust                                    int
	occ                                                    occupation
	added                                                  int // window day; -1 before the window
	calls                                                  int
	next                                                   int // the first day to call again
	cust                                                   *customer
}

type child struct {
	Name string `json:"name"`
	Age  int    `json:"age"`
}

type customer struct {
	id, name, phone, spouse, notes string
	female                         bool
	age                            int
	occ                            occupation
	children                       []child
	needs                          []string
	omit                           []string // fields left empty: the file is incomplete
	pros                           *prospect
	bought                         []string
	busy                           bool // a sales or closing interview is planned
	booked                         int  // the day of the last meeting agreed
	contact                        int  // the day of the last call or meeting
}

// title is how an agent writes about a customer: 王女士, 李先生.
func (c *customer) title() string {
	s := []rune(c.name)[0:1]
	if c.female {
		return string(s) + "女士"
	}
	return string(s) + "先生"
}

func (c *customer) omits(field string) bool { return slices.Contains(c.omit, field) }

type activity struct {
	id, kind          string
	at                time.Time
	cust              *customer
	pros              *prospect
	outcome, nextStep string
	notes             string
	premium           int
	product           string
	voidReason        string // the supervisor voids it
}

// meeting is a visit or interview planned for a day.
type meeting struct {
	kind   string
	minute int
	cust   *customer
	pros   *prospect
	force  bool // a closing interview that ends in a deal
}

type problem struct {
	Tag  string `json:"tag"`
	Text string `json:"text"`
}

// dayLog is one work log and what becomes of it.
type dayLog struct {
	day      int
	date     string
	script   script
	plan     map[string]int
	problems []problem
	summary  string
	// firstSummary and firstProblems are what the agent submitted before
	// the log was returned.
	firstSummary  string
	firstProblems []problem
	returnComment string // the supervisor's, on a returned log
	comment       string // the supervisor's, on approval (may be empty)
	amendment     string // the summary an approved log is changed to
}

// agent is one agent's simulated four weeks.
type agent struct {
	p         *profile
	g         *gen
	w         *window
	names     *names
	works     []bool
	sched     [][]*meeting
	prospects []*prospect
	customers []*customer
	acts      [][]*activity // by day
	logs      []*dayLog
	firstDeal bool
	// quotas turn the profile's rates into steady counts: a rate adds to
	// its quota and a whole quota is an event, so a profile shows on any
	// four weeks, not only on lucky ones.
	quotaSI, quotaFollow, quotaCI, quotaDeal float64
}

func simulate(p *profile, w *window, nm *names) *agent {
	a := &agent{p: p, g: newGen(p.seed), w: w, names: nm, works: make([]bool, days),
		sched: make([][]*meeting, days), acts: make([][]*activity, days)}
	for d := range days {
		wd := w.weekday(d)
		weekend := wd == time.Saturday || wd == time.Sunday
		a.works[d] = !weekend || a.g.chance(p.weekend) || d >= days-2
	}
	for range p.oldCustomers {
		female := a.g.chance(0.5)
		c := a.newCustomer(nm.draw(a.g, female), female, pick(a.g, occupations), nil)
		c.bought = append(c.bought, a.product(c))
		c.notes = a.customerNotes(c)
	}
	for i := range p.plan100 {
		added := -1
		if i >= p.plan100-p.fresh {
			added = a.workDay(a.g.between(0, days-1))
			if added < 0 {
				added = days - 1
			}
		}
		a.prospects = append(a.prospects, a.newProspect(added))
	}
	a.quotaSI, a.quotaFollow, a.quotaCI, a.quotaDeal = a.g.r.Float64(), a.g.r.Float64(), a.g.r.Float64(), a.g.r.Float64()
	a.seedPipeline()
	for d := range days {
		if a.works[d] {
			a.day(d)
		}
	}
	a.special()
	a.buildLogs()
	return a
}

// workDay returns the first day from d on that the agent works, or -1 when
// there is none in the window (the plan lies after today).
func (a *agent) workDay(d int) int {
	for ; d < days; d++ {
		if d >= 0 && a.works[d] {
			return d
		}
	}
	return -1
}

func (a *agent) plan(d int, m *meeting) {
	if d >= 0 && d < days {
		a.sched[d] = append(a.sched[d], m)
	}
}

func (a *agent) newProspect(added int) *prospect {
	g := a.g
	p := &prospect{id: rules.NewID(), added: added, stage: "new", female: g.chance(0.5), occ: pick(g, occupations)}
	p.name = a.names.draw(g, p.female)
	if g.chance(0.9) {
		p.phone = phoneNumber(g)
	}
	hint := pick(g, prospectHints)
	if g.chance(a.p.referral) {
		p.source = "referral"
		if len(a.customers) > 0 && g.chance(0.6) {
			c := pick(g, a.customers)
			p.referrer = "老客户" + c.name
		} else {
			p.referrer = pick(g, friendReferrers)
		}
		p.grade = pick(g, []string{"A", "A", "A", "B", "B", "B", "C", "C", "D"})
		p.notes = fmt.Sprintf("%s介绍,%s,%s。", strings.TrimPrefix(p.referrer, "老客户"), p.occ.name, hint)
	} else {
		p.source = "other"
		p.grade = pick(g, []string{"A", "B", "B", "B", "C", "C", "C", "D", "D"})
		p.notes = fmt.Sprintf("%s,%s,%s。", pick(g, otherSources), p.occ.name, hint)
	}
	switch p.grade {
	case "A":
		p.need, p.wealth, p.trust = g.between(7, 10), g.between(6, 10), g.between(7, 10)
	case "B":
		p.need, p.wealth, p.trust = g.between(5, 8), g.between(4, 8), g.between(5, 8)
	case "C":
		p.need, p.wealth, p.trust = g.between(3, 6), g.between(3, 7), g.between(2, 6)
	default:
		p.need, p.wealth, p.trust = g.between(0, 4), g.between(1, 5), g.between(0, 3)
	}
	if p.source == "referral" {
		p.trust = min(10, p.trust+1)
	}
	return p
}

func phoneNumber(g *gen) string {
	return fmt.Sprintf("%s 0000 %04d", pick(g, []string{"138", "139", "186", "137", "158", "135"}), g.between(0, 9999))
}

// newCustomer opens a customer file. pros is the Plan 100 name it came
// from, nil for a customer from before Plan 100.
func (a *agent) newCustomer(name string, female bool, occ occupation, pros *prospect) *customer {
	g := a.g
	c := &customer{id: rules.NewID(), name: name, female: female, occ: occ, pros: pros, age: g.between(25, 60),
		booked: -100, contact: -100}
	if pros != nil {
		c.phone = pros.phone
		pros.cust = c
	} else if g.chance(0.8) {
		c.phone = phoneNumber(g)
	}
	if c.occ.name == "退休教师" {
		c.age = g.between(56, 68)
	}
	married := c.age >= 35 && g.chance(0.9) || c.age >= 27 && g.chance(0.6)
	if married {
		partner := a.names.draw(g, !female)
		role := "妻子"
		if female {
			role = "丈夫"
		}
		c.spouse = fmt.Sprintf("%s %s,%s", role, partner, pick(g, occupations).name)
		switch {
		case c.age <= 50:
			for range g.between(0, 2) {
				c.children = append(c.children, child{Name: pick(g, childNames), Age: g.between(max(0, c.age-45), c.age-25)})
			}
		default:
			c.children = append(c.children, child{Name: pick(g, []string{"儿子", "女儿"}), Age: g.between(c.age-32, c.age-24)})
		}
	} else {
		c.spouse = "无"
	}
	if c.children == nil {
		c.children = []child{}
	}
	young := slices.ContainsFunc(c.children, func(k child) bool { return k.Age < 18 })
	want := map[string]bool{
		"health":    g.chance(0.85),
		"education": young && g.chance(0.8),
		"pension":   c.age >= 40 && g.chance(0.6),
		"wealth":    (occ.income == "300k_1m" || occ.income == "over_1m") && g.chance(0.45),
		"accident":  occ.risky || g.chance(0.15),
		"life":      married && g.chance(0.3),
	}
	for _, n := range rules.Needs {
		if want[n] {
			c.needs = append(c.needs, n)
		}
	}
	if len(c.needs) == 0 {
		c.needs = []string{"health"}
	}
	if !g.chance(a.p.complete) {
		fields := []string{"age", "occupation", "income_band", "family", "needs"}
		for range g.between(1, 2) {
			f := pick(g, fields)
			if !slices.Contains(c.omit, f) {
				c.omit = append(c.omit, f)
			}
		}
	}
	c.notes = a.customerNotes(c)
	a.customers = append(a.customers, c)
	return c
}

func (a *agent) customerNotes(c *customer) string {
	parts := []string{c.title()}
	if !c.omits("age") {
		parts = append(parts, fmt.Sprintf("%d岁", c.age))
	}
	if !c.omits("occupation") {
		parts = append(parts, c.occ.name)
	}
	if !c.omits("family") {
		switch {
		case c.spouse == "无":
			parts = append(parts, "未婚")
		case len(c.children) == 0:
			parts = append(parts, "已婚")
		default:
			parts = append(parts, fmt.Sprintf("已婚,%d个孩子", len(c.children)))
		}
	}
	s := strings.Join(parts, ",")
	if !c.omits("needs") {
		var ns []string
		for _, n := range c.needs {
			ns = append(ns, needNames[n])
		}
		s += "。关注" + strings.Join(ns, "、") + ";" + needHooks[c.needs[0]] + "。"
	} else {
		s += "。需求还没问清楚,下次做需求调查。"
	}
	if len(c.bought) > 0 {
		s += "已购:" + strings.Join(c.bought, "、") + "。"
	}
	return s
}

// product picks what a customer buys and is offered.
func (a *agent) product(c *customer) string {
	if a.p.small {
		return pick(a.g, smallProducts)
	}
	return pick(a.g, productsByNeed[pick(a.g, c.needs)])
}

// premium draws a deal's yearly premium in yuan, a multiple of 100.
func (a *agent) premium() int {
	lo, hi := a.p.premium[0], a.p.premium[1]
	if !a.p.small && a.g.chance(0.05) {
		lo, hi = hi, hi+10000 // now and then a big one
	}
	return a.g.between(lo/100, hi/100) * 100
}

// seedPipeline puts the names added before the four weeks at their stage
// and plans the meetings already agreed, among them one closing interview
// that ends in a deal, so every agent closes at least once.
func (a *agent) seedPipeline() {
	g := a.g
	for _, p := range a.prospects {
		if p.added >= 0 {
			continue
		}
		switch x := g.r.Float64(); {
		case x < 0.2:
		case x < 0.5:
			p.stage, p.calls = "contacted", g.between(1, 2)
		case x < 0.6:
			p.stage = "appointment"
			a.plan(a.meetDay(0, g.between(0, 3), "visit"), &meeting{kind: "visit", minute: g.between(20, 36) * 30, pros: p})
		case x < 0.9:
			p.stage = "visited"
			c := a.newCustomer(p.name, p.female, p.occ, p)
			if g.chance(0.4) {
				a.interview(0, 0, 7, "sales_interview", c)
			}
		default:
			p.stage = "closed"
			c := a.newCustomer(p.name, p.female, p.occ, p)
			c.bought = append(c.bought, a.product(c))
			c.notes = a.customerNotes(c)
		}
	}
	// The warm lead: interviewed before the window, closing in the first week.
	var warm *customer
	for _, c := range a.customers {
		if c.pros != nil && c.pros.stage == "visited" && !c.busy {
			warm = c
			break
		}
	}
	if warm == nil {
		p := a.newProspect(-1)
		p.source, p.referrer, p.grade = "referral", pick(g, friendReferrers), "A"
		p.stage = "visited"
		a.prospects = append(a.prospects, p)
		warm = a.newCustomer(p.name, p.female, p.occ, p)
	}
	a.interview(0, 2, 6, "closing_interview", warm)
	ms := a.sched[warm.booked]
	ms[len(ms)-1].force = true
}

func (a *agent) add(d int, act *activity) *activity {
	act.id = rules.NewID()
	a.acts[d] = append(a.acts[d], act)
	return act
}

// day simulates one working day.
func (a *agent) day(d int) {
	g, w := a.g, a.w
	factor := 1.0
	if wd := w.weekday(d); wd == time.Saturday || wd == time.Sunday {
		factor = 0.4
	} else if g.chance(0.07) {
		factor = 0.6 // rain, a cancelled visit, a long training
	}
	// New names.
	for _, p := range a.prospects {
		if p.added != d {
			continue
		}
		t := w.at(d, g.between(9*60, 21*60))
		if !w.happened(t) {
			t = w.now.Add(-time.Duration(g.between(1, 30)) * time.Minute).Truncate(time.Minute)
			if t.Before(w.at(d, 0)) {
				t = w.at(d, 0)
			}
		}
		outcome := "新增名单:" + strings.SplitN(p.notes, ",", 2)[0]
		if p.source == "referral" {
			outcome = "新增转介绍名单(" + strings.TrimPrefix(p.referrer, "老客户") + "介绍)"
		}
		a.add(d, &activity{kind: "prospect", at: t, pros: p, outcome: outcome})
	}
	a.calls(d, factor)
	a.visits(d, factor)
	a.interviews(d)
	slices.SortStableFunc(a.acts[d], func(x, y *activity) int { return x.at.Compare(y.at) })
}

var gradeWeight = map[string]int{"A": 6, "B": 4, "C": 2, "D": 1}
var gradeRate = map[string]float64{"A": 1.3, "B": 1.1, "C": 0.8, "D": 0.5}

// free reports whether a customer may be called or visited on day d
// without a meeting already agreed or a contact in the last few days.
func (c *customer) free(d int) bool { return c.booked < d && c.contact < d-2 }

func (a *agent) calls(d int, factor float64) {
	g, w := a.g, a.w
	n := g.around(a.p.calls * factor)
	minute := 9*60 + g.between(0, 20)
	for range n {
		if minute > 11*60+45 && minute < 13*60+30 {
			minute = 13*60 + 30 + g.between(0, 15)
		}
		if minute > 18*60 {
			break
		}
		t := w.at(d, minute)
		minute += g.between(6, 16)
		if !w.happened(t) {
			break
		}
		// Whom to call: Plan 100, the A names first; now and then a customer.
		var cands []*prospect
		weights := 0
		for _, p := range a.prospects {
			if p.added < d && p.next <= d && (p.stage == "new" || p.stage == "contacted") {
				cands = append(cands, p)
				weights += gradeWeight[p.grade]
			}
		}
		if len(cands) == 0 || g.chance(0.15) {
			if c := a.pickCustomer(d); c != nil {
				a.callCustomer(d, t, c)
				continue
			}
		}
		if len(cands) == 0 {
			break // the list is used up for today
		}
		x := g.r.IntN(weights)
		var p *prospect
		for _, c := range cands {
			if x -= gradeWeight[c.grade]; x < 0 {
				p = c
				break
			}
		}
		a.callProspect(d, t, p)
	}
}

// pickCustomer returns a customer free on day d, or nil.
func (a *agent) pickCustomer(d int) *customer {
	var cands []*customer
	for _, c := range a.customers {
		if c.free(d) {
			cands = append(cands, c)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	return pick(a.g, cands)
}

// meetDay is the day of a meeting agreed on day d to happen k days later:
// the agent's next working day with room for it, or, after today, the
// next weekday.
func (a *agent) meetDay(d, k int, kind string) int {
	room := int(a.p.visits) + 2
	for x := d + k; ; x++ {
		if x >= days {
			if wd := a.w.weekday(x); wd != time.Saturday && wd != time.Sunday {
				return x
			}
			continue
		}
		if !a.works[x] {
			continue
		}
		if kind == "visit" && x < d+k+4 {
			n := 0
			for _, m := range a.sched[x] {
				if m.kind == "visit" {
					n++
				}
			}
			if n >= room {
				continue
			}
		}
		return x
	}
}

// when says when a meeting on day d at minute m is, as an agent writes it
// on day from.
func (a *agent) when(from, d, m int) string {
	var day string
	switch {
	case d == from+1:
		day = "明天"
	case d == from+2:
		day = "后天"
	default:
		day = []string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}[a.w.weekday(d)]
	}
	h := m / 60
	var part string
	switch {
	case h < 12:
		part = "上午"
	case h == 12:
		part = "中午"
	case h < 18:
		part, h = "下午", h-12
	default:
		part, h = "晚上", h-12
	}
	s := fmt.Sprintf("%s%s%d点", day, part, h)
	if m%60 == 30 {
		s += "半"
	}
	return s
}

func (a *agent) callProspect(d int, t time.Time, p *prospect) {
	g := a.g
	p.calls++
	if p.stage == "new" {
		p.stage = "contacted"
	}
	if g.chance(a.p.apptRate * gradeRate[p.grade]) {
		day := a.meetDay(d, g.between(1, 3), "visit")
		m := g.between(20, 36) * 30
		a.add(d, &activity{kind: "call", at: t, pros: p, outcome: "约访成功"})
		a.add(d, &activity{kind: "appointment", at: t.Add(time.Minute), pros: p,
			outcome: "约定" + a.when(d, day, m) + pick(g, meetPlaces) + "见面", nextStep: "见面前准备需求调查表"})
		p.stage = "appointment"
		a.plan(day, &meeting{kind: "visit", minute: m, pros: p})
		return
	}
	p.next = d + g.between(1, 4)
	outcome := pick(g, callFailures)
	switch {
	case p.calls >= 3 && (p.grade == "C" || p.grade == "D") && g.chance(0.4):
		p.stage = "dropped"
		outcome = fmt.Sprintf("第%d次联系,客户明确表示不需要,移出名单", p.calls)
	case p.calls >= 6 && g.chance(0.5):
		p.stage = "dropped"
		outcome = fmt.Sprintf("第%d次联系仍未约到,暂时移出名单", p.calls)
	}
	a.add(d, &activity{kind: "call", at: t, pros: p, outcome: outcome})
}

var customerCalls = []string{"回访电话,约好送保单", "回访电话,约好做保单检视", "客户答应见面聊聊家人的保障", "提醒续期缴费,顺便约了见面"}

func (a *agent) callCustomer(d int, t time.Time, c *customer) {
	g := a.g
	c.contact = d
	if g.chance(min(0.6, a.p.apptRate*1.3)) {
		day := a.meetDay(d, g.between(1, 4), "visit")
		m := g.between(20, 36) * 30
		a.add(d, &activity{kind: "call", at: t, cust: c, pros: c.pros, outcome: pick(g, customerCalls)})
		a.add(d, &activity{kind: "appointment", at: t.Add(time.Minute), cust: c, pros: c.pros,
			outcome: "约定" + a.when(d, day, m) + pick(g, meetPlaces) + "回访"})
		c.booked = day
		a.plan(day, &meeting{kind: "visit", minute: m, cust: c})
		return
	}
	a.add(d, &activity{kind: "call", at: t, cust: c, pros: c.pros, outcome: pick(g, callFailures)})
}

// interview plans a sales or closing interview with c some days after d
// and returns when it is, as the agent writes it.
func (a *agent) interview(d, lo, hi int, kind string, c *customer) string {
	day := a.meetDay(d, a.g.between(lo, hi), kind)
	m := a.g.between(28, 40) * 30
	c.busy, c.booked = true, day
	a.plan(day, &meeting{kind: kind, minute: m, cust: c})
	return a.when(d, day, m)
}

func (a *agent) visits(d int, factor float64) {
	g, w := a.g, a.w
	var ms []*meeting
	for _, m := range a.sched[d] {
		if m.kind == "visit" {
			ms = append(ms, m)
		}
	}
	for n := g.around(a.p.visits * factor); len(ms) < n; {
		c := a.pickCustomer(d)
		if c == nil {
			break
		}
		c.contact = d
		ms = append(ms, &meeting{kind: "visit", minute: g.between(10*60, 18*60), cust: c})
	}
	slices.SortStableFunc(ms, func(x, y *meeting) int { return cmp.Compare(x.minute, y.minute) })
	done := map[any]bool{}
	for _, m := range ms {
		t := w.at(d, m.minute)
		if !w.happened(t) || done[m.target()] {
			continue
		}
		done[m.target()] = true
		if m.pros != nil && m.pros.cust == nil {
			p := m.pros
			c := a.newCustomer(p.name, p.female, p.occ, p)
			c.contact = d
			if p.stage != "closed" {
				p.stage = "visited"
			}
			outcome := pick(g, firstVisitOutcomes)
			if strings.Contains(outcome, "%s") {
				outcome = fmt.Sprintf(outcome, needNames[c.needs[0]])
			}
			act := a.add(d, &activity{kind: "visit", at: t, cust: c, pros: p, outcome: outcome, nextStep: pick(g, nextSteps),
				notes: pick(g, visitTopics)})
			if quota(&a.quotaSI, a.p.siRate) {
				act.nextStep = a.interview(d, 2, 5, "sales_interview", c) + "讲解计划书"
			}
			continue
		}
		c := m.cust
		if c == nil {
			c = m.pros.cust
		}
		c.contact = d
		if c.pros != nil && (c.pros.stage == "appointment" || c.pros.stage == "contacted" || c.pros.stage == "new") {
			c.pros.stage = "visited"
		}
		act := a.add(d, &activity{kind: "visit", at: t, cust: c, pros: c.pros, outcome: pick(g, followVisits)})
		if g.chance(0.5) {
			act.notes = pick(g, visitTopics)
		}
		if !c.busy && quota(&a.quotaFollow, a.p.siRate/2) {
			act.nextStep = a.interview(d, 2, 5, "sales_interview", c) + "讲解计划书"
		} else if g.chance(0.5) {
			act.nextStep = pick(g, nextSteps)
		}
	}
}

func (m *meeting) target() any {
	if m.cust != nil {
		return m.cust
	}
	return m.pros
}

// interviews holds the day's sales and closing interviews.
func (a *agent) interviews(d int) {
	g, w := a.g, a.w
	var ms []*meeting
	for _, m := range a.sched[d] {
		if m.kind != "visit" {
			ms = append(ms, m)
		}
	}
	slices.SortStableFunc(ms, func(x, y *meeting) int { return cmp.Compare(x.minute, y.minute) })
	for _, m := range ms {
		c := m.cust
		t := w.at(d, m.minute)
		if !w.happened(t) {
			continue
		}
		c.contact = d
		if m.kind == "sales_interview" {
			prod := a.product(c)
			act := a.add(d, &activity{kind: "sales_interview", at: t, cust: c, pros: c.pros, product: prod,
				outcome: fmt.Sprintf("讲解%s计划书,客户关注%s", prod, pick(g, interviewConcerns)),
				notes:   fmt.Sprintf("带了两套方案:%s基础版和加强版,年缴预算约%s", prod, yuan(a.premium()))})
			if quota(&a.quotaCI, a.p.ciRate) {
				act.nextStep = "约" + a.interview(d, 2, 6, "closing_interview", c) + "成交面谈,带投保资料"
			} else {
				c.busy = false
				act.nextStep = "客户想再看看,下周回访"
			}
			continue
		}
		dealAt := t.Add(time.Duration(g.between(20, 50)) * time.Minute)
		if !w.happened(dealAt) {
			continue
		}
		if m.force || quota(&a.quotaDeal, a.p.closeRate) {
			prod := a.product(c)
			a.add(d, &activity{kind: "closing_interview", at: t, cust: c, pros: c.pros, product: prod,
				outcome: "客户同意投保" + prod})
			deal := a.add(d, &activity{kind: "deal", at: dealAt, cust: c, pros: c.pros, product: prod, premium: a.premium(),
				nextStep: "一周内送保单,请客户转介绍"})
			deal.outcome = fmt.Sprintf("签单:%s,年缴保费%s", prod, yuan(deal.premium))
			if !a.firstDeal && a.p.username == newcomer {
				deal.notes = "入职后的第一单!"
			}
			a.firstDeal = true
			c.bought = append(c.bought, prod)
			c.notes = a.customerNotes(c)
			c.busy = false
			if c.pros != nil {
				c.pros.stage = "closed"
			}
			continue
		}
		act := a.add(d, &activity{kind: "closing_interview", at: t, cust: c, pros: c.pros, outcome: pick(g, closingFailures)})
		if g.chance(0.45) {
			act.nextStep = "调整方案," + a.interview(d, 3, 7, "closing_interview", c) + "再谈"
		} else {
			c.busy = false
			act.nextStep = "下周回访"
		}
	}
}

// quota adds rate to q and reports whether it made a whole event.
func quota(q *float64, rate float64) bool {
	if *q += rate; *q >= 1 {
		*q--
		return true
	}
	return false
}

// yuan formats an amount as ¥12,800.
func yuan(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return "¥" + s
}

// logDays are the days the agent worked, oldest first.
func (a *agent) logDays() []int {
	var out []int
	for d := range days {
		if a.works[d] {
			out = append(out, d)
		}
	}
	return out
}

// index returns the log index (0 = today) of day d.
func (a *agent) index(d int) int {
	n := 0
	for x := d + 1; x < days; x++ {
		if a.works[x] {
			n++
		}
	}
	return n
}

// special adds the two activities a supervisor voids: a visit to the same
// customer recorded twice, and a phone call recorded as a visit.
func (a *agent) special() {
	switch a.p.username {
	case "liujianguo":
		d := a.dayAt(7)
		var first *activity
		for _, act := range a.acts[d] {
			if act.kind == "visit" && act.cust != nil && act.at.Hour() < 16 {
				first = act
				break
			}
		}
		if first == nil {
			c := a.customers[0]
			first = a.add(d, &activity{kind: "visit", at: a.w.at(d, 10*60), cust: c, pros: c.pros, outcome: pick(a.g, followVisits)})
		}
		dup := a.add(d, &activity{kind: "visit", at: first.at.Add(2 * time.Hour), cust: first.cust, pros: first.pros,
			outcome: "再次拜访,补充了解家庭情况"})
		dup.voidReason = "与同一位客户当天的另一条拜访重复,同一客户一天只计一次拜访"
		slices.SortStableFunc(a.acts[d], func(x, y *activity) int { return x.at.Compare(y.at) })
	case "zhangxiaoyu":
		d := a.dayAt(6)
		c := a.customers[0]
		v := a.add(d, &activity{kind: "visit", at: a.w.at(d, 20*60+15), cust: c, pros: c.pros,
			outcome: "电话沟通了二十分钟,客户愿意再约时间", notes: "电话"})
		v.voidReason = "电话沟通请记为约访;拜访是指当面见到客户"
		slices.SortStableFunc(a.acts[d], func(x, y *activity) int { return x.at.Compare(y.at) })
	}
}

// dayAt returns the day of log index i.
func (a *agent) dayAt(i int) int {
	ds := a.logDays()
	return ds[len(ds)-1-i]
}

var kindNames = map[string]string{
	"prospect": "获客", "call": "约访", "appointment": "邀约成功", "visit": "拜访",
	"sales_interview": "销售面谈", "closing_interview": "成交面谈", "deal": "成交",
}

func (a *agent) counts(d int) map[string]int {
	n := map[string]int{}
	for _, act := range a.acts[d] {
		n[act.kind]++
	}
	return n
}

func (a *agent) buildLogs() {
	g := a.g
	returns := 0
	for _, d := range a.logDays() {
		idx := a.index(d)
		l := &dayLog{day: d, date: a.w.date(d), script: a.p.logs[idx]}
		l.plan = map[string]int{}
		for _, k := range rules.ActivityKinds {
			if n, ok := a.p.plan[k]; ok {
				if wd := a.w.weekday(d); wd == time.Saturday || wd == time.Sunday {
					n = (n + 1) / 2
				} else if k != "visit" {
					n = max(0, n+g.between(-1, 1))
				}
				if n > 0 {
					l.plan[k] = n
				}
			}
		}
		l.problems = a.problems(d)
		l.summary = a.summary(d, l.plan)
		if a.p.late && (idx == 2 || idx == 3 || idx > 3 && g.chance(0.2)) {
			l.summary = "(补填)" + l.summary
		}
		switch l.script {
		case draft:
			if idx == 0 {
				l.summary, l.problems = "", []problem{}
			}
		case returned, returnedWaiting, returnedApproved:
			l.firstSummary = a.p.vague[returns%len(a.p.vague)]
			l.firstProblems = []problem{}
			l.returnComment = a.p.returnNotes[returns%len(a.p.returnNotes)]
			returns++
		case approvedAmended:
			l.amendment = l.summary + "补充:" + a.afterthought(d)
		}
		if l.script == approved || l.script == approvedAmended || l.script == returnedApproved {
			l.comment = a.approval(d, l)
		}
		a.logs = append(a.logs, l)
	}
}

// afterthought is what an agent adds to an approved log a day later.
func (a *agent) afterthought(d int) string {
	for _, act := range a.acts[d] {
		if act.kind == "visit" && act.cust != nil {
			return act.cust.title() + "晚上回了电话,同意下周带家人一起做需求调查。"
		}
	}
	return "晚上又接到一位老客户的转介绍电话,已加入计划100。"
}

func (a *agent) approval(d int, l *dayLog) string {
	for _, act := range a.acts[d] {
		if act.voidReason != "" {
			return "已作废一条拜访记录(" + act.voidReason + "),其余通过。"
		}
	}
	if !a.g.chance(0.35) {
		return ""
	}
	n := a.counts(d)
	switch {
	case n["deal"] > 0:
		return pick(a.g, approvalComments["deal"])
	case n["visit"] >= l.plan["visit"]:
		return pick(a.g, approvalComments["visits"])
	case len(l.problems) > 0:
		return pick(a.g, approvalComments["problems"])
	default:
		return pick(a.g, approvalComments["low"])
	}
}

// problems are the day's problems: those its activities show, then now
// and then one of the agent's usual ones.
func (a *agent) problems(d int) []problem {
	g := a.g
	n := a.counts(d)
	out := []problem{}
	addTag := func(tag string) {
		text := pick(g, problemTexts[tag])
		if !slices.ContainsFunc(out, func(p problem) bool { return p.Text == text }) {
			out = append(out, problem{Tag: tag, Text: text})
		}
	}
	if n["call"] >= 5 && n["appointment"] <= 1 && g.chance(0.6) {
		addTag("appointment_script")
	}
	for _, act := range a.acts[d] {
		if act.kind == "closing_interview" && act.product == "" && g.chance(0.7) {
			addTag("objection_handling")
			break
		}
	}
	if len(out) < 2 && g.chance(0.45) {
		addTag(pick(g, a.p.tags))
	}
	return out
}

func (a *agent) summary(d int, plan map[string]int) string {
	n := a.counts(d)
	var b strings.Builder
	fmt.Fprintf(&b, "今日获客%d人,约访%d通,邀约成功%d人;拜访%d位", n["prospect"], n["call"], n["appointment"], n["visit"])
	if pv := plan["visit"]; pv > 0 {
		fmt.Fprintf(&b, "(计划%d位,完成%d%%)", pv, n["visit"]*100/pv)
	}
	if n["sales_interview"]+n["closing_interview"] > 0 {
		fmt.Fprintf(&b, ";销售面谈%d次,成交面谈%d次", n["sales_interview"], n["closing_interview"])
	}
	total := 0
	var highlight string
	for _, act := range a.acts[d] {
		switch {
		case act.kind == "deal":
			total += act.premium
			highlight = fmt.Sprintf("签下%s的%s。", act.cust.title(), act.product)
		case act.kind == "closing_interview" && act.product == "" && highlight == "":
			highlight = fmt.Sprintf("%s还在犹豫(%s),%s。", act.cust.title(), act.outcome, act.nextStep)
		}
	}
	if n["deal"] > 0 {
		fmt.Fprintf(&b, ";成交%d单,保费%s。", n["deal"], yuan(total))
	} else {
		b.WriteString(";今天没有成交。")
	}
	b.WriteString(highlight)
	if next := a.workDay(d + 1); next >= 0 {
		for _, m := range a.sched[next] {
			if m.kind != "visit" && m.cust != nil {
				fmt.Fprintf(&b, "明天重点:和%s%s。", m.cust.title(), kindNames[m.kind])
				return b.String()
			}
		}
	}
	if n["visit"] < plan["visit"] {
		b.WriteString("明天先从计划100里约A类客户,把访量补上。")
	} else {
		b.WriteString("明天继续保持访量。")
	}
	return b.String()
}
