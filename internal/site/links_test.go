package site

import (
	"bytes"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var photo40x30 = func() string {
	var b bytes.Buffer
	_ = jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 40, 30)), nil)
	return b.String()
}()

func TestLinks(t *testing.T) {
	base := map[string]string{
		"site.toml":                    "paginate = 1\n",
		"content/articles/b.md":        "---\ntitle: B\ndate: 2026-01-02\ntags: [famille]\n---\n## Une partie\n\nTexte[^1].\n\n[^1]: Note.\n",
		"content/articles/c.md":        "---\ntitle: C\ndate: 2026-01-01\n---\nC.\n",
		"content/guides/kit/index.md":  "---\ntitle: Kit\n---\nVoir [le guide](guide.pdf) et [la fiche](fiche/).\n",
		"content/guides/kit/guide.pdf": "%PDF",
		"content/guides/kit/fiche.md":  "---\ntitle: Fiche\n---\nFiche.\n",
		"static/docs/plan.pdf":         "%PDF",
		"static/img/bureau.jpg":        photo40x30,
	}
	tests := []struct {
		name, body, err string // err "" when the link is fine
	}{
		{"page", "[B](/articles/b/)", ""},
		{"page without slash", "[B](/articles/b)", ""},
		{"relative page", "[B](../b/)", ""},
		{"section", "[Articles](/articles/)", ""},
		{"second page of a list", "[Page 2](/articles/page/2/)", ""},
		{"term", "[Famille](/tags/famille/)", ""},
		{"static file", "[Plan](/docs/plan.pdf)", ""},
		{"feed", "[RSS](/articles/index.xml)", ""},
		{"heading anchor", "[Partie](/articles/b/#une-partie)", ""},
		{"footnote anchor", "[Note](/articles/b/#fn:1)", ""},
		{"theme anchor", "[Contenu](/articles/b/#contenu)", ""},
		{"own anchor", "## Ici\n\n[Ici](#ici)", ""},
		{"other site", "[Ailleurs](https://example.net/x) <https://example.net/y>", ""},
		{"mail and phone", "[Écrire](mailto:a@example.org) [Appeler](tel:+33100000000)", ""},
		{"missing page", "[X](/articles/nope/)", "content/articles/a.md:5: this link leads to /articles/nope/, which is not a page or file of the site"},
		{"markdown file", "[C](c.md)", ""},
		{"markdown file from content", "[C](/articles/c.md) [Kit](../guides/kit/index.md#x)", "content/articles/a.md:5: this link leads to #x, which is not a heading or anchor of /guides/kit/"},
		{"missing markdown file", "[D](d.md)", "content/articles/a.md:5: this link leads to d.md, which is not a page of the site"},
		{"missing anchor", "[Partie](/articles/b/#autre)", "content/articles/a.md:5: this link leads to #autre, which is not a heading or anchor of /articles/b/"},
		{"missing own anchor", "[Ici](#nulle-part)", "this link leads to #nulle-part"},
		{"missing image", "![Un plan](/img/plan.png)", "content/articles/a.md:5: this image is /img/plan.png, which is not a page or file of the site"},
		{"file in other capitals", "[Plan](/docs/Plan.PDF)", "content/articles/a.md:5: this link leads to /docs/Plan.PDF, which is not a file of the site: its name is « plan.pdf », with other capitals\n\twrite /docs/plan.pdf: the server tells capitals apart"},
		{"image in other capitals", "![Le bureau](/img/Bureau.JPG)", "content/articles/a.md:5: this image is /img/Bureau.JPG, which is not a file of the site: its name is « bureau.jpg »"},
		{"decorative image", "![](/docs/plan.pdf)", ""},
		{"link without text", "[](/articles/b/)", "content/articles/a.md:5: the link to /articles/b/ has no text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"content/articles/a.md": "---\ntitle: A\ndate: 2026-01-03\n---\n" + tt.body + "\n"}
			for k, v := range base {
				files[k] = v
			}
			_, _, err := build(t, files, nil)
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("err = %v\nwant %q", err, tt.err)
			}
		})
	}
}

