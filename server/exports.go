package server

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/spreadsheet"
)

// Exports hand a team's weekly 100-point table and monthly review to
// supervisors (their own team) and admins (any team, named by team_id) as
// .xlsx or CSV. They carry counts, scores and rates under the agents'
// names, never a customer's or prospect's data: they are built from the
// standings and the team review only. Each export is written to the audit
// log, durably, before it is sent; a failed audit sends nothing.

// Content types of the two formats.
const (
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	csvType  = "text/csv; charset=utf-8"
)

// exportWeekly is GET /api/exports/weekly?format=xlsx|csv&date=YYYY-MM-DD
// [&team_id=]: the weekly 100-point table of the week holding date (today
// when absent), one row per agent in rank order.
func (s *Server) exportWeekly(c *fiber.Ctx) error {
	team, loc, format, err := s.exportRequest(c)
	if err != nil {
		return err
	}
	day, err := s.dayParam(c, loc)
	if err != nil {
		return err
	}
	st, err := s.buildStandings(c, team, loc, "week", day)
	if err != nil {
		return err
	}
	kinds := tableKinds(st.Entries)
	if len(kinds) == 0 {
		// Nobody has a scored week yet: show the team's table as it is.
		settings, _, err := s.store().Directory.Settings(ctx(c), team.ID)
		if err != nil {
			return err
		}
		for _, r := range settings.WeeklyTable {
			kinds = append(kinds, r.Kind)
		}
	}
	params := map[string]string{"team_id": team.ID, "date": strings.Clone(string(day)), "week": st.Period.Label}
	return s.sendExport(c, "weekly", format, weeklySheet(team, st, kinds), params)
}

// exportMonthly is GET /api/exports/monthly?format=xlsx|csv&month=YYYY-MM
// [&team_id=]: the monthly review, one row per agent, then the team's
// averages and the benchmark.
func (s *Server) exportMonthly(c *fiber.Ctx) error {
	team, loc, format, err := s.exportRequest(c)
	if err != nil {
		return err
	}
	month, err := s.monthParam(c, loc)
	if err != nil {
		return err
	}
	month = strings.Clone(month)
	review, err := s.buildTeamReview(c, team, loc, month)
	if err != nil {
		return err
	}
	// The review has no approved days, which visits per day need.
	rows, err := s.store().Reports.TeamMonth(ctx(c), team.ID, month)
	if err != nil {
		return err
	}
	scored := map[string]scoring.MonthScore{}
	for _, r := range rows {
		if r.Found {
			scored[r.Agent.ID] = r.Score
		}
	}
	params := map[string]string{"team_id": team.ID, "month": month}
	return s.sendExport(c, "monthly", format, monthlySheet(team, review, scored), params)
}

// exportRequest checks who may export and reads the team and the format.
func (s *Server) exportRequest(c *fiber.Ctx) (fieldbook.Team, *time.Location, string, error) {
	if err := mayExport(c); err != nil {
		return fieldbook.Team{}, nil, "", err
	}
	team, loc, err := s.teamFor(c)
	if err != nil {
		return team, nil, "", err
	}
	format, err := formatParam(c)
	return team, loc, format, err
}

// mayExport refuses agents: exports are the team's numbers, for the
// people who review the team.
func mayExport(c *fiber.Ctx) error {
	if user(c).Role == fieldbook.RoleAgent {
		return fieldbook.Errorf(fieldbook.CodeForbidden, "exports are for supervisors and admins")
	}
	return nil
}

// formatParam reads ?format= (xlsx when absent).
func formatParam(c *fiber.Ctx) (string, error) {
	switch f := c.Query("format", "xlsx"); f {
	case "xlsx":
		return "xlsx", nil
	case "csv":
		return "csv", nil
	}
	return "", fieldbook.Errorf(fieldbook.CodeInvalid, "format must be xlsx or csv")
}

