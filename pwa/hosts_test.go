// Nothing in the built app names another host: no web fonts, CDNs,
// analytics or any absolute URL a browser would fetch, in any file of
// dist/ (the page, its scripts and styles, the manifest, the service
// worker and its precache list). The browser test
// e2e/privacy_browser_test.go records the requests themselves.

package pwa

import (
	"io/fs"
	"path"
	"regexp"
	"slices"
	"testing"
	"testing/fstest"
)

var (
	// absoluteURL is a scheme and "//" (http, https, ws, ftp …).
	absoluteURL = regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.-]*://[^\s"'` + "`" + `<>()\\]*`)
	// relativeToScheme is a protocol-relative reference in markup or
	// styles: url(//host/…), src="//host/…".
	relativeToScheme = regexp.MustCompile(`(?i)(?:url\(\s*["']?|\b(?:src|href|action|content)\s*=\s*["']?)//[^\s"'()<>]*`)
)

// namespaces are the URIs that name XML vocabularies in the DOM library's
// code: identifiers compared as strings, never fetched.
var namespaces = []string{
	"http://www.w3.org/2000/svg",
	"http://www.w3.org/1999/xhtml",
	"http://www.w3.org/1998/Math/MathML",
	"http://www.w3.org/1999/xlink",
	"http://www.w3.org/XML/1998/namespace",
}

// textFiles are the kinds of file a browser reads references from.
var textFiles = []string{".html", ".js", ".mjs", ".css", ".webmanifest", ".json", ".svg", ".txt", ".map"}

// otherHosts returns, per file of app, the references to another host.
func otherHosts(t *testing.T, app fs.FS) (found map[string][]string, scanned int) {
	t.Helper()
	found = map[string][]string{}
	err := fs.WalkDir(app, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !slices.Contains(textFiles, path.Ext(name)) {
			return err
		}
		b, err := fs.ReadFile(app, name)
		if err != nil {
			return err
		}
		scanned++
		for _, m := range absoluteURL.FindAll(b, -1) {
			if !slices.Contains(namespaces, string(m)) {
				found[name] = append(found[name], string(m))
			}
		}
		if ext := path.Ext(name); ext == ".html" || ext == ".css" || ext == ".svg" || ext == ".webmanifest" {
			for _, m := range relativeToScheme.FindAll(b, -1) {
				found[name] = append(found[name], string(m))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found, scanned
}

func TestTheAppNamesNoOtherHost(t *testing.T) {
	dist, err := Dist()
	if err != nil {
		t.Fatal(err)
	}
	found, scanned := otherHosts(t, dist)
	if scanned < 5 {
		t.Fatalf("only %d files of dist/ scanned", scanned)
	}
	for name, refs := range found {
		t.Errorf("%s refers to another host: %q", name, refs)
	}
}

// TestTheHostScanFindsOtherHosts: the scan is not blind.
func TestTheHostScanFindsOtherHosts(t *testing.T) {
	app := fstest.MapFS{
		"index.html":      {Data: []byte(`<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Noto"><script src="//cdn.example.com/a.js"></script>`)},
		"assets/main.css": {Data: []byte(`@font-face{src:url(//fonts.gstatic.com/x.woff2)} .a{background:url("/icons/a.png")}`)},
		"assets/main.js":  {Data: []byte(`n=="http://www.w3.org/2000/svg";fetch("https://telemetry.example.com/e");x="a//b"`)},
		"icons/a.png":     {Data: []byte("http://inside.a.picture")},
	}
	found, _ := otherHosts(t, app)
	want := map[string][]string{
		"index.html":      {"https://fonts.googleapis.com/css2?family=Noto", `src="//cdn.example.com/a.js`},
		"assets/main.css": {"url(//fonts.gstatic.com/x.woff2"},
		"assets/main.js":  {"https://telemetry.example.com/e"},
	}
	if len(found) != len(want) {
		t.Fatalf("found %q, want %q", found, want)
	}
	for name, refs := range want {
		if !slices.Equal(found[name], refs) {
			t.Errorf("%s: found %q, want %q", name, found[name], refs)
		}
	}
}
