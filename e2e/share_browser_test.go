package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"

	"fieldbook/demo"
)

// sharedImage taps "save as an image" under the weekly standings and
// returns the downloaded PNG's size and the row labels drawn in it, after
// checking the file is a PNG of the size the page says.
func sharedImage(t *testing.T, ctx context.Context, dir string) (width, height int, labels []string) {
	t.Helper()
	eval[bool](t, ctx, `(document.querySelector('[data-testid=share-saved]')?.remove(), true)`)
	click(t, ctx, "[data-testid=share-make]")
	poll(t, ctx, "the image made", `document.querySelector('[data-testid=share-saved]') !== null`)
	name := eval[string](t, ctx, `document.querySelector('[data-testid=share-saved]').dataset.file`)
	if err := json.Unmarshal([]byte(eval[string](t, ctx, `document.querySelector('[data-testid=share-saved]').dataset.labels`)), &labels); err != nil {
		t.Fatal(err)
	}
	raw := downloaded(t, dir, name)
	cfg, err := png.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", name, err)
	}
	if _, err := png.Decode(bytes.NewReader(raw)); err != nil {
		t.Fatalf("%s does not decode whole: %v", name, err)
	}
	if w, h := eval[int](t, ctx, `Number(document.querySelector('[data-testid=share-saved]').dataset.width)`), eval[int](t, ctx, `Number(document.querySelector('[data-testid=share-saved]').dataset.height)`); cfg.Width != w || cfg.Height != h {
		t.Fatalf("the PNG is %d×%d, the page says %d×%d", cfg.Width, cfg.Height, w, h)
	}
	return cfg.Width, cfg.Height, labels
}

// TestBrowserStandingsSharedAsImage: the supervisor saves the week's
// standings as a PNG from the weekly meeting screen: 1,080 px wide, one
// band of 88 px per agent under a heading and above a footer, the agents
// named as the screen names them; the morning meeting's summary too, with
// the day's focus as a lead line 72 px high; once the team's standings.names hides
// names, the image shows 1号, 2号… instead (in English No. 1, No. 2…).
func TestBrowserStandingsSharedAsImage(t *testing.T) {
	a := newApp(t)
	lina, _ := loadDemo(t, a)
	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), "zhoumin", demo.Password)
	dir := downloadsTo(t, ctx)
	visit(t, ctx, "#/meeting/weekly")
	poll(t, ctx, "the weekly standings", `document.querySelectorAll('[data-testid=meeting-row]').length > 0 && document.querySelector('[data-testid=share-make]') !== null`)
	names := eval[[]string](t, ctx, `[...document.querySelectorAll('[data-testid=meeting-row] th')].map((th) => th.innerText.trim())`)
	wantHeight := 236 + 88*(len(names)+1) + 132

	w, h, labels := sharedImage(t, ctx, dir)
	if w != 1080 || h != wantHeight {
		t.Errorf("the image is %d×%d, want 1080×%d for %d agents", w, h, wantHeight, len(names))
	}
	if !slices.Equal(labels, names) || !slices.Contains(labels, lina.Name) {
		t.Errorf("the image names %v, want the screen's %v (with %s)", labels, names, lina.Name)
	}
	poll(t, ctx, "the message and the preview", `document.querySelector('[data-testid=share-saved]').innerText.includes("图片已保存") && document.querySelector('.meeting-share__preview').naturalWidth === 1080`)

	// The morning meeting's summary, with the day's focus as its lead line.
	visit(t, ctx, "#/meeting")
	poll(t, ctx, "the morning meeting", `document.querySelector('[data-testid=meeting-focus-input]') !== null && document.querySelectorAll('[data-testid=meeting-numbers-card]').length > 0 && document.querySelector('[data-testid=share-make]') !== null`)
	// Typed once, as the screen settles its day and its records: nothing
	// that arrives meanwhile may wipe what is being typed.
	fill(t, ctx, "[data-testid=meeting-focus-input]", "每人至少 4 个有效拜访")
	poll(t, ctx, "the focus ready to save", `document.querySelector('[data-testid=meeting-focus-input]').value === "每人至少 4 个有效拜访" && !document.querySelector('[data-testid=meeting-focus-save]').disabled`)
	click(t, ctx, "[data-testid=meeting-focus-save]")
	poll(t, ctx, "the focus saved", `document.querySelector('[data-testid=meeting-focus]')?.innerText === "每人至少 4 个有效拜访"`)
	morning := eval[[]string](t, ctx, `[...document.querySelectorAll('[data-testid=meeting-numbers-card] .agent-card__name')].map((n) => n.innerText.trim())`)
	w, h, labels = sharedImage(t, ctx, dir)
	if want := 236 + 72 + 88*(len(morning)+1) + 132; w != 1080 || h != want {
		t.Errorf("the morning image is %d×%d, want 1080×%d for %d agents and the focus", w, h, want, len(morning))
	}
	if !slices.Equal(labels, morning) {
		t.Errorf("the morning image names %v, want the screen's %v", labels, morning)
	}
	if name := eval[string](t, ctx, `document.querySelector('[data-testid=share-saved]').dataset.file`); name != "morning-"+teamNow(t).Format("2006-01-02")+".png" {
		t.Errorf("the morning image is saved as %s", name)
	}
	visit(t, ctx, "#/meeting/weekly")

	settings, _, err := a.st.Settings(context.Background(), lina.TeamID)
	if err != nil {
		t.Fatal(err)
	}
	settings.Standings.Names = "hidden"
	if err := a.st.SetSettings(context.Background(), lina.TeamID, settings); err != nil {
		t.Fatal(err)
	}
	eval[bool](t, ctx, `(localStorage.setItem("fieldbook.lang", "en"), true)`)
	do(t, ctx, "reload", chromedp.Reload())
	poll(t, ctx, "the standings with names hidden", `document.querySelectorAll('[data-testid=meeting-row][data-name-shown=false]').length > 0 && document.querySelector('[data-testid=share-make]') !== null`)
	w, h, labels = sharedImage(t, ctx, dir)
	if w != 1080 || h != wantHeight {
		t.Errorf("with names hidden the image is %d×%d, want 1080×%d", w, h, wantHeight)
	}
	for i, l := range labels {
		if want := "No. " + string(rune('1'+i)); i < 9 && l != want {
			t.Errorf("row %d of the image says %q, want %q", i+1, l, want)
		}
	}
	if slices.Contains(labels, lina.Name) {
		t.Errorf("the image names %s although the team hides names", lina.Name)
	}
	poll(t, ctx, "the message in English", `document.querySelector('[data-testid=share-saved]').innerText.includes("Image saved")`)
}
