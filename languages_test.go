package relais_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"relais"
	"relais/internal/area"
	"relais/internal/builtin"
	"relais/internal/diag"
	"relais/internal/imagemeta/imagetest"
	"relais/internal/site"
	"relais/internal/testsite"

	"golang.org/x/text/unicode/norm"
)

// multilingualSite is a site in French, English and Arabic: a page in
// the three, a page in French only, a page in English only (by its
// folder), home pages, tags, a search page in French and English.
func multilingualSite() fstest.MapFS { return multilingualSiteWith(nil) }

// multilingualSiteWith is multilingualSite with more files.
func multilingualSiteWith(more map[string][]byte) fstest.MapFS {
	files := map[string]string{
		"site.toml": "title = \"Intervenante sociale\"\nbaseURL = \"https://example.org/\"\nlanguage = \"fr\"\n\n" +
			"[languages.en]\nname = \"English\"\ntitle = \"Social worker at the police station\"\nweight = 1\n\n" +
			"[languages.ar]\ntitle = \"الأخصائية الاجتماعية\"\nweight = 2\n",
		"content/_index.md":    "---\ntitle: Accueil\n---\nBienvenue.\n",
		"content/_index.en.md": "---\ntitle: Welcome\n---\nWelcome.\n",
		"content/_index.ar.md": "---\ntitle: مرحبا\n---\nأهلا وسهلا.\n",
		"content/articles/qui.md": "---\ntitle: Qui suis-je\ndate: 2026-01-02\ntags: [accueil]\n---\n" +
			"Je suis l’intervenante sociale : « bonjour ». Voir [porter plainte](plainte.md).\n",
		"content/articles/qui.en.md": "---\ntitle: Who I am\ndate: 2026-01-02\ntags: [welcome]\n---\n" +
			"I am the social worker: \"hello\"... Read [for visitors](/en/articles/visitors/).\n",
		"content/articles/qui.ar.md":      "---\ntitle: من أنا\ndate: 2026-01-02\n---\nأنا الأخصائية الاجتماعية في مركز الشرطة. اتصلوا بالرقم 01 23 45 67 89.\n",
		"content/articles/plainte.md":     "---\ntitle: Porter plainte\ndate: 2026-01-03\n---\nComment porter plainte.\n",
		"content/en/articles/visitors.md": "---\ntitle: For visitors\ndate: 2026-01-04\n---\nA page in English only.\n",
		"content/recherche.md":            "---\ntitle: Rechercher\nlayout: recherche\n---\n",
		"content/recherche.en.md":         "---\ntitle: Search\nlayout: recherche\n---\n",
	}
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	for k, v := range more {
		m[k] = &fstest.MapFile{Data: v}
	}
	return m
}

