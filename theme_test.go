package relais_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"relais"
	"relais/internal/browsertest"
	"relais/internal/builtin"
	"relais/internal/server"
	"relais/internal/site"
)

// TestOwnSiteBuilds builds the repository's own site, as a fresh clone
// does, and wants no error and no warning but its example address.
func TestOwnSiteBuilds(t *testing.T) {
	t.Parallel()
	res, err := site.New(site.Options{Extensions: builtin.Extensions(), Source: os.DirFS("."), Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "public")}).Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The one warning: the repository's site is an example, at an example
	// address, to be set before it is published.
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings.Error(), "baseURL is still the example address") {
		t.Errorf("warnings:\n%v", res.Warnings)
	}
	if res.Pages < 10 {
		t.Errorf("only %d pages built", res.Pages)
	}
}

// TestQuickExit checks the quick-exit button and the Shift shortcut of the
// default theme in Chromium, against a neutral page served by the test:
// the button stays in view at every scroll position and width, the skip
// link never covers it, it keeps a border in forced colours, the page says
// no more than works without JavaScript, and the Shift presses behave as
// GOV.UK's "Exit this page" (keyup, modifiers ignored, the window starting
// again at each press, each press and the expiry announced, lights).
func TestQuickExit(t *testing.T) {
	ctx := browsertest.New(t)
	neutral := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(1500 * time.Millisecond) // a slow network: the overlay shows meanwhile
		fmt.Fprint(w, "<!doctype html><title>Météo</title><p>Neutre</p>")
	}))
	defer neutral.Close()
	target := neutral.URL + "/meteo"
	long := strings.Repeat("Un paragraphe d’un long article, pour faire défiler la page.\n\n", 150)
	fsys := fstest.MapFS{
		"site.toml":    {Data: []byte(fmt.Sprintf("[quickExit]\nurl = %q\n", target))},
		"content/a.md": {Data: []byte("---\ntitle: Une page\n---\nTexte sensible.\n\n" + long)},
	}
	srv := serveSite(t, fsys)
	page := srv.URL + "/a/"

	open := func() {
		t.Helper()
		browsertest.Navigate(t, ctx, page)
		browsertest.WaitFor(t, ctx, `document.readyState === "complete" && document.body.innerText.includes("Texte sensible")`, "page loaded")
		// A two-second window instead of five, so that the test is short.
		browsertest.Eval[bool](t, ctx, `document.getElementById("quick-exit").setAttribute("data-timeout", "2000"), true`)
	}
	key := func(name, code string, vk int64, mods int64) {
		t.Helper()
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
			browsertest.Call(t, ctx, input.DispatchKeyEvent, input.DispatchKeyEventParams{
				Type: typ, Key: name, Code: code, WindowsVirtualKeyCode: vk, Modifiers: mods,
			})
		}
	}
	shift := func() { key("Shift", "ShiftLeft", 16, 0) }
	status := func() string {
		return browsertest.Eval[string](t, ctx, `document.getElementById("quick-exit-status").textContent`)
	}
	left := `location.href === ` + fmt.Sprintf("%q", target)
	stays := func(what string) {
		t.Helper()
		time.Sleep(300 * time.Millisecond)
		if href := browsertest.Eval[string](t, ctx, `location.href`); href != page {
			t.Errorf("%s: left the page for %s", what, href)
		}
	}
	// presses presses Shift, waiting the given gaps (ms) between presses,
	// each from the end of the press before: a slow machine makes gaps
	// longer, never shorter.
	presses := func(gaps ...int) {
		t.Helper()
		shift()
		for _, ms := range gaps {
			time.Sleep(time.Duration(ms) * time.Millisecond)
			shift()
		}
	}

	t.Run("button", func(t *testing.T) {
		open()
		// Clicked from the page; in the same script, right after the
		// click's handler ran, the page is hidden, with an announced
		// message, before the neutral site (1.5 s away) replaces it.
		if got := browsertest.Eval[string](t, ctx, `(() => { document.querySelector(".quick-exit-button").click();
			return [document.querySelector(".quick-exit-overlay[role=alert]") !== null, getComputedStyle(document.querySelector("main")).visibility,
				JSON.stringify(document.title)].join(" "); })()`); got != `true hidden ""` {
			t.Errorf("right after the click: overlay, visibility, title = %s", got)
		}
		browsertest.WaitFor(t, ctx, left, "neutral page after a click")
	})
	t.Run("shift three times", func(t *testing.T) {
		open()
		shift()
		if got := status(); got != "Maj\u00a0: encore 2 fois pour quitter le site." {
			t.Errorf("after one press: %q", got)
		}
		if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll(".quick-exit-lights > span.on").length`); n != 1 {
			t.Errorf("%d lights on after one press", n)
		}
		shift()
		if got := status(); got != "Maj\u00a0: encore 1 fois pour quitter le site." {
			t.Errorf("after two presses: %q", got)
		}
		shift()
		browsertest.WaitFor(t, ctx, left, "neutral page after Shift ×3")
	})
	t.Run("presses at 0, 0.4 and 0.8 of the window", func(t *testing.T) {
		open()
		presses(800, 800)
		browsertest.WaitFor(t, ctx, left, "neutral page")
	})
	t.Run("the window starts again at each press", func(t *testing.T) {
		open()
		presses(1100, 1100) // 1.1 windows in all, never a whole one between two
		browsertest.WaitFor(t, ctx, left, "neutral page")
	})
	t.Run("a window passes", func(t *testing.T) {
		open()
		presses(2600)
		if got := browsertest.Eval[int](t, ctx, `document.querySelectorAll(".quick-exit-lights > span.on").length`); got != 1 {
			t.Errorf("%d lights on: the count did not start again", got)
		}
		// The window ends 2 s after the press, its message clears 2 s later.
		time.Sleep(2800 * time.Millisecond)
		if got := status(); got != "Sortie rapide annulée\u00a0: le délai est passé." {
			t.Errorf("after the window: %q", got)
		}
		stays("Shift, 1.2 windows, Shift")
	})
	t.Run("shift, A, shift, shift", func(t *testing.T) {
		open()
		shift()
		key("a", "KeyA", 65, 0)
		shift()
		shift()
		stays("Shift, A, Shift, Shift")
	})
	t.Run("shift used for a capital", func(t *testing.T) {
		open()
		shift()
		shift()
		key("A", "KeyA", 65, 8) // Shift+A: the A's keyup has shiftKey
		shift()                 // the Shift of Shift+A, released
		stays("Shift, Shift, Shift+A")
	})

	// The button in view: at two widths, scrolled to the middle and the end.
	inView := `(() => { const r = document.querySelector(".quick-exit-button").getBoundingClientRect();
		return r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth && r.height > 30; })()`
	for _, w := range []int64{320, 375, 1280} {
		t.Run(fmt.Sprintf("in view at %d px", w), func(t *testing.T) {
			browsertest.Do(t, ctx, chromedp.EmulateViewport(w, 700))
			open()
			for _, y := range []string{"0", "document.body.scrollHeight / 2", "document.body.scrollHeight"} {
				// The scroll is done when the page is where it was sent.
				browsertest.Eval[bool](t, ctx, "scrollTo(0, "+y+"), true")
				browsertest.WaitFor(t, ctx, "Math.abs(scrollY - Math.min("+y+", document.documentElement.scrollHeight - innerHeight)) < 2", "scrolled to "+y)
				if !browsertest.Eval[bool](t, ctx, inView) {
					t.Errorf("scrolled to %s, the button is out of view", y)
				}
			}
			// The skip link, focused, does not cover the button.
			browsertest.Eval[bool](t, ctx, `scrollTo(0, 0), document.querySelector(".skip-link").focus(), true`)
			if browsertest.Eval[bool](t, ctx, `(() => { const a = document.querySelector(".skip-link").getBoundingClientRect(),
				b = document.querySelector(".quick-exit-button").getBoundingClientRect();
				return !(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top); })()`) {
				t.Errorf("the focused skip link covers the button")
			}
			// A heading reached by its anchor is not hidden under the bar.
			if browsertest.Eval[float64](t, ctx, `parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop)`) <
				browsertest.Eval[float64](t, ctx, `document.querySelector(".quick-exit").getBoundingClientRect().height`) {
				t.Errorf("the scroll padding is shorter than the bar")
			}
		})
	}
	t.Run("forced colours", func(t *testing.T) {
		browsertest.Call(t, ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "forced-colors", Value: "active"}}})
		defer browsertest.Call(t, ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{}})
		open()
		if !browsertest.Eval[bool](t, ctx, `matchMedia("(forced-colors: active)").matches`) {
			t.Fatal("forced colours not emulated")
		}
		if w := browsertest.Eval[float64](t, ctx, `parseFloat(getComputedStyle(document.querySelector(".quick-exit-button")).borderTopWidth)`); w < 2 {
			t.Errorf("in forced colours the button's border is %vpx", w)
		}
	})
	t.Run("without JavaScript", func(t *testing.T) {
		defer noScript(t, ctx)()
		browsertest.Navigate(t, ctx, page)
		browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the page loaded")
		help := browsertest.Run(t, ctx, chromedp.Text(chromedp.CSS(".quick-exit-help")))
		if strings.Contains(help, "Maj") || !strings.Contains(help, "bouton ci-dessus") || !strings.Contains(help, "Effacer vos traces") {
			t.Errorf("without JavaScript the help says %q", help)
		}
		// One line on a phone, before the site's name.
		browsertest.Do(t, ctx, chromedp.EmulateViewport(375, 700))
		if h, lh := browsertest.Eval[float64](t, ctx, `document.querySelector(".quick-exit-help p").getBoundingClientRect().height`),
			browsertest.Eval[float64](t, ctx, `parseFloat(getComputedStyle(document.querySelector(".quick-exit-help p")).lineHeight)`); h > 1.2*lh {
			t.Errorf("at 375 px the quick exit's help takes %.0f px, %.1f lines", h, h/lh)
		}
	})
}

// TestDirectoryFilter types and chooses in the directory's filters, in
// Chromium, and checks which partners stay shown.
func TestDirectoryFilter(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t)
	fsys := fstest.MapFS{
		"content/partenaires/_index.md": {Data: []byte("---\ntitle: Partenaires\n---\n")},
		"content/partenaires/a.md":      {Data: []byte("---\ntitle: CIDFF exemple\ndescription: Évaluation des droits\ntype: CIDFF\npublics: [femmes]\nterritoire: Lyon\nverifie: 2026-11-01\n---\n")},
		"content/partenaires/b.md":      {Data: []byte("---\ntitle: CCAS exemple\ntype: CCAS\npublics: [familles, seniors]\nterritoire: Lyon\nlangues: [arabe]\nverifie: 2026-11-01\n---\n")},
		"content/partenaires/c.md":      {Data: []byte("---\ntitle: Juriste exemple\ntype: juriste\npublics: [femmes]\nterritoire: Villeurbanne\nlangues: [anglais, arabe]\nverifie: 2026-11-01\n---\n")},
		// Her partner in Lyon whose territory is the département: the
		// town filter must still find it, and the card must show it.
		"content/partenaires/d.md": {Data: []byte("---\ntitle: Foyer exemple\ntype: ASSO\npublics: [femmes]\nterritoire: Rhône\nadresse: 1 rue de l’Exemple\ncode_postal: \"69003\"\ncommune: Lyon\nverifie: 2026-11-01\n---\n")},
	}
	srv := serveSite(t, fsys)
	browsertest.Navigate(t, ctx, srv.URL+"/partenaires/")
	shown := func() string {
		return browsertest.Eval[string](t, ctx, `[...document.querySelectorAll(".partner-card")].filter(c => !c.hidden).map(c => c.querySelector("h2 a").textContent).join(",")`)
	}
	browsertest.WaitFor(t, ctx, `!document.getElementById("directory-filter").hidden`, "filter form shown")
	if got := shown(); got != "CCAS exemple,CIDFF exemple,Foyer exemple,Juriste exemple" {
		t.Fatalf("all partners: %q", got)
	}
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#filter-text")), chromedp.KeyEvent("lyon"))
	if got := shown(); got != "CCAS exemple,CIDFF exemple,Foyer exemple" {
		t.Errorf("text « lyon »: %q", got)
	}
	browsertest.Eval[bool](t, ctx, `(() => { const q = document.getElementById("filter-text"); q.value = ""; q.dispatchEvent(new Event("input", {bubbles: true})); return true })()`)
	browsertest.Do(t, ctx, chromedp.KeyEvent("evaluation"))
	if got := shown(); got != "CIDFF exemple" {
		t.Errorf("text « evaluation »: %q", got)
	}
	if c := browsertest.Eval[string](t, ctx, `document.getElementById("filter-count").textContent`); c != "1 partenaire affiché" {
		t.Errorf("count: %q", c)
	}
	browsertest.Eval[bool](t, ctx, `(() => { const q = document.getElementById("filter-text"); q.value = ""; const s = document.getElementById("filter-public"); s.value = "femmes"; s.dispatchEvent(new Event("input", {bubbles: true})); return true })()`)
	if got := shown(); got != "CIDFF exemple,Foyer exemple,Juriste exemple" {
		t.Errorf("public femmes: %q", got)
	}
	browsertest.Eval[bool](t, ctx, `(() => { const s = document.getElementById("filter-territory"); s.value = "Villeurbanne"; s.dispatchEvent(new Event("input", {bubbles: true})); return true })()`)
	if got := shown(); got != "Juriste exemple" {
		t.Errorf("femmes in Villeurbanne: %q", got)
	}
	// The languages spoken at the reception.
	browsertest.Eval[bool](t, ctx, `(() => { for (const id of ["filter-public", "filter-territory"]) document.getElementById(id).value = ""; const s = document.getElementById("filter-lang"); s.value = "arabe"; s.dispatchEvent(new Event("input", {bubbles: true})); return true })()`)
	if got := shown(); got != "CCAS exemple,Juriste exemple" {
		t.Errorf("arabe: %q", got)
	}
	// Without JavaScript: no form that does nothing, every partner shown.
	defer noScript(t, ctx)()
	browsertest.Navigate(t, ctx, srv.URL+"/partenaires/")
	browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the page loaded")
	if v := browsertest.Eval[string](t, ctx, `getComputedStyle(document.getElementById("directory-filter")).visibility`); v != "hidden" {
		t.Errorf("without JavaScript the filter form shows (visibility %s)", v)
	}
	if got := shown(); got != "CCAS exemple,CIDFF exemple,Foyer exemple,Juriste exemple" {
		t.Errorf("without JavaScript: %q", got)
	}
}

// TestSearch types queries in the built-in search, in Chromium, and checks
// the first result and the count announced to screen readers.
func TestSearch(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t)
	srv := serveSite(t, os.DirFS("."))
	first := `(document.querySelector("#search-results li h2 a") || {}).textContent || ""`
	for _, tt := range []struct{ q, want string }{
		{"partenariat", "Le travail en partenariat"},
		{"cyberharcelement", "Fiche 2 : cyberharcèlement, que faire ?"}, // no accents typed
		{"orienter personne", "Orienter une personne vers l’intervenante sociale"},
	} {
		browsertest.Navigate(t, ctx, srv.URL+"/recherche/?q="+url.QueryEscape(tt.q))
		browsertest.WaitFor(t, ctx, `document.getElementById("search-count").textContent !== ""`, "results for "+tt.q)
		got := browsertest.Eval[string](t, ctx, first)
		if strings.ReplaceAll(strings.ReplaceAll(got, "\u202f", " "), "\u00a0", " ") != tt.want {
			t.Errorf("%q: first result %q, want %q", tt.q, got, tt.want)
		}
	}
	// A word found nowhere is left out, and said; the others answer.
	browsertest.Navigate(t, ctx, srv.URL+"/recherche/?q="+url.QueryEscape("violences zorglub"))
	browsertest.WaitFor(t, ctx, `document.getElementById("search-count").textContent !== ""`, "results for violences zorglub")
	if c := browsertest.Eval[string](t, ctx, `document.getElementById("search-count").textContent`); !regexp.MustCompile(`^\d+ résultats\. Aucune page ne contient «\x{202f}zorglub\x{202f}»\x{a0}: voici les pages qui parlent de «\x{202f}violences\x{202f}»\.$`).MatchString(c) {
		t.Errorf("a word found nowhere: %q", c)
	}
	// A synonym the site gives finds the pages that say it otherwise.
	browsertest.Navigate(t, ctx, srv.URL+"/recherche/?q="+url.QueryEscape("est-ce que c'est confidentiel"))
	browsertest.WaitFor(t, ctx, `document.getElementById("search-count").textContent !== ""`, "results for confidentiel")
	if got := browsertest.Eval[string](t, ctx, first); got != "Libre adhésion et accueil inconditionnel" {
		t.Errorf("« confidentiel »: first result %q", got)
	}
	// Typing in the field searches as one types, by prefix.
	browsertest.Navigate(t, ctx, srv.URL+"/recherche/")
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#search-q")), chromedp.KeyEvent("violen"))
	browsertest.WaitFor(t, ctx, `/^\d+ résultats$/.test(document.getElementById("search-count").textContent)`, "count announced")
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("#search-results li").length`); n < 2 {
		t.Errorf("only %d results for « violen »", n)
	}
	// The query's words are highlighted in the results.
	browsertest.Navigate(t, ctx, srv.URL+"/recherche/?q=partenariat")
	browsertest.WaitFor(t, ctx, `document.getElementById("search-count").textContent !== ""`, "results")
	if m := browsertest.Eval[string](t, ctx, `(document.querySelector("#search-results li mark") || {}).textContent || ""`); m != "partenariat" {
		t.Errorf("highlighted %q, want partenariat", m)
	}
	// The query is read, then taken out of the address and the history.
	if got := browsertest.Eval[string](t, ctx, `location.search + "|" + document.getElementById("search-q").value + "|" + document.title`); strings.Contains(got, "?q=") ||
		!strings.Contains(got, "|partenariat|") || strings.HasSuffix(got, "partenariat") {
		t.Errorf("search, query, title: %q", got)
	}
	// One result: singular.
	browsertest.Navigate(t, ctx, srv.URL+"/recherche/?q=cyberharcelement")
	browsertest.WaitFor(t, ctx, `document.getElementById("search-count").textContent !== ""`, "results")
	if n, c := browsertest.Eval[int](t, ctx, `document.querySelectorAll("#search-results li").length`),
		browsertest.Eval[string](t, ctx, `document.getElementById("search-count").textContent`); n == 1 && c != "1 résultat" {
		t.Errorf("one result announced as %q", c)
	}
	// An index that cannot be fetched says so.
	browsertest.Navigate(t, ctx, srv.URL+"/recherche/")
	browsertest.Eval[bool](t, ctx, `window.fetch = () => Promise.reject(new TypeError("Failed to fetch")), true`)
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#search-q")), chromedp.KeyEvent("violence"))
	browsertest.WaitFor(t, ctx, `document.getElementById("search-count").textContent.startsWith("La recherche n’a pas pu se charger")`, "fetch failure said")
	// Without JavaScript the header's search form, which needs it, is not
	// shown.
	defer noScript(t, ctx)()
	browsertest.Navigate(t, ctx, srv.URL+"/articles/")
	browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the page loaded")
	if v := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector("form.site-search")).visibility`); v != "hidden" {
		t.Errorf("without JavaScript the header search shows (visibility %s)", v)
	}
	// Nor is the search page's, which would do nothing: the page says
	// why, and leads to the site map.
	browsertest.Navigate(t, ctx, srv.URL+"/recherche/")
	browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the search page loaded")
	if got := browsertest.Eval[string](t, ctx, `getComputedStyle(document.getElementById("search-form")).display + "|" +
		document.getElementById("search-nojs").innerText + "|" + (document.querySelector("#search-nojs a") || {}).href`); !strings.HasPrefix(got, "none|La recherche a besoin de JavaScript") ||
		!strings.HasSuffix(got, "/plan-du-site/") {
		t.Errorf("without JavaScript the search page shows: %q", got)
	}
}

// noScript turns JavaScript off in the tab; call what it returns to turn
// it on again.
func noScript(t *testing.T, ctx context.Context) func() {
	t.Helper()
	browsertest.Call(t, ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	return func() {
		browsertest.Call(t, ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})
	}
}

// serveSite builds a site with the default theme and serves it, without
// live reload, for the length of the test.
func serveSite(t *testing.T, src fs.FS) *httptest.Server {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := site.New(site.Options{Extensions: builtin.Extensions(), Source: src, Theme: relais.Theme(), Dest: dest}).Build(context.Background()); err != nil {
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

// TestPrint prints the shipped site's pages (print media, the screen in
// dark mode): the light palette, no downloads, checksums or exports on
// paper, no list item or card split across sheets, and the addresses a
// reader may need to type printed after their links.
func TestPrint(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t)
	srv := serveSite(t, os.DirFS("."))
	browsertest.Call(t, ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Media:    "print",
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
	})
	style := func(sel, prop string) string {
		return browsertest.Eval[string](t, ctx, fmt.Sprintf(`(e => e ? getComputedStyle(e)[%q] : "missing")(document.querySelector(%q))`, prop, sel))
	}
	for _, tc := range []struct{ page, sel, prop, want string }{
		{"/ateliers/reseaux-sociaux/", "body", "color", "rgb(0, 0, 0)"},
		{"/ateliers/reseaux-sociaux/", "body", "backgroundColor", "rgb(255, 255, 255)"},
		{"/ateliers/reseaux-sociaux/", ".downloads", "display", "none"},
		{"/ateliers/reseaux-sociaux/", ".checksum", "display", "none"},
		{"/ateliers/reseaux-sociaux/", "main li", "breakInside", "avoid"},
		{"/ateliers/reseaux-sociaux/", ".quick-exit", "display", "none"},
		{"/partenaires/", ".downloads", "display", "none"},
		{"/partenaires/", ".partner-card", "breakInside", "avoid"},
		{"/numeros-utiles/", ".urgent", "breakInside", "avoid"},
	} {
		browsertest.Navigate(t, ctx, srv.URL+tc.page)
		if got := style(tc.sel, tc.prop); got != tc.want {
			t.Errorf("%s: in print %s has %s %s, want %s", tc.page, tc.sel, tc.prop, got, tc.want)
		}
	}
	srv = serveSite(t, fstest.MapFS{
		"content/partenaires/a.md": {Data: []byte("---\ntitle: CIDFF exemple\ntype: CIDFF\nsite_web: https://cidff.example.org/\nverifie: 2026-11-01\n---\n")},
	})
	browsertest.Navigate(t, ctx, srv.URL+"/partenaires/a/")
	after := browsertest.Eval[string](t, ctx, `(e => e ? getComputedStyle(e, "::after").content : "no link")(document.querySelector(".partner-facts a[href^='http']"))`)
	if !strings.Contains(after, "http") {
		t.Errorf("a partner's website prints without its address: %s", after)
	}
}

// TestSearchLeavesNoTrace searches as a reader on a watched device
// would, from the header's form and then on the search page, in a
// browser with a real profile; once the browser is closed, nothing in
// its profile (history, session, storage, cache) holds what she
// searched.
func TestSearchLeavesNoTrace(t *testing.T) {
	t.Parallel()
	profile := t.TempDir()
	ctx, closeBrowser := browsertest.NewProfile(t, profile)
	srv := serveSite(t, os.DirFS("."))
	const secret = "zqxjkw"
	browsertest.Navigate(t, ctx, srv.URL+"/articles/")
	browsertest.WaitFor(t, ctx, `!document.querySelector("form.site-search").hidden`, "the header's search form")
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#site-search-q")), chromedp.KeyEvent("violences "+secret+"\r"))
	browsertest.WaitFor(t, ctx, `location.pathname === "/recherche/" && document.readyState === "complete" && document.getElementById("search-q").value === "violences `+secret+`"`,
		"the search page with the query")
	if u := browsertest.Eval[string](t, ctx, `location.href`); strings.Contains(u, secret) {
		t.Errorf("the address holds the query: %s", u)
	}
	// A second search on the page itself, submitted.
	browsertest.Eval[bool](t, ctx, `document.getElementById("search-q").value = "", true`)
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#search-q")), chromedp.KeyEvent("partir "+secret+"v\r"))
	browsertest.WaitFor(t, ctx, `document.getElementById("search-count").textContent !== ""`, "the second search's answer")
	if u := browsertest.Eval[string](t, ctx, `location.href + " " + history.length`); strings.Contains(u, secret) {
		t.Errorf("the address holds the query: %s", u)
	}
	closeBrowser()
	var found []string
	_ = filepath.WalkDir(profile, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if b, err := os.ReadFile(p); err == nil && (bytes.Contains(b, []byte(secret)) || bytes.Contains(b, utf16le(secret))) {
			rel, _ := filepath.Rel(profile, p)
			found = append(found, rel)
		}
		return nil
	})
	if len(found) > 0 {
		t.Errorf("after the browser closed, its profile holds the query in %v", found)
	}
}

// utf16le is s as UTF-16, as some of a browser's files keep text.
func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

// TestNoLayoutShift: nothing on the shipped site's pages moves once they
// are shown (Lighthouse measured a CLS of 0.18: the header's search,
// shown by the script), at a phone's width and a desktop's, by the
// layout-shift entries Chromium records.
func TestNoLayoutShift(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t)
	srv := serveSite(t, os.DirFS("."))
	// Every page records its shifts from its first instant.
	browsertest.Call(t, ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.__cls = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) { if (!e.hadRecentInput) window.__cls += e.value; } }).observe({type: "layout-shift", buffered: true});`,
	})
	for _, w := range []int64{375, 1280} {
		browsertest.Do(t, ctx, chromedp.EmulateViewport(w, 800))
		for _, p := range []string{"/", "/articles/le-cadre/", "/partenaires/", "/ateliers/reseaux-sociaux/", "/recherche/"} {
			browsertest.Navigate(t, ctx, srv.URL+p)
			browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the page loaded")
			// Read once the scripts have run and two frames have been
			// drawn after them.
			cls := browsertest.Run(t, ctx, chromedp.Evaluate[float64](`new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(window.__cls), 100))))`, chromedp.EvalAwaitPromise))
			if cls > 0.001 {
				t.Errorf("%s at %d px: the page moves after it is shown (layout shift %.3f)", p, w, cls)
			}
		}
	}
}

