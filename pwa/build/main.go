// Command build bundles Fieldbook's PWA into pwa/dist. It is run by
// `go generate ./pwa`, so its working directory is pwa/.
//
// It is the only program in the repository that imports esbuild: the server
// embeds the committed dist/ through package fieldbook/pwa and never links the
// bundler.
//
// The output is byte-for-byte reproducible (CI regenerates dist/ and fails on
// any difference), so everything taken from esbuild's metafile is sorted,
// paths are relative to pwa/, the icons are drawn with integer arithmetic and
// nothing depends on the time, the machine or the checkout location.
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "pwa build: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	root, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("working directory: %w", err)
	}
	if err := checkLayout(root); err != nil {
		return err
	}

	dist := filepath.Join(root, "dist")
	// esbuild never deletes what an earlier build left behind; stale hashed
	// files would be embedded and precached forever, so start from nothing.
	if err := os.RemoveAll(dist); err != nil {
		return fmt.Errorf("clear dist: %w", err)
	}
	if err := os.MkdirAll(dist, 0o755); err != nil {
		return fmt.Errorf("create dist: %w", err)
	}

	if err := writeVocabulary(root); err != nil {
		return err
	}
	shell, err := bundleApp(root)
	if err != nil {
		return err
	}

	static, err := writeIcons(dist)
	if err != nil {
		return err
	}
	manifest, err := writeManifest(dist)
	if err != nil {
		return err
	}
	static = append(static, manifest)

	if err := writeIndex(dist, shell); err != nil {
		return fmt.Errorf("write index.html: %w", err)
	}

	list, err := precacheList(dist, shell, static)
	if err != nil {
		return err
	}
	if err := bundleServiceWorker(root, list); err != nil {
		return err
	}
	fmt.Printf("pwa build: %d files precached, version %s\n", len(list.URLs), list.Version)
	return nil
}

// checkLayout fails early, with the fix in the message, when the npm
// dependencies esbuild resolves from pwa/node_modules are missing: esbuild's
// own "could not resolve preact" would not say what to do.
func checkLayout(root string) error {
	if _, err := os.Stat(filepath.Join(root, "src", "main.tsx")); err != nil {
		return fmt.Errorf("%s is not the pwa directory (run via `go generate ./pwa`): %w", root, err)
	}
	for _, pkg := range []string{"preact", "@preact/signals", "idb"} {
		_, err := os.Stat(filepath.Join(root, "node_modules", filepath.FromSlash(pkg), "package.json"))
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("npm package %q is missing from pwa/node_modules: run `npm ci` in pwa/ first", pkg)
		}
		if err != nil {
			return fmt.Errorf("check node_modules: %w", err)
		}
	}
	return nil
}
