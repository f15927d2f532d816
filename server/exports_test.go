package server

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"fieldbook"
	"fieldbook/auth"
	"fieldbook/scoring"
	"fieldbook/spreadsheet"
	"fieldbook/spreadsheet/spreadsheettest"
	"fieldbook/sync/rules"
)

// Personal data the agent records, which no export may carry.
const (
	secretCustomer = "欧阳甄珍"
	secretProspect = "司马锦绣"
	secretNote     = "翠湖路88号"
)

// exportWorld is team 一队 (agents li, wang and one named like a formula;
// supervisor zhang), team 二队 (supervisor zhao) and an admin. li works
// Monday 2026-11-16 and submits Tuesday too; zhang approves Monday only.
type exportWorld struct {
	e                  *env
	t1, t2             fieldbook.Team
	admin, agent, sup  *person
	otherSup, teamMate *person
}

func newExportWorld(t *testing.T) *exportWorld {
	t.Helper()
	e := newEnv(t)
	w := &exportWorld{e: e}
	w.t1, w.t2 = e.team("一队"), e.team("二队")
	w.admin = e.person("boss", fieldbook.RoleAdmin, "")
	w.agent = e.person("li", fieldbook.RoleAgent, w.t1.ID)
	w.teamMate = e.person("wang", fieldbook.RoleAgent, w.t1.ID)
	w.sup = e.person("zhang", fieldbook.RoleSupervisor, w.t1.ID)
	w.otherSup = e.person("zhao", fieldbook.RoleSupervisor, w.t2.ID)
	hash, err := auth.HashPassword(testPassword, cheap)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.CreateUser(bg(), fieldbook.User{Username: "formula", Name: "=1+2", Role: fieldbook.RoleAgent, TeamID: w.t1.ID, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	w.scoreMonday()
	return w
}

// scoreMonday has li record, on 2026-11-16, 6 prospects, 8 calls, 4
// appointments, 20 visits, a sales and a closing interview and a ¥12,000
// deal, all but the visits with the same customer; zhang approves the day.
// By the default table that is 6 + 4 + 40 + 4 + 8 = 62.0 points and the
// weekly progress award.
func (w *exportWorld) scoreMonday() {
	e, a := w.e, w.agent
	cust, pros := newID(), newID()
	changes := []map[string]any{
		a.change(fieldbook.Customers, cust, map[string]any{"name": secretCustomer, "age": 41, "notes": secretNote}),
		a.change(fieldbook.Prospects, pros, map[string]any{"name": secretProspect, "notes": secretNote}),
	}
	n := 0
	act := func(kind, customer string, extra map[string]any) {
		n++
		f := map[string]any{"kind": kind, "occurred_at": fmt.Sprintf("2026-11-16T%02d:%02d:00+08:00", 8+n/60, n%60)}
		if customer != "" {
			f["customer_id"] = customer
		}
		for k, v := range extra {
			f[k] = v
		}
		changes = append(changes, a.change(fieldbook.Activities, newID(), f))
	}
	for range 6 {
		act("prospect", "", map[string]any{"prospect_id": pros, "notes": secretProspect})
	}
	for range 8 {
		act("call", "", map[string]any{"prospect_id": pros})
	}
	for range 4 {
		act("appointment", "", map[string]any{"prospect_id": pros})
	}
	act("visit", cust, map[string]any{"outcome": "拜访" + secretCustomer})
	for range 19 {
		act("visit", newID(), nil)
	}
	act("sales_interview", cust, nil)
	act("closing_interview", cust, nil)
	act("deal", cust, map[string]any{"premium": 12000, "notes": secretCustomer + "签约"})
	monday, tuesday := rules.DayLogID(a.ID, "2026-11-16"), rules.DayLogID(a.ID, "2026-11-17")
	changes = append(changes,
		a.change(fieldbook.DayLogs, monday, map[string]any{"date": "2026-11-16", "plan": map[string]int{"visit": 20}, "summary": "见了" + secretCustomer, "state": "submitted"}),
		a.change(fieldbook.DayLogs, tuesday, map[string]any{"date": "2026-11-17", "state": "submitted"}))
	for i, r := range results(e.sync(a, changes...)) {
		if r != "applied" {
			e.t.Fatalf("change %d: %s", i, r)
		}
	}
	e.sync(w.sup)
	if got := results(e.sync(w.sup, w.sup.change(fieldbook.DayLogs, monday, map[string]any{"state": "approved", "reviewed_version": version(e, monday)})))[0]; got != "applied" {
		e.t.Fatalf("approving Monday: %s", got)
	}
}

func (w *exportWorld) get(p *person, path string) answer {
	w.e.t.Helper()
	return w.e.must(200, "GET", path, p.access, nil)
}

// readXLSX opens an .xlsx answer and returns its only sheet's rows, as
// shown and as stored.
func readXLSX(t *testing.T, raw []byte) (f *excelize.File, shown, stored [][]string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not an xlsx file: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	sheets := f.GetSheetList()
	if len(sheets) != 1 {
		t.Fatalf("sheets %v, want one", sheets)
	}
	if shown, err = f.GetRows(sheets[0]); err != nil {
		t.Fatal(err)
	}
	if stored, err = f.GetRows(sheets[0], excelize.Options{RawCellValue: true}); err != nil {
		t.Fatal(err)
	}
	return f, shown, stored
}

func rowOf(t *testing.T, rows [][]string, name string) []string {
	t.Helper()
	for _, r := range rows {
		if len(r) > 1 && (r[1] == name || r[0] == name) {
			return r
		}
	}
	t.Fatalf("no row of %s in %v", name, rows)
	return nil
}

// column returns a row's value under header.
func column(t *testing.T, header, row []string, name string) string {
	t.Helper()
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("no column %s in %v", name, header)
	}
	if i >= len(row) {
		return ""
	}
	return row[i]
}

var weeklyHeader = []string{"排名", "姓名",
	"获客 实际", "获客 目标", "获客 得分", "邀约成功 实际", "邀约成功 目标", "邀约成功 得分", "拜访 实际", "拜访 目标", "拜访 得分",
	"销售面谈 实际", "销售面谈 目标", "销售面谈 得分", "成交面谈 实际", "成交面谈 目标", "成交面谈 得分",
	"成交", "保费", "总分", "等级", "待批日志", "待审变动", "奖励"}

var monthlyHeader = []string{"姓名", "月度得分", "等级", "拜访目标", "拜访实际", "拜访完成率", "日均拜访", "约访成功率", "成交率",
	"件均保费", "总保费", "客户档案完整率", "待批日志", "辅导提醒"}

func TestExportsAreForSupervisorsAndAdmins(t *testing.T) {
	w := newExportWorld(t)
	e := w.e
	t1 := "&team_id=" + w.t1.ID
	var succeeded []string
	for _, format := range []string{"xlsx", "csv"} {
		for _, report := range []string{"weekly?date=2026-11-16", "monthly?month=2026-11"} {
			base := "/api/exports/" + report + "&format=" + format
			tests := []struct {
				who    *person
				query  string
				status int
			}{
				{w.agent, "", 403},
				{w.agent, t1, 403},
				{w.otherSup, t1, 403},
				{w.sup, "", 200},
				{w.sup, t1, 200},
				{w.admin, t1, 200},
				{w.admin, "", 400},
				{w.admin, "&team_id=not-a-team", 400},
				{w.admin, "&team_id=" + newID(), 404},
				{nil, t1, 401},
			}
			for _, tt := range tests {
				token, who := "", "anonymous"
				if tt.who != nil {
					token, who = tt.who.access, tt.who.Username
				}
				a := e.do("GET", base+tt.query, token, nil)
				if a.status != tt.status {
					t.Errorf("GET %s as %s: %d, want %d: %s", base+tt.query, who, a.status, tt.status, a.raw)
					continue
				}
				if tt.status != 200 {
					if a.code() == "" {
						t.Errorf("GET %s as %s: %d without an error code: %s", base+tt.query, who, a.status, a.raw)
					}
					continue
				}
				succeeded = append(succeeded, "export."+strings.Split(report, "?")[0]+"."+format+" by "+tt.who.Username)
				want := map[string]string{"xlsx": xlsxType, "csv": csvType}[format]
				if got := a.header.Get("Content-Type"); got != want {
					t.Errorf("GET %s: Content-Type %q, want %q", base+tt.query, got, want)
				}
			}
		}
	}

	// Only the exports that were sent are in the audit log, newest first.
	log := e.must(200, "GET", "/api/admin/audit?limit=1000", w.admin.access, nil)
	entries, _ := log.body["entries"].([]any)
	var got []string
	for _, x := range entries {
		m := x.(map[string]any)
		got = append(got, fmt.Sprint(m["action"], " by ", m["username"]))
	}
	slices.Reverse(succeeded)
	if !slices.Equal(got, succeeded) {
		t.Fatalf("audit log:\n got %v\nwant %v", got, succeeded)
	}
}

func TestExportBadInputIsRefused(t *testing.T) {
	w := newExportWorld(t)
	for _, path := range []string{
		"/api/exports/weekly?format=pdf",
		"/api/exports/weekly?format=XLSX",
		"/api/exports/weekly?format=csv&date=2026-02-30",
		"/api/exports/weekly?format=csv&date=yesterday",
		"/api/exports/weekly?format=xlsx&date=2026-11-16T00:00:00Z",
		"/api/exports/monthly?format=pdf&month=2026-11",
		"/api/exports/monthly?format=xlsx&month=2026-13",
		"/api/exports/monthly?format=csv&month=2026-11-01",
		"/api/exports/monthly?format=csv&month=%00",
	} {
		a := w.e.do("GET", path, w.sup.access, nil)
		if a.status != 400 || a.code() != fieldbook.CodeInvalid {
			t.Errorf("GET %s: %d %s, want 400 invalid", path, a.status, a.raw)
		}
	}
	if a := w.e.do("GET", "/api/exports/weekly?format=pdf", w.sup.access, nil); !strings.Contains(fmt.Sprint(a.body["error"]), "xlsx or csv") {
		t.Errorf("the message does not say which formats there are: %s", a.raw)
	}
	if entries := w.e.must(200, "GET", "/api/admin/audit", w.admin.access, nil).body["entries"].([]any); len(entries) != 0 {
		t.Fatalf("refused exports were audited: %v", entries)
	}
}

func TestWeeklyExportXLSX(t *testing.T) {
	w := newExportWorld(t)
	a := w.get(w.sup, "/api/exports/weekly?format=xlsx&date=2026-11-18")
	f, shown, stored := readXLSX(t, a.raw)
	sheet := f.GetSheetName(0)
	if sheet != "周100分表" {
		t.Errorf("sheet %q, want 周100分表", sheet)
	}
	if got, want := shown[0][0], "一队 周100分表 2026-W47 (2026-11-16 至 2026-11-22)"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	if !slices.Equal(shown[1], weeklyHeader) {
		t.Fatalf("header\n got %q\nwant %q", shown[1], weeklyHeader)
	}
	li := rowOf(t, stored, "li")
	want := []string{"1", "li", "6", "12", "6", "4", "16", "4", "20", "20", "40", "1", "4", "4", "1", "2", "8", "1", "12000", "62", "合格", "1", "", "周进步奖 ¥200"}
	if !slices.Equal(li, want) {
		t.Errorf("li's row\n got %q\nwant %q", li, want)
	}
	if got := column(t, shown[1], rowOf(t, shown, "li"), "总分"); got != "62.0" {
		t.Errorf("li's score shows as %q, want 62.0", got)
	}
	// An agent with no scored week: counts, no targets or points, 0.
	wang := rowOf(t, shown, "wang")
	if got := column(t, shown[1], wang, "拜访 目标"); got != "—" {
		t.Errorf("wang's visit target %q, want —", got)
	}
	if got := column(t, shown[1], wang, "总分") + column(t, shown[1], wang, "等级"); got != "0.0需辅导" {
		t.Errorf("wang's score and band %q", got)
	}
	// Numbers are numbers: the score, the rank and the counts.
	for _, col := range []int{1, 3, 18, 19, 20} {
		ref, _ := excelize.CoordinatesToCellName(col, 3)
		if typ, _ := f.GetCellType(sheet, ref); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("%s holds text, want a number", ref)
		}
	}
	// A name that looks like a formula stays text.
	i := slices.IndexFunc(stored, func(r []string) bool { return len(r) > 1 && r[1] == "=1+2" })
	if i < 0 {
		t.Fatalf("no row of the agent named =1+2 in %q", stored)
	}
	ref, _ := excelize.CoordinatesToCellName(2, i+1)
	if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
		t.Errorf("%s holds formula %q", ref, formula)
	}
	if typ, _ := f.GetCellType(sheet, ref); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("%s is of type %v, want text", ref, typ)
	}
	checkLayout(t, f, sheet, weeklyHeader)
	checkDownload(t, a, "fieldbook-weekly-2026-W47.xlsx", "一队-周100分表-2026-W47.xlsx")
}

