package sitecheck

import (
	"iter"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/frontmatter"
	"relais/internal/graph"
	"relais/internal/i18n"
	"relais/internal/markdown"
	"relais/internal/page"
)

// outputs is a build's outputs for the checks: anchors by path, and the
// images published at their sizes.
type outputs struct {
	anchors map[string][]string
	resized map[string]bool
}

func (o outputs) Anchors(p string) ([]string, bool) { ids, ok := o.anchors[p]; return ids, ok }
func (o outputs) Resized(p string) bool             { return o.resized[p] }
func (o outputs) Paths() iter.Seq[string]           { return maps.Keys(o.anchors) }

// TestLinks: each kind of link, good and broken, from one page, with the
// message a broken one gets; a link to a page whose file has an error is
// not told again.
func TestLinks(t *testing.T) {
	tests := []struct {
		name string
		link markdown.Link
		want string // in the message; "" for a good link
		text bool   // a link without its text: not a broken link
	}{
		{"page", markdown.Link{Dest: "/b/", Alt: "b"}, "", false},
		{"page by its file", markdown.Link{Dest: "b.md", Alt: "b"}, "", false},
		{"anchor", markdown.Link{Dest: "/b/#partie", Alt: "b"}, "", false},
		{"own anchor", markdown.Link{Dest: "#haut", Alt: "haut"}, "", false},
		{"relative", markdown.Link{Dest: "../b/", Alt: "b"}, "", false},
		{"file", markdown.Link{Dest: "/doc.pdf", Alt: "doc"}, "", false},
		{"resized image", markdown.Link{Dest: "/a/photo.jpg", Image: true, Alt: "une photo"}, "", false},
		{"other sites", markdown.Link{Dest: "https://exemple.fr/x", Alt: "x"}, "", false},
		{"mail", markdown.Link{Dest: "mailto:a@exemple.fr", Alt: "a"}, "", false},
		{"another tool's tag", markdown.Link{Dest: "{{< ref x >}}", Alt: "x"}, "", false},
		{"unread page", markdown.Link{Dest: "/casse/", Alt: "c"}, "", false},
		{"nowhere", markdown.Link{Dest: "/nulle-part/", Alt: "x"}, "which is not a page or file of the site", false},
		{"renamed", markdown.Link{Dest: "/bb/", Alt: "x"}, "did you mean /b/?", false},
		{"missing anchor", markdown.Link{Dest: "/b/#ailleurs", Alt: "b"}, "which is not a heading or anchor of /b/", false},
		{"capitals", markdown.Link{Dest: "/Doc.pdf", Alt: "doc"}, "its name is « doc.pdf », with other capitals", false},
		{"no such file", markdown.Link{Dest: "c.md", Alt: "c"}, "which is not a page of the site", false},
		{"image nowhere", markdown.Link{Dest: "/x.png", Image: true, Alt: "x"}, "this image is /x.png", false},
		{"no text", markdown.Link{Dest: "/b/"}, "has no text", true},
		{"decorative image", markdown.Link{Dest: "/a/photo.jpg", Image: true}, "", false},
		{"no alt, alone in a link", markdown.Link{Dest: "/a/photo.jpg", Image: true, Alone: true}, "is all its link holds, and has no alt text", true},
		{"a link of an image alone", markdown.Link{Dest: "/b/", Alone: true}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.link.Line = 3
			a := &page.Page{Meta: page.Meta{ID: "a.md", File: "content/a.md", Kind: page.KindPage, URL: "/a/", Params: map[string]any{}}}
			a.Links = []markdown.Link{tt.link}
			b := &page.Page{Meta: page.Meta{ID: "b.md", File: "content/b.md", Kind: page.KindPage, URL: "/b/", Params: map[string]any{}}}
			g := graph.New()
			var l diag.List
			g.Assemble(graph.Input{Pages: []*page.Page{a, b}, Publish: page.Options{Now: time.Now()}, Config: &config.Config{},
				TaxonomyTitle: func(string, string) string { return "" }}, &l)
			if len(l) != 0 {
				t.Fatal(l)
			}
			s := Site{Graph: g, Unread: map[string]bool{"/casse/": true}, Outputs: outputs{
				anchors: map[string][]string{"a/index.html": {"haut"}, "b/index.html": {"partie"}, "index.html": nil, "doc.pdf": nil},
				resized: map[string]bool{"a/photo.jpg": true},
			}}
			broken := s.Links(true, &l)
			got := l.In(i18n.English)
			wantBroken := 0 // a link without its text is not a broken one
			if tt.want != "" && !tt.text {
				wantBroken = 1
			}
			switch {
			case tt.want == "" && len(l) != 0:
				t.Errorf("a good link is told: %s", got)
			case tt.want != "" && !strings.Contains(got, tt.want):
				t.Errorf("got %q, want it to say %q", got, tt.want)
			case tt.want != "" && !strings.HasPrefix(got, "content/a.md:3:"):
				t.Errorf("got %q, want it at content/a.md:3", got)
			case broken != wantBroken:
				t.Errorf("%d broken links counted for %q", broken, got)
			}
			if a.LinksChecked != (tt.want == "") {
				t.Errorf("LinksChecked = %v: a page is checked again until its links are good", a.LinksChecked)
			}
		})
	}
}

// TestLinked: the paths an output links to, relative or from the base
// path, less its links to itself, to other sites, mail and anchors.
func TestLinked(t *testing.T) {
	hrefs := map[string][]string{
		"a/index.html": {"/iscg/b/", "../c/", "#haut", "mailto:x@y.fr", "https://ailleurs.fr/", "/iscg/a/", "/iscg/d/index.html", "/iscg/doc.pdf?v=1"},
	}
	got := Linked(maps.All(hrefs), "/iscg/")
	want := map[string]bool{"/b/": true, "/c/": true, "/d/": true, "/doc.pdf": true}
	if !maps.Equal(got, want) {
		t.Errorf("Linked = %v, want %v", got, want)
	}
}

// sites is a page's Extra that gives another site's address in a field.
type sites map[string]string

func (s sites) OtherSites() map[string]string { return s }

// TestExternalLinks: the links of pages to other sites, and the
// addresses their fields give (a partner's website), at their lines.
func TestExternalLinks(t *testing.T) {
	a := &page.Page{Meta: page.Meta{ID: "a.md", File: "content/a.md", Kind: page.KindPage, URL: "/a/", Params: map[string]any{},
		Extra:  sites{"site_web": "https://partenaire.example/"},
		Fields: []frontmatter.Field{{Key: "title", Line: 2}, {Key: "site_web", Line: 3}}}}
	a.Links = []markdown.Link{{Dest: "https://ailleurs.example/x", Line: 7}, {Dest: "/b/", Line: 8}, {Dest: "mailto:x@example.org", Line: 9}}
	g := graph.New()
	var l diag.List
	g.Assemble(graph.Input{Pages: []*page.Page{a}, Publish: page.Options{Now: time.Now()}, Config: &config.Config{},
		TaxonomyTitle: func(string, string) string { return "" }}, &l)
	got := ExternalLinks(g)
	want := []ExternalLink{{File: "content/a.md", Line: 7, URL: "https://ailleurs.example/x"}, {File: "content/a.md", Line: 3, URL: "https://partenaire.example/"}}
	if !slices.Equal(got, want) {
		t.Errorf("ExternalLinks = %v, want %v", got, want)
	}
}
