// Package pwa holds Fieldbook's progressive web app: the TypeScript + Preact
// sources in src/ and the built bundle in dist/, which is committed so that a
// fresh clone builds and runs the server without Node.
//
// The bundle is produced by the program in ./build (the only code in the
// repository that links esbuild), so the server binary that imports this
// package stays free of the bundler. Regenerate after changing src/:
//
//	(cd pwa && npm ci) && go generate ./pwa
package pwa

import (
	"embed"
	"fmt"
	"io/fs"
)

//go:generate go run ./build

// dist is embedded with the all: prefix so that files whose names start with
// "." or "_" (esbuild may emit such chunk names) are not silently dropped.
//
//go:embed all:dist
var dist embed.FS

// Dist returns the built app rooted at dist/: index.html, sw.js,
// manifest.webmanifest, icons/ and the content-hashed files under assets/.
// Files under assets/ never change for a given name and may be cached forever;
// index.html and sw.js must be revalidated on every request.
func Dist() (fs.FS, error) {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		return nil, fmt.Errorf("pwa: open dist: %w", err)
	}
	return sub, nil
}
