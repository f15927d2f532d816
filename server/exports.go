package server

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/sync/store"
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
		settings, _, err := s.store().Settings(ctx(c), team.ID)
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
	rows, err := s.store().TeamMonth(ctx(c), team.ID, month)
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

type auditAnswer struct {
	Entries []store.AuditEntry `json:"entries"`
}

// auditLog is GET /api/admin/audit?limit=100 (admins): the audit log,
// newest first.
func (s *Server) auditLog(c *fiber.Ctx) error {
	limit := 100
	if q := c.Query("limit"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || n > 1000 {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "limit must be a whole number from 1 to 1000")
		}
		limit = n
	}
	entries, err := s.store().AuditLog(ctx(c), limit)
	if err != nil {
		return err
	}
	return c.JSON(auditAnswer{Entries: entries})
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
	sh.made = s.now()
	var body []byte
	ctype := csvType
	if format == "xlsx" {
		var err error
		if body, err = sh.xlsx(); err != nil {
			return fmt.Errorf("export %s.%s: %w", report, format, err)
		}
		ctype = xlsxType
	} else {
		body = sh.csv()
	}
	u := user(c)
	entry := store.AuditEntry{At: sh.made, UserID: u.ID, Username: u.Username, Action: "export." + report + "." + format, Params: params}
	if err := s.store().Audit(ctx(c), entry); err != nil {
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
	kindOrder  = []string{"prospect", "call", "appointment", "visit", "sales_interview", "closing_interview", "deal"}
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
		name:      "周100分表",
		title:     fmt.Sprintf("%s 周100分表 %s (%s 至 %s)", team.Name, p.Label, p.Start, p.End),
		headers:   []string{"排名", "姓名"},
		file:      fmt.Sprintf("%s-周100分表-%s", fileSafe(team.Name), p.Label),
		asciiFile: "fieldbook-weekly-" + p.Label,
	}
	for _, k := range kinds {
		n := nameOr(kindNames, k)
		sh.headers = append(sh.headers, n+" 实际", n+" 目标", n+" 得分")
	}
	sh.headers = append(sh.headers, "成交", "保费", "总分", "等级", "待批日志", "待审变动", "奖励")
	for _, e := range st.Entries {
		row := []cell{intCell(e.Rank), textCell(e.Name)}
		for _, k := range kinds {
			i := slices.IndexFunc(e.Categories, func(c scoring.Category) bool { return c.Kind == k })
			if i < 0 {
				// Not in the agent's table this week (a target of 0, or
				// no scored week at all).
				row = append(row, intCell(e.Counts[k]), noValue, noValue)
				continue
			}
			cat := e.Categories[i]
			row = append(row, intCell(cat.Actual), intCell(cat.Target), numCell(cellPoints, cat.Points))
		}
		row = append(row, intCell(e.Counts["deal"]), numCell(cellMoney, e.Premium), numCell(cellScore, e.Score),
			textCell(nameOr(bandNames, e.Band)), intCell(e.PendingDays), textCell(pendingText(e.PendingCounts)), textCell(awardsText(e.Awards)))
		sh.rows = append(sh.rows, row)
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
		parts = append(parts, nameOr(awardNames, a.Kind)+" "+yuan(float64(a.Amount)))
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
		name:  "月度复盘",
		title: fmt.Sprintf("%s 月度复盘 %s (%s 至 %s)", team.Name, tr.Month, first, next.Add(-1)),
		headers: []string{"姓名", "月度得分", "等级", "拜访目标", "拜访实际", "拜访完成率", "日均拜访", "约访成功率", "成交率",
			"件均保费", "总保费", "客户档案完整率", "待批日志", "辅导提醒"},
		file:      fmt.Sprintf("%s-月度复盘-%s", fileSafe(team.Name), tr.Month),
		asciiFile: "fieldbook-monthly-" + tr.Month,
	}
	var n, visitTarget, visits, calls, appointments, complete, files int
	var premium float64
	for _, a := range tr.Agents {
		r := a.Review
		target, actual := noValue, noValue
		vt, hasTarget := targetOf(r, "visit")
		if hasTarget {
			target, actual = intCell(vt.Target), intCell(vt.Actual)
		}
		perDay := noValue
		m, ok := scored[a.AgentID]
		if ok && m.ApprovedDays > 0 {
			perDay = numCell(cellScore, float64(m.Counts["visit"])/float64(m.ApprovedDays))
		}
		var alerts []string
		for _, al := range r.Alerts {
			alerts = append(alerts, al.Message)
		}
		sh.rows = append(sh.rows, []cell{textCell(a.Name), numCell(cellScore, r.Score), textCell(nameOr(bandNames, r.Band)),
			target, actual, optCell(cellPercent, r.VisitCompletion), perDay, optCell(cellPercent, r.Rates.AppointmentSuccess),
			optCell(cellPercent, r.Rates.CloseRate), optCell(cellMoney, r.Rates.AvgPremium), numCell(cellMoney, r.TotalPremium),
			optCell(cellPercent, r.Completeness.Rate), intCell(r.PendingDays), textCell(strings.Join(alerts, "；"))})
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
	teamRow := []cell{textCell("团队平均"), noValue, blank, noValue, noValue, noValue, noValue, noValue, noValue, noValue, noValue, noValue, blank, blank}
	if avg != nil && avg.Score != nil {
		teamRow[1], teamRow[2] = numCell(cellScore, *avg.Score), textCell(nameOr(bandNames, scoring.Band(*avg.Score)))
	}
	if n > 0 {
		teamRow[3] = numCell(cellScore, float64(visitTarget)/float64(n))
		teamRow[4] = numCell(cellScore, float64(visits)/float64(n))
		teamRow[5] = optCell(cellPercent, ratioOf(visits, visitTarget))
		teamRow[7] = optCell(cellPercent, ratioOf(appointments, calls))
		teamRow[10] = numCell(cellMoney, premium/float64(n))
		teamRow[11] = optCell(cellPercent, ratioOf(complete, files))
	}
	var bench fieldbook.Benchmark
	if avg != nil {
		teamRow[6], teamRow[8], teamRow[9] = optCell(cellScore, avg.VisitsPerDay), optCell(cellPercent, avg.CloseRate), optCell(cellMoney, avg.AvgPremium)
		bench = avg.Benchmark
	}
	benchRow := make([]cell, len(sh.headers))
	benchRow[0], benchRow[6], benchRow[8] = textCell("行业基准"), numCell(cellScore, bench.VisitsPerDay), numCell(cellPercent, bench.CloseRate)
	sh.rows = append(sh.rows, teamRow, benchRow)
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

// A cell holds a value and how it shows: numbers stay numbers in .xlsx,
// with a number format, and are written as they show into CSV.
type cell struct {
	kind cellKind
	text string
	num  float64
}

type cellKind int

const (
	cellText     cellKind = iota
	cellInt               // 12
	cellScore             // one decimal: 62.5
	cellPoints            // up to two decimals: 13.33
	cellPercent           // a share, 0.625 shown as 62.5%
	cellMoney             // yuan, 12000 shown as ¥12,000
	cellMoneyFen          // yuan with fen, 1234.5 shown as ¥1,234.50 (numCell picks it)
)

var (
	// noValue shows a rate or amount that has none (no calls, no deals).
	noValue = textCell("—")
	blank   = cell{}
)

func textCell(s string) cell { return cell{kind: cellText, text: s} }
func intCell(n int) cell     { return cell{kind: cellInt, num: float64(n)} }

// numCell is a number of kind k, rounded as it shows, so that the .xlsx
// holds what the CSV says.
func numCell(k cellKind, x float64) cell {
	switch k {
	case cellInt:
		x = math.Round(x)
	case cellScore:
		x = math.Round(x*10) / 10
	case cellPoints, cellMoney:
		x = math.Round(x*100) / 100
		if k == cellMoney && x != math.Trunc(x) {
			k = cellMoneyFen
		}
	case cellPercent:
		x = math.Round(x*1000) / 1000
	}
	return cell{kind: k, num: x}
}

// optCell is a number that may have no value: a rate without a
// denominator, an average premium without deals.
func optCell(k cellKind, x *float64) cell {
	if x == nil {
		return noValue
	}
	return numCell(k, *x)
}

// String is the cell as it shows, and as CSV holds it.
func (c cell) String() string {
	switch c.kind {
	case cellInt:
		return strconv.FormatFloat(c.num, 'f', 0, 64)
	case cellScore:
		return strconv.FormatFloat(c.num, 'f', 1, 64)
	case cellPoints:
		return strconv.FormatFloat(math.Round(c.num*100)/100, 'f', -1, 64)
	case cellPercent:
		return strconv.FormatFloat(c.num*100, 'f', 1, 64) + "%"
	case cellMoney, cellMoneyFen:
		return yuan(c.num)
	}
	return c.text
}

// numFmts are the .xlsx number formats of the kinds of number: a
// built-in format's id, or a format code.
var numFmts = map[cellKind]struct {
	id   int
	code string
}{
	cellInt:      {id: 1}, // 0
	cellPoints:   {id: 0}, // General
	cellScore:    {code: "0.0"},
	cellPercent:  {code: "0.0%"},
	cellMoney:    {code: `"¥"#,##0`},
	cellMoneyFen: {code: `"¥"#,##0.00`},
}

// yuan shows an amount with thousands separators, and fen only when there
// are any: ¥12,000, ¥1,234.50.
func yuan(x float64) string {
	fen := int64(math.Round(math.Abs(x) * 100))
	var b strings.Builder
	if x < 0 && fen > 0 {
		b.WriteByte('-')
	}
	b.WriteString("¥")
	whole := strconv.FormatInt(fen/100, 10)
	for i := range len(whole) {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(whole[i])
	}
	if f := fen % 100; f != 0 {
		fmt.Fprintf(&b, ".%02d", f)
	}
	return b.String()
}

// sheet is an export before it is rendered: a title row, a header row
// and rows of cells, as many as there are headers.
type sheet struct {
	name    string // the worksheet's name
	title   string
	headers []string
	rows    [][]cell
	// file is the download's name without extension, asciiFile its
	// fallback for clients that do not read RFC 5987 names.
	file, asciiFile string
	// made is when the export was made, for the workbook's properties.
	made time.Time
}

// Column widths, in Excel's units (about one Latin character; a Chinese
// character takes two).
const (
	minColWidth = 8
	maxColWidth = 60
)

// widths fit each column to its header and cells; wrap says which
// columns are wider than maxColWidth and wrap their text instead.
func (sh sheet) widths() (widths []float64, wrap []bool) {
	widths, wrap = make([]float64, len(sh.headers)), make([]bool, len(sh.headers))
	for i, h := range sh.headers {
		widths[i] = float64(displayWidth(h))
	}
	for _, r := range sh.rows {
		for i, c := range r {
			widths[i] = max(widths[i], float64(displayWidth(c.String())))
		}
	}
	for i, w := range widths {
		wrap[i] = w+2 > maxColWidth
		widths[i] = min(max(w+2, minColWidth), maxColWidth)
	}
	return widths, wrap
}

// displayWidth counts Chinese, Japanese and Korean characters and
// full-width punctuation as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
			r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef {
			n++
		}
	}
	return n
}

