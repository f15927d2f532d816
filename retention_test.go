package fieldbook

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
)

// dormancyCase is one case of testdata/dormancy.json, which the app's tests
// (pwa/src/data/retention.test.ts) read too.
type dormancyCase struct {
	Name         string `json:"name"`
	Months       int    `json:"months"`
	Zone         string `json:"zone"`
	Now          string `json:"now"`
	UpdatedAt    string `json:"updated_at"`
	KeptAt       string `json:"kept_at"`
	LastActivity string `json:"last_activity"`
	CustomerID   string `json:"customer_id"`
	Want         struct {
		Applies   bool   `json:"applies"`
		Dormant   bool   `json:"dormant"`
		Purge     bool   `json:"purge"`
		DormantAt string `json:"dormant_at"`
		PurgeAt   string `json:"purge_at"`
	} `json:"want"`
}

func TestProspectDormancySharedCases(t *testing.T) {
	raw, err := os.ReadFile("testdata/dormancy.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []dormancyCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) < 10 {
		t.Fatalf("read %d cases, want the table", len(file.Cases))
	}
	at := func(t *testing.T, s string) time.Time {
		t.Helper()
		if s == "" {
			return time.Time{}
		}
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range file.Cases {
		t.Run(c.Name, func(t *testing.T) {
			loc, err := time.LoadLocation(c.Zone)
			if err != nil {
				t.Fatal(err)
			}
			p := ProspectTrace{CustomerID: c.CustomerID, UpdatedAt: at(t, c.UpdatedAt), KeptAt: at(t, c.KeptAt), LastActivity: at(t, c.LastActivity)}
			got := ProspectDormancy(p, c.Months, loc, at(t, c.Now))
			if got.Applies != c.Want.Applies || got.Dormant != c.Want.Dormant || got.Purge != c.Want.Purge {
				t.Errorf("applies, dormant, purge = %v, %v, %v; want %v, %v, %v", got.Applies, got.Dormant, got.Purge, c.Want.Applies, c.Want.Dormant, c.Want.Purge)
			}
			if want := at(t, c.Want.DormantAt); !got.DormantAt.Equal(want) {
				t.Errorf("dormant at %v, want %v", got.DormantAt.In(loc), want)
			}
			if want := at(t, c.Want.PurgeAt); !got.PurgeAt.Equal(want) {
				t.Errorf("purged at %v, want %v", got.PurgeAt.In(loc), want)
			}
		})
	}
}

func TestAddMonthsKeepsTheDayOrTakesTheMonthsLast(t *testing.T) {
	shanghai, err := time.LoadLocation(DefaultTimeZone)
	if err != nil {
		t.Fatal(err)
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 30, 0, 0, shanghai) }
	for _, c := range []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{day(2025, 8, 31), 6, day(2026, 2, 28)},
		{day(2023, 8, 31), 6, day(2024, 2, 29)},
		{day(2025, 1, 31), 1, day(2025, 2, 28)},
		{day(2025, 3, 31), 1, day(2025, 4, 30)},
		{day(2025, 3, 15), 24, day(2027, 3, 15)},
		{day(2025, 12, 31), 2, day(2026, 2, 28)},
		{day(2025, 11, 30), 3, day(2026, 2, 28)},
		{day(2024, 2, 29), 12, day(2025, 2, 28)},
		{day(2024, 2, 29), 48, day(2028, 2, 29)},
		{day(2025, 5, 10), 0, day(2025, 5, 10)},
		{day(2025, 5, 10), 120, day(2035, 5, 10)},
	} {
		if got := AddMonths(c.from, c.n, shanghai); !got.Equal(c.want) {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", c.from.Format(time.DateOnly), c.n, got.Format(time.DateTime), c.want.Format(time.DateTime))
		}
	}
}

func TestRetentionSetting(t *testing.T) {
	if got := DefaultSettings().Retention.ProspectMonths; got != 24 {
		t.Errorf("the default keeps names %d months, want 24", got)
	}
	for _, c := range []struct {
		months int
		ok     bool
	}{{0, true}, {6, true}, {24, true}, {120, true}, {5, false}, {1, false}, {121, false}, {-1, false}} {
		s := DefaultSettings()
		s.Retention.ProspectMonths = c.months
		err := s.Validate()
		if c.ok && err != nil {
			t.Errorf("%d months: %v", c.months, err)
		}
		if !c.ok && (ErrorCode(err) != CodeInvalid || !strings.Contains(err.Error(), "retention.prospect_months must be 0 (keep Plan 100 names for ever) or from 6 to 120")) {
			t.Errorf("%d months: got %v, want invalid naming the setting and its range", c.months, err)
		}
	}
	// A team stored before the setting existed keeps its names for ever.
	var s TeamSettings
	if err := json.Unmarshal([]byte(`{"time_zone":"Asia/Shanghai"}`), &s); err != nil {
		t.Fatal(err)
	}
	if s.Retention.ProspectMonths != 0 {
		t.Errorf("stored settings without retention read %d months, want 0", s.Retention.ProspectMonths)
	}
}
