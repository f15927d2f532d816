package server

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"fieldbook"
	"fieldbook/auth"
)

type tokenPair struct {
	AccessToken  string   `json:"access_token"`
	RefreshToken string   `json:"refresh_token"`
	ExpiresIn    int      `json:"expires_in"`
	User         userView `json:"user"`
}

// userView is a user as the app sees themselves: with their team's time
// zone, in which the app shows every time and counts every day, and its
// retention of Plan 100 names, by which the app finds the dormant ones
// offline.
type userView struct {
	fieldbook.User
	TimeZone        string `json:"time_zone"`
	RetentionMonths int    `json:"retention_months"`
	// TeamName is the team's name now, "" without a team.
	TeamName string `json:"team_name"`
}

// view adds the time zone and retention of u's team (the default zone and
// no retention for no team).
func (s *Server) view(c *fiber.Ctx, u fieldbook.User) (userView, error) {
	v := userView{User: u, TimeZone: fieldbook.DefaultTimeZone}
	if u.TeamID == "" {
		return v, nil
	}
	team, found, err := s.store().Directory.Team(ctx(c), u.TeamID)
	if err != nil {
		return v, err
	}
	if !found {
		return v, nil
	}
	v.TeamName = team.Name
	settings, _, err := s.store().Directory.Settings(ctx(c), u.TeamID)
	if fieldbook.ErrorCode(err) == fieldbook.CodeNotFound {
		return v, nil
	}
	if err != nil {
		return v, err
	}
	if settings.TimeZone != "" {
		v.TimeZone = settings.TimeZone
	}
	v.RetentionMonths = settings.Retention.ProspectMonths
	return v, nil
}

// login checks a username and password. A wrong username and a wrong
// password get the same answer after the same work, so neither tells which
// usernames exist. Repeated failures are slowed, then refused with 429.
func (s *Server) login(c *fiber.Ctx) error {
	var req struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	name := strings.ToLower(strings.TrimSpace(req.Username))
	if name == "" || len(name) > 64 || len(req.Password) > 1024 {
		return fieldbook.Errorf(fieldbook.CodeInvalidCredentials, "wrong username or password")
	}
	addr := c.IP()
	delay, blocked, retry := s.logins.begin(name, addr)
	if blocked {
		c.Set(fiber.HeaderRetryAfter, retryAfter(retry))
		return fieldbook.Errorf(fieldbook.CodeRateLimited, "too many failed sign-ins; try again in %s", minutes(retry))
	}
	settled := false
	defer func() {
		if !settled {
			s.logins.abandoned(name, addr)
		}
	}()
	if delay > 0 {
		if err := s.logins.sleep(ctx(c), delay); err != nil {
			return err
		}
	}
	u, found, err := s.store().Directory.UserByUsername(ctx(c), name)
	if err != nil {
		return err
	}
	hash := s.dummy
	if found {
		hash = u.PasswordHash
	}
	// Each check of a password takes its memory (argon2id): at most
	// cap(s.hashing) run at once, so that a flood of sign-ins has a
	// ceiling; past it, the caller tries again in a moment.
	select {
	case s.hashing <- struct{}{}:
	default:
		c.Set(fiber.HeaderRetryAfter, "1")
		return fieldbook.Errorf(fieldbook.CodeRateLimited, "too many sign-ins at once; try again in a moment")
	}
	ok := auth.VerifyPassword(req.Password, hash)
	<-s.hashing
	settled = true
	if !ok || !found || u.Disabled {
		s.logins.failed(name, addr)
		return fieldbook.Errorf(fieldbook.CodeInvalidCredentials, "wrong username or password")
	}
	s.logins.succeeded(name, addr)
	refresh, hashed, err := auth.NewRefreshToken()
	if err != nil {
		return err
	}
	if err := s.store().Sessions.StartSession(ctx(c), u.ID, hashed, s.now().Add(auth.RefreshTTL)); err != nil {
		return err
	}
	return s.issue(c, u, refresh)
}

func (s *Server) issue(c *fiber.Ctx, u fieldbook.User, refresh string) error {
	access, err := s.cfg.Signer.Issue(u)
	if err != nil {
		return err
	}
	v, err := s.view(c, u)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(tokenPair{AccessToken: access, RefreshToken: refresh, ExpiresIn: int(auth.AccessTTL.Seconds()), User: v})
}

// refresh spends a refresh token for a new pair. A spent token presented
// again revokes its whole family.
func (s *Server) refresh(c *fiber.Ctx) error {
	var req struct {
		RefreshToken string `json:"refresh_token"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.RefreshToken == "" || len(req.RefreshToken) > 200 {
		return fieldbook.Errorf(fieldbook.CodeInvalidToken, "the session has ended; sign in again")
	}
	next, hashed, err := auth.NewRefreshToken()
	if err != nil {
		return err
	}
	u, err := s.store().Sessions.Rotate(ctx(c), auth.HashRefreshToken(req.RefreshToken), hashed, s.now().Add(auth.RefreshTTL))
	if err != nil {
		return err
	}
	return s.issue(c, u, next)
}

func (s *Server) logout(c *fiber.Ctx) error {
	var req struct {
		RefreshToken string `json:"refresh_token"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.RefreshToken != "" && len(req.RefreshToken) <= 200 {
		if err := s.store().Sessions.EndSession(ctx(c), auth.HashRefreshToken(req.RefreshToken)); err != nil {
			return err
		}
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) me(c *fiber.Ctx) error {
	v, err := s.view(c, user(c))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

// signOutEverywhere ends every session of the signed-in user: each of
// their devices is refused at its next refresh, and the access tokens
// already issued at their next request.
func (s *Server) signOutEverywhere(c *fiber.Ctx) error {
	if err := s.store().Sessions.EndAllSessions(ctx(c), user(c).ID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
