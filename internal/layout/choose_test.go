package layout

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"relais/internal/config"
	"relais/internal/page"
)

// TestChoose: each kind of page gets its template in Hugo's order, a
// layout field first; a layout naming none is a warning with the
// default, no template at all an error naming those looked for.
func TestChoose(t *testing.T) {
	theme := fstest.MapFS{}
	for _, n := range []string{"baseof.html", "single.html", "list.html", "home.html", "404.html", "articles/single.html",
		"ateliers/list.html", "special.html", "articles/court.html", "tags/term.html"} {
		theme[n] = &fstest.MapFile{Data: []byte(`{{ define "main" }}{{ end }}`)}
	}
	theme["baseof.html"] = &fstest.MapFile{Data: []byte(`{{ block "main" . }}{{ end }}`)}
	src, err := ReadSources(nil, theme)
	if err != nil {
		t.Fatal(err)
	}
	set, err := Load(src, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	pg := func(kind page.Kind, dir, section, layout string) *page.Page {
		return &page.Page{Meta: page.Meta{Kind: kind, Dir: dir, Section: section, Layout: layout}}
	}
	for _, tc := range []struct {
		name string
		p    *page.Page
		want string
		find string
	}{
		{"an article", pg(page.KindPage, "articles", "articles", ""), "articles/single.html", ""},
		{"a page below the articles", pg(page.KindPage, "articles/archives", "articles", ""), "articles/single.html", ""},
		{"a page elsewhere", pg(page.KindPage, "ressources", "ressources", ""), "single.html", ""},
		{"a layout field in its folder", pg(page.KindPage, "articles", "articles", "court"), "articles/court.html", ""},
		{"a layout field at the top", pg(page.KindPage, "ressources", "ressources", "special"), "special.html", ""},
		{"a layout of another tool", pg(page.KindPage, "ressources", "ressources", "base.njk"), "single.html", `layout "base.njk": there is no such layout`},
		{"a section with its own", pg(page.KindSection, "ateliers", "ateliers", ""), "ateliers/list.html", ""},
		{"a section", pg(page.KindSection, "articles", "articles", ""), "list.html", ""},
		{"home", pg(page.KindHome, "", "", ""), "home.html", ""},
		{"a term", &page.Page{Meta: page.Meta{Kind: page.KindTerm, Taxonomy: "tags"}}, "tags/term.html", ""},
		{"not found", pg(page.Kind404, "", "", ""), "404.html", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for range 2 { // the second time, remembered
				got, f := set.Choose(tc.p, "content/x.md")
				if got != tc.want {
					t.Errorf("got %q, want %q", got, tc.want)
				}
				if (f == nil) != (tc.find == "") || f != nil && !strings.Contains(f.Error(), tc.find) {
					t.Errorf("finding %v, want %q", f, tc.find)
				}
			}
		})
	}
	// No template at all: an error naming those looked for.
	bare, _ := ReadSources(nil, fstest.MapFS{"baseof.html": {Data: []byte(`x`)}})
	set, err = Load(bare, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	if _, f := set.Choose(pg(page.KindPage, "articles", "articles", ""), "content/a.md"); f == nil || !strings.Contains(f.Error(), "layouts/articles/single.html, layouts/single.html") {
		t.Errorf("no template: %v", f)
	}
}

// TestTemplateHashes: a template's hash changes with it, with what every
// template may include (the base, a partial, the interface strings), and
// not with another template.
func TestTemplateHashes(t *testing.T) {
	files := map[string]string{
		"baseof.html": "<main>{{ block \"main\" . }}{{ end }}</main>", "single.html": "{{ define \"main\" }}a{{ end }}",
		"list.html": "{{ define \"main\" }}b{{ end }}", "partials/f.html": "f", "i18n/fr.toml": "a = \"b\"",
	}
	hashes := func(change string) map[string]uint64 {
		theme := fstest.MapFS{}
		for p, c := range files {
			if p == change {
				c += " "
			}
			theme[p] = &fstest.MapFile{Data: []byte(c)}
		}
		src, err := ReadSources(nil, theme)
		if err != nil {
			t.Fatal(err)
		}
		return src.TemplateHashes()
	}
	before := hashes("")
	if before["single.html"] == 0 || before["list.html"] == 0 || before["single.html"] == before["list.html"] {
		t.Fatalf("hashes %v: want one for each template, none 0, each its own", before)
	}
	for _, tc := range []struct {
		change  string
		changed []string
	}{
		{"single.html", []string{"single.html"}},
		{"baseof.html", []string{"single.html", "list.html"}},
		{"partials/f.html", []string{"single.html", "list.html"}},
		{"i18n/fr.toml", []string{"single.html", "list.html"}},
	} {
		after := hashes(tc.change)
		for _, name := range []string{"single.html", "list.html"} {
			if (after[name] != before[name]) != slices.Contains(tc.changed, name) {
				t.Errorf("%s changed: %s's hash %x → %x", tc.change, name, before[name], after[name])
			}
		}
	}
}
