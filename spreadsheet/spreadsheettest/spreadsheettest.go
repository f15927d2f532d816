// Package spreadsheettest reads back what package spreadsheet writes, for
// tests: a CSV as its records (the byte-order mark checked) and an .xlsx
// compared cell for cell with a CSV.
package spreadsheettest

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// ReadCSV checks the UTF-8 byte-order mark and parses the rest.
func ReadCSV(t testing.TB, raw []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(raw, []byte{0xef, 0xbb, 0xbf})
	if !ok {
		t.Fatalf("the CSV does not start with the UTF-8 byte-order mark: % x", raw[:min(len(raw), 8)])
	}
	records, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	return records
}

// SameCells checks that an .xlsx shows, cell for cell, what the CSV says
// (a CSV text cell defused with a leading ' aside).
func SameCells(t testing.TB, what string, xlsx []byte, records [][]string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	shown, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	if len(shown) != len(records) {
		t.Fatalf("%s: %d rows in xlsx, %d in CSV", what, len(shown), len(records))
	}
	for i := range records {
		for j := range records[i] {
			x := ""
			if j < len(shown[i]) {
				x = shown[i][j]
			}
			if c := strings.TrimPrefix(records[i][j], "'"); x != c {
				t.Errorf("%s row %d column %d: xlsx shows %q, CSV %q", what, i+1, j+1, x, c)
			}
		}
	}
}