// TestLanguages builds a site in three languages: each language's pages
// under its prefix (the site's own without), its lists, feeds, search
// index and menu holding its pages only, the switcher leading to each
// version (or saying, in the language concerned, that there is none),
// hreflang alternates both ways in pages and sitemap, the interface,
// direction and typography of each language; the Arabic page against a
// golden file (RELAIS_UPDATE=1 rewrites it).
func TestLanguages(t *testing.T) {
	t.Parallel()
	dest := filepath.Join(t.TempDir(), "public")
	// A bundle and its translation share its photo; a partner's page
	// and its translation are one partner.
	src := multilingualSiteWith(map[string][]byte{
		"content/articles/guide/index.md":    []byte("---\ntitle: Le guide\ndate: 2026-01-05\n---\nLe guide.\n\n![Un schéma](photo.jpg)\n"),
		"content/articles/guide/index.en.md": []byte("---\ntitle: The guide\ndate: 2026-01-05\n---\nThe guide.\n\n![A diagram](photo.jpg)\n"),
		"content/articles/guide/photo.jpg":   imagetest.Photo(t, 600, 400),
		"content/partenaires/_index.md":      []byte("---\ntitle: Partenaires\n---\n"),
		"content/partenaires/cidff.md":       []byte("---\ntitle: CIDFF\ntype: CIDFF\ntelephone: \"04 00 00 00 01\"\nlangues: [arabe]\nverifie: 2026-11-01\ndescription: Droits des femmes.\n---\n"),
		"content/partenaires/cidff.ar.md":    []byte("---\ntitle: CIDFF du Rhône (69)\ntype: CIDFF\ntelephone: \"04 00 00 00 01\"\nadresse: 1 rue de l’Exemple\ncommune: Lyon\nverifie: 2026-11-01\ndescription: حقوق النساء.\n---\n"),
		"content/partenaires/cidff.en.md":    []byte("---\ntitle: CIDFF\ntype: CIDFF\ntelephone: \"04 00 00 00 01\"\nlangues: [arabe]\nverifie: 2026-11-01\ndescription: Rights of women.\n---\n"),
	})
	res, err := site.New(site.Options{Extensions: builtin.Extensions(), Source: src, Theme: relais.Theme(), Dest: dest}).Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if w := res.Warnings.Error(); strings.Contains(w, "content/") {
		t.Errorf("warnings about the content: %s", w)
	}
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(dest, p))
		if err != nil {
			t.Fatalf("%s is not published: %v", p, err)
		}
		return string(b)
	}
	for _, c := range []struct {
		file       string
		has, lacks []string
	}{
		{"articles/qui/index.html",
			[]string{`<html lang="fr">`, `<link rel="alternate" hreflang="en" href="https://example.org/en/articles/qui/">`,
				`<link rel="alternate" hreflang="ar" href="https://example.org/ar/articles/qui/">`,
				`<link rel="alternate" hreflang="x-default" href="https://example.org/articles/qui/">`,
				`<nav class="languages" aria-label="Langues">`, `<li lang="en"><a href="/en/articles/qui/" hreflang="en">English</a></li>`,
				`<li lang="ar" dir="rtl"><a href="/ar/articles/qui/" hreflang="ar">العربية</a></li>`,
				`<a href="/articles/qui/" aria-current="page">Français</a>`, "intervenante sociale\u00a0:", `href="/articles/plainte/"`},
			nil},
		{"en/articles/qui/index.html",
			[]string{`<html lang="en">`, `<title>Who I am · Social worker at the police station</title>`,
				`<link rel="alternate" hreflang="fr" href="https://example.org/articles/qui/">`,
				`<link rel="alternate" hreflang="x-default" href="https://example.org/articles/qui/">`,
				`aria-label="Languages"`, `Skip to content`, `social worker: “hello”…`, `action="/en/recherche/"`,
				`href="/en/tags/welcome/"`, `<meta name="description" content="I am the social worker: “hello”… Read for visitors.">`},
			[]string{"\u202f:", "&ldquo;", "Aller au contenu", `href="/tags/`}},
		{"ar/articles/qui/index.html",
			[]string{`<html lang="ar" dir="rtl">`, `aria-label="اللغات"`, `مغادرة الموقع`, `<li lang="fr"><a href="/articles/qui/" hreflang="fr">Français</a></li>`},
			[]string{"Aller au contenu"}},
		// A page in French only: the switcher says, in each language,
		// that it is not translated, and leads to that language's home.
		{"articles/plainte/index.html",
			[]string{`<li lang="en"><a href="/en/">English <small>(not translated yet)</small></a></li>`,
				`<li lang="ar" dir="rtl"><a href="/ar/">العربية <small>(لم تترجم بعد)</small></a></li>`},
			[]string{`hreflang="en"`, `hreflang="x-default"`}},
		// A page in English only: the French entry leads to the French home.
		{"en/articles/visitors/index.html",
			[]string{`<li lang="fr"><a href="/">Français <small>(pas encore traduit)</small></a></li>`, `<html lang="en">`},
			[]string{`hreflang="x-default"`}},
		// Lists hold their language's pages.
		{"articles/index.html", []string{"Qui suis-je", "Porter plainte"}, []string{"Who I am", "For visitors", "من أنا"}},
		{"en/articles/index.html", []string{"Who I am", "For visitors"}, []string{"Qui suis-je", "Porter plainte"}},
		{"ar/articles/index.html", []string{"من أنا"}, []string{"Qui suis-je", "Who I am"}},
		{"index.html", []string{"Qui suis-je"}, []string{"Who I am", `href="/en/">En`}},
		{"en/index.html", []string{"Who I am", "For visitors", `<html lang="en">`, "<h1>Social worker at the police station</h1>"}, []string{"Qui suis-je", "Porter plainte"}},
		{"tags/index.html", []string{"accueil"}, []string{"welcome"}},
		{"en/tags/index.html", []string{"welcome"}, []string{"accueil"}},
		{"index.xml", []string{"Qui suis-je"}, []string{"Who I am"}},
		{"en/index.xml", []string{"Who I am", "For visitors"}, []string{"Qui suis-je"}},
		{"search-index.json", []string{`"/articles/plainte/"`}, []string{`"/en/`, `"/ar/`}},
		{"en/search-index.json", []string{`"/en/articles/visitors/"`}, []string{`"/articles/`, "plainte"}},
		{"en/recherche/index.html", []string{`data-index="/en/search-index.json"`}, nil},
		{"en/articles/guide/index.html", []string{`src="/articles/guide/photo-`, `alt="A diagram"`, `hreflang="fr" href="https://example.org/articles/guide/"`}, nil},
		{"en/partenaires/cidff/index.html", []string{"Rights of women.", `<html lang="en">`}, nil},
		// Names and addresses in another script than the page's are laid
		// out by their own direction.
		{"ar/partenaires/cidff/index.html", []string{`<h1 dir="auto">CIDFF du Rhône (69)</h1>`, `<dd dir="auto">1 rue de l’Exemple, Lyon</dd>`, `<a href="tel:&#43;33400000001" dir="ltr">04 00 00 00 01</a>`}, nil},
		{"ar/partenaires/index.html", []string{`<a href="/ar/partenaires/cidff/" dir="auto">CIDFF du Rhône (69)</a>`}, nil},
		{"partenaires/cidff/index.html", []string{`<h1>CIDFF</h1>`}, []string{`dir="auto"`}},
		{"partenaires/annuaire.json", []string{"Droits des femmes."}, []string{"Rights of women"}},
		{"sitemap.xml",
			[]string{`xmlns:xhtml="http://www.w3.org/1999/xhtml"`,
				`<url><loc>https://example.org/en/articles/qui/</loc><lastmod>2026-01-02T00:00:00+00:00</lastmod><xhtml:link rel="alternate" hreflang="fr" href="https://example.org/articles/qui/"/>`,
				`<loc>https://example.org/en/articles/visitors/</loc><lastmod>2026-01-04T00:00:00+00:00</lastmod></url>`},
			nil},
	} {
		got := read(c.file)
		for _, s := range c.has {
			if !strings.Contains(got, s) {
				t.Errorf("%s lacks %s", c.file, s)
			}
		}
		for _, s := range c.lacks {
			if strings.Contains(got, s) {
				t.Errorf("%s has %s", c.file, s)
			}
		}
	}
	golden := filepath.Join("testdata", "languages", "ar-qui.html.golden")
	got := read("ar/articles/qui/index.html")
	if os.Getenv("RELAIS_UPDATE") != "" {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("ar/articles/qui/index.html differs from %s (RELAIS_UPDATE=1 rewrites it):\n%s", golden, got)
	}
}