// sendExport renders the sheet, audits the export and only then sends it.
func (s *Server) sendExport(c *fiber.Ctx, report, format string, sh sheet, params map[string]string) error {
	sh.Made = s.now()
	var body []byte
	ctype := csvType
	if format == "xlsx" {
		var err error
		if body, err = sh.XLSX(); err != nil {
			return fmt.Errorf("export %s.%s: %w", report, format, err)
		}
		ctype = xlsxType
	} else {
		body = sh.CSV()
	}
	u := user(c)
	entry := fieldbook.AuditEntry{At: sh.Made, UserID: u.ID, Username: u.Username, Action: "export." + report + "." + format, Params: params}
	if err := s.store().Audit.Audit(ctx(c), entry); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, ctype)
	c.Set(fiber.HeaderContentDisposition, attachment(sh.file+"."+format, sh.asciiFile+"."+format))
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	return c.Send(body)
}

// Chinese names of what the exports show.
var (
	kindNames = map[string]string{"prospect": "获客", "call": "约访", "appointment": "邀约成功", "visit": "拜访",
		"sales_interview": "销售面谈", "closing_interview": "成交面谈", "deal": "成交"}
	// kindOrder is the guide's order of activity kinds.
	kindOrder  = fieldbook.Kinds()
	bandNames  = map[string]string{scoring.BandExcellent: "优秀", scoring.BandQualified: "合格", scoring.BandCoaching: "需辅导"}
	awardNames = map[string]string{scoring.AwardStreak: "连续达标奖", scoring.AwardWeeklyProgress: "周进步奖", scoring.AwardMonthlyChampion: "月度活动量冠军"}
)

func nameOr(names map[string]string, key string) string {
	if n, ok := names[key]; ok {
		return n
	}
	return key
}

// tableKinds are the categories of the agents' scored weeks, in the
// guide's order (kinds it does not know last).
func tableKinds(entries []standingEntry) []string {
	var seen []string
	for _, e := range entries {
		for _, c := range e.Categories {
			if !slices.Contains(seen, c.Kind) {
				seen = append(seen, c.Kind)
			}
		}
	}
	var out []string
	for _, k := range kindOrder {
		if slices.Contains(seen, k) {
			out = append(out, k)
		}
	}
	for _, k := range seen {
		if !slices.Contains(kindOrder, k) {
			out = append(out, k)
		}
	}
	return out
}

// weeklySheet is the weekly table: rank, name, actual, target and points
// of each category, the score, its band, pending days and awards.
func weeklySheet(team fieldbook.Team, st standings, kinds []string) sheet {
	p := st.Period
	sh := sheet{
		Sheet: spreadsheet.Sheet{Name: "周100分表", Headers: []string{"排名", "姓名"},
			Title: fmt.Sprintf("%s 周100分表 %s (%s 至 %s)", team.Name, p.Label, p.Start, p.End)},
		file:      fmt.Sprintf("%s-周100分表-%s", fileSafe(team.Name), p.Label),
		asciiFile: "fieldbook-weekly-" + p.Label,
	}
	for _, k := range kinds {
		n := nameOr(kindNames, k)
		sh.Headers = append(sh.Headers, n+" 实际", n+" 目标", n+" 得分")
	}
	sh.Headers = append(sh.Headers, "成交", "保费", "总分", "等级", "待批日志", "待审变动", "奖励")
	for _, e := range st.Entries {
		row := []spreadsheet.Cell{spreadsheet.IntCell(e.Rank), spreadsheet.TextCell(e.Name)}
		for _, k := range kinds {
			i := slices.IndexFunc(e.Categories, func(c scoring.Category) bool { return c.Kind == k })
			if i < 0 {
				// Not in the agent's table this week (a target of 0, or
				// no scored week at all).
				row = append(row, spreadsheet.IntCell(e.Counts[k]), spreadsheet.NoValue, spreadsheet.NoValue)
				continue
			}
			cat := e.Categories[i]
			row = append(row, spreadsheet.IntCell(cat.Actual), spreadsheet.IntCell(cat.Target), spreadsheet.NumCell(spreadsheet.KindPoints, cat.Points))
		}
		row = append(row, spreadsheet.IntCell(e.Counts["deal"]), spreadsheet.NumCell(spreadsheet.KindMoney, e.Premium), spreadsheet.NumCell(spreadsheet.KindScore, e.Score),
			spreadsheet.TextCell(nameOr(bandNames, e.Band)), spreadsheet.IntCell(e.PendingDays), spreadsheet.TextCell(pendingText(e.PendingCounts)), spreadsheet.TextCell(awardsText(e.Awards)))
		sh.Rows = append(sh.Rows, row)
	}
	return sh
}