// TestForcedColours: in Windows's high-contrast mode (forced colours,
// where backgrounds are gone) the kit's download buttons and the header's
// call button keep a visible box.
func TestForcedColours(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t)
	srv := serveSite(t, os.DirFS("."))
	browsertest.Call(t, ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "forced-colors", Value: "active"}}})
	browsertest.Navigate(t, ctx, srv.URL+"/ateliers/reseaux-sociaux/")
	browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the kit page")
	got := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll(".download, .call-button")].map(e => {
		const s = getComputedStyle(e); return e.className + " " + s.borderTopWidth + " " + s.borderTopStyle + " " + s.borderTopColor; })`)
	if len(got) < 3 {
		t.Fatalf("buttons found: %v", got)
	}
	for _, g := range got {
		if f := strings.Fields(g); len(f) < 3 || f[1] == "0px" || f[2] == "none" || strings.Contains(g, "rgba(0, 0, 0, 0)") {
			t.Errorf("in forced colours a button has no box: %s", g)
		}
	}
}

// TestKitArchiveOffline opens the kit's page from its downloaded archive,
// as a facilitator does without a network (file://), on a phone: it fits
// the screen, its photo and its table included.
func TestKitArchiveOffline(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := site.New(site.Options{Extensions: builtin.Extensions(), Source: os.DirFS("."), Theme: relais.Theme(), Dest: dest}).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	zips, _ := filepath.Glob(filepath.Join(dest, "ateliers", "reseaux-sociaux", "*.zip"))
	if len(zips) != 1 {
		t.Fatalf("archives: %v", zips)
	}
	zr, err := zip.OpenReader(zips[0])
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := t.TempDir()
	index := ""
	for _, f := range zr.File {
		p := filepath.Join(out, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if path.Base(f.Name) == "index.html" {
			index = p
		}
	}
	browsertest.Do(t, ctx, chromedp.EmulateViewport(375, 740))
	browsertest.Navigate(t, ctx, "file://"+index)
	browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the kit's page from its archive")
	if w := browsertest.Eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 375 {
		t.Errorf("the archive's kit page is %d px wide at 375 px", w)
	}
	if wide := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll("img, table")].filter(e => e.getBoundingClientRect().right > 376).map(e => e.tagName + " " + (e.src || ""))`); len(wide) > 0 {
		t.Errorf("wider than the screen: %v", wide)
	}
}

