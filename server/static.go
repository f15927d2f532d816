package server

import (
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// static serves the built PWA: hashed assets cached for a year, the shell
// (index.html), the service worker and the manifest revalidated on every
// load. A path without an extension is an app route and gets the shell; a
// missing file with an extension is a plain 404, never the shell, so an old
// page asking for a replaced asset fails visibly instead of parsing HTML
// as JavaScript.
func (s *Server) static(dist fs.FS) {
	s.app.Get("/*", func(c *fiber.Ctx) error {
		name := strings.TrimPrefix(path.Clean("/"+c.Params("*")), "/")
		if name == "" || path.Ext(name) == "" {
			name = "index.html"
		}
		body, err := fs.ReadFile(dist, name)
		if err != nil {
			return fiber.NewError(fiber.StatusNotFound, "no such file")
		}
		ctype := mime.TypeByExtension(path.Ext(name))
		switch path.Ext(name) {
		case ".webmanifest":
			ctype = "application/manifest+json"
		case "":
			ctype = "application/octet-stream"
		}
		c.Set(fiber.HeaderContentType, ctype)
		if strings.HasPrefix(name, "assets/") {
			c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
		} else {
			c.Set(fiber.HeaderCacheControl, "no-cache")
		}
		c.Set("X-Content-Type-Options", "nosniff")
		if name == "index.html" {
			// blob: images: the preview of the standings image the app draws (meeting mode).
			c.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
			c.Set("Referrer-Policy", "no-referrer")
		}
		return c.Send(body)
	})
}
