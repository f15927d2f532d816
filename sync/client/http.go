package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// HTTP is a Transport to a Fieldbook server.
type HTTP struct {
	BaseURL string // e.g. http://127.0.0.1:8080
	Token   string // access token
	Client  *http.Client
}

// Sync posts one request to /api/sync.
func (h *HTTP) Sync(ctx context.Context, req Request) (Response, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return Response{}, fmt.Errorf("encode sync request: %w", err)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, h.BaseURL+"/api/sync", bytes.NewReader(body))
	if err != nil {
		return Response{}, fmt.Errorf("sync request: %w", err)
	}
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("Authorization", "Bearer "+h.Token)
	c := h.Client
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(hreq)
	if err != nil {
		return Response{}, fmt.Errorf("sync: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return Response{}, fmt.Errorf("read sync answer: %w", err)
	}
	return Decode(resp.StatusCode, raw)
}

// Decode reads a sync answer with its HTTP status.
func Decode(status int, raw []byte) (Response, error) {
	if status != http.StatusOK {
		var e struct {
			Error struct {
				Code    string `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
			LastSeq int64 `json:"last_seq"`
		}
		json.Unmarshal(raw, &e)
		return Response{}, &StatusError{Status: status, Code: e.Error.Code, Message: e.Error.Message, LastSeq: e.LastSeq}
	}
	var out Response
	if err := json.Unmarshal(raw, &out); err != nil {
		return Response{}, fmt.Errorf("decode sync answer: %w", err)
	}
	return out, nil
}