// TestAgendaFilters: the agenda's filters are links to pages that list
// only the sessions they name, with JavaScript and without; each such
// page has no axe violation at a phone's width and a desktop's.
func TestAgendaFilters(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t)
	axe := axeSource(t)
	kit := "---\ntitle: Réseaux sociaux\nversion: \"1.0\"\nauteurs: [L'intervenante sociale]\nlicence: CC BY-SA 4.0\npublic: Adolescents\nages: 12-17\nparticipants: 6 à 10\nduree: 2 h\nobjectifs_generaux: [Connaître les risques]\nsequence:\n  - {titre: Accueil, duree: 2 h}\n---\n"
	fsys := fstest.MapFS{
		"site.toml":                         {Data: []byte("title = \"ISCG\"\nlanguage = \"fr\"\n")},
		"content/ateliers/reseaux/index.md": {Data: []byte(kit)},
		"content/ateliers/parents/index.md": {Data: []byte(strings.Replace(kit, "Réseaux sociaux", "Être parent en ligne", 1))},
		"content/agenda/_index.md":          {Data: []byte("---\ntitle: Agenda\n---\n")},
		"content/agenda/a.md":               {Data: []byte("---\ntitle: Séance collège\nkit: ateliers/reseaux\nstart: 2099-01-12T14:00\naudience: collégiens\n---\n")},
		"content/agenda/b.md":               {Data: []byte("---\ntitle: Séance parents\nkit: ateliers/parents\nstart: 2099-02-12T18:00\naudience: parents\n---\n")},
		"content/agenda/c.md":               {Data: []byte("---\ntitle: Séance passée\nkit: ateliers/reseaux\nstart: 2020-02-12T18:00\naudience: parents\n---\n")},
	}
	srv := serveSite(t, fsys)
	shown := func() string {
		return browsertest.Eval[string](t, ctx, `[...document.querySelectorAll(".session-card .session-title a")].map(a => a.textContent).join(",")`)
	}
	for _, js := range []bool{true, false} {
		restore := func() {}
		if !js {
			restore = noScript(t, ctx)
		}
		browsertest.Navigate(t, ctx, srv.URL+"/agenda/")
		browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the agenda")
		if got := shown(); got != "Séance collège,Séance parents,Séance passée" {
			t.Errorf("js %v: the agenda shows %q", js, got)
		}
		// The filter by kit names the kit by its title.
		browsertest.Eval[bool](t, ctx, `[...document.querySelectorAll("nav.directory-facets a")].find(a => a.textContent === "Être parent en ligne").click(), true`)
		browsertest.WaitFor(t, ctx, `location.pathname === "/agenda/atelier/parents/" && document.readyState === "complete"`, "the kit's filter")
		if got := shown(); got != "Séance parents" {
			t.Errorf("js %v: the kit's filter shows %q", js, got)
		}
		browsertest.Navigate(t, ctx, srv.URL+"/agenda/public/parents/")
		browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the audience's filter")
		if got := shown(); got != "Séance parents,Séance passée" {
			t.Errorf("js %v: the audience's filter shows %q", js, got)
		}
		restore()
	}
	for _, width := range []int64{375, 1280} {
		browsertest.Do(t, ctx, chromedp.EmulateViewport(width, 800))
		for _, p := range []string{"/agenda/", "/agenda/atelier/parents/", "/agenda/a/"} {
			browsertest.Navigate(t, ctx, srv.URL+p)
			browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, p)
			checkScreen(t, ctx, axe, p, int(width))
		}
	}
}
