// Package spreadsheet renders a sheet — a title, a header row and rows of
// typed cells — as an .xlsx workbook or as UTF-8 CSV, so that both formats
// show the same numbers, cell for cell. It knows nothing of Fieldbook's
// reports; the server builds the sheets.
package spreadsheet

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// A Cell holds a value and how it shows: numbers stay numbers in .xlsx,
// with a number format, and are written as they show into CSV.
type Cell struct {
	kind Kind
	text string
	num  float64
}

// Kind is how a cell's value shows.
type Kind int

// The kinds of cell.
const (
	KindText     Kind = iota
	KindInt           // 12
	KindScore         // one decimal: 62.5
	KindPoints        // up to two decimals: 13.33
	KindPercent       // a share, 0.625 shown as 62.5%
	KindMoney         // yuan, 12000 shown as ¥12,000
	kindMoneyFen      // yuan with fen, 1234.5 shown as ¥1,234.50 (NumCell picks it)
)

var (
	// NoValue shows a rate or amount that has none (no calls, no deals).
	NoValue = TextCell("—")
	// Blank is an empty cell.
	Blank = Cell{}
)

// TextCell is a cell of text (a name, a label).
func TextCell(s string) Cell { return Cell{kind: KindText, text: s} }

// IntCell is a whole number.
func IntCell(n int) Cell { return Cell{kind: KindInt, num: float64(n)} }

// NumCell is a number of kind k, rounded as it shows, so that the .xlsx
// holds what the CSV says.
func NumCell(k Kind, x float64) Cell {
	switch k {
	case KindInt:
		x = math.Round(x)
	case KindScore:
		x = math.Round(x*10) / 10
	case KindPoints, KindMoney:
		x = math.Round(x*100) / 100
		if k == KindMoney && x != math.Trunc(x) {
			k = kindMoneyFen
		}
	case KindPercent:
		x = math.Round(x*1000) / 1000
	}
	return Cell{kind: k, num: x}
}

// OptCell is a number that may have no value: a rate without a
// denominator, an average premium without deals.
func OptCell(k Kind, x *float64) Cell {
	if x == nil {
		return NoValue
	}
	return NumCell(k, *x)
}

// String is the Cell as it shows, and as CSV holds it.
func (c Cell) String() string {
	switch c.kind {
	case KindInt:
		return strconv.FormatFloat(c.num, 'f', 0, 64)
	case KindScore:
		return strconv.FormatFloat(c.num, 'f', 1, 64)
	case KindPoints:
		return strconv.FormatFloat(math.Round(c.num*100)/100, 'f', -1, 64)
	case KindPercent:
		return strconv.FormatFloat(c.num*100, 'f', 1, 64) + "%"
	case KindMoney, kindMoneyFen:
		return Yuan(c.num)
	}
	return c.text
}

// numFmts are the .xlsx number formats of the kinds of number: a
// built-in format's id, or a format code.
var numFmts = map[Kind]struct {
	id   int
	code string
}{
	KindInt:      {id: 1}, // 0
	KindPoints:   {id: 0}, // General
	KindScore:    {code: "0.0"},
	KindPercent:  {code: "0.0%"},
	KindMoney:    {code: `"¥"#,##0`},
	kindMoneyFen: {code: `"¥"#,##0.00`},
}

// Yuan shows an amount with thousands separators, and fen only when there
// are any: ¥12,000, ¥1,234.50.
func Yuan(x float64) string {
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

// Sheet is an export before it is rendered: a title row, a header row
// and rows of cells, as many as there are headers.
type Sheet struct {
	Name    string // the worksheet's name
	Title   string
	Headers []string
	Rows    [][]Cell
	// Made is when the export was made, for the workbook's properties.
	Made time.Time
}

// Column widths, in Excel's units (about one Latin character; a Chinese
// character takes two).
const (
	minColWidth = 8
	maxColWidth = 60
)

// widths fit each column to its header and cells; wrap says which
// columns are wider than maxColWidth and wrap their text instead.
func (sh Sheet) widths() (widths []float64, wrap []bool) {
	widths, wrap = make([]float64, len(sh.Headers)), make([]bool, len(sh.Headers))
	for i, h := range sh.Headers {
		widths[i] = float64(DisplayWidth(h))
	}
	for _, r := range sh.Rows {
		for i, c := range r {
			widths[i] = max(widths[i], float64(DisplayWidth(c.String())))
		}
	}
	for i, w := range widths {
		wrap[i] = w+2 > maxColWidth
		widths[i] = min(max(w+2, minColWidth), maxColWidth)
	}
	return widths, wrap
}

// DisplayWidth counts Chinese, Japanese and Korean characters and
// full-width punctuation as two columns.
func DisplayWidth(s string) int {
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

// xlsx renders the Sheet: the title across the columns, a bold header row
// that stays in view, columns wide enough for their contents, numbers as
// numbers with their formats.
func (sh Sheet) XLSX() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), sh.Name); err != nil {
		return nil, err
	}
	made := sh.Made.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "Fieldbook", Title: sh.Title, Created: made, Modified: made}); err != nil {
		return nil, err
	}
	styles, err := newXLSXStyles(f)
	if err != nil {
		return nil, err
	}
	last, err := excelize.ColumnNumberToName(len(sh.Headers))
	if err != nil {
		return nil, err
	}
	widths, wrap := sh.widths()
	put := func(col, row int, value any, style int) error {
		ref, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		if err := f.SetCellValue(sh.Name, ref, value); err != nil {
			return err
		}
		return f.SetCellStyle(sh.Name, ref, ref, style)
	}
	if err := put(1, 1, sh.Title, styles.title); err != nil {
		return nil, err
	}
	if err := f.MergeCell(sh.Name, "A1", last+"1"); err != nil {
		return nil, err
	}
	for i, h := range sh.Headers {
		if err := put(i+1, 2, h, styles.header); err != nil {
			return nil, err
		}
	}
	for r, row := range sh.Rows {
		for i, c := range row {
			var err error
			switch {
			case c.kind == KindText && c.text == "":
			case c.kind == KindText && wrap[i]:
				err = put(i+1, r+3, c.text, styles.wrap)
			case c.kind == KindText:
				err = put(i+1, r+3, c.text, styles.text)
			case c.kind == KindInt:
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
		if err := f.SetColWidth(sh.Name, col, col, w); err != nil {
			return nil, err
		}
	}
	if err := f.SetSheetDimension(sh.Name, fmt.Sprintf("A1:%s%d", last, len(sh.Rows)+2)); err != nil {
		return nil, err
	}
	err = f.SetPanes(sh.Name, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft",
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
	numbers                   map[Kind]int
}

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	st := xlsxStyles{numbers: map[Kind]int{}}
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

// csv renders the Sheet as UTF-8 CSV with a byte-order mark, which Excel
// needs to read Chinese. The title row is padded to the header's width
// so that every record has the same fields.
func (sh Sheet) CSV() []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	record := make([]string, len(sh.Headers))
	record[0] = csvText(sh.Title)
	w.Write(record)
	w.Write(sh.Headers)
	for _, row := range sh.Rows {
		record := make([]string, len(sh.Headers))
		for i, c := range row {
			record[i] = c.String()
			if c.kind == KindText {
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
