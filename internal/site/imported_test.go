package site

import (
	"strings"
	"testing"
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
