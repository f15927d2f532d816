package rules

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"fieldbook/scoring"
	"fieldbook/sync/crdt"
)

// checker validates one field's JSON value; null has been handled before.
// It returns a message for a person, or "".
type checker func(v json.RawMessage) string

func decode(v json.RawMessage, into any) bool {
	d := json.NewDecoder(bytes.NewReader(v))
	d.DisallowUnknownFields()
	d.UseNumber()
	return d.Decode(into) == nil
}

func asString(v json.RawMessage) (string, bool) {
	if len(v) < 2 || v[0] != '"' {
		return "", false
	}
	// The common case: a valid JSON string with no escapes is its bytes.
	if inner := v[1 : len(v)-1]; v[len(v)-1] == '"' && bytes.IndexByte(inner, '\\') < 0 && bytes.IndexByte(inner, '"') < 0 && utf8.Valid(inner) && !hasControl(inner) {
		return string(inner), true
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		return "", false
	}
	return s, true
}

func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}

// asNumber reads a JSON number as text without decoding machinery.
func asNumber(v json.RawMessage) (json.Number, bool) {
	if len(v) == 0 || !(v[0] == '-' || v[0] >= '0' && v[0] <= '9') {
		return "", false
	}
	return json.Number(v), true
}

func str(minLen, maxLen int) checker {
	return func(v json.RawMessage) string {
		s, ok := asString(v)
		if !ok {
			return "must be a string"
		}
		n := utf8.RuneCountInString(strings.TrimSpace(s))
		if n < minLen {
			return "must not be empty"
		}
		if utf8.RuneCountInString(s) > maxLen {
			return fmt.Sprintf("must have at most %d characters", maxLen)
		}
		return ""
	}
}

var text = str(0, MaxText)
var textRequired = str(1, MaxText)

var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 -]{2,30}$`)

func phone(v json.RawMessage) string {
	s, ok := asString(v)
	if !ok || (s != "" && !phonePattern.MatchString(s)) {
		return "must be a phone number of digits, spaces and dashes"
	}
	return ""
}

func enum(values ...string) checker {
	return func(v json.RawMessage) string {
		s, ok := asString(v)
		if !ok || !slices.Contains(values, s) {
			return "must be one of " + strings.Join(values, ", ")
		}
		return ""
	}
}

func enumList(values ...string) checker {
	return func(v json.RawMessage) string {
		var list []string
		if !decode(v, &list) {
			return "must be a list of " + strings.Join(values, ", ")
		}
		seen := map[string]bool{}
		for _, s := range list {
			if !slices.Contains(values, s) {
				return fmt.Sprintf("holds %q; each must be one of %s", s, strings.Join(values, ", "))
			}
			if seen[s] {
				return fmt.Sprintf("holds %q twice", s)
			}
			seen[s] = true
		}
		return ""
	}
}

func integer(lo, hi int64) checker {
	return func(v json.RawMessage) string {
		n, ok := asNumber(v)
		if !ok {
			return fmt.Sprintf("must be a whole number from %d to %d", lo, hi)
		}
		i, err := n.Int64()
		if err != nil || i < lo || i > hi {
			return fmt.Sprintf("must be a whole number from %d to %d", lo, hi)
		}
		return ""
	}
}

func number(lo, hi float64) checker {
	return func(v json.RawMessage) string {
		n, ok := asNumber(v)
		if !ok {
			return fmt.Sprintf("must be a number from %g to %g", lo, hi)
		}
		f, err := n.Float64()
		if err != nil || math.IsNaN(f) || f < lo || f > hi {
			return fmt.Sprintf("must be a number from %g to %g", lo, hi)
		}
		return ""
	}
}

func boolCheck(v json.RawMessage) string {
	if s := string(v); s != "true" && s != "false" {
		return "must be true or false"
	}
	return ""
}

func uuidCheck(v json.RawMessage) string {
	s, ok := asString(v)
	if !ok || !IsUUID(s) {
		return "must be a lowercase UUID"
	}
	return ""
}

func stampCheck(v json.RawMessage) string {
	s, ok := asString(v)
	if !ok {
		return "must be an HLC stamp"
	}
	if _, err := crdt.ParseStamp(s); err != nil {
		return "must be an HLC stamp: " + err.Error()
	}
	return ""
}

func timeCheck(v json.RawMessage) string {
	s, ok := asString(v)
	if !ok {
		return "must be an RFC 3339 time with an offset, e.g. 2026-11-28T10:30:00+08:00"
	}
	if _, err := time.Parse(time.RFC3339, s); err != nil {
		return "must be an RFC 3339 time with an offset, e.g. 2026-11-28T10:30:00+08:00"
	}
	return ""
}

func dateCheck(v json.RawMessage) string {
	s, ok := asString(v)
	if !ok || !IsDate(s) {
		return "must be a date YYYY-MM-DD"
	}
	return ""
}

// IsDate reports whether s is a calendar date YYYY-MM-DD.
func IsDate(s string) bool {
	t, err := time.Parse(time.DateOnly, s)
	return err == nil && t.Format(time.DateOnly) == s
}

var periodPattern = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2]|W(0[1-9]|[1-4][0-9]|5[0-3]))$`)

