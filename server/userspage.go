package server

import (
	"encoding/base64"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"fieldbook"
)

// userQuery is what GET /api/admin/users asks for: a search over
// usernames and names, a role and a team, and a page (docs/api.md §4.2).
type userQuery struct {
	// search is lower case; "" matches every user.
	search string
	role   fieldbook.Role
	// team is a team's id, "none" for users without one, "" for any.
	team string
	// limit is the page's size, 0 for every matching user.
	limit int
	// after is the lower-case username the page starts after.
	after string
}

// maxUserPage is the largest page GET /api/admin/users answers.
const maxUserPage = 500

// parseUserQuery reads the query string; a bad value is 400 invalid.
func parseUserQuery(c *fiber.Ctx) (userQuery, error) {
	q := userQuery{search: strings.ToLower(strings.TrimSpace(c.Query("q"))), team: c.Query("team_id")}
	if len([]rune(q.search)) > 100 {
		return q, fieldbook.Errorf(fieldbook.CodeInvalid, "q must have at most 100 characters")
	}
	if r := c.Query("role"); r != "" {
		q.role = fieldbook.Role(r)
		if !q.role.Valid() {
			return q, fieldbook.Errorf(fieldbook.CodeInvalid, "role must be agent, supervisor or admin")
		}
	}
	if l := c.Query("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > maxUserPage {
			return q, fieldbook.Errorf(fieldbook.CodeInvalid, "limit must be a whole number from 1 to %d", maxUserPage)
		}
		q.limit = n
	}
	if cur := c.Query("cursor"); cur != "" {
		after, err := base64.RawURLEncoding.DecodeString(cur)
		if err != nil || len(after) == 0 || len(after) > 256 {
			return q, fieldbook.Errorf(fieldbook.CodeInvalid, "cursor is not one this server gave")
		}
		q.after = string(after)
	}
	return q, nil
}

// matches reports whether u is one q asks for, its page aside.
func (q userQuery) matches(u fieldbook.User) bool {
	switch {
	case q.role != "" && u.Role != q.role:
		return false
	case q.team == "none" && u.TeamID != "":
		return false
	case q.team != "" && q.team != "none" && u.TeamID != q.team:
		return false
	}
	return q.search == "" || strings.Contains(strings.ToLower(u.Username), q.search) || strings.Contains(strings.ToLower(u.Name), q.search)
}

// userPage is one page of the matching users, in username order (case
// ignored: usernames are unique so), with how many match in all and the
// cursor of the next page ("" after the last). The cursor is the last
// username of the page, so a user added or removed meanwhile neither
// repeats nor skips another.
func userPage(all []fieldbook.User, q userQuery) (page []fieldbook.User, total int, next string) {
	page = []fieldbook.User{}
	key := func(u fieldbook.User) string { return strings.ToLower(u.Username) }
	slices.SortStableFunc(all, func(a, b fieldbook.User) int { return strings.Compare(key(a), key(b)) })
	for _, u := range all {
		if !q.matches(u) {
			continue
		}
		total++
		if q.after != "" && key(u) <= q.after {
			continue
		}
		if q.limit > 0 && len(page) == q.limit {
			next = base64.RawURLEncoding.EncodeToString([]byte(key(page[len(page)-1])))
			continue
		}
		page = append(page, u)
	}
	return page, total, next
}
