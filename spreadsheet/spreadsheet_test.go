package spreadsheet

import (
	"testing"

	"fieldbook/spreadsheet/spreadsheettest"
)

// Every kind of cell, at values with more decimals than it shows, reads
// the same in both formats.
func TestEveryCellKindAgreesInCSVAndXLSX(t *testing.T) {
	third := 1.0 / 3
	sh := Sheet{Name: "s", Title: "t", Headers: []string{"int", "score", "points", "percent", "money", "none", "text"},
		Rows: [][]Cell{
			{IntCell(77), NumCell(KindScore, 77), NumCell(KindPoints, 40*third), NumCell(KindPercent, third), NumCell(KindMoney, 1000*third), NoValue, TextCell("李")},
			{IntCell(0), NumCell(KindScore, 75.25), NumCell(KindPoints, 8), NumCell(KindPercent, 0.0625), NumCell(KindMoney, 100_000_000), OptCell(KindScore, nil), TextCell("=1")},
		}}
	raw, err := sh.XLSX()
	if err != nil {
		t.Fatal(err)
	}
	spreadsheettest.SameCells(t, "every kind", raw, spreadsheettest.ReadCSV(t, sh.CSV()))
}

func TestCellsShowAsTheyShould(t *testing.T) {
	tests := []struct {
		cell Cell
		want string
	}{
		{IntCell(12), "12"},
		{NumCell(KindScore, 62), "62.0"},
		{NumCell(KindScore, 75.25), "75.3"}, // halves away from zero, as the scores and Excel round
		{NumCell(KindPoints, 13.333333), "13.33"},
		{NumCell(KindPoints, 8), "8"},
		{NumCell(KindPercent, 0.625), "62.5%"},
		{NumCell(KindPercent, 0), "0.0%"},
		{NumCell(KindMoney, 12000), "¥12,000"},
		{NumCell(KindMoney, 1234567.5), "¥1,234,567.50"},
		{NumCell(KindMoney, 999), "¥999"},
		{NumCell(KindMoney, 0), "¥0"},
		{OptCell(KindPercent, nil), "—"},
		{TextCell("李雷"), "李雷"},
	}
	for _, tt := range tests {
		if got := tt.cell.String(); got != tt.want {
			t.Errorf("%+v shows %q, want %q", tt.cell, got, tt.want)
		}
	}
}

func TestCSVTextDefusesFormulas(t *testing.T) {
	for in, want := range map[string]string{"=1+2": "'=1+2", "+86": "'+86", "-x": "'-x", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "李雷": "李雷", "": ""} {
		if got := csvText(in); got != want {
			t.Errorf("csvText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{"总分": 4, "拜访 实际": 9, "li": 2, "连续达标奖 ¥50；": 16, "": 0} {
		if got := DisplayWidth(s); got != want {
			t.Errorf("DisplayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}
