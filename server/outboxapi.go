package server

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"fieldbook"
	"fieldbook/sync/crdt"
	"fieldbook/sync/protocol"
	"fieldbook/sync/rules"
)

// OutboxFormat names the file of unsent changes a phone saves when it
// cannot reach the server (docs/api.md §4.6), and OutboxVersion is the
// version of its layout this server reads.
const (
	OutboxFormat  = "fieldbook-outbox"
	OutboxVersion = 1
)

// outboxFile is that file: who made the changes, on which installation,
// and the changes exactly as that installation's sync request carries them.
type outboxFile struct {
	Format     string          `json:"format"`
	Version    int             `json:"version"`
	ExportedAt string          `json:"exported_at"`
	ClientID   string          `json:"client_id"`
	User       outboxUser      `json:"user"`
	Changes    json.RawMessage `json:"changes"`
}

type outboxUser struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Name     string `json:"name"`
}

// outboxImport is the answer: what became of each change.
type outboxImport struct {
	UserID     string             `json:"user_id"`
	ClientID   string             `json:"client_id"`
	Changes    int                `json:"changes"`
	Applied    int                `json:"applied"`
	Duplicates int                `json:"duplicates"`
	Rejected   int                `json:"rejected"`
	Results    []fieldbook.Result `json:"results"`
}

// importOutbox is POST /api/admin/outbox-import: it applies the changes of
// a phone's outbox file as that user's sync from that installation would
// (the same checks and rules; a change already processed is a duplicate,
// so importing a file twice, or a file whose changes the phone sent
// meanwhile, changes nothing), in requests of at most protocol.MaxChanges
// changes.
func (s *Server) importOutbox(c *fiber.Ctx) error {
	var f outboxFile
	if err := decodeJSON(c, &f); err != nil {
		return err
	}
	if f.Format != OutboxFormat || f.Version != OutboxVersion {
		return fieldbook.Errorf(fieldbook.CodeMalformed, "the body is not a Fieldbook outbox file (format %q, version %d)", OutboxFormat, OutboxVersion)
	}
	if err := crdt.CheckNode(f.ClientID); err != nil {
		return fieldbook.Errorf(fieldbook.CodeMalformed, "client_id: %v", err)
	}
	if !rules.IsUUID(f.User.ID) {
		return fieldbook.Errorf(fieldbook.CodeMalformed, "user.id must be the id of the user whose phone saved the file")
	}
	req := syncRequest{ClientID: f.ClientID}
	changes := bytes.TrimSpace(f.Changes)
	if len(changes) == 0 || changes[0] != '[' {
		return fieldbook.Errorf(fieldbook.CodeMalformed, "changes must be the list of the outbox's changes")
	}
	if err := json.Unmarshal(changes, &req.Changes); err != nil {
		req.Changes = nil
		if err := json.Unmarshal(changes, &req.raw); err != nil {
			return fieldbook.Errorf(fieldbook.CodeMalformed, "changes: %v", err)
		}
	}
	u, found, err := s.store().Directory.User(ctx(c), f.User.ID)
	if err != nil {
		return err
	}
	if !found {
		return fieldbook.Errorf(fieldbook.CodeNotFound, "there is no user %q: the file is of another server's user", f.User.ID)
	}
	if f.User.Username != "" && !strings.EqualFold(strings.TrimSpace(f.User.Username), u.Username) {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "the file names user %q, but user %s is %q here", f.User.Username, u.ID, u.Username)
	}
	if u.Disabled && u.LeftAt == nil {
		return fieldbook.Errorf(fieldbook.CodeConflict, "%s is disabled: enable them to import their changes", u.Username)
	}

	all := req.decodeChanges()
	out := outboxImport{UserID: u.ID, ClientID: f.ClientID, Changes: len(all.Changes), Results: []fieldbook.Result{}}
	v, limit := 2, 1
	for start := 0; start < len(all.Changes); start += protocol.MaxChanges {
		chunk := all.Changes[start:min(start+protocol.MaxChanges, len(all.Changes))]
		ans, err := s.store().Replication.Sync(ctx(c), u.ID, fieldbook.SyncRequest{Protocol: &v, ClientID: f.ClientID, Limit: &limit, Changes: chunk})
		if fieldbook.ErrorCode(err) == fieldbook.CodeUnauthorized {
			return fieldbook.Errorf(fieldbook.CodeConflict, "%s may not sync now (disabled, or left more than 30 days ago)", u.Username)
		}
		if err != nil {
			return err
		}
		out.Results = append(out.Results, ans.Results...)
	}
	for _, r := range out.Results {
		switch r.Status {
		case fieldbook.StatusApplied:
			out.Applied++
		case fieldbook.StatusDuplicate:
			out.Duplicates++
		default:
			out.Rejected++
		}
	}
	s.metrics.countResults(out.Results)
	by := user(c)
	if err := s.store().Audit.Audit(ctx(c), fieldbook.AuditEntry{UserID: by.ID, Username: by.Username, Action: "admin.outbox-import",
		Params: map[string]string{"user_id": u.ID, "client_id": f.ClientID, "changes": strconv.Itoa(out.Changes), "applied": strconv.Itoa(out.Applied)}}); err != nil {
		return err
	}
	s.log.Info("outbox imported", "user", u.ID, "by", by.ID, "changes", out.Changes, "applied", out.Applied, "duplicates", out.Duplicates, "rejected", out.Rejected)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(out)
}
