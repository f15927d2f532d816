// The REST API's document, docs/openapi.yaml, held to the server: the
// harness's helpers check every request they send and every answer they get
// against it (checkAPI), and TestOpenAPIRoutes checks that its operations
// are exactly the routes the Fiber app registers. So the document cannot
// drift from the code: a new endpoint, status, error code or field the
// document does not describe fails the test that meets it.
package server

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// openAPIPath is the document, from this package's directory.
const openAPIPath = "../docs/openapi.yaml"

// apiSpec is the loaded document and a router over its operations.
type apiSpec struct {
	doc    *openapi3.T
	router routers.Router
	// fallbacks are the routes of x-fallback-routes, by "METHOD path".
	fallbacks map[string]fallbackRoute
}

// fallbackRoute is a catch-all route the server registers besides the
// document's operations, with the statuses it may answer.
type fallbackRoute struct {
	Method, Path string
	Statuses     []int
}

// loadSpec loads, validates and routes the document once per test binary.
var loadSpec = sync.OnceValues(func() (*apiSpec, error) {
	ctx := context.Background()
	loader := openapi3.NewLoader()
	loader.Context = ctx
	doc, err := loader.LoadFromFile(openAPIPath)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", openAPIPath, err)
	}
	if !doc.IsOpenAPI31OrLater() {
		return nil, fmt.Errorf("%s declares openapi %s, want 3.1", openAPIPath, doc.OpenAPI)
	}
	if err := doc.Validate(ctx); err != nil {
		return nil, fmt.Errorf("%s is not a valid OpenAPI document: %w", openAPIPath, err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route %s: %w", openAPIPath, err)
	}
	fallbacks, err := fallbackRoutes(doc)
	if err != nil {
		return nil, err
	}
	return &apiSpec{doc: doc, router: router, fallbacks: fallbacks}, nil
})

// fallbackRoutes reads the document's x-fallback-routes.
func fallbackRoutes(doc *openapi3.T) (map[string]fallbackRoute, error) {
	list, ok := doc.Extensions["x-fallback-routes"].([]any)
	if !ok {
		return nil, fmt.Errorf("%s has no x-fallback-routes list", openAPIPath)
	}
	out := map[string]fallbackRoute{}
	for i, item := range list {
		m, _ := item.(map[string]any)
		method, _ := m["method"].(string)
		path, _ := m["path"].(string)
		raw, _ := m["statuses"].([]any)
		if method == "" || path == "" || len(raw) == 0 {
			return nil, fmt.Errorf("%s: x-fallback-routes[%d] needs method, path and statuses", openAPIPath, i)
		}
		r := fallbackRoute{Method: method, Path: path}
		for _, s := range raw {
			n, ok := s.(float64)
			if !ok {
				return nil, fmt.Errorf("%s: x-fallback-routes[%d]: status %v is not a number", openAPIPath, i, s)
			}
			r.Statuses = append(r.Statuses, int(n))
		}
		out[method+" "+path] = r
	}
	return out, nil
}

// spec returns the loaded document, failing the test when it does not load.
func spec(tb testing.TB) *apiSpec {
	tb.Helper()
	s, err := loadSpec()
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// bearerPresent is the document's bearerAuth as a request can show it:
// a bearer token is there. Whether it is valid is the server's to say (401).
func bearerPresent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.SecuritySchemeName != "bearerAuth" {
		return fmt.Errorf("unknown security scheme %q", in.SecuritySchemeName)
	}
	token, ok := strings.CutPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return errors.New("no bearer token")
	}
	return nil
}