// checkLayout checks the bold, frozen header row, the title merged across
// it and columns wide enough for their headers.
func checkLayout(t *testing.T, f *excelize.File, sheet string, header []string) {
	t.Helper()
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 2 {
		t.Errorf("panes %+v (%v), want the two top rows frozen", panes, err)
	}
	id, _ := f.GetCellStyle(sheet, "B2")
	if style, err := f.GetStyle(id); err != nil || style.Font == nil || !style.Font.Bold {
		t.Errorf("the header is not bold: %+v %v", style, err)
	}
	merged, _ := f.GetMergeCells(sheet)
	last, _ := excelize.ColumnNumberToName(len(header))
	if len(merged) != 1 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != last+"1" {
		t.Errorf("merged cells %v, want the title across A1:%s1", merged, last)
	}
	for i, h := range header {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if width, _ := f.GetColWidth(sheet, col); width < float64(spreadsheet.DisplayWidth(h)) {
			t.Errorf("column %s (%s) is %.1f wide, want at least %d", col, h, width, spreadsheet.DisplayWidth(h))
		}
	}
}

func checkDownload(t *testing.T, a answer, ascii, name string) {
	t.Helper()
	cd := a.header.Get("Content-Disposition")
	if !strings.HasPrefix(cd, `attachment; filename="`+ascii+`"; `) {
		t.Errorf("Content-Disposition %q, want the ASCII name %s", cd, ascii)
	}
	_, encoded, ok := strings.Cut(cd, "filename*=UTF-8''")
	if got, err := url.PathUnescape(encoded); !ok || err != nil || got != name {
		t.Errorf("Content-Disposition %q: filename* is %q (%v), want %q", cd, got, err, name)
	}
	if got := a.header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", got)
	}
}

