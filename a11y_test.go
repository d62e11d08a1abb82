package relais_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"relais"
	"relais/internal/area"
	"relais/internal/browsertest"
	"relais/internal/builtin"
	"relais/internal/server"
	"relais/internal/site"
)

// axeSource returns axe-core's script, from npm (npm install at the top
// of the repository, as .ci/run does).
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("RELAIS_REQUIRE_BROWSER") == "1" {
			t.Fatalf("axe-core not installed (npm install): %v", err)
		}
		t.Skip("axe-core not installed: run npm install")
	}
	return string(b)
}

// everyFeature is a site that uses every feature of the default theme.
func everyFeature(t *testing.T) fs.FS {
	var img bytes.Buffer
	m := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for x := 0; x < 40; x++ {
		for y := 0; y < 20; y++ {
			m.Set(x, y, color.RGBA{30, 90, 140, 255})
		}
	}
	if err := png.Encode(&img, m); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"site.toml": "title = \"Site d’essai\"\nbaseURL = \"https://example.org/essai/\"\npaginate = 2\nauthor = \"L’équipe\"\n" +
			"[taxonomies]\ntag = \"tags\"\ntheme = \"themes\"\nserie = \"series\"\n" +
			"[partners]\nprotection = \"nginx\"\ncontact = \"iscg@example.org\"\n",
		"content/_index.md": "---\ntitle: Accueil\n---\n## Bienvenue\n\nUn site d’essai.\n",
		// The partner area: its notice on its pages.
		area.File:                     partnerLogins(t),
		"content/reseau/_index.md":    "---\ntitle: Espace du réseau\naccès: partenaires\n---\nLes documents du réseau.\n",
		"content/reseau/procedure.md": "---\ntitle: Procédure\ndate: 2026-01-05\n---\nLa ligne directe du commissariat.\n",
		"content/articles/_index.md":  "---\ntitle: Articles\n---\nLa liste.\n",
		"content/articles/a.md": "---\ntitle: Tout Markdown\ndate: 2026-01-01\ntags: [essai]\nthemes: [Prévention]\nseries: [Série]\npart: 1\n" +
			"cover: {image: couverture.png, alt: \"Un rectangle bleu\"}\nauthor: Camille\n---\n" +
			"Texte avec **gras**, *italique*, ~~barré~~, `code` et une note[^1].\n\n## Un tableau\n\n| Étape | Durée |\n|---|---:|\n| Accueil | 10 min |\n\n" +
			"## Un grand tableau\n\n| Lundi | Mardi | Mercredi | Jeudi | Vendredi | Samedi | Dimanche | Remarques |\n|---|---|---|---|---|---|---|---|\n" +
			"| 09:00–12:00 | 09:00–12:00 | 09:00–12:00 | 09:00–12:00 | 09:00–12:00 | fermé | fermé | sur rendez-vous uniquement |\n\n" +
			"## Du code\n\n```go\nfunc main() { fmt.Println(\"une ligne de code bien plus longue que l’écran d’un petit téléphone\") }\n```\n\n## Des listes\n\n- [x] fait\n- [ ] à faire\n\nTerme\n: Définition\n\n> Une citation.\n\n> [!ATTENTION]\n> Ne promettez pas le secret.\n\n" +
			"Un [lien](/articles/b/) et <https://example.org>.\n\nنستقبلكم بالعربية أيضًا.\n\n[^1]: La note.\n",
		"content/articles/couverture.png": img.String(),
		"content/articles/b.md":           "---\ntitle: Deuxième\ndate: 2026-02-01\nseries: [Série]\npart: 2\naliases: [/ancien/]\n---\nSuite.\n\n## Plus bas\n\nTexte.\n",
		"content/articles/c.md":           "---\ntitle: Troisième\ndate: 2026-03-01\ntags: [essai]\n---\nEncore.\n",
		"content/guides/kit/index.md":     "---\ntitle: Un kit\n---\nLe kit.\n",
		"content/guides/kit/guide.md":     "---\ntitle: Le guide\n---\nPour l’animateur.\n",
		"content/me-rencontrer.md":        "---\ntitle: Me rencontrer\n---\nHoraires.\n",
	}
	m2 := fstest.MapFS{}
	for k, v := range files {
		m2[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return m2
}

// arabicSite is a site written in Arabic, right to left: lists, a
// table, a quote, a callout, links, a phone number.
func arabicSite() fs.FS {
	files := map[string]string{
		"site.toml":                  "title = \"موقع تجريبي\"\nbaseURL = \"https://example.org/\"\nlanguage = \"ar\"\n",
		"content/_index.md":          "---\ntitle: الصفحة الرئيسية\n---\n## مرحبا\n\nموقع تجريبي باللغة العربية.\n",
		"content/articles/_index.md": "---\ntitle: مقالات\n---\nالقائمة.\n",
		"content/articles/a.md": "---\ntitle: كيف أستقبلكم\ndate: 2026-01-01\n---\n" +
			"نص فيه **خط عريض** و*مائل* ورابط [إلى المقال الثاني](/articles/b/) ورقم الهاتف 01 23 45 67 89.\n\n## جدول\n\n| المرحلة | المدة |\n|---|---|\n| الاستقبال | 10 دقائق |\n\n" +
			"## قوائم\n\n- أولا\n- ثانيا\n\n1. واحد\n2. اثنان\n\n> اقتباس قصير.\n\n> [!NOTE]\n> ملاحظة مهمة.\n",
		"content/articles/b.md":        "---\ntitle: المقال الثاني\ndate: 2026-02-01\n---\nتتمة النص مع اسم CIDFF du Rhône.\n",
		"content/ressources/_index.md": "---\ntitle: موارد\n---\nموارد للشركاء.\n",
		"content/ressources/c.md":      "---\ntitle: دليل\ndate: 2026-03-01\n---\nدليل قصير.\n",
		"data/numeros.toml": "[[numeros]]\nnumero = \"01 23 45 67 89\"\nnom = \"خط الاستماع\"\nurgent = true\nentete = true\n" +
			"canaux = [\"téléphone\"]\ngratuit = true\nverifie = 2026-11-26\n",
	}
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return m
}

// TestRightToLeft: a site in Arabic is laid out from the right: the page
// says dir="rtl", a quote's rule and a list's indent are on the right,
// the quick exit stays in reach, the text starts at the right edge; its
// interface is in Arabic (layouts/i18n/ar.toml), dates included.
func TestRightToLeft(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := site.New(site.Options{Extensions: builtin.Extensions(), Source: arabicSite(), Theme: relais.Theme(), Dest: dest}).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	h, err := server.NewHandler(dest, "/", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	for _, w := range []int64{375, 1280} {
		browsertest.Do(t, ctx, chromedp.EmulateViewport(w, 800))
		browsertest.Navigate(t, ctx, srv.URL+"/articles/a/")
		// Arabic in the site's own font, from the site itself.
		browsertest.WaitFor(t, ctx, `[...document.fonts].some(f => f.family.replace(/"/g, "") === "Noto Naskh Arabic" && f.weight === "400" && f.status === "loaded")`, "the Arabic font loaded")
		for _, c := range []struct{ what, expr string }{
			{"the page is right to left", `document.documentElement.dir === "rtl" && getComputedStyle(document.body).direction === "rtl"`},
			{"a quote's rule is on its right", `(s => parseFloat(s.borderRightWidth) > 0 && parseFloat(s.borderLeftWidth) === 0)(getComputedStyle(document.querySelector("main blockquote")))`},
			{"a list is indented from the right", `(s => parseFloat(s.paddingRight) > parseFloat(s.paddingLeft))(getComputedStyle(document.querySelector("main ul")))`},
			{"a paragraph in Arabic starts at the right", `(p => { const r = document.createRange(); r.selectNodeContents(p); const t = r.getClientRects()[0], b = p.getBoundingClientRect(); return b.right - t.right < 2; })([...document.querySelectorAll("main p")].find(p => /^[\u0600-\u06ff]/.test(p.textContent.trim())))`},
			{"the quick exit is in the window", `(r => r.left >= 0 && r.right <= innerWidth && r.top >= 0)(document.querySelector("a.quick-exit-button").getBoundingClientRect())`},
			{"no sideways scroll", `document.documentElement.scrollWidth <= innerWidth`},
			{"the menu reads from the right", `(l => l.length >= 2 && l[0].getBoundingClientRect().left > l[1].getBoundingClientRect().left)([...document.querySelectorAll("header nav li")])`},
			{"the site's name is at the right", `(r => r.right > innerWidth / 2)(document.querySelector(".site-title a").getBoundingClientRect())`},
			{"a phone number reads from the left", `[...document.querySelectorAll("a[href^='tel:']")].every(a => getComputedStyle(a).direction === "ltr" || a.textContent.includes("\u2066"))`},
			{"a phone number in Arabic text keeps its groups' order", `(s => { const t = s.firstChild, r = document.createRange(); r.setStart(t, 0); r.setEnd(t, 2); const a = r.getBoundingClientRect(); r.setStart(t, t.length - 2); r.setEnd(t, t.length); return a.left < r.getBoundingClientRect().left; })([...document.querySelectorAll("main p span")].find(s => s.textContent === "01 23 45 67 89"))`},
			{"the interface speaks Arabic", `document.querySelector("a.quick-exit-button").textContent.includes("مغادرة الموقع") && document.querySelector("main time").textContent.includes("يناير")`},
		} {
			if !browsertest.Eval[bool](t, ctx, c.expr) {
				t.Errorf("%d px: %s: no", w, c.what)
			}
		}
	}
}

// partnerLogins is a logins file with one partner.
func partnerLogins(t *testing.T) string {
	ls := &area.Logins{}
	if _, err := ls.Add("CIDFF du Rhône", "un-long-mot-de-passe", time.Now()); err != nil {
		t.Fatal(err)
	}
	return string(ls.Bytes())
}

// blockScripts stops or lets through the fetching of every script.
func blockScripts(t *testing.T, ctx context.Context, block bool) {
	t.Helper()
	var patterns []*network.BlockPattern
	if block {
		patterns = []*network.BlockPattern{{URLPattern: "*://*:*/*.js", Block: true}}
	}
	browsertest.Call(t, ctx, network.Enable, network.EnableParams{})
	browsertest.Call(t, ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: patterns})
}

// onePerKind keeps the first page of each section and folder depth:
// "articles/x/" stands for every article, "tags/x/" for every tag.
func onePerKind(pages []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range pages {
		parts := strings.Split(strings.Trim(p, "/"), "/")
		key := parts[0] + "/" + fmt.Sprint(len(parts))
		if !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	return out
}

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// recordCSP makes every page the tab loads keep its
// Content-Security-Policy violations, from its first instant, in
// window.__csp.
func recordCSP(t *testing.T, ctx context.Context) {
	t.Helper()
	browsertest.Call(t, ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.__csp = []; document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`,
	})
}

// reportAxe runs axe-core (injected already) on the page shown and
// reports each violation, naming the page and its state.
func reportAxe(t *testing.T, ctx context.Context, name, state string) {
	t.Helper()
	out := browsertest.Run(t, ctx, chromedp.Evaluate[string](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}))))`,
		chromedp.EvalAwaitPromise))
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		t.Errorf("%s (%s): %s [%s, %s] on %v", name, state, v.Help, v.ID, v.Impact, v.Nodes)
	}
}