// TestLanguageMistakes: what goes wrong with languages is said at its
// file and line, in plain words, every problem in one run.
func TestLanguageMistakes(t *testing.T) {
	t.Parallel()
	const langs = "title = \"x\"\nlanguage = \"fr\"\n\n[languages.en]\nname = \"English\"\n"
	for _, c := range []struct {
		name  string
		files map[string]string
		err   bool   // an error stops the build, else a warning
		want  string // file:line: the message, as a regular expression
	}{
		{"a language not declared", map[string]string{
			"site.toml": langs, "content/a.md": "---\ntitle: A\n---\n", "content/a.de.md": "---\ntitle: A\n---\n"},
			false, `content/a\.de\.md: .*translation \(de\) of a\.md, but site\.toml declares no language de: it is left out\n\s+add \[languages\.de\]`},
		{"a translation on a site of one language", map[string]string{
			"site.toml": "title = \"x\"\n", "content/a.md": "---\ntitle: A\n---\n", "content/a.en.md": "---\ntitle: A\n---\n"},
			false, `content/a\.en\.md: .*translation \(en\) of a\.md, but the site has only one language`},
		{"a translation of a page that does not exist", map[string]string{
			"site.toml": langs, "content/a.md": "---\ntitle: A\n---\n", "content/b.en.md": "---\ntitle: B\n---\n"},
			false, `content/b\.en\.md: .*English version of content/b\.md, which does not exist`},
		{"a translation key used twice in a language", map[string]string{
			"site.toml":       langs,
			"content/a.md":    "---\ntitle: A\ntranslationKey: qui\n---\n",
			"content/b.en.md": "---\ntitle: B\ntranslationKey: qui\n---\n",
			"content/c.en.md": "---\ntitle: C\n\ntranslationKey: qui\n---\n"},
			true, `content/c\.en\.md:4: this page and content/b\.en\.md are both the English version of qui`},
		{"two files claiming the same translation", map[string]string{
			"site.toml":          langs,
			"content/a.md":       "---\ntitle: A\n---\n",
			"content/a.en.md":    "---\ntitle: A\n---\n",
			"content/en/a.md":    "---\ntitle: A\n---\n",
			"content/en/_ind.md": "---\ntitle: I\n---\n"},
			true, `content/(en/)?a(\.en)?\.md: .*URL /en/a/ is already the URL of .*content/(en/)?a(\.en)?\.md`},
		{"a language without interface strings", map[string]string{
			"site.toml": "title = \"x\"\n\n[languages.es]\nweight = 1\n", "content/a.md": "---\ntitle: A\n---\n", "content/a.es.md": "---\ntitle: A\n---\n"},
			false, `layouts/i18n/es\.toml: .*\d+ interface strings have no translation in Español \(.*\): the pages in Español show them in Français\n\s+copy them from layouts/i18n/fr\.toml`},
		{"a language code that is none", map[string]string{
			"site.toml": "title = \"x\"\n\n[languages.\"en us\"]\nname = \"x\"\n", "content/a.md": "---\ntitle: A\n---\n"},
			true, `site\.toml:3: .*is not a language code`},
		{"a direction that is none", map[string]string{
			"site.toml": "title = \"x\"\n\n[languages.ar]\ndirection = \"right\"\n", "content/a.md": "---\ntitle: A\n---\n"},
			true, `site\.toml:4: .*direction "right" is neither ltr nor rtl`},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := fstest.MapFS{}
			for k, v := range c.files {
				src[k] = &fstest.MapFile{Data: []byte(v)}
			}
			res, err := site.New(site.Options{Extensions: builtin.Extensions(), Source: src, Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "public")}).Build(context.Background())
			var got string
			switch {
			case c.err && err == nil:
				t.Fatalf("built without an error; warnings: %v", res.Warnings)
			case c.err:
				var l diag.List
				if !errors.As(err, &l) {
					var f *diag.Finding
					if !errors.As(err, &f) {
						t.Fatalf("not a finding: %v", err)
					}
				}
				got = err.Error()
			case err != nil:
				t.Fatalf("the build failed: %v", err)
			default:
				got = res.Warnings.Error()
			}
			if !regexp.MustCompile(c.want).MatchString(got) {
				t.Errorf("got\n%s\nwant %s", got, c.want)
			}
		})
	}
}

