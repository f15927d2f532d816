// Tests of a request's due date.

package fieldbook

import (
	"testing"
	"time"
)

func TestDueDate(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		received string
		want     string
	}{
		{"2025-03-03T09:00:00+08:00", "2025-03-24"}, // a Monday: three weeks on
		{"2025-03-07T17:00:00+08:00", "2025-03-28"}, // a Friday, across three weekends
		{"2025-03-08T10:00:00+08:00", "2025-03-28"}, // a Saturday counts from Monday
		{"2025-03-09T10:00:00+08:00", "2025-03-28"}, // a Sunday too
		{"2025-03-09T20:00:00Z", "2025-03-31"},      // Sunday in UTC, Monday 04:00 in Shanghai
	} {
		at, _ := time.Parse(time.RFC3339, tt.received)
		got, end := DueDate(at, sh)
		if got != tt.want {
			t.Errorf("received %s: due %s, want %s", tt.received, got, tt.want)
		}
		if want := tt.want + "T00:00:00+08:00"; end.Add(-24*time.Hour).Format(time.RFC3339) != want {
			t.Errorf("received %s: due at %s, want the end of %s", tt.received, end, tt.want)
		}
	}
}