// TestAccessibility runs axe-core on every page of the shipped site and of
// a site using every feature, in light and dark mode, and checks that the
// browser reports no Content-Security-Policy violation. The pages are
// shared among several tabs that run side by side.
func TestAccessibility(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t)
	axe := axeSource(t)
	for _, tc := range []struct {
		name string
		src  fs.FS
		base string
	}{
		{"shipped site", os.DirFS("."), "/"},
		{"every feature", everyFeature(t), "/essai/"},
		{"right to left", arabicSite(), "/"},
		{"three languages", multilingualSite(), "/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			if _, err := site.New(site.Options{Extensions: builtin.Extensions(), Source: tc.src, Theme: relais.Theme(), Dest: dest, BaseURL: "http://127.0.0.1" + tc.base}).Build(context.Background()); err != nil {
				t.Fatal(err)
			}
			h, err := server.NewHandler(dest, tc.base, nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { h.Close() })
			srv := httptest.NewServer(h)
			t.Cleanup(srv.Close)
			var pages []string
			_ = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
					return err
				}
				b, _ := os.ReadFile(p)
				if bytes.Contains(b, []byte(`http-equiv="refresh"`)) {
					return nil // a redirect: the page it leads to is checked
				}
				rel, _ := filepath.Rel(dest, p)
				pages = append(pages, strings.TrimSuffix(filepath.ToSlash(rel), "index.html"))
				return nil
			})
			if len(pages) < 5 {
				t.Fatalf("only %d pages", len(pages))
			}
			// axe at a phone's width and a desktop's, light and dark, on
			// every page; at the widths of a small phone and a tablet too,
			// and without JavaScript at all four, on one page of each kind
			// (pages of one folder depth in one section share a layout).
			// Each page is loaded once per width and state, and the scheme
			// switched in place.
			var jobs []axeJob
			kinds := onePerKind(pages)
			for _, js := range []bool{true, false} {
				for _, vp := range [][2]int64{{320, 640}, {375, 740}, {768, 1024}, {1280, 900}} {
					checked := kinds
					if js && (vp[0] == 375 || vp[0] == 1280) {
						checked = pages
					}
					for _, p := range checked {
						jobs = append(jobs, axeJob{url: srv.URL + tc.base + p, name: p, js: js, width: vp[0], height: vp[1]})
					}
				}
			}
			t.Logf("%d jobs", len(jobs))
			var next atomic.Int64
			for i := range max(2, runtime.GOMAXPROCS(0)) {
				t.Run(fmt.Sprintf("tab %d", i+1), func(t *testing.T) {
					t.Parallel()
					tab := browsertest.Tab(t, ctx)
					recordCSP(t, tab)
					var state *axeJob
					for n := next.Add(1) - 1; n < int64(len(jobs)); n = next.Add(1) - 1 {
						checkPage(t, tab, axe, jobs[n], state)
						state = &jobs[n]
					}
				})
			}
		})
	}
}