// TestKitLanguages: a kit translated into English and Arabic gives a
// zip and a PDF in each language, under each language's address: its
// files named as the original's, its readme, labels, dates and PDF
// language in that language, its Arabic text read in logical order.
func TestKitLanguages(t *testing.T) {
	t.Parallel()
	const kit = "content/ateliers/reseaux-sociaux/"
	src := fstest.MapFS{}
	for _, p := range []string{"site.toml", "content/ateliers/_index.md", kit + "index.md", kit + "fiches/1-vie-privee.md"} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		src[p] = &fstest.MapFile{Data: b}
	}
	src["site.toml"].Data = append(src["site.toml"].Data, "\n[languages.en]\nname = \"English\"\n\n[languages.ar]\nweight = 2\n"...)
	index := string(src[kit+"index.md"].Data)
	translate := func(body, title string) []byte {
		return []byte(regexp.MustCompile(`(?m)^title: .*$`).ReplaceAllString(body, "title: \""+title+"\""))
	}
	src[kit+"index.en.md"] = &fstest.MapFile{Data: translate(index, "Social media: uses and risks")}
	src[kit+"index.ar.md"] = &fstest.MapFile{Data: translate(index, "الشبكات الاجتماعية: الاستخدامات والمخاطر")}
	src[kit+"fiches/1-vie-privee.en.md"] = &fstest.MapFile{Data: translate(string(src[kit+"fiches/1-vie-privee.md"].Data), "My privacy online")}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := site.New(site.Options{Extensions: builtin.Extensions(), Source: src, Theme: relais.Theme(), Dest: dest}).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang, dir      string
		files          []string // in the zip, beside index.html and the PDF
		readme, labels string
	}{
		{"fr", "ateliers/reseaux-sociaux/", []string{"LISEZMOI.txt", "fiches/1-vie-privee.html"}, "Ce dossier contient :", "Public\u00a0: "},
		{"en", "en/ateliers/reseaux-sociaux/", []string{"README.txt", "fiches/1-vie-privee.html"}, "This folder holds:", "Audience: "},
		{"ar", "ar/ateliers/reseaux-sociaux/", []string{"README.txt"}, "يحتوي هذا المجلد على:", "الفئة المستهدفة"},
	} {
		zb, err := os.ReadFile(filepath.Join(dest, c.dir, "reseaux-sociaux-v1.0.zip"))
		if err != nil {
			t.Fatalf("%s: no zip: %v", c.lang, err)
		}
		zr, err := zip.NewReader(bytes.NewReader(zb), int64(len(zb)))
		if err != nil {
			t.Fatal(err)
		}
		entries := map[string]string{}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			entries[strings.TrimPrefix(f.Name, "reseaux-sociaux-v1.0/")] = string(b)
		}
		for _, f := range append(c.files, "index.html", "reseaux-sociaux-v1.0.pdf") {
			if _, ok := entries[f]; !ok {
				t.Errorf("%s: the zip lacks %s: %v", c.lang, f, slices.Sorted(maps.Keys(entries)))
			}
		}
		if len(entries) != len(c.files)+2 {
			t.Errorf("%s: the zip holds %v", c.lang, slices.Sorted(maps.Keys(entries)))
		}
		if !strings.Contains(entries[c.files[0]], c.readme) {
			t.Errorf("%s: the readme is not in its language:\n%s", c.lang, entries[c.files[0]])
		}
		if !strings.Contains(entries["index.html"], `<html lang="`+c.lang+`"`) {
			t.Errorf("%s: the zip's index.html does not say its language", c.lang)
		}
		pdf, err := os.ReadFile(filepath.Join(dest, c.dir, "reseaux-sociaux-v1.0.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(pdf, []byte("/Lang ("+c.lang+")")) {
			t.Errorf("%s: the PDF does not say its language", c.lang)
		}
		text := norm.NFKC.String(strings.Join(testsite.PDFPages(t, pdf), ""))
		if !strings.Contains(text, norm.NFKC.String(c.labels)) {
			t.Errorf("%s: the PDF lacks %q:\n%.600s", c.lang, c.labels, text)
		}
		if c.lang == "ar" && !strings.Contains(text, "الشبكات الاجتماعية") {
			t.Errorf("the Arabic title does not read in logical order:\n%.600s", text)
		}
	}
}