// pendingText says what the days waiting for review would change, in the
// guide's order of kinds: 拜访 +2；成交 +1 (an amended day still counts what
// was approved; this is what its change would add or take away).
func pendingText(pending map[string]int) string {
	var parts []string
	for _, k := range kindOrder {
		if n := pending[k]; n != 0 {
			parts = append(parts, fmt.Sprintf("%s %+d", nameOr(kindNames, k), n))
		}
	}
	return strings.Join(parts, "；")
}

// awardsText lists awards with their amounts: 连续达标奖 ¥50；周进步奖 ¥200.
func awardsText(awards []scoring.Award) string {
	var parts []string
	for _, a := range awards {
		parts = append(parts, nameOr(awardNames, a.Kind)+" "+spreadsheet.Yuan(float64(a.Amount)))
	}
	return strings.Join(parts, "；")
}

// monthlySheet is the monthly review, one row per agent, then the team's
// row and the benchmark's. The team's row is over the agents with a
// scored month, as the team averages are; its rates are pooled (the
// team's deals ÷ the team's visits), as the team's close rate is. scored
// holds the agents' scored months by agent id.
func monthlySheet(team fieldbook.Team, tr teamReview, scored map[string]scoring.MonthScore) sheet {
	first, next, _ := scoring.MonthDays(tr.Month)
	sh := sheet{
		Sheet: spreadsheet.Sheet{Name: "月度复盘",
			Title: fmt.Sprintf("%s 月度复盘 %s (%s 至 %s)", team.Name, tr.Month, first, next.Add(-1)),
			Headers: []string{"姓名", "月度得分", "等级", "拜访目标", "拜访实际", "拜访完成率", "日均拜访", "约访成功率", "成交率",
				"件均保费", "总保费", "客户档案完整率", "待批日志", "辅导提醒"}},
		file:      fmt.Sprintf("%s-月度复盘-%s", fileSafe(team.Name), tr.Month),
		asciiFile: "fieldbook-monthly-" + tr.Month,
	}
	var n, visitTarget, visits, calls, appointments, complete, files int
	var premium float64
	for _, a := range tr.Agents {
		r := a.Review
		target, actual := spreadsheet.NoValue, spreadsheet.NoValue
		vt, hasTarget := targetOf(r, "visit")
		if hasTarget {
			target, actual = spreadsheet.IntCell(vt.Target), spreadsheet.IntCell(vt.Actual)
		}
		perDay := spreadsheet.NoValue
		m, ok := scored[a.AgentID]
		if ok && m.ApprovedDays > 0 {
			perDay = spreadsheet.NumCell(spreadsheet.KindScore, float64(m.Counts["visit"])/float64(m.ApprovedDays))
		}
		var alerts []string
		for _, al := range r.Alerts {
			alerts = append(alerts, al.Message)
		}
		sh.Rows = append(sh.Rows, []spreadsheet.Cell{spreadsheet.TextCell(a.Name), spreadsheet.NumCell(spreadsheet.KindScore, r.Score), spreadsheet.TextCell(nameOr(bandNames, r.Band)),
			target, actual, spreadsheet.OptCell(spreadsheet.KindPercent, r.VisitCompletion), perDay, spreadsheet.OptCell(spreadsheet.KindPercent, r.Rates.AppointmentSuccess),
			spreadsheet.OptCell(spreadsheet.KindPercent, r.Rates.CloseRate), spreadsheet.OptCell(spreadsheet.KindMoney, r.Rates.AvgPremium), spreadsheet.NumCell(spreadsheet.KindMoney, r.TotalPremium),
			spreadsheet.OptCell(spreadsheet.KindPercent, r.Completeness.Rate), spreadsheet.IntCell(r.PendingDays), spreadsheet.TextCell(strings.Join(alerts, "；"))})
		if !ok {
			continue
		}
		n++
		visitTarget += vt.Target
		visits += m.Counts["visit"]
		calls += m.Counts["call"]
		appointments += m.Counts["appointment"]
		premium += m.Premium
		complete += r.Completeness.Complete
		files += r.Completeness.Total
	}

	avg := tr.Team
	teamRow := []spreadsheet.Cell{spreadsheet.TextCell("团队平均"), spreadsheet.NoValue, spreadsheet.Blank, spreadsheet.NoValue, spreadsheet.NoValue, spreadsheet.NoValue, spreadsheet.NoValue, spreadsheet.NoValue, spreadsheet.NoValue, spreadsheet.NoValue, spreadsheet.NoValue, spreadsheet.NoValue, spreadsheet.Blank, spreadsheet.Blank}
	if avg != nil && avg.Score != nil {
		teamRow[1], teamRow[2] = spreadsheet.NumCell(spreadsheet.KindScore, *avg.Score), spreadsheet.TextCell(nameOr(bandNames, scoring.Band(*avg.Score)))
	}
	if n > 0 {
		teamRow[3] = spreadsheet.NumCell(spreadsheet.KindScore, float64(visitTarget)/float64(n))
		teamRow[4] = spreadsheet.NumCell(spreadsheet.KindScore, float64(visits)/float64(n))
		teamRow[5] = spreadsheet.OptCell(spreadsheet.KindPercent, ratioOf(visits, visitTarget))
		teamRow[7] = spreadsheet.OptCell(spreadsheet.KindPercent, ratioOf(appointments, calls))
		teamRow[10] = spreadsheet.NumCell(spreadsheet.KindMoney, premium/float64(n))
		teamRow[11] = spreadsheet.OptCell(spreadsheet.KindPercent, ratioOf(complete, files))
	}
	var bench fieldbook.Benchmark
	if avg != nil {
		teamRow[6], teamRow[8], teamRow[9] = spreadsheet.OptCell(spreadsheet.KindScore, avg.VisitsPerDay), spreadsheet.OptCell(spreadsheet.KindPercent, avg.CloseRate), spreadsheet.OptCell(spreadsheet.KindMoney, avg.AvgPremium)
		bench = avg.Benchmark
	}
	benchRow := make([]spreadsheet.Cell, len(sh.Headers))
	benchRow[0], benchRow[6], benchRow[8] = spreadsheet.TextCell("行业基准"), spreadsheet.NumCell(spreadsheet.KindScore, bench.VisitsPerDay), spreadsheet.NumCell(spreadsheet.KindPercent, bench.CloseRate)
	sh.Rows = append(sh.Rows, teamRow, benchRow)
	return sh
}

func targetOf(r scoring.Review, kind string) (scoring.TargetRow, bool) {
	for _, t := range r.Targets {
		if t.Kind == kind {
			return t, true
		}
	}
	return scoring.TargetRow{}, false
}

func ratioOf(a, b int) *float64 {
	if b == 0 {
		return nil
	}
	r := float64(a) / float64(b)
	return &r
}

// sheet is an export: the sheet and the download's name without extension
// (asciiFile its fallback for clients that do not read RFC 5987 names).
type sheet struct {
	spreadsheet.Sheet
	file, asciiFile string
}

// fileSafe replaces what a file name may not hold on common systems.
func fileSafe(name string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`\/:*?"<>|`, r) {
			return '_'
		}
		return r
	}, name)
}

// attachment is a Content-Disposition for a download named name, with
// an ASCII fallback for clients that do not read RFC 5987's filename*.
func attachment(name, ascii string) string {
	var b strings.Builder
	for _, c := range []byte(name) {
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, b.String())
}
