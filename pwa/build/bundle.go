package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

const (
	appEntry = "src/main.tsx"
	swEntry  = "src/sw.ts"
	outDir   = "dist"
)

// engines are the oldest browsers the app supports: the Chrome of mid-range
// Android phones a few years old, and Safari for agents on iOS. All of them
// run ES modules and dynamic import, which code splitting needs. Safari 15,
// not 14: 14.0 mishandles destructuring and esbuild cannot lower it.
func engines() []api.Engine {
	return []api.Engine{
		{Name: api.EngineChrome, Version: "87"},
		{Name: api.EngineEdge, Version: "88"},
		{Name: api.EngineFirefox, Version: "78"},
		{Name: api.EngineSafari, Version: "15"},
		{Name: api.EngineIOS, Version: "15"},
	}
}

// commonOptions are shared by the app and the service-worker builds.
func commonOptions(root string) api.BuildOptions {
	return api.BuildOptions{
		// Relative paths in the metafile and in messages: the output must
		// not depend on where the repository is checked out.
		AbsWorkingDir:     root,
		Bundle:            true,
		Platform:          api.PlatformBrowser,
		Target:            api.ES2020,
		Engines:           engines(),
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		// Chinese strings stay UTF-8 (3 bytes) instead of \uXXXX escapes (6).
		// Module and service-worker scripts are always decoded as UTF-8.
		Charset:  api.CharsetUTF8,
		LogLevel: api.LogLevelSilent, // messages are formatted by checkResult
		Define:   map[string]string{"process.env.NODE_ENV": `"production"`},
		Write:    true,
	}
}

// shell is what index.html and the service worker need to know about the
// app bundle. Every slice is sorted.
type shell struct {
	Script   string   // URL of the entry module
	Styles   []string // URLs of the entry's CSS
	Preloads []string // URLs of chunks the entry imports statically
	Assets   []string // URLs of every file the app build wrote
}

func bundleApp(root string) (shell, error) {
	opts := commonOptions(root)
	opts.EntryPoints = []string{appEntry}
	opts.Outdir = outDir
	opts.Format = api.FormatESModule
	opts.Splitting = true // later screens are loaded with import()
	opts.EntryNames = "assets/[name]-[hash]"
	opts.ChunkNames = "assets/[name]-[hash]"
	opts.AssetNames = "assets/[name]-[hash]"
	opts.JSX = api.JSXAutomatic
	opts.JSXImportSource = "preact"
	opts.Metafile = true

	res := api.Build(opts)
	if err := checkResult("bundle "+appEntry, res); err != nil {
		return shell{}, err
	}
	s, err := parseMetafile([]byte(res.Metafile), appEntry)
	if err != nil {
		return shell{}, fmt.Errorf("metafile: %w", err)
	}
	return s, nil
}

// metafile is the part of esbuild's metafile the build reads.
type metafile struct {
	Outputs map[string]struct {
		EntryPoint string `json:"entryPoint"`
		CSSBundle  string `json:"cssBundle"`
		Imports    []struct {
			Path     string `json:"path"`
			Kind     string `json:"kind"`
			External bool   `json:"external"`
		} `json:"imports"`
	} `json:"outputs"`
}

// parseMetafile finds the entry's script, its CSS and its static imports.
// Map iteration order is random, so every list is sorted before use.
func parseMetafile(data []byte, entry string) (shell, error) {
	var m metafile
	if err := json.Unmarshal(data, &m); err != nil {
		return shell{}, fmt.Errorf("decode: %w", err)
	}
	var s shell
	for out, info := range m.Outputs {
		u, err := outputURL(out)
		if err != nil {
			return shell{}, err
		}
		s.Assets = append(s.Assets, u)
		if info.EntryPoint != entry {
			continue
		}
		if s.Script != "" {
			return shell{}, fmt.Errorf("two outputs for entry %s", entry)
		}
		s.Script = u
		if info.CSSBundle != "" {
			css, err := outputURL(info.CSSBundle)
			if err != nil {
				return shell{}, err
			}
			s.Styles = append(s.Styles, css)
		}
		for _, imp := range info.Imports {
			if imp.External || imp.Kind != "import-statement" {
				continue // dynamic imports load on demand
			}
			u, err := outputURL(imp.Path)
			if err != nil {
				return shell{}, err
			}
			s.Preloads = append(s.Preloads, u)
		}
	}
	if s.Script == "" {
		return shell{}, fmt.Errorf("no output for entry %s", entry)
	}
	slices.Sort(s.Assets)
	slices.Sort(s.Styles)
	slices.Sort(s.Preloads)
	s.Preloads = slices.Compact(s.Preloads)
	return s, nil
}