// checkAPI checks one exchange against the document: the operation the
// request is for, the request, and the answer's status, headers and body.
// A request the document refuses must have been refused (a 4xx the
// operation declares); a request it accepts gets an answer the operation
// declares. A path that is no operation must be one of the fallback routes,
// answered with one of their statuses (and, under /api, an error body).
// The error names the operation.
func (s *apiSpec) checkAPI(req *http.Request, sent []byte, status int, header http.Header, body []byte) error {
	ctx := context.Background()
	vreq := req.Clone(ctx)
	vreq.Body = io.NopCloser(bytes.NewReader(sent))
	vreq.ContentLength = int64(len(sent))
	head := req.Method == http.MethodHead
	if head {
		vreq.Method = http.MethodGet // every GET operation answers HEAD too, without a body
	}
	route, params, err := s.router.FindRoute(vreq)
	if err != nil {
		return s.checkFallback(req, status, header, body)
	}
	op := route.Operation.OperationID
	opts := &openapi3filter.Options{AuthenticationFunc: bearerPresent, IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route, Options: opts}
	reqErr := openapi3filter.ValidateRequest(ctx, in)
	if reqErr != nil && (status < 400 || status >= 500) {
		return fmt.Errorf("operation %s: the document refuses the request (%v), but the server answered %d", op, reqErr, status)
	}
	if head {
		if route.Operation.Responses.Status(status) == nil {
			return fmt.Errorf("operation %s: HEAD answered %d, a status the document does not give", op, status)
		}
		return nil
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header, Options: opts}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		return fmt.Errorf("operation %s: the answer %d is not one the document gives: %v\n%.500s", op, status, err, body)
	}
	return nil
}

// checkFallback checks an answer to a path that is no operation.
func (s *apiSpec) checkFallback(req *http.Request, status int, header http.Header, body []byte) error {
	key := "GET /*"
	if req.URL.Path == "/api" || strings.HasPrefix(req.URL.Path, "/api/") {
		key = "ALL /api/*"
	} else if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return fmt.Errorf("%s %s is neither an operation of the document nor a fallback route", req.Method, req.URL.Path)
	}
	fb, ok := s.fallbacks[key]
	if !ok {
		return fmt.Errorf("%s %s is no operation of the document, which lists no fallback route %s", req.Method, req.URL.Path, key)
	}
	if !slices.Contains(fb.Statuses, status) {
		return fmt.Errorf("fallback route %s answered %s %s with %d; the document says %v", key, req.Method, req.URL.Path, status, fb.Statuses)
	}
	if key == "GET /*" && status < 400 {
		return nil // a file of the app
	}
	if err := s.checkErrorBody(header, body); err != nil {
		return fmt.Errorf("fallback route %s, %s %s: %w", key, req.Method, req.URL.Path, err)
	}
	return nil
}

// checkErrorBody checks that an answer is the document's Error.
func (s *apiSpec) checkErrorBody(header http.Header, body []byte) error {
	if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fmt.Errorf("error answer of type %q, want application/json", ct)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("error answer is not JSON: %w", err)
	}
	schema := s.doc.Components.Schemas["Error"]
	if schema == nil || schema.Value == nil {
		return errors.New("the document has no Error schema")
	}
	if err := schema.Value.VisitJSON(v, openapi3.EnableJSONSchema2020()); err != nil {
		return fmt.Errorf("error answer is not the document's Error: %w: %s", err, body)
	}
	return nil
}

// checkExchange checks one request the tests sent (with the body sent) and
// its answer against the document; the error names the request and the
// operation. The harness's helpers call it for every request they make.
func checkExchange(req *http.Request, sent []byte, resp *http.Response, body []byte) error {
	s, err := loadSpec()
	if err != nil {
		return err
	}
	if err := s.checkAPI(req, sent, resp.StatusCode, resp.Header, body); err != nil {
		return fmt.Errorf("%s %s: docs/openapi.yaml and the server disagree: %w", req.Method, req.URL.RequestURI(), err)
	}
	return nil
}

// fiberPath is a Fiber route's path as the document writes it: /users/:id
// is /users/{id}.
func fiberPath(p string) string {
	parts := strings.Split(p, "/")
	for i, part := range parts {
		if name, ok := strings.CutPrefix(part, ":"); ok {
			parts[i] = "{" + name + "}"
		}
	}
	return strings.Join(parts, "/")
}

// TestOpenAPIRoutes checks that every route the server registers is an
// operation of docs/openapi.yaml or one of its fallback routes, and that
// every operation and fallback route is registered.
func TestOpenAPIRoutes(t *testing.T) {
	s := spec(t)
	e := newEnv(t)
	// One request first: a server shut down before it serves its first
	// connection leaves the harness's Serve waiting.
	e.must(200, "GET", "/healthz", "", nil)
	registered := map[string]bool{}
	for _, r := range e.srv.App().GetRoutes(true) {
		if r.Method == http.MethodHead {
			continue // Fiber answers HEAD with every GET route
		}
		path := fiberPath(r.Path)
		if _, ok := s.fallbacks["ALL "+path]; ok {
			r.Method = "ALL" // registered for every method (Fiber's All)
		}
		registered[r.Method+" "+path] = true
	}
	documented := map[string]string{}
	for path, item := range s.doc.Paths.Map() {
		for method, op := range item.Operations() {
			documented[method+" "+path] = op.OperationID
		}
	}
	for k := range s.fallbacks {
		documented[k] = "x-fallback-routes"
	}
	for k := range registered {
		if _, ok := documented[k]; !ok {
			t.Errorf("the server registers %s, which docs/openapi.yaml does not describe", k)
		}
	}
	for k, op := range documented {
		if !registered[k] {
			t.Errorf("docs/openapi.yaml describes %s (%s), which the server does not register", k, op)
		}
	}
	if len(registered) < 20 {
		t.Errorf("only %d routes registered: %v", len(registered), registered)
	}
}

