package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseMetafile(t *testing.T) {
	// Shaped like esbuild's metafile, with outputs in an arbitrary order.
	const meta = `{"outputs": {
		"dist/assets/sync-B.js": {"entryPoint": "", "imports": [{"path": "dist/assets/chunk-A.js", "kind": "import-statement"}]},
		"dist/assets/main-M.css": {},
		"dist/assets/main-M.js": {"entryPoint": "src/main.tsx", "cssBundle": "dist/assets/main-M.css", "imports": [
			{"path": "dist/assets/sync-B.js", "kind": "dynamic-import"},
			{"path": "dist/assets/chunk-Z.js", "kind": "import-statement"},
			{"path": "dist/assets/chunk-A.js", "kind": "import-statement"},
			{"path": "https://example.invalid/x.js", "kind": "import-statement", "external": true}
		]},
		"dist/assets/chunk-Z.js": {},
		"dist/assets/chunk-A.js": {}
	}}`
	got, err := parseMetafile([]byte(meta), "src/main.tsx")
	if err != nil {
		t.Fatal(err)
	}
	want := shell{
		Script:   "/assets/main-M.js",
		Styles:   []string{"/assets/main-M.css"},
		Preloads: []string{"/assets/chunk-A.js", "/assets/chunk-Z.js"},
		Assets: []string{
			"/assets/chunk-A.js", "/assets/chunk-Z.js", "/assets/main-M.css",
			"/assets/main-M.js", "/assets/sync-B.js",
		},
	}
	if got.Script != want.Script || !slices.Equal(got.Styles, want.Styles) ||
		!slices.Equal(got.Preloads, want.Preloads) || !slices.Equal(got.Assets, want.Assets) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestParseMetafileErrors(t *testing.T) {
	for name, meta := range map[string]string{
		"no entry":     `{"outputs": {"dist/assets/a.js": {}}}`,
		"outside dist": `{"outputs": {"../x.js": {"entryPoint": "src/main.tsx"}}}`,
		"not json":     `{`,
	} {
		if _, err := parseMetafile([]byte(meta), "src/main.tsx"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestPrecacheVersionFollowsContent(t *testing.T) {
	dist := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		p := filepath.Join(dist, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("index.html", "<html>")
	write("assets/main-A.js", "a")
	write("manifest.webmanifest", "{}")
	s := shell{Script: "/assets/main-A.js", Assets: []string{"/assets/main-A.js"}}

	p1, err := precacheList(dist, s, []string{"/manifest.webmanifest"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"/", "/assets/main-A.js", "/manifest.webmanifest"}; !slices.Equal(p1.URLs, want) {
		t.Errorf("URLs = %v, want %v", p1.URLs, want)
	}
	write("manifest.webmanifest", "{ }")
	p2, err := precacheList(dist, s, []string{"/manifest.webmanifest"})
	if err != nil {
		t.Fatal(err)
	}
	if p1.Version == p2.Version {
		t.Errorf("version %s did not change with the manifest's content", p1.Version)
	}
}

func TestCheckLayoutAsksForNpmCI(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "src", "main.tsx"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err := checkLayout(root)
	if err == nil || !strings.Contains(err.Error(), "npm ci") {
		t.Errorf("checkLayout = %v, want an error that says to run npm ci", err)
	}
}
