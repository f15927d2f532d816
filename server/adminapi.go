package server

import (
	"bufio"
	"context"

	"github.com/gofiber/fiber/v2"

	"fieldbook"
	"fieldbook/auth"
	"fieldbook/sync/rules"
)

func (s *Server) createTeam(c *fiber.Ctx) error {
	var req struct {
		Name     string `json:"name"`
		TimeZone string `json:"time_zone"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	t, err := s.store().Directory.CreateTeam(ctx(c), req.Name, req.TimeZone)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(t)
}

func (s *Server) listTeams(c *fiber.Ctx) error {
	teams, err := s.store().Directory.Teams(ctx(c))
	if err != nil {
		return err
	}
	if teams == nil {
		teams = []fieldbook.Team{}
	}
	return c.JSON(fiber.Map{"teams": teams})
}

// renameTeam changes a team's name (PATCH /api/admin/teams/{id}).
func (s *Server) renameTeam(c *fiber.Ctx) error {
	var req struct {
		Name *string `json:"name"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	id := c.Params("id")
	if !rules.IsUUID(id) {
		return fieldbook.Errorf(fieldbook.CodeNotFound, "there is no team %q", id)
	}
	if req.Name == nil {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "name: a team's new name is needed")
	}
	t, err := s.store().Directory.RenameTeam(ctx(c), id, *req.Name)
	if err != nil {
		return err
	}
	by := user(c)
	s.log.Info("team renamed", "team", id, "by", by.ID)
	return c.JSON(t)
}

// getSettings answers an admin, or a supervisor of the team.
func (s *Server) getSettings(c *fiber.Ctx) error {
	u, team := user(c), c.Params("id")
	if u.Role != fieldbook.RoleAdmin && !(u.Role == fieldbook.RoleSupervisor && u.TeamID == team) {
		return fieldbook.Errorf(fieldbook.CodeForbidden, "only an admin or the team's supervisor may read its settings")
	}
	settings, _, err := s.store().Directory.Settings(ctx(c), team)
	if err != nil {
		return err
	}
	return c.JSON(settings)
}

// putSettings changes the fields the body names and keeps the others.
func (s *Server) putSettings(c *fiber.Ctx) error {
	team := c.Params("id")
	settings, _, err := s.store().Directory.Settings(ctx(c), team)
	if err != nil {
		return err
	}
	if err := decodeJSON(c, &settings); err != nil {
		return err
	}
	if err := s.store().Directory.SetSettings(ctx(c), team, settings); err != nil {
		return err
	}
	return c.JSON(settings)
}

type userRequest struct {
	Username *string         `json:"username"`
	Password *string         `json:"password"`
	Name     *string         `json:"name"`
	Role     *fieldbook.Role `json:"role"`
	TeamID   *string         `json:"team_id"`
	Disabled *bool           `json:"disabled"`
}

func (s *Server) hash(pw string) (string, error) {
	if err := auth.CheckPassword(pw); err != nil {
		return "", fieldbook.Errorf(fieldbook.CodeInvalid, "password: %v", err)
	}
	return auth.HashPassword(pw, s.cfg.Passwords)
}

func (s *Server) createUser(c *fiber.Ctx) error {
	var req userRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Username == nil || req.Password == nil || req.Role == nil {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "a new user needs username, password and role")
	}
	if req.Disabled != nil {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "a new user cannot be disabled")
	}
	if req.TeamID != nil && *req.TeamID != "" && !rules.IsUUID(*req.TeamID) {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "team_id must be a team's id")
	}
	hash, err := s.hash(*req.Password)
	if err != nil {
		return err
	}
	u := fieldbook.User{Username: *req.Username, Role: *req.Role, PasswordHash: hash, Name: deref(req.Name), TeamID: deref(req.TeamID)}
	if u.Name == "" {
		u.Name = u.Username
	}
	created, err := s.store().Directory.CreateUser(ctx(c), u)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(created)
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// listUsers answers the users that match the query, a page at a time when
// it names a limit.
func (s *Server) listUsers(c *fiber.Ctx) error {
	q, err := parseUserQuery(c)
	if err != nil {
		return err
	}
	users, err := s.store().Directory.Users(ctx(c))
	if err != nil {
		return err
	}
	page, total, next := userPage(users, q)
	return c.JSON(fiber.Map{"users": page, "total": total, "next_cursor": next})
}

func (s *Server) patchUser(c *fiber.Ctx) error {
	var req userRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Username != nil {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "a username cannot change")
	}
	id := c.Params("id")
	if !rules.IsUUID(id) {
		return fieldbook.Errorf(fieldbook.CodeNotFound, "there is no user %q", id)
	}
	if req.TeamID != nil && *req.TeamID != "" && !rules.IsUUID(*req.TeamID) {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "team_id must be a team's id")
	}
	p := fieldbook.UserPatch{Name: req.Name, Role: req.Role, TeamID: req.TeamID, Disabled: req.Disabled}
	if req.Password != nil {
		hash, err := s.hash(*req.Password)
		if err != nil {
			return err
		}
		p.PasswordHash = &hash
	}
	if id == user(c).ID && (req.Disabled != nil && *req.Disabled || req.Role != nil && *req.Role != fieldbook.RoleAdmin) {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "you cannot disable yourself or give up your own admin role")
	}
	u, err := s.store().Directory.UpdateUser(ctx(c), id, p)
	if err != nil {
		return err
	}
	return c.JSON(u)
}

// signOutUser ends every session of a user (a lost phone): each of their
// devices is refused at its next refresh and wipes its local data.
func (s *Server) signOutUser(c *fiber.Ctx) error {
	id := c.Params("id")
	if !rules.IsUUID(id) {
		return fieldbook.Errorf(fieldbook.CodeNotFound, "there is no user %q", id)
	}
	if err := s.store().Sessions.EndAllSessions(ctx(c), id); err != nil {
		return err
	}
	by := user(c)
	if err := s.store().Audit.Audit(ctx(c), fieldbook.AuditEntry{UserID: by.ID, Username: by.Username, Action: "admin.sign-out",
		Params: map[string]string{"user_id": id}}); err != nil {
		return err
	}
	s.log.Info("signed out everywhere", "user", id, "by", by.ID)
	return c.SendStatus(fiber.StatusNoContent)
}

// backup streams a full copy of the store.
func (s *Server) backup(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "application/octet-stream")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="fieldbook.backup"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	rctx := context.WithoutCancel(ctx(c))
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		if err := s.store().Operations.Backup(rctx, w); err != nil {
			s.log.Error("backup failed", "err", err)
			return
		}
		if err := w.Flush(); err != nil {
			s.log.Warn("backup not delivered", "err", err)
		}
	})
	return nil
}
