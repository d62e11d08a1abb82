package relais_test

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"relais"
	"relais/internal/browsertest"
	"relais/internal/server"
	"relais/internal/site"
)

// TestOwnSiteBuilds builds the repository's own site, as a fresh clone
// does, and wants no error and no warning.
func TestOwnSiteBuilds(t *testing.T) {
	res, err := site.New(site.Options{Source: os.DirFS("."), Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "public")}).Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings:\n%v", res.Warnings)
	}
	if res.Pages < 10 {
		t.Errorf("only %d pages built", res.Pages)
	}
}

// TestQuickExit checks the quick-exit button and the Shift shortcut of the
// default theme in Chromium, against a neutral page served by the test.
func TestQuickExit(t *testing.T) {
	ctx := browsertest.New(t, 90*time.Second)
	neutral := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<!doctype html><title>Météo</title><p>Neutre</p>")
	}))
	defer neutral.Close()
	target := neutral.URL + "/meteo"
	fsys := fstest.MapFS{
		"site.toml":    {Data: []byte(fmt.Sprintf("[quickExit]\nurl = %q\n", target))},
		"content/a.md": {Data: []byte("---\ntitle: Une page\n---\nTexte sensible.\n")},
	}
	srv := serveSite(t, fsys)
	page := srv.URL + "/a/"

	open := func() {
		t.Helper()
		browsertest.Navigate(t, ctx, page)
		browsertest.WaitFor(t, ctx, `document.readyState === "complete" && document.body.innerText.includes("Texte sensible")`, "page loaded", 5*time.Second)
	}
	key := func(name, code string, vk int64) {
		t.Helper()
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
			if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, input.DispatchKeyEventParams{
				Type: typ, Key: name, Code: code, WindowsVirtualKeyCode: vk,
			}); err != nil {
				t.Fatal(err)
			}
		}
	}
	shift := func() { key("Shift", "ShiftLeft", 16) }
	left := `location.href === ` + fmt.Sprintf("%q", target)
	stays := func(what string) {
		t.Helper()
		time.Sleep(300 * time.Millisecond)
		if href := browsertest.Eval[string](t, ctx, `location.href`); href != page {
			t.Errorf("%s: left the page for %s", what, href)
		}
	}

	t.Run("button", func(t *testing.T) {
		open()
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".quick-exit-button"))); err != nil {
			t.Fatal(err)
		}
		browsertest.WaitFor(t, ctx, left, "neutral page after a click", 5*time.Second)
	})
	t.Run("shift three times", func(t *testing.T) {
		open()
		shift()
		if status := browsertest.Eval[string](t, ctx, `document.getElementById("quick-exit-status").textContent`); status != "Maj pressée 1 fois sur 3" {
			t.Errorf("status message = %q", status)
		}
		shift()
		shift()
		browsertest.WaitFor(t, ctx, left, "neutral page after Shift ×3", 5*time.Second)
	})
	t.Run("shift, A, shift, shift", func(t *testing.T) {
		open()
		shift()
		key("a", "KeyA", 65)
		shift()
		shift()
		stays("Shift, A, Shift, Shift")
	})
	t.Run("shift twice then five seconds", func(t *testing.T) {
		if testing.Short() {
			t.Skip("waits five seconds")
		}
		open()
		shift()
		shift()
		time.Sleep(5200 * time.Millisecond)
		shift()
		stays("Shift ×2, 5 s, Shift")
	})
}

