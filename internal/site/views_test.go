package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStandaloneNoNeighbours: pages at the top of the site (the
// accessibility statement, « Effacer vos traces ») are not a series of
// articles: no « Articles voisins ».
func TestStandaloneNoNeighbours(t *testing.T) {
	dest, _, err := build(t, map[string]string{
		"content/accessibilite.md":      "---\ntitle: Accessibilité\ndate: 2026-01-01\n---\nTexte.\n",
		"content/effacer-vos-traces.md": "---\ntitle: Effacer vos traces\ndate: 2026-01-02\n---\nTexte.\n",
		"content/articles/un.md":        "---\ntitle: Un\ndate: 2026-01-01\n---\nTexte.\n",
		"content/articles/deux.md":      "---\ntitle: Deux\ndate: 2026-01-02\n---\nTexte.\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"accessibilite/index.html", "effacer-vos-traces/index.html"} {
		if b, _ := os.ReadFile(filepath.Join(dest, p)); strings.Contains(string(b), `class="prev-next"`) {
			t.Errorf("%s shows neighbours", p)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "articles/un/index.html")); !strings.Contains(string(b), `class="prev-next"`) {
		t.Errorf("an article lost its neighbours")
	}
}

// TestSummaryTypography: a summary made from the text follows the same
// French rules as the text, in lists and feeds.
func TestSummaryTypography(t *testing.T) {
	dest, _, err := build(t, map[string]string{
		"site.toml":                  "title = \"S\"\nlanguage = \"fr\"\nbaseURL = \"https://example.org/\"\n",
		"content/articles/a.md":      "---\ntitle: A\ndate: 2026-01-01\n---\nEst-ce utile ? Oui : « souvent ».\n",
		"content/articles/_index.md": "---\ntitle: Articles\n---\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"articles/index.html", "articles/index.xml"} {
		b, _ := os.ReadFile(filepath.Join(dest, p))
		if !strings.Contains(string(b), "utile\u202f? Oui\u00a0: «\u202fsouvent\u202f»") {
			t.Errorf("%s: the summary lacks French spacing", p)
		}
	}
}

// TestUntitledPage: a page without a title takes its leading heading,
// which is not shown twice, or its file name, with a warning; no empty
// <h1>, no empty link in lists.
func TestUntitledPage(t *testing.T) {
	dest, res, err := build(t, map[string]string{
		"content/articles/_index.md":         "---\ntitle: Articles\n---\n",
		"content/articles/premier.md":        "---\ndate: 2026-01-01\n---\n# Le premier article\n\nTexte.\n",
		"content/articles/sans-titre-ici.md": "---\ndate: 2026-01-02\n---\nTexte seul.\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dest, "articles/premier/index.html"))
	page := string(b)
	if !strings.Contains(page, "<h1>Le premier article</h1>") || strings.Count(page, "Le premier article</h") != 1 || strings.Contains(page, "<h1></h1>") {
		t.Errorf("premier: the title is missing or shown twice")
	}
	b, _ = os.ReadFile(filepath.Join(dest, "articles/sans-titre-ici/index.html"))
	if !strings.Contains(string(b), "<h1>Sans titre ici</h1>") {
		t.Errorf("sans-titre-ici: no title from the file name")
	}
	list, _ := os.ReadFile(filepath.Join(dest, "articles/index.html"))
	if strings.Contains(string(list), `"></a>`) {
		t.Errorf("an empty link in the list")
	}
	w := res.Warnings.Error()
	for _, want := range []string{"content/articles/premier.md:1: warning: this page has no title: it takes its first heading, « Le premier article »",
		"content/articles/sans-titre-ici.md:1: warning: this page has no title: it takes its file name, « Sans titre ici »"} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings lack %q:\n%s", want, w)
		}
	}
}

// TestSummaryFromText: a summary is made from the first real text, lists
// and tables included, never from an image's alt text; a page of a list
// alone has text.
func TestSummaryFromText(t *testing.T) {
	dest, res, err := build(t, map[string]string{
		"content/articles/_index.md": "---\ntitle: Articles\n---\n",
		"content/articles/liste.md":  "---\ntitle: Liste\ndate: 2026-01-01\n---\n## Ce qu’il faut apporter\n\n- une pièce d’identité\n- le dépôt de plainte\n",
		"content/articles/photo.md":  "---\ntitle: Photo\ndate: 2026-01-02\n---\nLe bureau est au rez-de-chaussée.\n\n![Vue du couloir depuis l’accueil](/img/x.png)\n",
		"static/img/x.png":           "png",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := os.ReadFile(filepath.Join(dest, "articles/index.html"))
	for _, want := range []string{"<p>une pièce d’identité le dépôt de plainte</p>", "<p>Le bureau est au rez-de-chaussée.</p>"} {
		if !strings.Contains(string(list), want) {
			t.Errorf("the list lacks the summary %s", want)
		}
	}
	if strings.Contains(string(list), "Vue du couloir") {
		t.Errorf("a summary ends with an image's alt text")
	}
	if strings.Contains(res.Warnings.Error(), "no summary") {
		t.Errorf("a page of a list is said to have no text: %v", res.Warnings)
	}
}

// TestMenuSection: the main navigation marks the page itself as the
// current page, and the section a page lies below on every page below it.
func TestMenuSection(t *testing.T) {
	dest, _, err := build(t, map[string]string{
		"site.toml": "[[menu]]\nname = \"Accueil\"\nurl = \"/\"\n[[menu]]\nname = \"Articles\"\nurl = \"/articles/\"\n" +
			"[[menu]]\nname = \"Ateliers\"\nurl = \"/ateliers/\"\n",
		"content/articles/_index.md":    "---\ntitle: Articles\n---\n",
		"content/articles/a.md":         "---\ntitle: A\n---\nTexte.\n",
		"content/ateliers/kit/index.md": kitIndex,
		"content/ateliers/kit/guide.md": "---\ntitle: Guide\n---\nTexte.\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ page, want, not string }{
		{"index.html", `href="/" aria-current="page"`, `aria-current="true"`},
		{"articles/index.html", `href="/articles/" aria-current="page"`, `aria-current="true"`},
		{"articles/a/index.html", `href="/articles/" aria-current="true"`, `href="/" aria-current`},
		{"ateliers/kit/guide/index.html", `href="/ateliers/" aria-current="true"`, `href="/articles/" aria-current`},
	} {
		b, _ := os.ReadFile(filepath.Join(dest, tc.page))
		if !strings.Contains(string(b), tc.want) || strings.Contains(string(b), tc.not) {
			t.Errorf("%s: want %s and not %s in its navigation", tc.page, tc.want, tc.not)
		}
	}
}

// TestTaxonomyLabels: a taxonomy the theme's strings name shows its
// name (relais init's thematiques), and one they do not (an imported
// site's categories) its plural, never the key of the string.
func TestTaxonomyLabels(t *testing.T) {
	dest, _, err := build(t, map[string]string{
		"site.toml":    "[taxonomies]\ntheme = \"thematiques\"\ncategory = \"categories\"\n",
		"content/a.md": "---\ntitle: A\nthematiques: [Famille]\ncategories: [Droits]\n---\nTexte.\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	page := read(t, dest, "a/index.html")
	if !strings.Contains(page, "Thématiques\u00a0:") || !strings.Contains(page, "Categories\u00a0:") || strings.Contains(page, "taxonomy.") {
		t.Errorf("taxonomy labels:\n%s", page[strings.Index(page, "<main"):])
	}
}