// TestLanguageOriginals: with [languages.en] originals = true, the
// English lists also hold the French pages not translated into English,
// marked as French and as not translated; nothing outside /en/ changes
// (the French pages' neighbours stay French ones).
func TestLanguageOriginals(t *testing.T) {
	t.Parallel()
	build := func(src fstest.MapFS) string {
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := site.New(site.Options{Extensions: builtin.Extensions(), Source: src, Theme: relais.Theme(), Dest: dest}).Build(context.Background()); err != nil {
			t.Fatal(err)
		}
		return dest
	}
	plain := build(multilingualSite())
	src := multilingualSite()
	src["site.toml"].Data = []byte(strings.Replace(string(src["site.toml"].Data), "[languages.en]\n", "[languages.en]\noriginals = true\n", 1))
	mixed := build(src)
	read := func(dest, p string) string {
		b, err := os.ReadFile(filepath.Join(dest, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, p := range []string{"en/articles/index.html", "en/index.html"} {
		got := read(mixed, p)
		for _, w := range []string{`<a href="/articles/plainte/" lang="fr" hreflang="fr">Porter plainte</a></h`, "\n<p class=\"page-meta\">not translated yet</p>", "Who I am", "For visitors"} {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %s", p, w)
			}
		}
		if strings.Contains(got, "Qui suis-je") {
			t.Errorf("%s lists a French page that has its English version", p)
		}
		if strings.Contains(read(plain, p), "Porter plainte") {
			t.Errorf("without the setting, %s lists a French page", p)
		}
	}
	a, b := testsite.Tree(t, plain), testsite.Tree(t, mixed)
	for p, v := range a {
		if !strings.HasPrefix(p, "en/") && b[p] != v {
			t.Errorf("%s changed with the setting", p)
		}
	}
}

// TestLanguagePrivacy: a translation is as private as its original's
// folder, and the translation of a page of the partner area is not
// published (the area is protected at its own address only): no output
// holds their text, and the build says nothing is leaked.
func TestLanguagePrivacy(t *testing.T) {
	t.Parallel()
	src := multilingualSiteWith(map[string][]byte{
		"site.toml": []byte("title = \"x\"\nbaseURL = \"https://example.org/\"\nlanguage = \"fr\"\n[partners]\nprotection = \"nginx\"\n" +
			"[languages.en]\nname = \"English\"\n"),
		"content/prive/_index.md":  []byte("---\ntitle: Privé\nvisibility: private\n---\n"),
		"content/prive/a.md":       []byte("---\ntitle: A\n---\nTexte privé.\n"),
		"content/prive/a.en.md":    []byte("---\ntitle: A\n---\nPRIVATE-ENGLISH.\n"),
		"content/reseau/_index.md": []byte("---\ntitle: Réseau\naccess: partners\n---\nPour les partenaires.\n"),
		"content/reseau/x.md":      []byte("---\ntitle: X\n---\nTexte des partenaires.\n"),
		"content/reseau/x.en.md":   []byte("---\ntitle: X\n---\nPARTNERS-ENGLISH.\n"),
		area.File:                  []byte(partnerLogins(t)),
	})
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := site.New(site.Options{Extensions: builtin.Extensions(), Source: src, Theme: relais.Theme(), Dest: dest}).Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	for p, body := range testsite.Tree(t, dest) {
		for _, secret := range []string{"PRIVATE-ENGLISH", "PARTNERS-ENGLISH", "/en/prive/", "/en/reseau/"} {
			if strings.Contains(body, secret) {
				t.Errorf("%s holds %s", p, secret)
			}
		}
	}
}