func TestWeeklyExportCSV(t *testing.T) {
	w := newExportWorld(t)
	a := w.get(w.admin, "/api/exports/weekly?format=csv&date=2026-11-22&team_id="+w.t1.ID)
	records := spreadsheettest.ReadCSV(t, a.raw)
	if got := records[0][0]; got != "一队 周100分表 2026-W47 (2026-11-16 至 2026-11-22)" {
		t.Errorf("title %q", got)
	}
	if !slices.Equal(records[1], weeklyHeader) {
		t.Fatalf("header\n got %q\nwant %q", records[1], weeklyHeader)
	}
	want := []string{"1", "li", "6", "12", "6", "4", "16", "4", "20", "20", "40", "1", "4", "4", "1", "2", "8", "1", "¥12,000", "62.0", "合格", "1", "", "周进步奖 ¥200"}
	if got := rowOf(t, records, "li"); !slices.Equal(got, want) {
		t.Errorf("li's row\n got %q\nwant %q", got, want)
	}
	// The formula-like name is defused for spreadsheets.
	if got := rowOf(t, records, "'=1+2"); got[0] != "2" {
		t.Errorf("the formula-named agent's row %q", got)
	}
	checkDownload(t, a, "fieldbook-weekly-2026-W47.csv", "一队-周100分表-2026-W47.csv")
}