// TestEmailAutolink: a bare e-mail address in the text is a mailto: link,
// never checked as a path; a broken link after it is reported at its own
// line, not at the paragraph's first.
func TestEmailAutolink(t *testing.T) {
	files := map[string]string{"content/a.md": "---\ntitle: A\n---\nÉcrivez à\ncontact@exemple.fr ou\nappelez.\n\nUn paragraphe\nsur plusieurs lignes\navec https://exemple.org/ et\n[un lien cassé](/nulle-part/).\n"}
	dest, _, err := build(t, files, nil)
	if err == nil || strings.Contains(err.Error(), "contact@exemple.fr") {
		t.Fatalf("error: %v", err)
	}
	if !strings.Contains(err.Error(), "content/a.md:11: this link leads to /nulle-part/") {
		t.Errorf("the broken link is not reported at its line: %v", err)
	}
	files["content/a.md"] = "---\ntitle: A\n---\nÉcrivez à contact@exemple.fr.\n"
	dest, _, err = build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dest, "a", "index.html"))
	if !strings.Contains(string(b), `href="mailto:contact@exemple.fr"`) {
		t.Errorf("no mailto link: %s", b)
	}
}

// TestImportedMarkdown: what other tools' Markdown does builds, and says
// what it changed: a self-alias is ignored with a warning, Word bullets
// become a list, raw HTML left out is named at its line.
func TestImportedMarkdown(t *testing.T) {
	files := map[string]string{
		"content/a.md": "---\ntitle: A\naliases: [/a/, /ancienne/]\n---\nListe :\n•\tun\n•\tdeux\n\n<h2 id=\"criteres\">Critères</h2>\n\n![Le bureau](/images/Photo du bureau.png)\n",
	}
	dest, res, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := res.Warnings.Error()
	for _, want := range []string{
		"content/a.md:3: warning: the alias /a/ is this page's own URL: ignored",
		"content/a.md:6: warning: this line starts with a bullet pasted from a word processor",
		"content/a.md:9: warning: the raw HTML here, and any further down, is left out of the page: raw HTML is off",
		"content/a.md:11: warning: this image stays text: its address has spaces (/images/Photo du bureau.png)\n\tput the address between < >: ![Le bureau](</images/Photo du bureau.png>)",
	} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings lack %q:\n%s", want, w)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dest, "a", "index.html"))
	if !strings.Contains(string(b), "<li>un</li>") {
		t.Errorf("the bullets are not a list")
	}
	if _, err := os.Stat(filepath.Join(dest, "ancienne", "index.html")); err != nil {
		t.Errorf("the other alias is gone: %v", err)
	}
}

// TestRawHTMLAnchors: with raw HTML on, the ids it holds are anchors that
// links may name; with it off, the same link is broken, since the
// heading is left out (and warned of).
func TestRawHTMLAnchors(t *testing.T) {
	files := map[string]string{
		"site.toml":    "[markdown]\nunsafe = true\n",
		"content/a.md": "---\ntitle: A\n---\n<h2 id=\"criteres\">Critères</h2>\n\nTexte.\n",
		"content/b.md": "---\ntitle: B\n---\nVoir [les critères](/a/#criteres).\n",
	}
	if _, _, err := build(t, files, nil); err != nil {
		t.Errorf("an id of raw HTML is not an anchor: %v", err)
	}
	delete(files, "site.toml")
	if _, _, err := build(t, files, nil); err == nil || !strings.Contains(err.Error(), "content/b.md:4") {
		t.Errorf("raw HTML off: %v", err)
	}
}

// TestDecorativeImages: an image with an empty alt text is decorative
// (RGAA 1.2) and accepted; one that is all a link holds names the link,
// and is told, as a warning.
func TestDecorativeImages(t *testing.T) {
	files := map[string]string{
		"content/articles/a.md":     "---\ntitle: A\ndate: 2026-01-03\n---\n![](deco.png)\n\n[![](logo.png)](/articles/b/)\n\n[![Le logo](logo.png)](/articles/b/)\n",
		"content/articles/b.md":     "---\ntitle: B\ndate: 2026-01-03\n---\nB.\n",
		"content/articles/deco.png": "png", "content/articles/logo.png": "png",
	}
	_, res, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := res.Warnings.Error()
	if strings.Count(w, "is all its link holds, and has no alt text") != 1 || !strings.Contains(w, "content/articles/a.md:7: warning: the image") {
		t.Errorf("warnings:\n%s", w)
	}
	if strings.Contains(w, "deco.png") {
		t.Errorf("a decorative image is told:\n%s", w)
	}
}

