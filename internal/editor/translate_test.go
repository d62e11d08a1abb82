package editor

import (
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTranslate: on a site in several languages, the list offers to
// translate each page into each language it lacks; the translation is
// made beside the original as a draft copy without the original's own
// addresses, and opens with the original beside its text; once built,
// the list leads to it. A language the site does not have, and a
// translation of a translation, are refused.
func TestTranslate(t *testing.T) {
	fs := maps.Clone(files)
	fs["site.toml"] += "\n[languages.en]\nname = \"English\"\n"
	fs["content/articles/premier.md"] = "---\ntitle: Premier article\ndate: 2026-11-01\naliases: [/ancien/]\n---\n\nLe texte à traduire.\n"
	fs["content/en/only.md"] = "---\ntitle: In English only\n---\nText.\n"
	dir, srv, ed, d := setup(t, fs)
	c := newClient(t, srv, ed)
	_, list := c.get("")
	for _, w := range []string{`action="/_relais/edit/translate"`, `<input type="hidden" name="f" value="content/articles/premier.md"><input type="hidden" name="lang" value="en">`, "Translate into English"} {
		if !strings.Contains(list, w) {
			t.Fatalf("the list lacks %s", w)
		}
	}
	res, _ := c.post("translate", url.Values{"f": {"content/articles/premier.md"}, "lang": {"en"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != Link("content/articles/premier.en.md")+"&ok=translation" {
		t.Fatalf("translate: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	b, err := os.ReadFile(filepath.Join(dir, "content/articles/premier.en.md"))
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	if !strings.Contains(got, "draft: true") || strings.Contains(got, "aliases") || !strings.Contains(got, "Le texte à traduire.") {
		t.Errorf("the translation is not a draft copy without the original's addresses:\n%s", got)
	}
	d.build(t, dir)
	if d.err != nil {
		t.Fatalf("the site does not build with the translation: %v", d.err)
	}
	_, form := c.get("page?f=" + url.QueryEscape("content/articles/premier.en.md") + "&ok=translation")
	for _, w := range []string{`class="columns translating"`, "The original, in Français", `<pre class="original-text" lang="fr"`, "Le texte à traduire.", "The translation is made, as a draft"} {
		if !strings.Contains(form, w) {
			t.Errorf("the translation's form lacks %s", w)
		}
	}
	_, list = c.get("")
	if !strings.Contains(list, `<a href="/_relais/edit/page?f=content%2Farticles%2Fpremier.en.md" lang="en">English</a>`) {
		t.Errorf("the list does not lead to the translation")
	}
	// Asked again (another tab): the translation opens, nothing is
	// written over.
	if res, _ := c.post("translate", url.Values{"f": {"content/articles/premier.md"}, "lang": {"en"}}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != Link("content/articles/premier.en.md") {
		t.Errorf("translate again: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	for _, bad := range []url.Values{
		{"f": {"content/articles/premier.md"}, "lang": {"de"}},
		{"f": {"content/articles/premier.en.md"}, "lang": {"en"}},
		{"f": {"../site.toml"}, "lang": {"en"}},
		{"f": {"content/en/only.md"}, "lang": {"en"}}, // a page in English only: no French to translate from
	} {
		if res, _ := c.post("translate", bad); res.StatusCode != http.StatusBadRequest {
			t.Errorf("translate %v: %d", bad, res.StatusCode)
		}
	}
	// A site in one language offers nothing.
	_, srv1, ed1, _ := setup(t, files)
	if _, l := newClient(t, srv1, ed1).get(""); strings.Contains(l, "translate") {
		t.Errorf("a site in one language offers to translate")
	}
}
