package relais_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"relais/internal/browsertest"
)

// TestGuidePictures: the guide's drawings of what Windows and macOS say
// the first time (docs/images/src, drawn in HTML: there is no Windows or
// Mac here to take screenshots) hold the very words the guide tells her
// to click, the guide shows each with a description, and the pictures
// are there. RELAIS_UPDATE=1 draws them again.
func TestGuidePictures(t *testing.T) {
	t.Parallel()
	guide, err := os.ReadFile(filepath.Join("docs", "guide.md"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t)
	for _, tc := range []struct {
		picture string
		words   []string // in the drawing and in the guide
	}{
		{"smartscreen", []string{"Windows a protégé votre ordinateur", "Informations complémentaires", "Exécuter quand même"}},
		{"gatekeeper", []string{"« relais » n’a pas été ouvert", "Terminé", "Confidentialité et sécurité", "Ouvrir quand même"}},
	} {
		t.Run(tc.picture, func(t *testing.T) {
			src, err := filepath.Abs(filepath.Join("docs", "images", "src", tc.picture+".html"))
			if err != nil {
				t.Fatal(err)
			}
			browsertest.Navigate(t, ctx, "file://"+src)
			browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, tc.picture)
			drawn := browsertest.Eval[string](t, ctx, `document.body.innerText`)
			flat := strings.Join(strings.Fields(string(guide)), " ")
			for _, w := range tc.words {
				if !strings.Contains(drawn, w) {
					t.Errorf("the drawing does not say %q", w)
				}
				if !strings.Contains(flat, w) {
					t.Errorf("the guide does not quote %q", w)
				}
			}
			ref := "](images/" + tc.picture + ".png)"
			i := strings.Index(flat, ref)
			if i < 0 {
				t.Fatalf("the guide does not show images/%s.png", tc.picture)
			}
			alt := flat[strings.LastIndex(flat[:i], "![")+2 : i]
			for _, w := range tc.words[len(tc.words)-1:] {
				if !strings.Contains(alt, w) {
					t.Errorf("the picture's description does not say %q: %q", w, alt)
				}
			}
			png := filepath.Join("docs", "images", tc.picture+".png")
			if os.Getenv("RELAIS_UPDATE") == "1" {
				shot := browsertest.Run(t, ctx, chromedp.FullScreenshot(100))
				if err := os.WriteFile(png, shot, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if fi, err := os.Stat(png); err != nil || fi.Size() < 5000 {
				t.Errorf("the picture %s is missing or empty (RELAIS_UPDATE=1 draws it): %v", png, err)
			}
		})
	}
}