// TestTwoHomePages: content/index.md beside content/_index.md is told,
// and _index.md is the home page, whatever the order the files are read.
func TestTwoHomePages(t *testing.T) {
	for range 3 {
		dest, res, err := build(t, map[string]string{
			"content/_index.md": "---\ntitle: Accueil\n---\nLa bonne.\n",
			"content/index.md":  "---\ntitle: Autre accueil\n---\nL'autre.\n",
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if w := res.Warnings.Error(); !strings.Contains(w, "content/index.md:1: warning: content/_index.md is the page of this folder already") {
			t.Errorf("warnings:\n%s", w)
		}
		if b, _ := os.ReadFile(filepath.Join(dest, "index.html")); !strings.Contains(string(b), "La bonne.") {
			t.Error("the home page is not _index.md's")
		}
	}
}

// TestDomainNamedFile: a file named after a domain is a page at its own
// name, not a translation in the language of its last part.
func TestDomainNamedFile(t *testing.T) {
	dest, _, err := build(t, map[string]string{"site.toml": "language = \"fr\"\n",
		"content/liens/data.gouv.fr.md": "---\ntitle: data.gouv.fr\n---\nLe portail.\n"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "liens/data.gouv.fr/index.html")); err != nil {
		entries, _ := os.ReadDir(filepath.Join(dest, "liens"))
		t.Errorf("data.gouv.fr.md is not at /liens/data.gouv.fr/, its own name: %v", entries)
	}
}

// TestReadmeIsIndex: a folder's README.md is its page (VuePress, MkDocs,
// GitHub), the top one the home page; beside an _index.md, it is told.
func TestReadmeIsIndex(t *testing.T) {
	dest, res, err := build(t, map[string]string{
		"content/README.md":        "---\ntitle: Accueil\n---\nLe guide. [Démarrer](guide/README.md)\n",
		"content/guide/README.md":  "---\ntitle: Le guide\n---\nIntroduction du guide.\n",
		"content/guide/etape.md":   "---\ntitle: Une étape\n---\nTexte.\n",
		"content/autre/_index.md":  "---\ntitle: Autre\n---\nLa page.\n",
		"content/autre/readme.md":  "---\ntitle: Lisez-moi\n---\nEn trop.\n",
		"content/autre/section.md": "---\ntitle: S\n---\nS.\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{"index.html": "Le guide.", "guide/index.html": "Introduction du guide.", "autre/index.html": "La page."} {
		if b, _ := os.ReadFile(filepath.Join(dest, file)); !strings.Contains(string(b), want) {
			t.Errorf("%s does not say %q", file, want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "guide/index.html")); !strings.Contains(string(b), "Une étape") {
		t.Error("the guide's page does not list its pages")
	}
	if w := res.Warnings.Error(); !strings.Contains(w, "content/autre/readme.md:1: warning: content/autre/_index.md is the page of this folder already") {
		t.Errorf("warnings:\n%s", w)
	}
}

// TestPermalinkFolderPage: a page whose permalink is a folder's address
// is that folder's page (Eleventy's content/startups.md with permalink:
// /startups/ beside content/startups/), its pages listed.
func TestPermalinkFolderPage(t *testing.T) {
	dest, _, err := build(t, map[string]string{
		"content/startups.md":            "---\ntitle: Startups\npermalink: /startups/\n---\nLa liste.\n",
		"content/startups/une.md":        "---\ntitle: Une startup\n---\nX.\n",
		"content/liste.md":               "---\ntitle: Les ressources\nurl: /ressources-utiles/\n---\nToutes.\n",
		"content/ressources-utiles/a.md": "---\ntitle: Ressource A\n---\nA.\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string][]string{"startups/index.html": {"La liste.", "Une startup"}, "ressources-utiles/index.html": {"Toutes.", "Ressource A"}} {
		b, _ := os.ReadFile(filepath.Join(dest, file))
		for _, w := range want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s does not say %q", file, w)
			}
		}
	}
}

// TestForeignImageOnce: an image of a page's text from another site is
// one error, at its line.
func TestForeignImageOnce(t *testing.T) {
	_, _, err := build(t, map[string]string{"content/a.md": "---\ntitle: A\n---\nTexte.\n\n![Un logo](https://cdn.example.net/logo.png)\n"}, nil)
	if err == nil {
		t.Fatal("the build passed")
	}
	if got := err.Error(); strings.Count(got, "cdn.example.net") != 1 || !strings.Contains(got, "content/a.md:6: this image would be loaded from another site: https://cdn.example.net/logo.png") {
		t.Errorf("errors:\n%s", got)
	}
}

// TestHTMLLinksToPages: a link to x.html, as Jekyll and VuePress sites
// write them, leads to the page of x.md beside it.
func TestHTMLLinksToPages(t *testing.T) {
	dest, _, err := build(t, map[string]string{
		"content/guide/_index.md":   "---\ntitle: Guide\n---\nVoir [l'étape](etape.html#fin).\n",
		"content/guide/etape.md":    "---\ntitle: Étape\n---\n## Fin\n\nRetour au [début](debut.html).\n",
		"content/guide/debut.md":    "---\ntitle: Début\n---\nD.\n",
		"content/guide/ancien.html": "<p>une vraie page HTML</p>",
		"content/guide/lien.md":     "---\ntitle: Lien\n---\n[L'ancienne page](ancien.html) et [l'étape](/guide/etape.html).\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{"guide/index.html": `href="/guide/etape/#fin"`, "guide/etape/index.html": `href="/guide/debut/"`,
		"guide/lien/index.html": `href="/guide/etape/"`} {
		if b, _ := os.ReadFile(filepath.Join(dest, file)); !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", file, want)
		}
	}
}

// TestOldAddresses: a folder or file name with accents keeps the address
// other tools gave it (/lauréats/été/) as an alias of relais's
// (/laureats/ete/), so that no address changes silently.
func TestOldAddresses(t *testing.T) {
	dest, _, err := build(t, map[string]string{
		"content/lauréats/_index.md": "---\ntitle: Lauréats\n---\nLa liste.\n",
		"content/lauréats/été.md":    "---\ntitle: Été\n---\nTexte.\n",
		"content/lauréats/hiver.md":  "---\ntitle: Hiver\nslug: saison-froide\n---\nTexte.\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for alias, page := range map[string]string{"lauréats/été/index.html": "/laureats/ete/", "lauréats/index.html": "/laureats/"} {
		b, err := os.ReadFile(filepath.Join(dest, alias))
		if err != nil || !strings.Contains(string(b), `http-equiv="refresh"`) || !strings.Contains(string(b), page) {
			t.Errorf("the old address %s does not lead to %s: %v", alias, page, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "lauréats/hiver/index.html")); err == nil {
		t.Error("a page with a slug of its own got an old address")
	}
}

// TestAnchorHints: a link to an anchor written with its accents folded,
// as Eleventy and VuePress make them, leads to the heading (it has both
// anchors), from another page, by its file or from the page itself; a
// misspelt one is an error naming the nearest.
func TestAnchorHints(t *testing.T) {
	_, _, err := build(t, map[string]string{
		"content/a.md": "---\ntitle: A\n---\n## Contenus concernés\n\nTexte, [plus bas](#etapes-suivantes).\n\n## Étapes suivantes\n\nTexte.\n",
		"content/b.md": "---\ntitle: B\n---\n[Voir](/a/#contenus-concernes), [ceci](a.md#contenus-concernes) et [là](/a/#etapes-suivant).\n",
	}, nil)
	if err == nil {
		t.Fatal("the build passed")
	}
	if strings.Count(err.Error(), "is not a heading or anchor") != 1 {
		t.Errorf("want one wrong anchor, the misspelt one:\n%s", err)
	}
	for _, want := range []string{"#etapes-suivant, which is not a heading", "did you mean #etapes-suivantes?"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("errors lack %q:\n%s", want, err)
		}
	}
}
