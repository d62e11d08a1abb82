package relais_test

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"relais"
	"relais/internal/browsertest"
	"relais/internal/builtin"
	"relais/internal/editor"
	"relais/internal/i18n"
	"relais/internal/imagemeta/imagetest"
	"relais/internal/scaffold"
	"relais/internal/server"
	"relais/internal/site"
	"relais/internal/testsite"
)

// copyOwnSite copies the project's site (site.toml and content/) into a
// new folder, for tests that change it.
func copyOwnSite(t *testing.T) string {
	t.Helper()
	files := map[string]string{}
	for _, top := range []string{"site.toml", "content"} {
		_ = filepath.WalkDir(top, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			files[filepath.ToSlash(p)] = string(b)
			return err
		})
	}
	return testsite.New(t, files)
}

// checkScreen runs axe (its source injected by axe) on the page shown,
// light and dark, and looks for sideways scrolling at width and for
// Content-Security-Policy violations (recordCSP).
func checkScreen(t *testing.T, ctx context.Context, axe, name string, width int) {
	t.Helper()
	if w := browsertest.Eval[int](t, ctx, `document.documentElement.scrollWidth`); w > width {
		t.Errorf("%s: %d px wide at %d px: the page scrolls sideways", name, w, width)
	}
	browsertest.Eval[bool](t, ctx, axe+";true")
	for _, scheme := range []string{"light", "dark"} {
		browsertest.Call(t, ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		reportAxe(t, ctx, name, fmt.Sprintf("%s, %d px", scheme, width))
	}
	if csp := browsertest.Eval[[]string](t, ctx, `window.__csp`); len(csp) > 0 {
		t.Errorf("%s: Content-Security-Policy violations: %v", name, csp)
	}
}

// serveEditor runs relais serve with its editor in lang on the site in
// dir, and returns its address and what stops it.
func serveEditor(t *testing.T, dir string, lang i18n.Lang) (base string, stop func()) {
	t.Helper()
	ln, err := server.Listen("127.0.0.1", 0)
	if err != nil {
		t.Fatal(err)
	}
	base = "http://" + ln.Addr().String()
	runCtx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- server.Run(runCtx, server.Config{SiteDir: dir, Listener: ln, BasePath: "/", Out: io.Discard, Err: io.Discard,
			Edit: true, Lang: lang, Templates: scaffold.Templates{Theme: relais.Theme()},
			Site: site.Options{Extensions: builtin.Extensions(), Source: os.DirFS(dir), Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "out"), BaseURL: base + "/"}})
	}()
	return base, func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}
}

