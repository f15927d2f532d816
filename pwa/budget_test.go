package pwa

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"regexp"
	"testing"
)

// initialScripts are the scripts index.html makes the browser fetch before
// the first paint: the entry and the chunks it preloads.
var initialScripts = regexp.MustCompile(`<(?:script type="module" src|link rel="modulepreload" href)="/([^"]+\.js)"`)

// InitialJSGzip sums the gzip size of the JavaScript the first paint needs.
func initialJSGzip(t *testing.T) (total int, files map[string]int) {
	t.Helper()
	dist, err := Dist()
	if err != nil {
		t.Fatal(err)
	}
	page, err := fs.ReadFile(dist, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	files = map[string]int{}
	for _, m := range initialScripts.FindAllSubmatch(page, -1) {
		name := string(m[1])
		src, err := fs.ReadFile(dist, name)
		if err != nil {
			t.Fatalf("index.html loads %s: %v", name, err)
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(src)
		zw.Close()
		files[name] = buf.Len()
		total += buf.Len()
	}
	if len(files) == 0 {
		t.Fatal("index.html loads no script")
	}
	return total, files
}

// TestInitialJavaScriptBudget holds the app to its budget: at most 100 KB
// of JavaScript, gzipped, before the first screen (issue 4). Later screens
// and the chart library load on demand and are not counted.
func TestInitialJavaScriptBudget(t *testing.T) {
	const budget = 100 * 1024
	total, files := initialJSGzip(t)
	for name, n := range files {
		t.Logf("%-40s %6d B gzip", name, n)
	}
	t.Logf("initial JavaScript: %d B gzip (budget %d)", total, budget)
	if total > budget {
		t.Fatalf("the first paint needs %d B of gzipped JavaScript, over the %d B budget", total, budget)
	}
}