// The two formats of one export say the same, cell for cell, as shown:
// the same numbers with the same decimals (77.0 in both, never 77 in one).
func TestCSVAndXLSXAgree(t *testing.T) {
	w := newExportWorld(t)
	// Tuesday: li's pending day; an amendment of Monday pending too.
	w.e.sync(w.agent, w.agent.change(fieldbook.Activities, newID(), map[string]any{"kind": "visit",
		"occurred_at": "2026-11-16T20:00:00+08:00", "customer_id": newID()}))
	for _, path := range []string{"/api/exports/weekly?date=2026-11-18", "/api/exports/monthly?month=2026-11"} {
		csv := spreadsheettest.ReadCSV(t, w.get(w.sup, path+"&format=csv").raw)
		spreadsheettest.SameCells(t, path, w.get(w.sup, path+"&format=xlsx").raw, csv)
		if strings.Contains(path, "weekly") {
			if got := column(t, csv[1], rowOf(t, csv, "li"), "待审变动"); got != "拜访 +1" {
				t.Errorf("li's pending change %q, want 拜访 +1", got)
			}
			if got := column(t, csv[1], rowOf(t, csv, "li"), "总分"); got != "62.0" {
				t.Errorf("li's amended week scores %q, want what was approved, 62.0", got)
			}
		}
	}
}