func period(v json.RawMessage) string {
	s, ok := asString(v)
	if !ok || !periodPattern.MatchString(s) {
		return "must be a month YYYY-MM or an ISO week YYYY-Www"
	}
	if strings.Contains(s, "W") {
		if _, err := scoring.WeekMonday(s); err != nil {
			return "names a week its year does not have"
		}
	}
	return ""
}

// kindCounts checks an object of activity kind → whole number.
func kindCounts(limit int64) checker {
	return func(v json.RawMessage) string {
		var m map[string]json.Number
		if !decode(v, &m) {
			return "must be an object of activity kind to count"
		}
		for k, n := range m {
			if !slices.Contains(ActivityKinds, k) {
				return fmt.Sprintf("names %q; kinds are %s", k, strings.Join(ActivityKinds, ", "))
			}
			if i, err := n.Int64(); err != nil || i < 0 || i > limit {
				return fmt.Sprintf("%s must be a whole number from 0 to %d", k, limit)
			}
		}
		return ""
	}
}

var plan = kindCounts(1000)
var targets = kindCounts(100000)

func problems(v json.RawMessage) string {
	var list []struct {
		Tag  string `json:"tag"`
		Text string `json:"text"`
	}
	if !decode(v, &list) {
		return `must be a list of {"tag", "text"}`
	}
	if len(list) > 50 {
		return "must hold at most 50 problems"
	}
	for i, p := range list {
		if !slices.Contains(ProblemTags, p.Tag) {
			return fmt.Sprintf("problem %d: tag must be one of %s", i+1, strings.Join(ProblemTags, ", "))
		}
		if utf8.RuneCountInString(p.Text) > 2000 {
			return fmt.Sprintf("problem %d: text must have at most 2000 characters", i+1)
		}
	}
	return ""
}

func children(v json.RawMessage) string {
	var list []struct {
		Name *string      `json:"name"`
		Age  *json.Number `json:"age"`
	}
	if !decode(v, &list) {
		return `must be a list of {"name", "age"} (empty for none)`
	}
	if len(list) > 20 {
		return "must hold at most 20 children"
	}
	for i, c := range list {
		if c.Name != nil && utf8.RuneCountInString(*c.Name) > 100 {
			return fmt.Sprintf("child %d: name must have at most 100 characters", i+1)
		}
		if c.Age != nil {
			if a, err := c.Age.Int64(); err != nil || a < 0 || a > 120 {
				return fmt.Sprintf("child %d: age must be a whole number from 0 to 120", i+1)
			}
		}
	}
	return ""
}

func assumptions(v json.RawMessage) string {
	var a struct {
		CommissionRate *float64 `json:"commission_rate"`
		AvgPremium     *float64 `json:"avg_premium"`
		CloseRate      *float64 `json:"close_rate"`
		VisitsPerDay   *float64 `json:"visits_per_day"`
	}
	if !decode(v, &a) {
		return "must be an object of commission_rate, avg_premium, close_rate, visits_per_day"
	}
	for _, r := range []struct {
		name   string
		v      *float64
		lo, hi float64
	}{
		{"commission_rate", a.CommissionRate, 0.01, 1},
		{"avg_premium", a.AvgPremium, 1, 100_000_000},
		{"close_rate", a.CloseRate, 0.001, 1},
		{"visits_per_day", a.VisitsPerDay, 0.1, 100},
	} {
		if r.v != nil && (*r.v < r.lo || *r.v > r.hi) {
			return fmt.Sprintf("%s must be from %g to %g", r.name, r.lo, r.hi)
		}
	}
	return ""
}

// longestString returns the length in characters of the longest string
// anywhere in a JSON value, for the too_large rule.
func longestString(v json.RawMessage) int {
	if len(v) <= MaxText || !bytes.ContainsRune(v, '"') {
		// A value of n bytes holds no string of more than n characters.
		return 0
	}
	longest := 0
	d := json.NewDecoder(bytes.NewReader(v))
	for {
		tok, err := d.Token()
		if err != nil {
			return longest
		}
		if s, ok := tok.(string); ok {
			if n := utf8.RuneCountInString(s); n > longest {
				longest = n
			}
		}
	}
}