// TestOpenAPICatchesDrift shows that the check fails where the server and
// the document disagree: an undeclared status, a body of the wrong shape,
// an undeclared field, an accepted request the document refuses, and a
// path that is neither an operation nor a fallback.
func TestOpenAPICatchesDrift(t *testing.T) {
	s := spec(t)
	request := func(method, path, token string) *http.Request {
		r, err := http.NewRequest(method, "http://127.0.0.1"+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		return r
	}
	get := func(path, token string) *http.Request { return request(http.MethodGet, path, token) }
	tests := []struct {
		name   string
		req    *http.Request
		status int
		body   string
		ok     bool
		ctype  string // application/json when empty
	}{
		{"health as documented", get("/healthz", ""), 200, `{"status":"ok"}`, true, ""},
		{"an undeclared status", get("/healthz", ""), 418, `{"status":"ok"}`, false, ""},
		{"a value outside its enum", get("/healthz", ""), 200, `{"status":"fine"}`, false, ""},
		{"an undeclared field", get("/api/me", "t"), 200, `{"id":"0192a0b4-2c9e-7a61-9c3e-4b7d2f0e8a11","username":"li","name":"li","role":"agent","team_id":"","disabled":false,"time_zone":"Asia/Shanghai","retention_months":0,"password_hash":"x"}`, false, ""},
		{"the user as documented", get("/api/me", "t"), 200, `{"id":"0192a0b4-2c9e-7a61-9c3e-4b7d2f0e8a11","username":"li","name":"li","role":"agent","team_id":"","disabled":false,"time_zone":"Asia/Shanghai","retention_months":0,"team_name":""}`, true, ""},
		{"no token, yet answered", get("/api/me", ""), 200, `{"id":"0192a0b4-2c9e-7a61-9c3e-4b7d2f0e8a11","username":"li","name":"li","role":"agent","team_id":"","disabled":false,"time_zone":"Asia/Shanghai","retention_months":0,"team_name":""}`, false, ""},
		{"no token, refused", get("/api/me", ""), 401, `{"error":{"code":"unauthorized","message":"sign in first"}}`, true, ""},
		{"an error code the status does not have", get("/api/me", ""), 401, `{"error":{"code":"forbidden","message":"no"}}`, false, ""},
		{"a parameter outside its enum, yet answered", get("/api/standings?period=year", "t"), 200, `{}`, false, ""},
		{"an unknown API path", get("/api/nothing", "t"), 404, `{"error":{"code":"not_found","message":"no such endpoint"}}`, true, ""},
		{"an unknown API path answered 200", get("/api/nothing", "t"), 200, `{}`, false, ""},
		{"HEAD of a GET operation", request(http.MethodHead, "/healthz", ""), 200, ``, true, ""},
		{"HEAD with an undeclared status", request(http.MethodHead, "/healthz", ""), 418, ``, false, ""},
		{"an export as documented", get("/api/exports/weekly?format=csv", "t"), 200, "\ufeffx", true, "text/csv; charset=utf-8"},
		{"an export of an undocumented type", get("/api/exports/weekly?format=csv", "t"), 200, "%PDF", false, "application/pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctype := cmp.Or(tt.ctype, "application/json")
			header := http.Header{"Content-Type": {ctype}}
			if strings.HasPrefix(ctype, "text/csv") {
				header.Set("Content-Disposition", `attachment; filename="x.csv"`)
			}
			err := s.checkAPI(tt.req, nil, tt.status, header, []byte(tt.body))
			if (err == nil) != tt.ok {
				t.Errorf("checkAPI = %v, want ok %v", err, tt.ok)
			}
		})
	}
}
