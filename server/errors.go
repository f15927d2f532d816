package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"

	"fieldbook/sync/protocol"

	"github.com/gofiber/fiber/v2"

	"fieldbook"
)

// statusOf maps an error code to its HTTP status.
var statusOf = map[string]int{
	fieldbook.CodeInvalid:             fiber.StatusBadRequest,
	fieldbook.CodeMalformed:           fiber.StatusBadRequest,
	fieldbook.CodeUnknownCollection:   fiber.StatusBadRequest,
	fieldbook.CodeForbidden:           fiber.StatusForbidden,
	fieldbook.CodeNotFound:            fiber.StatusNotFound,
	fieldbook.CodeConflict:            fiber.StatusConflict,
	fieldbook.CodeSeqGap:              fiber.StatusConflict,
	fieldbook.CodeStale:               fiber.StatusConflict,
	fieldbook.CodeTooLarge:            fiber.StatusRequestEntityTooLarge,
	fieldbook.CodeUpgradeRequired:     fiber.StatusUpgradeRequired,
	fieldbook.CodeRateLimited:         fiber.StatusTooManyRequests,
	fieldbook.CodeUnauthorized:        fiber.StatusUnauthorized,
	fieldbook.CodeTokenExpired:        fiber.StatusUnauthorized,
	fieldbook.CodeInvalidCredentials:  fiber.StatusUnauthorized,
	fieldbook.CodeInvalidToken:        fiber.StatusUnauthorized,
	fieldbook.CodeUnavailable:         fiber.StatusServiceUnavailable,
	fieldbook.CodeStoreCorrupted:      fiber.StatusServiceUnavailable,
	fieldbook.CodeInsufficientStorage: fiber.StatusInsufficientStorage,
}

// fiberCodes names Fiber's own errors (unknown routes, body limit, …).
var fiberCodes = map[int]string{
	fiber.StatusBadRequest:            fieldbook.CodeMalformed,
	fiber.StatusNotFound:              fieldbook.CodeNotFound,
	fiber.StatusMethodNotAllowed:      "method_not_allowed",
	fiber.StatusRequestEntityTooLarge: fieldbook.CodeTooLarge,
	fiber.StatusUnauthorized:          fieldbook.CodeUnauthorized,
	fiber.StatusForbidden:             fieldbook.CodeForbidden,
	fiber.StatusTooManyRequests:       fieldbook.CodeRateLimited,
	fiber.StatusServiceUnavailable:    fieldbook.CodeUnavailable,
	fiber.StatusRequestTimeout:        "timeout",
}

type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	LastSeq  *int64 `json:"last_seq,omitempty"`
	Versions []int  `json:"versions,omitempty"`
	// SignedOut: with invalid_refresh_token when the device was signed out
	// on purpose (fieldbook.ErrSignedOut): the app wipes its local data.
	SignedOut bool `json:"signed_out,omitempty"`
}

// handleError is the one place errors become HTTP answers: a code and a
// message in JSON, with the status the code calls for. Only failures of
// the server itself are 500, and they are logged without request data.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	var body errorBody
	status := fiber.StatusInternalServerError
	var fe *fieldbook.Error
	var fiberErr *fiber.Error
	var gap *fieldbook.SeqGapError
	switch {
	case errors.As(err, &gap):
		status = fiber.StatusConflict
		body.Error.Code, body.Error.Message = fieldbook.CodeSeqGap, gap.Error()
		body.LastSeq = &gap.LastSeq
	case errors.As(err, &fe):
		if st, ok := statusOf[fe.Code]; ok {
			status = st
		}
		body.Error.Code, body.Error.Message = fe.Code, fe.Message
		if fe.Code == fieldbook.CodeUpgradeRequired {
			body.Versions = protocol.Versions()
		}
		body.SignedOut = errors.Is(err, fieldbook.ErrSignedOut)
	case errors.As(err, &fiberErr):
		status = fiberErr.Code
		body.Error.Code = fiberCodes[status]
		if body.Error.Code == "" {
			body.Error.Code = "http_error"
		}
		body.Error.Message = fiberErr.Message
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		status = fiber.StatusServiceUnavailable
		body.Error.Code, body.Error.Message = fieldbook.CodeUnavailable, "the server is busy; try again"
	}
	if status == fiber.StatusInternalServerError {
		s.log.Error("request failed", "method", c.Method(), "route", c.Route().Path, "err", err)
		body.Error.Code, body.Error.Message = fieldbook.CodeInternal, "the server failed; try again later"
	}
	if status == fiber.StatusTooManyRequests && c.GetRespHeader(fiber.HeaderRetryAfter) == "" {
		c.Set(fiber.HeaderRetryAfter, "10")
	}
	if body.Error.Code == fieldbook.CodeStoreCorrupted {
		// Nothing changes until the operator restores the store: phones
		// need not ask often.
		c.Set(fiber.HeaderRetryAfter, "300")
	}
	return c.Status(status).JSON(body)
}

// decodeJSON decodes a request body strictly: one JSON value, no unknown
// fields.
func decodeJSON(c *fiber.Ctx, into any) error {
	body := bytes.TrimLeft(c.Body(), " \t\r\n")
	if len(body) == 0 || body[0] != '{' {
		return fieldbook.Errorf(fieldbook.CodeMalformed, "the request body must be a JSON object")
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.DisallowUnknownFields()
	if err := d.Decode(into); err != nil {
		return fieldbook.Errorf(fieldbook.CodeMalformed, "the request body is not the JSON this endpoint takes: %v", err)
	}
	if d.More() {
		return fieldbook.Errorf(fieldbook.CodeMalformed, "the request body holds more than one JSON value")
	}
	return nil
}