// TestEditorInBrowser: every screen of the editor has no axe violation at
// a phone's width and a desktop's, light and dark, and no
// Content-Security-Policy violation; the form is reached with the
// keyboard alone; the preview follows the text with JavaScript and comes
// with a button without it; a shelter's address fields are off.
func TestEditorInBrowser(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t)
	axe := axeSource(t)
	recordCSP(t, ctx)
	dir := copyOwnSite(t)
	// A draft with problems: the form shows them beside their fields.
	testsite.Write(t, dir, map[string]string{"content/articles/essai.md": "---\ntitle: Essai\ndate: 2026-12-01\ndraft: true\n" +
		"visibility: cachée\ntitre: Doublon\n---\nUn [lien cassé](/nulle-part/).\n",
		"content/partenaires/liste.csv": "nom,type,telephone,verifie\nCIDFF,CIDFF,04 00 00 00 01,2026-11-01\nSans date,ASSO,04 00 00 00 02,\n",
		// A second language: the list offers translations, and a
		// translation's form shows its original beside its text.
		"content/articles/le-cadre.en.md": "---\ntitle: The framework\ndraft: true\n---\nTo translate.\n"})
	settings, err := os.ReadFile(filepath.Join(dir, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	testsite.Write(t, dir, map[string]string{"site.toml": string(settings) + "\n[languages.en]\nname = \"English\"\n"})
	base, stop := serveEditor(t, dir, i18n.French)
	defer stop()
	page := func(file string) string { return base + editor.Link(file) }
	screens := []string{
		base + editor.Prefix,
		base + editor.Prefix + "?q=reseaux&tri=titre",
		page("content/articles/le-cadre.md"),
		page("content/articles/essai.md"),
		page("content/articles/le-cadre.en.md"),
		page("content/_index.md"),
		page("content/ateliers/reseaux-sociaux/index.md"),
		page("content/ateliers/reseaux-sociaux/animateur.md"),
		page("content/partenaires/hebergement-exemple.md"),
		page("content/partenaires/association-exemple.md"),
		page("content/partenaires/liste.csv"),
		base + editor.Prefix + "new",
		base + editor.Prefix + "trash",
		base + editor.Prefix + "partners",
		base + "/articles/le-cadre/", // a page of the preview, with its link to the editor
	}
	// check runs axe on the page shown, light and dark, and looks for
	// sideways scrolling and policy violations.
	check := func(name string, width int) {
		t.Helper()
		checkScreen(t, ctx, axe, name, width)
	}
	browsertest.Navigate(t, ctx, base+editor.Prefix)
	browsertest.WaitFor(t, ctx, `document.querySelector("h1") !== null`, "the editor")
	kit := "content/ateliers/reseaux-sociaux/index.md"
	for _, vp := range [][2]int64{{375, 740}, {1280, 900}} {
		browsertest.Do(t, ctx, chromedp.EmulateViewport(vp[0], vp[1]))
		for _, u := range screens {
			browsertest.Navigate(t, ctx, u)
			browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, u)
			check(strings.TrimPrefix(u, base), int(vp[0]))
			if strings.HasSuffix(u, "/articles/le-cadre/") && !browsertest.Eval[bool](t, ctx, `!!document.querySelector(".relais-edit a")`) {
				t.Errorf("the previewed page has no link to its editor")
			}
		}
		// The screens a save shows: the problems beside their fields…
		browsertest.Navigate(t, ctx, page(kit))
		browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the kit")
		browsertest.Eval[bool](t, ctx, `document.getElementById("champ-duree").value = "deux heures", document.querySelector("button[value=save]").click(), true`)
		// The answer's whole page, its style sheet included: found by
		// its form alone, it was measured unstyled once on a busy machine
		// (594 px wide at 375 px).
		browsertest.WaitFor(t, ctx, `!!document.querySelector(".field-findings") && document.readyState === "complete"`, "the problems beside their fields")
		check("a save refused", int(vp[0]))
		// A screen reader is told: the title says « Erreur », and the
		// summary of the problems, a link to each field, has the focus.
		if got := browsertest.Eval[string](t, ctx, `document.title + "|" + document.activeElement.id + "|" + document.querySelectorAll("#error-summary a[href^='#']").length`); !strings.HasPrefix(got, "Erreur") ||
			!strings.Contains(got, "|error-summary|") || strings.HasSuffix(got, "|0") {
			t.Errorf("after a refused save: title, focus, links: %q", got)
		}
		// …and both versions when the file changed on disk.
		browsertest.Navigate(t, ctx, page(kit))
		browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the kit")
		src, err := os.ReadFile(filepath.Join(dir, kit))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, kit), append(src, "\nAjouté ailleurs.\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		browsertest.Eval[bool](t, ctx, `document.querySelector("button[value=save]").click(), true`)
		browsertest.WaitFor(t, ctx, `!!document.querySelector("form.merge") && document.readyState === "complete"`, "the differences")
		check("a save after a change on disk", int(vp[0]))
		// Only the other program added a line: its line is proposed, and
		// saving as proposed keeps it.
		if !browsertest.Eval[bool](t, ctx, `document.getElementById("d1-disk").checked`) {
			t.Errorf("a line added on disk only is not proposed")
		}
		browsertest.Eval[bool](t, ctx, `document.querySelector("form.merge button[type=submit]").click(), true`)
		browsertest.WaitFor(t, ctx, `!document.querySelector("form.merge") && document.readyState === "complete"`, "the save")
		if b, _ := os.ReadFile(filepath.Join(dir, kit)); !strings.Contains(string(b), "Ajouté ailleurs.") {
			t.Errorf("the line added on disk was lost:\n%s", b)
		}
		if err := os.WriteFile(filepath.Join(dir, kit), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	browsertest.Call(t, ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "light"}}})

	// An image added to an article: the page offers to put it in the text
	// and as the cover, each a click.
	photo := filepath.Join(t.TempDir(), "bureau.jpg")
	if err := os.WriteFile(photo, imagetest.PhoneJPEG(t, 1), 0o644); err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, ctx, chromedp.EmulateViewport(1280, 900))
	browsertest.Navigate(t, ctx, page("content/articles/libre-adhesion.md"))
	browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the form")
	browsertest.Do(t, ctx, chromedp.SetUploadFiles("#image", []string{photo}))
	browsertest.Eval[bool](t, ctx, `document.getElementById("alt").value = "Le bureau d’accueil", document.querySelector("form.dropzone button[type=submit]").click(), true`)
	browsertest.WaitFor(t, ctx, `(b => b && b.offsetParent !== null)(document.querySelector("[data-insert]"))`, "the buttons to place the image")
	check("an image added", 1280)
	browsertest.Eval[bool](t, ctx, `document.querySelector("[data-insert]").click(), true`)
	if body := browsertest.Eval[string](t, ctx, `document.getElementById("body").value`); !strings.Contains(body, "![Le bureau d’accueil](bureau.jpg)") {
		t.Errorf("« Insert it in the text » did not: %q", body)
	}
	if browsertest.Eval[bool](t, ctx, `!!document.querySelector("[data-cover]")`) {
		browsertest.Eval[bool](t, ctx, `document.querySelector("[data-cover]").click(), true`)
		if got := browsertest.Eval[string](t, ctx, `document.getElementById("champ-cover-image").value + "|" + document.getElementById("champ-cover-alt").value`); got != "bureau.jpg|Le bureau d’accueil" {
			t.Errorf("« Use it as the cover image » gave %q", got)
		}
	} else {
		t.Errorf("an article's form does not offer the image as its cover")
	}

	// Emptying the trash asks first, and the focus is on the question.
	browsertest.Navigate(t, ctx, page("content/articles/comment-me-joindre.md"))
	browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the form")
	// (The marker tells the page after the click from the form, which
	// may have a notice of its own: on a busy machine the trash was
	// opened before the page was in it.)
	browsertest.Eval[bool](t, ctx, `window.__before = true, document.querySelector("section.delete button[type=submit]").click(), true`)
	browsertest.WaitFor(t, ctx, `!window.__before && document.readyState === "complete" && (location.pathname.endsWith("/trash") || !!document.querySelector(".notice"))`, "the page in the trash")
	browsertest.Navigate(t, ctx, base+editor.Prefix+"trash")
	browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the trash")
	browsertest.Eval[bool](t, ctx, `document.querySelector("form[action$='empty'] button[type=submit]").click(), true`)
	browsertest.WaitFor(t, ctx, `!!document.querySelector("input[name=confirm]") && document.readyState === "complete"`, "the question")
	check("emptying the trash", 1280)
	if got := browsertest.Eval[string](t, ctx, `document.activeElement.id`); got != "error-summary" {
		t.Errorf("the question does not have the focus (%q has it)", got)
	}
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("table.items tbody tr").length`); n == 0 {
		t.Errorf("the trash was emptied before she said yes")
	}

	if os.Getenv("RELAIS_UPDATE") == "1" {
		// The guide's picture of the editor.
		browsertest.Navigate(t, ctx, page("content/articles/le-cadre.md"))
		browsertest.WaitFor(t, ctx, `(f => f.contentDocument && f.contentDocument.body && f.contentDocument.body.innerText.includes("circulaires"))(document.getElementById("apercu"))`,
			"the preview")
		png := browsertest.Run(t, ctx, chromedp.CaptureScreenshot())
		if err := os.WriteFile(filepath.Join("docs", "images", "editeur.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// The keyboard alone reaches the title, the text and the save button,
	// in that order.
	browsertest.Navigate(t, ctx, page("content/articles/le-cadre.md"))
	browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the form")
	var order []string
	for i := 0; i < 300 && !strings.Contains(strings.Join(order, " "), "save"); i++ {
		browsertest.Do(t, ctx, chromedp.KeyEvent("\t"))
		id := browsertest.Eval[string](t, ctx, `(e => e.id || (e.value === "save" ? "save" : e.tagName))(document.activeElement)`)
		order = append(order, id)
	}
	pos := func(id string) int {
		for i, o := range order {
			if o == id {
				return i
			}
		}
		return -1
	}
	if t1, b, s := pos("champ-title"), pos("body"), pos("save"); t1 < 0 || b < 0 || s < 0 || !(t1 < b && b < s) {
		t.Errorf("Tab goes through %v", order)
	}

	// With JavaScript, the preview follows what she types, through the
	// site's French typography.
	browsertest.WaitFor(t, ctx, `(f => f && f.contentDocument && f.contentDocument.body && f.contentDocument.body.innerText.includes("circulaires"))(document.getElementById("apercu"))`,
		"the first preview")
	browsertest.Do(t, ctx, chromedp.Focus(chromedp.CSS("#body")))
	browsertest.Eval[bool](t, ctx, `document.getElementById("body").setSelectionRange(0, 0), true`)
	browsertest.Call(t, ctx, input.InsertText, input.InsertTextParams{Text: "Ajouté : en direct!\n\n"})
	browsertest.WaitFor(t, ctx, `document.getElementById("apercu").contentDocument.body.innerText.includes("Ajouté\u00a0: en direct\u202f!")`,
		"the preview of what she typed")
	if !browsertest.Eval[bool](t, ctx, `document.querySelector(".toolbar").hidden === false`) {
		t.Error("the toolbar is hidden with JavaScript")
	}
	// The tab closes before she saves: what she typed comes back.
	browsertest.Navigate(t, ctx, page("content/articles/le-cadre.md"))
	browsertest.WaitFor(t, ctx, `!document.getElementById("restore").hidden`, "the offer to bring the unsaved text back")
	if strings.HasPrefix(browsertest.Eval[string](t, ctx, `document.getElementById("body").value`), "Ajouté") {
		t.Error("the unsaved text is put back before she asks")
	}
	browsertest.Eval[bool](t, ctx, `document.getElementById("restore-yes").click(), true`)
	if !strings.HasPrefix(browsertest.Eval[string](t, ctx, `document.getElementById("body").value`), "Ajouté : en direct!") {
		t.Error("the unsaved text did not come back")
	}
	browsertest.Eval[bool](t, ctx, `localStorage.clear(), true`)

	// A shelter: its address fields are off.
	browsertest.Navigate(t, ctx, page("content/partenaires/hebergement-exemple.md"))
	browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the partner")
	if !browsertest.Eval[bool](t, ctx, `document.getElementById("champ-adresse").disabled`) {
		t.Error("a shelter's address can be typed in")
	}
	browsertest.Eval[bool](t, ctx, `(s => (s.value = "ASSO", s.dispatchEvent(new Event("change")), true))(document.getElementById("champ-type"))`)
	if browsertest.Eval[bool](t, ctx, `document.getElementById("champ-adresse").disabled`) {
		t.Error("an association's address cannot be typed in")
	}

	// Without JavaScript: the toolbar is not offered, and the preview
	// comes with its button.
	blockScripts(t, ctx, true)
	defer blockScripts(t, ctx, false)
	browsertest.Navigate(t, ctx, page("content/articles/le-cadre.md")+"&"+url.Values{"nojs": {"1"}}.Encode())
	browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, "the form without JavaScript")
	if !browsertest.Eval[bool](t, ctx, `document.querySelector(".toolbar").hidden`) {
		t.Error("the toolbar, which needs JavaScript, is offered without it")
	}
	browsertest.Do(t, ctx, chromedp.Click(chromedp.CSS("#preview-button")))
	browsertest.WaitFor(t, ctx, `(f => f.contentDocument && f.contentDocument.body && f.contentDocument.body.innerText.includes("circulaires"))(document.getElementById("apercu"))`,
		"the preview without JavaScript")
}

// TestEditorInArabic: with --lang ar the editor speaks Arabic and is laid
// out right to left, its screens without axe violations at a phone's
// width and a desktop's, light and dark, and without sideways scrolling:
// the list with its translations, a translation's form beside its
// original, a kit's form, the new content and trash screens.
func TestEditorInArabic(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t)
	axe := axeSource(t)
	recordCSP(t, ctx)
	dir := copyOwnSite(t)
	settings, err := os.ReadFile(filepath.Join(dir, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	testsite.Write(t, dir, map[string]string{"site.toml": string(settings) + "\n[languages.ar]\nweight = 1\n",
		"content/articles/le-cadre.ar.md": "---\ntitle: الإطار\ndraft: true\n---\nنص للترجمة.\n"})
	base, stop := serveEditor(t, dir, i18n.Arabic)
	defer stop()
	page := func(file string) string { return base + editor.Link(file) }
	screens := []string{
		base + editor.Prefix,
		page("content/articles/le-cadre.ar.md"),
		page("content/ateliers/reseaux-sociaux/index.md"),
		base + editor.Prefix + "new",
		base + editor.Prefix + "trash",
	}
	browsertest.Navigate(t, ctx, base+editor.Prefix)
	browsertest.WaitFor(t, ctx, `document.querySelector("h1") !== null`, "the editor")
	for _, vp := range [][2]int64{{375, 740}, {1280, 900}} {
		browsertest.Do(t, ctx, chromedp.EmulateViewport(vp[0], vp[1]))
		for _, u := range screens {
			browsertest.Navigate(t, ctx, u)
			browsertest.WaitFor(t, ctx, `document.readyState === "complete"`, u)
			if !browsertest.Eval[bool](t, ctx, `document.documentElement.dir === "rtl" && document.documentElement.lang === "ar" && getComputedStyle(document.body).direction === "rtl"`) {
				t.Errorf("%s is not laid out right to left", u)
			}
			checkScreen(t, ctx, axe, strings.TrimPrefix(u, base), int(vp[0]))
		}
	}
	browsertest.Navigate(t, ctx, base+editor.Prefix)
	if h1 := browsertest.Eval[string](t, ctx, `document.querySelector("h1").textContent`); h1 != "تحرير الموقع" {
		t.Errorf("the list's heading is %q", h1)
	}
	browsertest.Navigate(t, ctx, page("content/articles/le-cadre.ar.md"))
	if got := browsertest.Eval[string](t, ctx, `document.getElementById("h-original").textContent`); !strings.Contains(got, "الأصل") {
		t.Errorf("the original's heading is %q", got)
	}
}
