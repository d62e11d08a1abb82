package site

import (
	"errors"
	"strings"
	"testing"

	"relais/internal/diag"
	"relais/internal/i18n"
)

// jargon is what parsers, template engines and the network say that
// means nothing to the people who write a site.
var jargon = []string{"mapping", "token", "yaml: ", "toml: ", "json: ", "dial tcp", "lookup ", "can't evaluate", "in type",
	"*site.", "[1:1]", "context", "unexpected", "expected", "EOF", "U+00", "looking for beginning", "invalid character",
	"executing", "nil pointer", "goroutine"}

// TestPlainWords: each kind of error of the tools relais reads files with
// (YAML, JSON and TOML readers, the template engine) is said in plain
// words, in English and in French, at the line of the file, without
// their jargon.
func TestPlainWords(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string // in the English message
	}{
		{"yaml tab", map[string]string{"content/a.md": "---\ntitle: A\n\tdate: 2026-01-01\n---\n"}, "content/a.md:3: line 3 starts with a tab"},
		{"yaml field twice", map[string]string{"content/a.md": "---\ntitle: A\ndate: 2026-01-01\ntitle: B\n---\n"}, `content/a.md:4: the field "title" is given twice (first on line 2)`},
		{"yaml colon in value", map[string]string{"content/a.md": "---\ntitle: Avant : après: la suite\n---\n"}, "content/a.md:2: the value of title holds a colon"},
		{"yaml list not closed", map[string]string{"content/a.md": "---\ntags: [a, b\ndate: 2026-01-01\n---\n"}, "a list opened with [ above is never closed"},
		{"yaml group not closed", map[string]string{"content/a.md": "---\ncover: {image: x.jpg\n---\n"}, "never closed"},
		{"yaml quote not closed", map[string]string{"content/a.md": "---\ntitle: \"Avant\ndate: 2026-01-01\n---\n"}, "content/a.md:2"},
		{"yaml indented", map[string]string{"content/a.md": "---\ntitle: A\n  date: 2026-01-01\n---\n"}, "content/a.md:"},
		{"yaml no colon", map[string]string{"content/a.md": "---\ntitle\ndate: 2026-01-01\n---\n"}, "content/a.md:2"},
		{"json", map[string]string{"content/a.md": "{\n  \"title\": \"A\"\n  \"date\": \"2026-01-01\"\n}\n"}, "cannot be read as JSON"},
		{"toml no equals", map[string]string{"content/a.md": "+++\ntitle \"A\"\n+++\n"}, "content/a.md:2"},
		{"toml no quotes", map[string]string{"content/a.md": "+++\ntitle = Mon titre\n+++\n"}, "this value is not in quotes"},
		{"site.toml twice", map[string]string{"site.toml": "title = \"A\"\ntitle = \"B\"\n"}, "site.toml:2"},
		{"site.toml accent", map[string]string{"site.toml": "titré = \"A\"\n"}, "site.toml:1"},
		{"template field", map[string]string{"layouts/single.html": `{{ define "main" }}{{ .Titl }}{{ end }}`, "content/a.md": "---\ntitle: A\n---\n"},
			"layouts/single.html:1:22: this template asks for .Titl, which a page does not have"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := build(t, tc.files, nil)
			var l diag.List
			if !errors.As(err, &l) || len(l) == 0 {
				t.Fatalf("no findings: %v", err)
			}
			en, fr := l.In(i18n.English), l.In(i18n.French)
			if !strings.Contains(en, tc.want) {
				t.Errorf("want %q in:\n%s", tc.want, en)
			}
			for _, j := range jargon {
				if strings.Contains(en, j) || strings.Contains(fr, j) {
					t.Errorf("jargon %q in:\n%s\n%s", j, en, fr)
				}
			}
			if en == fr {
				t.Errorf("the French is the English:\n%s", fr)
			}
		})
	}
}

