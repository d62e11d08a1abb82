package relais_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"relais"
	"relais/internal/browsertest"
	"relais/internal/i18n"
	"relais/internal/launcher"
	"relais/internal/scaffold"
)

// TestStartInBrowser: the start page of relais started by a double-click,
// and its folder chooser (to open a site, to place a new one), have no
// axe violation at a phone's width and a desktop's, light and dark, and
// no policy violation; a site is made with the keyboard alone, and the
// browser then reaches the site's editor.
func TestStartInBrowser(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t)
	axe := axeSource(t)
	recordCSP(t, ctx)
	home := t.TempDir()
	for _, d := range []string{"Documents", "Documents/Ancien site/content", "Images"} {
		os.MkdirAll(filepath.Join(home, d), 0o755)
	}
	opened := make(chan string, 4)
	chosen := make(chan string, 1)
	runCtx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- launcher.Run(runCtx, launcher.Config{ConfigDir: t.TempDir(), Home: home, Lang: i18n.French, Out: io.Discard, Port: 0,
			Browser: func(u string) error { opened <- u; return nil },
			Init: func(dir, title string) error {
				_, err := scaffold.Init(dir, scaffold.Templates{Theme: relais.Theme()}, title, time.Now())
				return err
			},
			// The site's server, as far as this test goes: its editor's
			// address answers.
			Serve: func(ctx context.Context, site string, ln net.Listener, stop func()) error {
				chosen <- site
				srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					fmt.Fprint(w, `<!doctype html><html lang="fr"><title>Éditeur</title><h1>Modifier le site</h1></html>`)
				})}
				go func() { <-ctx.Done(); srv.Close() }()
				srv.Serve(ln)
				return nil
			}})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("launcher: %v", err)
		}
	}()
	base := strings.TrimSuffix(<-opened, "/")
	check := func(name string, width int) {
		t.Helper()
		checkScreen(t, ctx, axe, name, width)
	}
	screens := []string{"/", "/_relais/start/choose?for=open", "/_relais/start/choose?for=open&dir=" + filepath.Join(home, "Documents"),
		"/_relais/start/choose?for=create&dir=" + filepath.Join(home, "Documents")}
	for _, vp := range [][2]int64{{375, 740}, {1280, 900}} {
		browsertest.Do(t, ctx, chromedp.EmulateViewport(vp[0], vp[1]))
		for _, s := range screens {
			browsertest.Navigate(t, ctx, base+s)
			browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, s)
			check(s, int(vp[0]))
		}
	}
	if os.Getenv("RELAIS_UPDATE") == "1" {
		// The guide's picture of the start page.
		browsertest.Do(t, ctx, chromedp.EmulateViewport(1024, 640))
		browsertest.Call(t, ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "light"}}})
		browsertest.Navigate(t, ctx, base+"/")
		browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the start page")
		// Her Documents as Windows names them, not this test's folder.
		browsertest.Eval[bool](t, ctx, `document.getElementById("parent").value = "C:\\Users\\Camille\\Documents", true`)
		png := browsertest.Run(t, ctx, chromedp.CaptureScreenshot())
		if err := os.WriteFile(filepath.Join("docs", "images", "accueil.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The chooser marks the folder that holds a site.
	browsertest.Navigate(t, ctx, base+screens[2])
	browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the chooser")
	if got := browsertest.Eval[string](t, ctx, `document.querySelector("ul.folders").innerText`); !strings.Contains(got, "Ancien site Site relais") {
		t.Errorf("the chooser lists %q", got)
	}
	// A refused name, then a site made with the keyboard alone.
	browsertest.Navigate(t, ctx, base+"/")
	browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the start page")
	browsertest.Eval[bool](t, ctx, `document.getElementById("name").value = "a/b", true`)
	browsertest.Eval[bool](t, ctx, `window.__before = true, document.querySelector("form[action$='create'] button").click(), true`)
	browsertest.WaitFor(t, ctx, `!window.__before && document.readyState === "complete" && !!document.getElementById("error-summary")`, "the refusal")
	if got := browsertest.Eval[string](t, ctx, `document.title + "|" + document.activeElement.id`); !strings.HasPrefix(got, "Erreur") || !strings.HasSuffix(got, "|error-summary") {
		t.Errorf("after a refused name: title and focus %q", got)
	}
	check("a name refused", 1280)
	browsertest.Eval[bool](t, ctx, `document.getElementById("name").value = "", document.getElementById("name").focus(), true`)
	browsertest.Do(t, ctx, chromedp.KeyEvent("Mon site"), chromedp.KeyEvent("\r"))
	select {
	case site := <-chosen:
		if site != filepath.Join(home, "Documents", "Mon site") {
			t.Errorf("the site made is %s", site)
		}
		if _, err := os.Stat(filepath.Join(site, "site.toml")); err != nil {
			t.Errorf("no site.toml: %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("no site was made")
	}
	browsertest.WaitFor(t, ctx, `document.querySelector("h1") && document.querySelector("h1").textContent === "Modifier le site"`, "the editor")
}