// xlsx renders the sheet: the title across the columns, a bold header row
// that stays in view, columns wide enough for their contents, numbers as
// numbers with their formats.
func (sh sheet) xlsx() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), sh.name); err != nil {
		return nil, err
	}
	made := sh.made.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "Fieldbook", Title: sh.title, Created: made, Modified: made}); err != nil {
		return nil, err
	}
	styles, err := newXLSXStyles(f)
	if err != nil {
		return nil, err
	}
	last, err := excelize.ColumnNumberToName(len(sh.headers))
	if err != nil {
		return nil, err
	}
	widths, wrap := sh.widths()
	put := func(col, row int, value any, style int) error {
		ref, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		if err := f.SetCellValue(sh.name, ref, value); err != nil {
			return err
		}
		return f.SetCellStyle(sh.name, ref, ref, style)
	}
	if err := put(1, 1, sh.title, styles.title); err != nil {
		return nil, err
	}
	if err := f.MergeCell(sh.name, "A1", last+"1"); err != nil {
		return nil, err
	}
	for i, h := range sh.headers {
		if err := put(i+1, 2, h, styles.header); err != nil {
			return nil, err
		}
	}
	for r, row := range sh.rows {
		for i, c := range row {
			var err error
			switch {
			case c.kind == cellText && c.text == "":
			case c.kind == cellText && wrap[i]:
				err = put(i+1, r+3, c.text, styles.wrap)
			case c.kind == cellText:
				err = put(i+1, r+3, c.text, styles.text)
			case c.kind == cellInt:
				err = put(i+1, r+3, int64(c.num), styles.numbers[c.kind])
			default:
				err = put(i+1, r+3, c.num, styles.numbers[c.kind])
			}
			if err != nil {
				return nil, err
			}
		}
	}
	for i, w := range widths {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return nil, err
		}
		if err := f.SetColWidth(sh.name, col, col, w); err != nil {
			return nil, err
		}
	}
	if err := f.SetSheetDimension(sh.name, fmt.Sprintf("A1:%s%d", last, len(sh.rows)+2)); err != nil {
		return nil, err
	}
	err = f.SetPanes(sh.name, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A3", ActiveCell: "A3", Pane: "bottomLeft"}}})
	if err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type xlsxStyles struct {
	title, header, text, wrap int
	numbers                   map[cellKind]int
}

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	st := xlsxStyles{numbers: map[cellKind]int{}}
	var err error
	add := func(into *int, s *excelize.Style) {
		if err == nil {
			*into, err = f.NewStyle(s)
		}
	}
	add(&st.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	add(&st.header, &excelize.Style{Font: &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}})
	add(&st.text, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	add(&st.wrap, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	for k, nf := range numFmts {
		style := &excelize.Style{NumFmt: nf.id, Alignment: &excelize.Alignment{Vertical: "top"}}
		if nf.code != "" {
			style.CustomNumFmt = &nf.code
		}
		var id int
		add(&id, style)
		st.numbers[k] = id
	}
	return st, err
}

// csv renders the sheet as UTF-8 CSV with a byte-order mark, which Excel
// needs to read Chinese. The title row is padded to the header's width
// so that every record has the same fields.
func (sh sheet) csv() []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	record := make([]string, len(sh.headers))
	record[0] = csvText(sh.title)
	w.Write(record)
	w.Write(sh.headers)
	for _, row := range sh.rows {
		record := make([]string, len(sh.headers))
		for i, c := range row {
			record[i] = c.String()
			if c.kind == cellText {
				record[i] = csvText(c.text)
			}
		}
		w.Write(record)
	}
	// Writes to a bytes.Buffer do not fail.
	w.Flush()
	return b.Bytes()
}

// csvText keeps a spreadsheet from running text as a formula (CSV
// injection): text that starts like a formula gets a leading apostrophe.
// Text cells hold names and labels; numbers are never text, so a
// negative number keeps its sign.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
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