func TestMonthlyExport(t *testing.T) {
	w := newExportWorld(t)
	// li: 62.0 in the one scored week of November's five (Mondays 2, 9,
	// 16, 23, 30) is 12.4; 20 of 100 visits on one approved day; 4 of 8
	// calls; 1 deal of 20 visits; one incomplete customer file.
	wantLi := []string{"li", "12.4", "需辅导", "100", "20", "20.0%", "20.0", "50.0%", "5.0%", "¥12,000", "¥12,000", "0.0%", "1"}
	wantTeam := []string{"团队平均", "12.4", "需辅导", "100.0", "20.0", "20.0%", "20.0", "50.0%", "5.0%", "¥12,000", "¥12,000", "0.0%", "", ""}
	wantBench := []string{"行业基准", "", "", "", "", "", "20.0", "", "8.0%"}

	csvAnswer := w.get(w.sup, "/api/exports/monthly?format=csv&month=2026-11")
	records := spreadsheettest.ReadCSV(t, csvAnswer.raw)
	if got := records[0][0]; got != "一队 月度复盘 2026-11 (2026-11-01 至 2026-11-30)" {
		t.Errorf("title %q", got)
	}
	if !slices.Equal(records[1], monthlyHeader) {
		t.Fatalf("header\n got %q\nwant %q", records[1], monthlyHeader)
	}
	li := rowOf(t, records, "li")
	if !slices.Equal(li[:len(wantLi)], wantLi) {
		t.Errorf("li's row\n got %q\nwant %q…", li, wantLi)
	}
	if alerts := column(t, records[1], li, "辅导提醒"); !strings.Contains(alerts, "客户档案完整率低于80%") {
		t.Errorf("li's alerts %q lack the file upkeep alert", alerts)
	}
	if got := records[len(records)-2]; !slices.Equal(got, wantTeam) {
		t.Errorf("team row\n got %q\nwant %q", got, wantTeam)
	}
	if got := records[len(records)-1]; !slices.Equal(got[:len(wantBench)], wantBench) {
		t.Errorf("benchmark row\n got %q\nwant %q…", got, wantBench)
	}
	checkDownload(t, csvAnswer, "fieldbook-monthly-2026-11.csv", "一队-月度复盘-2026-11.csv")

	xlsxAnswer := w.get(w.admin, "/api/exports/monthly?format=xlsx&month=2026-11&team_id="+w.t1.ID)
	f, shown, stored := readXLSX(t, xlsxAnswer.raw)
	sheet := f.GetSheetName(0)
	if sheet != "月度复盘" {
		t.Errorf("sheet %q, want 月度复盘", sheet)
	}
	if !slices.Equal(shown[1], monthlyHeader) {
		t.Fatalf("header\n got %q\nwant %q", shown[1], monthlyHeader)
	}
	// Shown as in the CSV, stored as numbers.
	if got := rowOf(t, shown, "li"); !slices.Equal(got[:len(wantLi)], wantLi) {
		t.Errorf("li's row shows\n got %q\nwant %q…", got, wantLi)
	}
	li = rowOf(t, stored, "li")
	for _, c := range []struct{ column, want string }{{"拜访完成率", "0.2"}, {"成交率", "0.05"}, {"件均保费", "12000"}, {"月度得分", "12.4"}} {
		if got := column(t, stored[1], li, c.column); got != c.want {
			t.Errorf("li's %s is stored as %q, want %q", c.column, got, c.want)
		}
	}
	checkLayout(t, f, sheet, monthlyHeader)
	checkDownload(t, xlsxAnswer, "fieldbook-monthly-2026-11.xlsx", "一队-月度复盘-2026-11.xlsx")
}

// TestExportsCarryNoPersonalData looks for the names and notes of li's
// customer and prospect in every part of every export.
func TestExportsCarryNoPersonalData(t *testing.T) {
	w := newExportWorld(t)
	for _, path := range []string{
		"/api/exports/weekly?format=xlsx&date=2026-11-16",
		"/api/exports/weekly?format=csv&date=2026-11-16",
		"/api/exports/monthly?format=xlsx&month=2026-11",
		"/api/exports/monthly?format=csv&month=2026-11",
	} {
		raw := w.get(w.sup, path).raw
		texts := map[string][]byte{"body": raw}
		if strings.Contains(path, "xlsx") {
			z, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			for _, zf := range z.File {
				r, err := zf.Open()
				if err != nil {
					t.Fatal(err)
				}
				b, err := io.ReadAll(r)
				r.Close()
				if err != nil {
					t.Fatal(err)
				}
				texts[zf.Name] = b
			}
			if !bytes.Contains(texts["xl/sharedStrings.xml"], []byte("li")) {
				t.Fatalf("%s: the search would not find names: no agent name in the shared strings", path)
			}
		}
		for part, b := range texts {
			for _, secret := range []string{secretCustomer, secretProspect, secretNote} {
				if bytes.Contains(b, []byte(secret)) {
					t.Errorf("%s: %s holds %q", path, part, secret)
				}
			}
		}
	}
}

