package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
)

// The icon is a white notebook with a rising bar chart (activity that
// grows), on a full-bleed brand background. It is drawn on a canvas of
// canvasUnits × canvasUnits and scaled to each size.
//
// Everything is integer arithmetic: Go may fuse floating-point multiply-adds
// on some architectures, which would change pixels and break the
// byte-for-byte reproducibility CI checks.
const (
	canvasUnits = 1024
	// samplesPerAxis² samples per pixel give smooth (anti-aliased) edges.
	samplesPerAxis = 4
)

// appIcon is one PNG the build writes under dist/icons/.
type appIcon struct {
	Name       string
	Size       int
	InManifest bool // apple-touch-icon is linked from index.html only
}

// URL is where the icon is served.
func (ic appIcon) URL() string { return "/icons/" + ic.Name }

func appIcons() []appIcon {
	return []appIcon{
		{Name: "icon-192.png", Size: 192, InManifest: true},
		{Name: "icon-512.png", Size: 512, InManifest: true},
		// iOS ignores the manifest icons and masks this one itself.
		{Name: "apple-touch-icon.png", Size: 180},
	}
}

// writeIcons draws every icon into dist/icons and returns their URLs.
func writeIcons(dist string) ([]string, error) {
	dir := filepath.Join(dist, "icons")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create icons dir: %w", err)
	}
	var urls []string
	for _, ic := range appIcons() {
		data, err := encodeIcon(ic.Size)
		if err != nil {
			return nil, fmt.Errorf("icon %s: %w", ic.Name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, ic.Name), data, 0o644); err != nil {
			return nil, fmt.Errorf("write icon %s: %w", ic.Name, err)
		}
		urls = append(urls, ic.URL())
	}
	return urls, nil
}

func encodeIcon(size int) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, drawIcon(size)); err != nil {
		return nil, fmt.Errorf("encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// rrect is an axis-aligned rectangle in canvas units, [x0,x1)×[y0,y1), with
// corners rounded by radius r (0 for square corners).
type rrect struct {
	x0, y0, x1, y1, r int64
	c                 color.NRGBA
}

// contains reports whether the sample point (sx, sy) lies inside, where the
// point's canvas coordinates are sx/scale and sy/scale.
func (q rrect) contains(sx, sy, scale int64) bool {
	x0, y0, x1, y1 := q.x0*scale, q.y0*scale, q.x1*scale, q.y1*scale
	if sx < x0 || sx >= x1 || sy < y0 || sy >= y1 {
		return false
	}
	r := q.r * scale
	// Inside the rectangle: only the four corner squares need the circle test.
	cx := clamp(sx, x0+r, x1-r)
	cy := clamp(sy, y0+r, y1-r)
	dx, dy := sx-cx, sy-cy
	return dx*dx+dy*dy <= r*r
}

func clamp(v, lo, hi int64) int64 {
	return max(lo, min(v, hi))
}

func rgb(hex uint32) color.NRGBA {
	return color.NRGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xff}
}

// iconShapes lists the shapes from top to bottom. All of them lie inside the
// maskable safe zone (a circle of radius 40% of the icon, centred), checked by
// TestIconShapesInSafeZone, so no launcher mask can cut into the drawing.
func iconShapes() []rrect {
	brand := rgb(brandRGB)
	gold := rgb(0xf5b700)
	white := rgb(0xffffff)
	return []rrect{
		// Binding rings, over the page's top edge.
		{x0: 376, y0: 196, x1: 416, y1: 292, r: 20, c: gold},
		{x0: 492, y0: 196, x1: 532, y1: 292, r: 20, c: gold},
		{x0: 608, y0: 196, x1: 648, y1: 292, r: 20, c: gold},
		// The baseline, over the rising bars so their rounded feet are hidden.
		{x0: 352, y0: 676, x1: 672, y1: 700, r: 0, c: brand},
		{x0: 368, y0: 540, x1: 440, y1: 700, r: 12, c: brand},
		{x0: 476, y0: 448, x1: 548, y1: 700, r: 12, c: brand},
		{x0: 584, y0: 352, x1: 656, y1: 700, r: 12, c: gold},
		// The page.
		{x0: 292, y0: 236, x1: 732, y1: 788, r: 56, c: white},
	}
}

// drawIcon renders the icon at size×size pixels: full-bleed background, the
// shapes anti-aliased by averaging a grid of samples per pixel.
func drawIcon(size int) *image.NRGBA {
	shapes := iconShapes()
	bg := rgb(brandRGB)
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const n = samplesPerAxis
	// Sample k of pixel p sits at canvas coordinate
	// (2(p·n+k)+1)/(2·n·size) · canvasUnits; multiplying through by
	// 2·n·size keeps every comparison in integers.
	scale := int64(2 * n * size)
	for py := range size {
		for px := range size {
			var r, g, b int64
			for ky := range n {
				sy := int64(2*(py*n+ky)+1) * canvasUnits
				for kx := range n {
					sx := int64(2*(px*n+kx)+1) * canvasUnits
					c := bg
					for _, s := range shapes {
						if s.contains(sx, sy, scale) {
							c = s.c
							break
						}
					}
					r += int64(c.R)
					g += int64(c.G)
					b += int64(c.B)
				}
			}
			const total = n * n
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8((r + total/2) / total),
				G: uint8((g + total/2) / total),
				B: uint8((b + total/2) / total),
				A: 0xff,
			})
		}
	}
	return img
}