// axeJob is one page to check at one width, with or without JavaScript.
type axeJob struct {
	url, name     string
	js            bool
	width, height int64
}

// checkPage loads a job's page in the tab and checks it; last is the job
// the tab did before (nil for the first), whose width and scripts the
// tab still has.
func checkPage(t *testing.T, tab context.Context, axe string, j axeJob, last *axeJob) {
	t.Helper()
	if last == nil || last.js != j.js {
		// Without JavaScript, the theme's scripts are not fetched: the
		// page is as a reader without JavaScript gets it, while axe,
		// which needs timers, still runs.
		blockScripts(t, tab, !j.js)
	}
	if last == nil || last.width != j.width {
		browsertest.Do(t, tab, chromedp.EmulateViewport(j.width, j.height))
	}
	browsertest.Navigate(t, tab, j.url)
	if vw := browsertest.Eval[int](t, tab, `window.innerWidth`); vw != int(j.width) {
		t.Fatalf("viewport is %d px wide, not %d", vw, j.width)
	}
	// The theme's script shows the Shift hint of the quick exit.
	if ran := browsertest.Eval[bool](t, tab, `!document.querySelector(".quick-exit-keys").hidden`); ran != j.js {
		t.Fatalf("%s: the page's script ran: %v, want %v", j.name, ran, j.js)
	}
	// Reflow (WCAG 1.4.10): at no width, 320 px (1280 px at 400 % zoom)
	// included, does the page scroll sideways.
	if w := browsertest.Eval[int](t, tab, `document.documentElement.scrollWidth`); w > int(j.width) {
		wide := browsertest.Eval[string](t, tab, fmt.Sprintf(`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > %d).slice(0, 3).map(e => e.tagName + "." + e.className).join(", ")`, j.width+1))
		t.Errorf("%s: %d px wide at %d px: the page scrolls sideways (%s)", j.name, w, j.width, wide)
	}
	browsertest.Eval[bool](t, tab, axe+";true")
	for _, scheme := range []string{"light", "dark"} {
		browsertest.Call(t, tab, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		state := fmt.Sprintf("%s, %d px, JavaScript %v", scheme, j.width, map[bool]string{true: "on", false: "off"}[j.js])
		reportAxe(t, tab, j.name, state)
	}
	if csp := browsertest.Eval[[]string](t, tab, `window.__csp`); j.js && len(csp) > 0 {
		t.Errorf("%s: Content-Security-Policy violations: %v", j.name, csp)
	}
}

// TestValidHTML checks every page of the shipped site and of a site using
// every feature with the Nu HTML checker (npm's vnu-jar, run by Java): no
// error (the kit's table once had 45, from ARIA roles on a table's own
// elements).
func TestValidHTML(t *testing.T) {
	t.Parallel()
	jar := filepath.Join("node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	java, err := exec.LookPath("java")
	if _, jerr := os.Stat(jar); err != nil || jerr != nil {
		if os.Getenv("RELAIS_REQUIRE_VNU") == "1" {
			t.Fatalf("the Nu HTML checker needs java and %s (npm ci): %v %v", jar, err, jerr)
		}
		t.Skip("no java or vnu-jar (npm ci); set RELAIS_REQUIRE_VNU=1 to fail instead")
	}
	for _, tc := range []struct {
		name string
		src  fs.FS
	}{{"shipped site", os.DirFS(".")}, {"every feature", everyFeature(t)}} {
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := site.New(site.Options{Extensions: builtin.Extensions(), Source: tc.src, Theme: relais.Theme(), Dest: dest}).Build(context.Background()); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(java, "-jar", jar, "--errors-only", "--skip-non-html", dest).CombinedOutput()
		if err != nil || len(bytes.TrimSpace(out)) > 0 {
			t.Errorf("%s: the Nu HTML checker finds errors (%v):\n%s", tc.name, err, out)
		}
	}
}