func TestAuditLogRecordsExports(t *testing.T) {
	w := newExportWorld(t)
	e := w.e
	w.get(w.sup, "/api/exports/weekly?format=csv&date=2026-11-16")
	w.get(w.admin, "/api/exports/monthly?format=xlsx&month=2026-10&team_id="+w.t2.ID)
	for _, who := range []*person{w.sup, w.agent} {
		if a := e.do("GET", "/api/admin/audit", who.access, nil); a.status != 403 {
			t.Errorf("%s reading the audit log: %d, want 403", who.Username, a.status)
		}
	}
	for _, q := range []string{"0", "-1", "x", "1001"} {
		if a := e.do("GET", "/api/admin/audit?limit="+q, w.admin.access, nil); a.status != 400 {
			t.Errorf("limit=%s: %d, want 400", q, a.status)
		}
	}
	entries := e.must(200, "GET", "/api/admin/audit?limit=100", w.admin.access, nil).body["entries"].([]any)
	if len(entries) != 2 {
		t.Fatalf("got %d entries, want 2", len(entries))
	}
	newest, older := entries[0].(map[string]any), entries[1].(map[string]any)
	if newest["action"] != "export.monthly.xlsx" || newest["user_id"] != w.admin.ID || newest["username"] != "boss" {
		t.Errorf("newest entry %v", newest)
	}
	if p := newest["params"].(map[string]any); p["team_id"] != w.t2.ID || p["month"] != "2026-10" {
		t.Errorf("newest entry's params %v", p)
	}
	if older["action"] != "export.weekly.csv" || older["user_id"] != w.sup.ID || older["username"] != "zhang" {
		t.Errorf("older entry %v", older)
	}
	if p := older["params"].(map[string]any); p["team_id"] != w.t1.ID || p["date"] != "2026-11-16" || p["week"] != "2026-W47" {
		t.Errorf("older entry's params %v", p)
	}
	newAt, err1 := time.Parse(time.RFC3339Nano, fmt.Sprint(newest["at"]))
	oldAt, err2 := time.Parse(time.RFC3339Nano, fmt.Sprint(older["at"]))
	if err1 != nil || err2 != nil || newAt.Before(oldAt) || time.Since(oldAt) > time.Minute {
		t.Errorf("entries at %v then %v, want when they were made, newest first", newest["at"], older["at"])
	}
	if got := e.must(200, "GET", "/api/admin/audit?limit=1", w.admin.access, nil).body["entries"].([]any); len(got) != 1 || got[0].(map[string]any)["action"] != "export.monthly.xlsx" {
		t.Errorf("limit=1: %v", got)
	}
}

func TestExportOfAnEmptyTeam(t *testing.T) {
	e := newEnv(t)
	tm := e.team("三队")
	sup := e.person("sun", fieldbook.RoleSupervisor, tm.ID)
	a := e.must(200, "GET", "/api/exports/weekly?format=xlsx&date=2026-11-16", sup.access, nil)
	_, shown, _ := readXLSX(t, a.raw)
	if len(shown) != 2 || !slices.Equal(shown[1], weeklyHeader) {
		t.Errorf("an empty team's weekly table: %q", shown)
	}
	records := spreadsheettest.ReadCSV(t, e.must(200, "GET", "/api/exports/monthly?format=csv&month=2026-11", sup.access, nil).raw)
	if len(records) != 4 || records[2][0] != "团队平均" || records[3][0] != "行业基准" {
		t.Errorf("an empty team's monthly review: %q", records)
	}
}

func TestAwardsText(t *testing.T) {
	got := awardsText([]scoring.Award{{Kind: scoring.AwardStreak, Amount: 50}, {Kind: scoring.AwardWeeklyProgress, Amount: 200}})
	if want := "连续达标奖 ¥50；周进步奖 ¥200"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestAttachmentNames(t *testing.T) {
	got := attachment(fileSafe(`一/队"`)+"-周100分表.csv", "fieldbook-weekly.csv")
	want := `attachment; filename="fieldbook-weekly.csv"; filename*=UTF-8''%E4%B8%80_%E9%98%9F_-%E5%91%A8100%E5%88%86%E8%A1%A8.csv`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