// TestEveryProblemInOnePass: a site with a mistake at each stage (front
// matter, URLs, layouts, links, images) gets all of them from one build,
// and a link to the page whose front matter is wrong, or to a section
// that has no other page, is not told as broken: that page's own error
// says why it is missing. Nothing is written.
func TestEveryProblemInOnePass(t *testing.T) {
	dest, _, err := build(t, map[string]string{
		"content/casse.md":             "---\ntitle: Cassée\n\tdate: 2026-01-01\n---\nTexte.\n",
		"content/seule/page.md":        "---\ntitle: Seule\n\tdate: 2026-01-01\n---\nLa seule page de sa rubrique.\n",
		"content/_index.md":            "---\ntitle: Accueil\n---\nVoir [la rubrique](/seule/).\n",
		"content/a.md":                 "---\ntitle: A\nurl: /meme/\n---\nVoir [la page cassée](/casse/) et [rien](/nulle-part/).\n\n![Une photo](photo.jpg)\n",
		"content/b.md":                 "---\ntitle: B\nurl: /meme/\n---\nTexte.\n",
		"content/articles/_index.md":   "---\ntitle: Articles\n---\n",
		"content/articles/c.md":        "---\ntitle: C\n---\nTexte.\n",
		"layouts/articles/single.html": `{{ define "main" }}{{ .Titl }}{{ end }}`,
	}, nil)
	if err == nil {
		t.Fatal("the build passed")
	}
	got := err.Error()
	for _, want := range []string{
		"content/casse.md:3: line 3 starts with a tab",
		"/meme/ is already the URL of",
		"layouts/articles/single.html:1:22: this template asks for .Titl",
		"content/a.md:5: this link leads to /nulle-part/",
		"content/a.md:7: this image is photo.jpg, which is not a page or file of the site",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("one run did not tell %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "leads to /casse/") || strings.Contains(got, "leads to /seule/") {
		t.Errorf("a link to the page with an error is told as broken:\n%s", got)
	}
	if exists(dest, "index.html") {
		t.Errorf("a build with errors wrote its output")
	}
}

// TestCollisionNamesBoth: a page whose url is a file the site writes
// itself (sitemap.xml) is told naming the page and its line, and what
// else is written there.
func TestCollisionNamesBoth(t *testing.T) {
	_, _, err := build(t, map[string]string{
		"content/a.md": "---\ntitle: A\nurl: /sitemap.xml\n---\nTexte.\n",
	}, nil)
	if err == nil || !strings.Contains(err.Error(), "the site's own sitemap.xml and the page content/a.md:3 would both be written to sitemap.xml") &&
		!strings.Contains(err.Error(), "the page content/a.md:3 and the site's own sitemap.xml would both be written to sitemap.xml") {
		t.Errorf("error %v", err)
	}
}

// TestRenamedPageHint: a link to a page that was renamed suggests the new
// page and its aliases.
func TestRenamedPageHint(t *testing.T) {
	_, _, err := build(t, map[string]string{
		"content/articles/horaires-d-accueil.md": "---\ntitle: Horaires\n---\nTexte.\n",
		"content/a.md":                           "---\ntitle: A\n---\nVoir [les horaires](/articles/horaires-accueil/).\n",
	}, nil)
	if err == nil || !strings.Contains(err.Error(), `did you mean /articles/horaires-d-accueil/? If that page was renamed, put its old address in its aliases (aliases: ["/articles/horaires-accueil/"])`) {
		t.Errorf("error %v", err)
	}
}

// TestLayoutErrorWithTheRest: a template that does not parse stops the
// build before pages are rendered, and the pages' own problems are told
// with it, in the same run.
func TestLayoutErrorWithTheRest(t *testing.T) {
	_, _, err := build(t, map[string]string{
		"layouts/single.html": "{{ if }}",
		"content/a.md":        "---\ntitle: A\n\tdate: 2026-01-01\n---\n",
	}, nil)
	if err == nil || !strings.Contains(err.Error(), "layouts/single.html") || !strings.Contains(err.Error(), "content/a.md:3: line 3 starts with a tab") {
		t.Errorf("error %v", err)
	}
}