// TestDirectoryFilter types and chooses in the directory's filters, in
// Chromium, and checks which partners stay shown.
func TestDirectoryFilter(t *testing.T) {
	ctx := browsertest.New(t, 60*time.Second)
	fsys := fstest.MapFS{
		"content/partenaires/_index.md": {Data: []byte("---\ntitle: Partenaires\n---\n")},
		"content/partenaires/a.md":      {Data: []byte("---\ntitle: CIDFF exemple\ndescription: Évaluation des droits\ntype: CIDFF\npublics: [femmes]\nterritoire: Lyon\nverifie: 2026-11-01\n---\n")},
		"content/partenaires/b.md":      {Data: []byte("---\ntitle: CCAS exemple\ntype: CCAS\npublics: [familles, seniors]\nterritoire: Lyon\nverifie: 2026-11-01\n---\n")},
		"content/partenaires/c.md":      {Data: []byte("---\ntitle: Juriste exemple\ntype: juriste\npublics: [femmes]\nterritoire: Villeurbanne\nverifie: 2026-11-01\n---\n")},
	}
	srv := serveSite(t, fsys)
	browsertest.Navigate(t, ctx, srv.URL+"/partenaires/")
	shown := func() string {
		return browsertest.Eval[string](t, ctx, `[...document.querySelectorAll(".partner-card")].filter(c => !c.hidden).map(c => c.querySelector("h2 a").textContent).join(",")`)
	}
	browsertest.WaitFor(t, ctx, `!document.getElementById("directory-filter").hidden`, "filter form shown", 5*time.Second)
	if got := shown(); got != "CCAS exemple,CIDFF exemple,Juriste exemple" {
		t.Fatalf("all partners: %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#filter-text")), chromedp.KeyEvent("evaluation")); err != nil {
		t.Fatal(err)
	}
	if got := shown(); got != "CIDFF exemple" {
		t.Errorf("text « evaluation »: %q", got)
	}
	if c := browsertest.Eval[string](t, ctx, `document.getElementById("filter-count").textContent`); c != "1 partenaires affichés" {
		t.Errorf("count: %q", c)
	}
	browsertest.Eval[bool](t, ctx, `(() => { const q = document.getElementById("filter-text"); q.value = ""; const s = document.getElementById("filter-public"); s.value = "femmes"; s.dispatchEvent(new Event("input", {bubbles: true})); return true })()`)
	if got := shown(); got != "CIDFF exemple,Juriste exemple" {
		t.Errorf("public femmes: %q", got)
	}
	browsertest.Eval[bool](t, ctx, `(() => { const s = document.getElementById("filter-territory"); s.value = "Villeurbanne"; s.dispatchEvent(new Event("input", {bubbles: true})); return true })()`)
	if got := shown(); got != "Juriste exemple" {
		t.Errorf("femmes in Villeurbanne: %q", got)
	}
}

// TestSearch types queries in the built-in search, in Chromium, and checks
// the first result and the count announced to screen readers.
func TestSearch(t *testing.T) {
	ctx := browsertest.New(t, 60*time.Second)
	srv := serveSite(t, os.DirFS("."))
	first := `(document.querySelector("#search-results li h2 a") || {}).textContent || ""`
	for _, tt := range []struct{ q, want string }{
		{"partenariat", "Le travail en partenariat"},
		{"cyberharcelement", "Fiche 2 : cyberharcèlement, que faire ?"}, // no accents typed
		{"orienter personne", "Orienter une personne vers l’intervenante sociale"},
	} {
		browsertest.Navigate(t, ctx, srv.URL+"/recherche/?q="+url.QueryEscape(tt.q))
		browsertest.WaitFor(t, ctx, `document.getElementById("search-count").textContent !== ""`, "results for "+tt.q, 5*time.Second)
		got := browsertest.Eval[string](t, ctx, first)
		if strings.ReplaceAll(strings.ReplaceAll(got, "\u202f", " "), "\u00a0", " ") != tt.want {
			t.Errorf("%q: first result %q, want %q", tt.q, got, tt.want)
		}
	}
	// Typing in the field searches as one types, by prefix.
	browsertest.Navigate(t, ctx, srv.URL+"/recherche/")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#search-q")), chromedp.KeyEvent("violen")); err != nil {
		t.Fatal(err)
	}
	browsertest.WaitFor(t, ctx, `/^\d+ résultats$/.test(document.getElementById("search-count").textContent)`, "count announced", 5*time.Second)
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("#search-results li").length`); n < 2 {
		t.Errorf("only %d results for « violen »", n)
	}
	// The query's words are highlighted in the results.
	browsertest.Navigate(t, ctx, srv.URL+"/recherche/?q=partenariat")
	browsertest.WaitFor(t, ctx, `document.getElementById("search-count").textContent !== ""`, "results", 5*time.Second)
	if m := browsertest.Eval[string](t, ctx, `(document.querySelector("#search-results li mark") || {}).textContent || ""`); m != "partenariat" {
		t.Errorf("highlighted %q, want partenariat", m)
	}
}

// serveSite builds a site with the default theme and serves it, without
// live reload, for the length of the test.
func serveSite(t *testing.T, src fs.FS) *httptest.Server {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := site.New(site.Options{Source: src, Theme: relais.Theme(), Dest: dest}).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	h, err := server.NewHandler(dest, "/", nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		h.Close()
	})
	return srv
}
