// The due date of a data subject's request (PIPL Arts. 45–47): fifteen
// working days, Monday to Friday, after the day it was received, on the
// team's calendar.

package fieldbook

import "time"

// RequestWorkingDays is how many working days a request may take.
const RequestWorkingDays = 15

// DueDate is the last day to answer a request received at received, as a
// date of loc (YYYY-MM-DD), and the end of that day: the 15th working day
// (Monday to Friday) after the day received. Public holidays are not
// counted out.
func DueDate(received time.Time, loc *time.Location) (string, time.Time) {
	y, m, d := received.In(loc).Date()
	day := time.Date(y, m, d, 12, 0, 0, 0, time.UTC) // noon: a calendar day, free of shifts
	for n := 0; n < RequestWorkingDays; {
		day = day.AddDate(0, 0, 1)
		if wd := day.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	y, m, d = day.Date()
	return day.Format(time.DateOnly), time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}
