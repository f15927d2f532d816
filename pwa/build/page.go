package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
)

// Brand colours, shared by index.html, the manifest and the icons. They must
// match --brand and --bg in src/styles.css.
const (
	brandRGB        = 0x0f4c81
	themeColor      = "#0f4c81" // brandRGB; white text on it is 8.9:1, AA at any size
	backgroundColor = "#f4f6f9"
)

const (
	appName      = "展业手册 Fieldbook"
	appShortName = "展业手册"
	appDesc      = "保险业务员的活动量管理：计划100、工作日志、客户档案，离线可用。"
)

// indexHTML is the app shell. The script is a module (deferred by
// definition), so the body is parsed before it runs; the static imports are
// preloaded so the browser fetches them in parallel instead of in a waterfall.
const indexHTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="{{.Theme}}">
<meta name="description" content="{{.Desc}}">
<title>{{.Title}}</title>
<link rel="manifest" href="/manifest.webmanifest">
<link rel="icon" type="image/png" sizes="192x192" href="/icons/icon-192.png">
<link rel="apple-touch-icon" href="/icons/apple-touch-icon.png">
<meta name="mobile-web-app-capable" content="yes">
<meta name="apple-mobile-web-app-capable" content="yes">
<meta name="apple-mobile-web-app-title" content="{{.Short}}">
{{- range .Shell.Styles}}
<link rel="stylesheet" href="{{.}}">
{{- end}}
{{- range .Shell.Preloads}}
<link rel="modulepreload" href="{{.}}">
{{- end}}
<script type="module" src="{{.Shell.Script}}"></script>
</head>
<body>
<div id="app"></div>
<noscript><p style="padding:1rem">展业手册需要启用 JavaScript 才能使用。<br>Fieldbook needs JavaScript to run.</p></noscript>
</body>
</html>
`

// writeIndex writes dist/index.html from the metafile-derived shell; esbuild
// does not write HTML, and a hand-written file would point at stale hashes.
func writeIndex(dist string, s shell) error {
	tmpl, err := template.New("index.html").Parse(indexHTML)
	if err != nil {
		return fmt.Errorf("parse template: %w", err)
	}
	var buf bytes.Buffer
	err = tmpl.Execute(&buf, struct {
		Title, Short, Desc, Theme string
		Shell                     shell
	}{appName, appShortName, appDesc, themeColor, s})
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	return os.WriteFile(filepath.Join(dist, "index.html"), buf.Bytes(), 0o644)
}

type manifestIcon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose"`
}

// webManifest is a struct, not a map, so that the JSON field order is fixed.
type webManifest struct {
	ID              string         `json:"id"`
	Name            string         `json:"name"`
	ShortName       string         `json:"short_name"`
	Description     string         `json:"description"`
	Lang            string         `json:"lang"`
	StartURL        string         `json:"start_url"`
	Scope           string         `json:"scope"`
	Display         string         `json:"display"`
	Orientation     string         `json:"orientation"`
	ThemeColor      string         `json:"theme_color"`
	BackgroundColor string         `json:"background_color"`
	Icons           []manifestIcon `json:"icons"`
}

// writeManifest writes dist/manifest.webmanifest and returns its URL.
func writeManifest(dist string) (string, error) {
	var icons []manifestIcon
	for _, ic := range appIcons() {
		if !ic.InManifest {
			continue
		}
		size := fmt.Sprintf("%dx%d", ic.Size, ic.Size)
		// Separate "any" and "maskable" entries rather than "any maskable":
		// the icon is full-bleed, which suits both, and browsers pick the
		// entry for each use without warnings about a combined purpose.
		for _, purpose := range []string{"any", "maskable"} {
			icons = append(icons, manifestIcon{Src: ic.URL(), Sizes: size, Type: "image/png", Purpose: purpose})
		}
	}
	m := webManifest{
		ID:              "/",
		Name:            appName,
		ShortName:       appShortName,
		Description:     appDesc,
		Lang:            "zh-CN",
		StartURL:        "/",
		Scope:           "/",
		Display:         "standalone",
		Orientation:     "portrait",
		ThemeColor:      themeColor,
		BackgroundColor: backgroundColor,
		Icons:           icons,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep the file readable; it is never inlined in HTML
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return "", fmt.Errorf("encode manifest: %w", err)
	}
	const name = "manifest.webmanifest"
	if err := os.WriteFile(filepath.Join(dist, name), buf.Bytes(), 0o644); err != nil {
		return "", fmt.Errorf("write manifest: %w", err)
	}
	return "/" + name, nil
}
