package site

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"relais"
	"relais/internal/builtin"
)

// TestOtherToolsFiles: files written for Hugo, Jekyll or Eleventy build:
// JSON front matter, a date with a zone, empty values, .markdown files,
// index.md at the top as the home page, and translations named x.LANG.md
// (the site's own language is the page; others are left out with a
// warning, never published as /x.en/).
func TestOtherToolsFiles(t *testing.T) {
	dest, res, err := build(t, map[string]string{
		"site.toml":                        "language = \"fr\"\n",
		"content/index.md":                 "---\ntitle: Bienvenue\n---\nLa page d’accueil.\n",
		"content/articles/json.md":         "{\n  \"title\": \"Écrit en JSON\",\n  \"date\": \"2024-01-15\"\n}\nLe texte.\n",
		"content/articles/jekyll.markdown": "---\ntitle: Jekyll\ndate: 2024-01-15 10:30:00 +0100\nslug:\npermalink: \"\"\n---\nLe texte.\n",
		"content/articles/traduit.fr.md":   "---\ntitle: En français\n---\nTexte.\n",
		"content/articles/traduit.en.md":   "---\ntitle: In English\n---\nText.\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(read(t, dest, "index.html"), "La page d’accueil.") || exists(dest, "index/index.html") {
		t.Errorf("content/index.md is not the home page")
	}
	for _, f := range []string{"articles/json/index.html", "articles/jekyll/index.html", "articles/traduit/index.html"} {
		if !exists(dest, f) {
			t.Errorf("%s not published", f)
		}
	}
	if p := read(t, dest, "articles/jekyll/index.html"); !strings.Contains(p, `datetime="2024-01-15"`) {
		t.Errorf("the Jekyll date is lost")
	}
	if exists(dest, "articles/traduit.en/index.html") || exists(dest, "articles/traduit-en/index.html") || strings.Contains(read(t, dest, "articles/index.html"), "In English") {
		t.Errorf("the English translation was published")
	}
	w := res.Warnings.Error()
	if !strings.Contains(w, "content/articles/traduit.en.md: warning: this is named as the translation (en) of traduit.md") {
		t.Errorf("no warning for the translation:\n%s", w)
	}
	if strings.Contains(w, "slug") {
		t.Errorf("an empty slug gave a warning:\n%s", w)
	}
}

// TestOtherToolsFields: the front matter fields of Hugo, Jekyll and
// Eleventy are understood where relais has the idea (linkTitle,
// permalink, build.render, eleventyNavigation's order) and the others
// are counted in one warning, not one per page.
func TestOtherToolsFields(t *testing.T) {
	dest, res, err := build(t, map[string]string{
		"content/articles/_index.md": "---\ntitle: Articles\n---\n",
		"layouts/single.html":        "<p>{{ .LinkTitle }}</p>",
		"content/articles/a.md":      "---\ntitle: Un titre très long\nlinkTitle: Court\nmenu: main\noutputs: [html]\neleventyNavigation: {key: A, order: 1}\n---\nTexte.\n",
		"content/articles/b.md":      "---\nlayout: layouts/base.njk\ntitle: B\nmenu: {main: {weight: 2}}\npermalink: /ailleurs/b/\n---\nTexte.\n",
		"content/articles/c.md":      "---\ntitle: Jamais\nbuild: {render: never}\n---\nSECRET-never-rendered\n",
		"content/articles/d.md":      "---\ntitle: Faux\npermalink: false\n---\nSECRET-permalink-false\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(read(t, dest, "articles/a/index.html"), "<p>Court</p>") || exists(dest, "articles/c/index.html") || exists(dest, "articles/d/index.html") || !exists(dest, "ailleurs/b/index.html") {
		t.Errorf("linkTitle, build.render, permalink not understood")
	}
	for name, text := range tree(t, dest) {
		if strings.Contains(text, "SECRET-") {
			t.Errorf("%s holds a page that is never to be written", name)
		}
	}
	w := res.Warnings.Error()
	if !strings.Contains(w, `content/articles/b.md:2: warning: layout "layouts/base.njk": there is no such layout, so the page has the default one`) {
		t.Errorf("no warning for the missing layout:\n%s", w)
	}
	if strings.Count(w, "warning") != 2 || !strings.Contains(w, "content: warning: 1 page has fields that other tools use and relais does not: outputs (1 page); they are ignored") {
		t.Errorf("warnings:\n%s", w)
	}
}

// TestTemplateTags: other tools' template tags are left as written (no
// French spacing inside them), never checked as links, and reported once
// per page at the first one's line.
func TestTemplateTags(t *testing.T) {
	dest, res, err := build(t, map[string]string{
		"site.toml": "language = \"fr\"\n",
		"content/a.md": "---\ntitle: A\n---\nVoir {{< ref \"b.md\" >}} : la suite.\n\n[B]({{< ref \"b.md\" >}}) et {% include note.html %}.\n\n" +
			"{{% notice info %}}\nÀ retenir !\n{{% /notice %}}\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	page := read(t, dest, "a/index.html")
	content := page[strings.Index(page, `<div class="content">`):]
	content = content[:strings.Index(content, "</div>")]
	for _, w := range []string{`{{&lt; ref &quot;b.md&quot; &gt;}}`, `{% include note.html %}`, `{{% notice info %}}`} {
		if !strings.Contains(content, w) {
			t.Errorf("the tag %s is not shown as written:\n%s", w, content)
		}
	}
	if strings.Contains(content, "«") {
		t.Errorf("French typography changed a tag's quotes:\n%s", content)
	}
	if strings.Contains(read(t, dest, "index.xml"), "«") {
		t.Errorf("a summary's tag got French quotes")
	}
	w := res.Warnings.Error()
	if strings.Count(w, "template tag") != 1 || !strings.Contains(w, `content/a.md:4: warning: {{< ref "b.md" >}} is a template tag of another tool (Hugo, Jekyll, Eleventy), and 4 more further down: relais shows them as they are written`) {
		t.Errorf("warnings:\n%s", w)
	}
}

// TestLinksToFiles: a link to a page's Markdown file, as other tools
// write them, leads to the page, with its anchor.
func TestLinksToFiles(t *testing.T) {
	dest, _, err := build(t, map[string]string{
		"site.toml":             "baseURL = \"https://example.org/iscg/\"\n",
		"content/articles/a.md": "---\ntitle: A\n---\nVoir [B](b.md), [B plus bas](b.md#suite) et [le guide](/guides/g.md).\n",
		"content/articles/b.md": "---\ntitle: B\nslug: deuxieme\n---\n## Suite\n\nTexte.\n",
		"content/guides/g.md":   "---\ntitle: G\n---\nTexte.\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	page := read(t, dest, "articles/a/index.html")
	for _, w := range []string{`href="/iscg/articles/deuxieme/"`, `href="/iscg/articles/deuxieme/#suite"`, `href="/iscg/guides/g/"`} {
		if !strings.Contains(page, w) {
			t.Errorf("the page lacks %s", w)
		}
	}
}

// TestMarkdownTitle: Markdown in a title is its text, in <h1>, <title>
// and lists.
func TestMarkdownTitle(t *testing.T) {
	dest, _, err := build(t, map[string]string{
		"content/articles/_index.md": "---\ntitle: Articles\n---\n",
		"content/articles/a.md":      "---\ntitle: \"Le [RGAA](https://accessibilite.numerique.gouv.fr/) et *moi*\"\n---\nTexte.\n",
		"content/articles/b.md":      "---\ntitle: guide_v2 et 5 * 3\n---\nTexte.\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	page := read(t, dest, "articles/a/index.html")
	if !strings.Contains(page, "<h1>Le RGAA et moi</h1>") || !strings.Contains(page, "<title>Le RGAA et moi · ") {
		t.Errorf("the title's Markdown is shown")
	}
	if !strings.Contains(read(t, dest, "articles/b/index.html"), "<h1>guide_v2 et 5 * 3</h1>") {
		t.Errorf("a title without Markdown changed")
	}
}

// TestPageBesideFolder: x.md beside a folder x/ is the page of that
// section (Eleventy's way), not a clash of URLs; if x/_index.md is there
// too, it wins and x.md is left out with a warning.
func TestPageBesideFolder(t *testing.T) {
	files := map[string]string{
		"content/methode.md":         "---\ntitle: La méthode\n---\nTrois étapes.\n",
		"content/methode/etape-1.md": "---\ntitle: Première étape\n---\nTexte.\n",
	}
	dest, res, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	sec := read(t, dest, "methode/index.html")
	if !strings.Contains(sec, "Trois étapes.") || !strings.Contains(sec, "Première étape") {
		t.Errorf("methode.md is not the page of methode/")
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	files["content/methode/_index.md"] = "---\ntitle: Méthode\n---\nLa section.\n"
	dest, res, err = build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(read(t, dest, "methode/index.html"), "La section.") ||
		!strings.Contains(res.Warnings.Error(), "content/methode.md:1: warning: content/methode/_index.md is the page of the section methode/") {
		t.Errorf("with _index.md: %v", res.Warnings)
	}
}

// TestFrontMatterMenu: a page's menu: main (Hugo) or eleventyNavigation
// without a parent (Eleventy) puts it in the main menu, by weight, with
// site.toml's entries; build.list: never publishes a page in no list.
func TestFrontMatterMenu(t *testing.T) {
	files := map[string]string{
		"site.toml":                  "[[menu]]\nname = \"Accueil\"\nurl = \"/\"\nweight = 1\n",
		"content/contact.md":         "---\ntitle: Me joindre\nmenu: {main: {weight: 3, name: Contact}}\n---\nTexte.\n",
		"content/apropos.md":         "---\ntitle: À propos\neleventyNavigation: {key: Qui suis-je, order: 2}\n---\nTexte.\n",
		"content/articles/_index.md": "---\ntitle: Articles\n---\n",
		"content/articles/cache.md":  "---\ntitle: Hors liste\nbuild: {list: never}\n---\nTexte.\n",
		"content/articles/vu.md":     "---\ntitle: Dans la liste\nmenu: main\n---\nTexte.\n",
	}
	dest, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	home := read(t, dest, "index.html")
	nav := home[strings.Index(home, `<nav aria-label="Navigation principale">`):]
	nav = nav[:strings.Index(nav, "</nav>")]
	var names []string
	for _, part := range strings.Split(nav, "</a>")[:4] {
		names = append(names, part[strings.LastIndex(part, ">")+1:])
	}
	if got := strings.Join(names, ", "); got != "Accueil, Qui suis-je, Contact, Dans la liste" {
		t.Errorf("the menu is %q", got)
	}
	list := read(t, dest, "articles/index.html")
	if !exists(dest, "articles/cache/index.html") || strings.Contains(list, "Hors liste") || !strings.Contains(list, "Dans la liste") {
		t.Errorf("build.list: never is not understood")
	}
}

// TestAliasAndTaxonomyClashes: every duplicate alias is reported in one
// run, naming both pages; a folder named as a taxonomy says which setting
// to change.
func TestAliasAndTaxonomyClashes(t *testing.T) {
	_, _, err := build(t, map[string]string{
		"site.toml":           "[taxonomies]\ntheme = \"themes\"\n",
		"content/themes/x.md": "---\ntitle: X\n---\nTexte.\n",
		"content/a/a.md":      "---\ntitle: A\naliases: [/vieux/, /ancien/]\nthemes: [Droits]\n---\nTexte.\n",
		"content/a/b.md":      "---\ntitle: B\naliases: [/vieux/, /ancien/]\n---\nTexte.\n",
	}, nil)
	got := ""
	if err != nil {
		got = err.Error()
	}
	for _, w := range []string{"content/a/b.md:3: the alias /vieux/ is already an alias of content/a/a.md (line 3)",
		"content/a/b.md:3: the alias /ancien/ is already an alias of content/a/a.md (line 3)",
		"site.toml: the folder content/themes/ and the taxonomy themes of site.toml both want the URL /themes/"} {
		if !strings.Contains(got, w) {
			t.Errorf("errors lack %q:\n%s", w, got)
		}
	}
}

// TestInclude: a paragraph ![[file.md]] shows that page's text, with its
// images and links as that page has them; a missing or private page is an
// error at its line; a page that includes itself is cut.
func TestInclude(t *testing.T) {
	files := map[string]string{
		"content/articles/a.md":        "---\ntitle: A\n---\nAvant.\n\n![[../commun/horaires.md]]\n\nAprès.\n",
		"content/commun/horaires.md":   "---\ntitle: Horaires\n---\nOuvert du lundi au vendredi. Voir [le plan](plan.md).\n",
		"content/commun/plan.md":       "---\ntitle: Plan\n---\nLe plan.\n",
		"content/articles/boucle.md":   "---\ntitle: Boucle\n---\n![[boucle-2.md]]\n",
		"content/articles/boucle-2.md": "---\ntitle: Boucle 2\n---\n![[boucle.md]]\n",
	}
	dest, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := read(t, dest, "articles/a/index.html")
	if !strings.Contains(a, "<p>Avant.</p>\n<p>Ouvert du lundi au vendredi. Voir <a href=\"/commun/plan/\">le plan</a>.</p>") || strings.Contains(a, "relais:include") {
		t.Errorf("the included page is not shown where it is included:\n%s", a)
	}
	if b := read(t, dest, "articles/boucle/index.html"); strings.Contains(b, "relais:include") {
		t.Errorf("a loop of includes left a mark")
	}
	files["content/articles/a.md"] = "---\ntitle: A\n---\nAvant.\n\n![[secret.md]]\n"
	files["content/articles/secret.md"] = "---\ntitle: S\nvisibility: private\n---\nSECRET\n"
	_, _, err = build(t, files, nil)
	if err == nil || !strings.Contains(err.Error(), "content/articles/a.md:6: the page to include, secret.md, is not a published or headless page of the site") {
		t.Errorf("error %v", err)
	}
}

// TestIncludeRebuild: in relais serve, editing an included page shows in
// the page that includes it.
func TestIncludeRebuild(t *testing.T) {
	fsys := mapFS(map[string]string{
		"content/a.md": "---\ntitle: A\n---\n![[b.md]]\n",
		"content/b.md": "---\ntitle: B\n---\nPremière version.\n",
	})
	dest := filepath.Join(t.TempDir(), "public")
	s := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: dest, Now: now})
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	fsys["content/b.md"] = file("---\ntitle: B\n---\nDeuxième version.\n")
	if _, err := s.Rebuild(context.Background(), []string{"content/b.md"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(read(t, dest, "a/index.html"), "Deuxième version.") {
		t.Errorf("the including page still shows the old text")
	}
}

// TestHeadlessInclude: a headless page (headless: true, build.render:
// never, permalink: false) is no page of its own, in no list, sitemap or
// search index, and its bundle's files stay unpublished; but its text
// shows where a page includes it, and an edit of it shows there in relais
// serve. A headless page that is also a draft is not shown at all.
func TestHeadlessInclude(t *testing.T) {
	files := map[string]string{
		"content/a.md":                   "---\ntitle: A\n---\n![[/extraits/horaires.md]]\n\n![[/extraits/bloc/index.md]]\n\n![[/extraits/jekyll.md]]\n",
		"content/extraits/horaires.md":   "---\ntitle: Horaires\nbuild: {render: never}\n---\nHEADLESS-horaires.\n",
		"content/extraits/bloc/index.md": "---\ntitle: Bloc\nheadless: true\n---\nHEADLESS-bloc.\n",
		"content/extraits/bloc/note.pdf": "%PDF-1.4 SECRET-file",
		"content/extraits/jekyll.md":     "---\ntitle: Jekyll\npermalink: false\n---\nHEADLESS-jekyll.\n",
	}
	fsys := mapFS(files)
	dest := filepath.Join(t.TempDir(), "public")
	s := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: dest, Now: now})
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	a := read(t, dest, "a/index.html")
	for _, w := range []string{"HEADLESS-horaires.", "HEADLESS-bloc.", "HEADLESS-jekyll."} {
		if !strings.Contains(a, w) {
			t.Errorf("the including page does not show %s", w)
		}
	}
	for name, text := range tree(t, dest) {
		if name != "a/index.html" && strings.Contains(text, "HEADLESS-") || strings.Contains(text, "SECRET-") {
			t.Errorf("%s holds a headless page or its file", name)
		}
		if strings.HasPrefix(name, "extraits/") && name != "extraits/index.html" {
			t.Errorf("%s: a headless page was published", name)
		}
	}
	fsys["content/extraits/horaires.md"] = file("---\ntitle: Horaires\nbuild: {render: never}\n---\nHEADLESS-nouveaux-horaires.\n")
	if _, err := s.Rebuild(context.Background(), []string{"content/extraits/horaires.md"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(read(t, dest, "a/index.html"), "HEADLESS-nouveaux-horaires.") {
		t.Errorf("an edit of a headless page does not show where it is included")
	}
	fsys["content/extraits/horaires.md"] = file("---\ntitle: Horaires\nheadless: true\ndraft: true\n---\nHEADLESS-brouillon.\n")
	_, err := s.Rebuild(context.Background(), []string{"content/extraits/horaires.md"})
	if err == nil || !strings.Contains(err.Error(), "content/a.md:4: the page to include, /extraits/horaires.md, is not a published or headless page") {
		t.Errorf("a draft headless page was included: %v", err)
	}
}

// TestCascade: the fields a section's cascade gives reach every page
// below it that does not set them (the nearest section's first, params
// one by one); private and headless cascade too, so that nothing below is
// published; mistakes are told once, at the section's line; and in relais
// serve an edit of the cascade shows on the pages below.
func TestCascade(t *testing.T) {
	fsys := mapFS(map[string]string{
		"layouts/single.html":           `<p>{{ .Params.bandeau }}|{{ .Params.couleur }}|{{ range .Params.tags }}{{ . }}{{ end }}</p>`,
		"content/guides/_index.md":      "---\ntitle: Guides\ncascade:\n  params: {bandeau: Guide, couleur: bleu}\n  tags: [pratique]\n  title: Non\n---\n",
		"content/guides/a.md":           "---\ntitle: A\n---\nTexte.\n",
		"content/guides/b.md":           "---\ntitle: B\ntags: [autre]\nparams: {couleur: vert}\n---\nTexte.\n",
		"content/guides/sous/_index.md": "---\ntitle: Sous\ncascade: [{params: {bandeau: Sous-guide}}, {_target: {path: x}, draft: true}]\n---\n",
		"content/guides/sous/c.md":      "---\ntitle: C\n---\nTexte.\n",
		"content/notes/_index.md":       "---\ntitle: Notes\ncascade: {visibility: private}\n---\n",
		"content/notes/n.md":            "---\ntitle: N\n---\nSECRET-cascade-private\n",
		"content/extraits/_index.md":    "---\ntitle: Extraits\ncascade: {_build: {render: never, list: never}}\n---\n",
		"content/extraits/e.md":         "---\ntitle: E\n---\nSECRET-cascade-headless\n",
		"content/f.md":                  "---\ntitle: F\ncascade: {params: {x: 1}}\n---\nTexte.\n",
	})
	dest := filepath.Join(t.TempDir(), "public")
	s := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: dest, Now: now})
	res, err := s.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		"guides/a/index.html":      "<p>Guide|bleu|pratique</p>",
		"guides/b/index.html":      "<p>Guide|vert|autre</p>",
		"guides/sous/c/index.html": "<p>Sous-guide|bleu|pratique</p>",
	} {
		if got := read(t, dest, file); !strings.Contains(got, want) {
			t.Errorf("%s: want %s in\n%s", file, want, got)
		}
	}
	for name, text := range tree(t, dest) {
		if strings.Contains(text, "SECRET-") {
			t.Errorf("%s holds a page its section's cascade keeps out", name)
		}
	}
	w := res.Warnings.Error()
	for _, want := range []string{
		"content/guides/_index.md:3: warning: cascade: title names one page, so it is not given to every page below",
		"content/guides/sous/_index.md:3: warning: cascade: a group with a target (_target) is left out",
		"content/f.md:3: warning: cascade works only in a section's page (_index.md): here it is ignored",
	} {
		if !strings.Contains(w, want) {
			t.Errorf("no warning %q in\n%s", want, w)
		}
	}
	if strings.Count(w, "warning: cascade") != 3 {
		t.Errorf("cascade warnings told more than once:\n%s", w)
	}
	fsys["content/guides/_index.md"] = file("---\ntitle: Guides\ncascade:\n  params: {bandeau: Nouveau, couleur: rouge}\n---\n")
	if _, err := s.Rebuild(context.Background(), []string{"content/guides/_index.md"}); err != nil {
		t.Fatal(err)
	}
	if got := read(t, dest, "guides/sous/c/index.html"); !strings.Contains(got, "<p>Sous-guide|rouge|</p>") {
		t.Errorf("an edit of the cascade does not show below:\n%s", got)
	}
	fsys["content/notes/_index.md"] = file("---\ntitle: Notes\n---\n")
	if _, err := s.Rebuild(context.Background(), []string{"content/notes/_index.md"}); err != nil {
		t.Fatal(err)
	}
	if !exists(dest, "notes/n/index.html") {
		t.Errorf("a page no longer private by cascade is still left out")
	}
	delete(fsys, "content/notes/_index.md")
	fsys["content/guides/_index.md"] = file("---\ntitle: Guides\ncascade: {weight: lourd}\n---\n")
	_, err = s.Rebuild(context.Background(), []string{"content/guides/_index.md", "content/notes/_index.md"})
	if err == nil || !strings.Contains(err.Error(), "content/guides/_index.md:3: weight: \"lourd\" is not a whole number") || strings.Contains(err.Error(), "guides/a.md") {
		t.Errorf("a bad cascaded value is not told once, at the section: %v", err)
	}
}