// outputURL turns a metafile output path such as dist/assets/main-X.js into
// the absolute URL /assets/main-X.js. Absolute, because index.html is also
// served for deep links like /sync, where relative URLs would break.
func outputURL(p string) (string, error) {
	rel, ok := strings.CutPrefix(filepath.ToSlash(p), outDir+"/")
	if !ok || rel == "" || path.IsAbs(rel) || strings.Contains(rel, "..") {
		return "", fmt.Errorf("output %q is outside %s/", p, outDir)
	}
	return "/" + rel, nil
}

// precache is what the service worker installs: the URLs and a version
// derived from their contents, so that any change to the app changes sw.js
// and browsers install the new worker.
type precache struct {
	URLs    []string
	Version string
}

// precacheList lists index.html (as "/", the URL the shell is navigated to),
// every hashed asset and the static files, and hashes their contents.
func precacheList(dist string, s shell, static []string) (precache, error) {
	files := map[string]string{"/": "index.html"}
	for _, u := range slices.Concat(s.Assets, static) {
		files[u] = strings.TrimPrefix(u, "/")
	}
	urls := make([]string, 0, len(files))
	for u := range files {
		urls = append(urls, u)
	}
	slices.Sort(urls)

	h := sha256.New()
	for _, u := range urls {
		data, err := os.ReadFile(filepath.Join(dist, filepath.FromSlash(files[u])))
		if err != nil {
			return precache{}, fmt.Errorf("precache %s: %w", u, err)
		}
		// Length-prefixed, so that moving bytes between files or renaming
		// one changes the version too.
		fmt.Fprintf(h, "%s\x00%d\x00", u, len(data))
		h.Write(data)
	}
	return precache{URLs: urls, Version: hex.EncodeToString(h.Sum(nil))[:16]}, nil
}

// bundleServiceWorker builds src/sw.ts to dist/sw.js, a stable URL the
// browser re-fetches to detect updates, with the precache list and version
// compiled in.
func bundleServiceWorker(root string, p precache) error {
	urls, err := json.Marshal(p.URLs)
	if err != nil {
		return fmt.Errorf("encode precache list: %w", err)
	}
	version, err := json.Marshal(p.Version)
	if err != nil {
		return fmt.Errorf("encode version: %w", err)
	}
	opts := commonOptions(root)
	opts.EntryPoints = []string{swEntry}
	opts.Outfile = filepath.Join(outDir, "sw.js")
	// A classic script: module service workers are not supported by every
	// engine above.
	opts.Format = api.FormatIIFE
	opts.Define["__FB_PRECACHE__"] = string(urls)
	opts.Define["__FB_VERSION__"] = string(version)

	return checkResult("bundle "+swEntry, api.Build(opts))
}

// checkResult turns esbuild's errors into one Go error carrying every
// message, and prints warnings so they are seen without failing the build.
func checkResult(what string, res api.BuildResult) error {
	if len(res.Warnings) > 0 {
		for _, m := range api.FormatMessages(res.Warnings, api.FormatMessagesOptions{Kind: api.WarningMessage}) {
			fmt.Fprint(os.Stderr, m)
		}
	}
	if len(res.Errors) == 0 {
		return nil
	}
	msgs := api.FormatMessages(res.Errors, api.FormatMessagesOptions{Kind: api.ErrorMessage})
	return fmt.Errorf("%s: %d error(s):\n%s", what, len(res.Errors), strings.Join(msgs, ""))
}
