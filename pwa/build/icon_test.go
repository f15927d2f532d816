package main

import (
	"bytes"
	"fmt"
	"image/png"
	"testing"
)

// TestIconShapesInSafeZone checks the maskable-icon rule: everything drawn
// lies inside the centred circle of radius 40% of the icon, so no launcher
// mask (circle, squircle, teardrop) can cut into it.
func TestIconShapesInSafeZone(t *testing.T) {
	const c = canvasUnits / 2
	const radius = canvasUnits * 4 / 10
	for i, s := range iconShapes() {
		for _, x := range []int64{s.x0, s.x1} {
			for _, y := range []int64{s.y0, s.y1} {
				// A rounded corner lies inside its square corner, so checking
				// the square corners is enough.
				dx, dy := x-c, y-c
				if dx*dx+dy*dy > radius*radius {
					t.Errorf("shape %d corner (%d,%d) is outside the safe zone", i, x, y)
				}
			}
		}
	}
}

func TestIconIsFullBleedAndSized(t *testing.T) {
	for _, ic := range appIcons() {
		data, err := encodeIcon(ic.Size)
		if err != nil {
			t.Fatalf("%s: %v", ic.Name, err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: decode: %v", ic.Name, err)
		}
		if got, want := img.Bounds().Dx(), ic.Size; got != want || img.Bounds().Dy() != want {
			t.Errorf("%s: size %v, want %d×%d", ic.Name, img.Bounds(), want, want)
		}
		// Corners are the opaque brand colour: the background fills the
		// whole square, as a maskable icon must.
		for _, p := range [][2]int{{0, 0}, {ic.Size - 1, 0}, {0, ic.Size - 1}, {ic.Size - 1, ic.Size - 1}} {
			r, g, b, a := img.At(p[0], p[1]).RGBA()
			got := fmt.Sprintf("#%02x%02x%02x/%d", r>>8, g>>8, b>>8, a>>8)
			if want := themeColor + "/255"; got != want {
				t.Errorf("%s: corner %v = %s, want %s", ic.Name, p, got, want)
			}
		}
	}
}

func TestIconBytesAreReproducible(t *testing.T) {
	a, err := encodeIcon(192)
	if err != nil {
		t.Fatal(err)
	}
	b, err := encodeIcon(192)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two encodings of the same icon differ")
	}
}

func TestThemeColorMatchesBrand(t *testing.T) {
	if got := fmt.Sprintf("#%06x", brandRGB); got != themeColor {
		t.Errorf("brandRGB = %s, themeColor = %s", got, themeColor)
	}
}
