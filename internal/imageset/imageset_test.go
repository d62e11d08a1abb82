package imageset

import (
	"strings"
	"testing"

	"relais/internal/blob"
	"relais/internal/config"
	"relais/internal/graph/graphtest"
	"relais/internal/incremental"
	"relais/internal/load"
	"relais/internal/markdown"
	"relais/internal/page"
	"relais/internal/picture"
	"relais/internal/record"
)

// set is a Set over a site at /iscg/ with two photos relais resizes, in
// static/ and beside an article, and a PDF.
func set(t *testing.T) *Set {
	t.Helper()
	cfg := &config.Config{BaseURL: "https://example.org/iscg/"}
	a := &page.Page{Meta: page.Meta{ID: "articles/a.md", File: "content/articles/a.md", Kind: page.KindPage, URL: "/articles/a/", Params: map[string]any{}}}
	g := graphtest.Assemble(t, cfg, a)
	photo := func(p string) *load.File {
		return &load.File{Path: p, Pub: &load.Published{Format: "jpeg", W: 2000, H: 1000, Sum: "s-" + p}}
	}
	files := map[string]*load.File{
		"static/images/photo.jpg":   photo("static/images/photo.jpg"),
		"static/images/a&b.jpg":     photo("static/images/a&b.jpg"),
		"content/articles/plan.jpg": photo("content/articles/plan.jpg"),
		"static/doc.pdf":            {Path: "static/doc.pdf", Pub: &load.Published{}},
	}
	var s Set
	s.Index(cfg, g, files, blob.New(""))
	return &s
}

// TestAt: an address as a page's HTML writes it leads to the image
// published there, with the base path or relative to the page, escaped
// as HTML; any other address to none.
func TestAt(t *testing.T) {
	s := set(t)
	for _, tt := range []struct{ src, from, want string }{
		{"/iscg/images/photo.jpg", "/articles/a/", "static/images/photo.jpg"},
		{"../../images/photo.jpg", "/articles/a/", "static/images/photo.jpg"},
		{"plan.jpg", "/articles/", "content/articles/plan.jpg"},
		{"/iscg/images/a&amp;b.jpg", "/", "static/images/a&b.jpg"},
		{"/images/photo.jpg", "/", ""}, // without the base path: not the site's
		{"https://example.org/iscg/images/photo.jpg", "/", ""},
		{"/iscg/doc.pdf", "/", ""}, // not an image relais resizes
		{"", "/", ""},
	} {
		got := ""
		if e := s.At(tt.src, tt.from); e != nil {
			got = e.Path
		}
		if got != tt.want {
			t.Errorf("At(%q, %q) = %q, want %q", tt.src, tt.from, got, tt.want)
		}
	}
}

// TestPicture: an image of the site becomes a <picture> of its sizes,
// lazy unless eager, or a plain <img> in a feed; one that already says
// its sizes, or is not the site's, stays as written.
func TestPicture(t *testing.T) {
	s := set(t)
	for _, tt := range []struct {
		name        string
		m           markdown.Mark
		feed, eager bool
		want        []string
		shown       bool
	}{
		{"a page's", markdown.Mark{Kind: markdown.MarkImage, A: "/iscg/images/photo.jpg", B: ` alt="Le bureau">`}, false, false,
			[]string{`<picture><source type="image/webp" srcset="/iscg/images/photo-`, `alt="Le bureau"`, `width="`, `loading="lazy"`}, true},
		{"the first seen", markdown.Mark{Kind: markdown.MarkImage, A: "/iscg/images/photo.jpg", B: ` alt="">`}, false, true,
			[]string{`<picture>`, `decoding="async"`}, true},
		{"in a feed", markdown.Mark{Kind: markdown.MarkImage, A: "/iscg/images/photo.jpg", B: ` alt="x">`}, true, false,
			[]string{`<img src="/iscg/images/photo-`, `.jpg" alt="x" width="`}, true},
		{"with its own srcset", markdown.Mark{Kind: markdown.MarkImage, A: "/iscg/images/photo.jpg", B: ` srcset="a.jpg 1x">`}, false, false,
			[]string{`<img src="/iscg/images/photo.jpg" srcset="a.jpg 1x">`}, false},
		{"another site's", markdown.Mark{Kind: markdown.MarkImage, A: "https://example.com/x.jpg", B: `>`}, false, false,
			[]string{`<img src="https://example.com/x.jpg">`}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rc := record.New()
			got, shown := s.Picture(rc, tt.m, "/articles/a/", tt.feed, tt.eager)
			if shown != tt.shown {
				t.Errorf("shown = %v", shown)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s\ndoes not hold %s", got, w)
				}
			}
			if tt.eager && strings.Contains(got, "lazy") {
				t.Errorf("the first image seen is lazy: %s", got)
			}
			if tt.shown != (len(rc.Images) > 0) {
				t.Errorf("%d sizes recorded", len(rc.Images))
			}
		})
	}
}

// TestSpecs: the sizes renders recorded are planned once each; in a
// preview, those neither in the cache nor published are left out,
// counted, and stood in for by the image as published.
func TestSpecs(t *testing.T) {
	s := set(t)
	op := picture.Op{Kind: "resize", W: 480, Format: "webp"}
	recs := map[string]*incremental.Record{
		"a/index.html": {Images: []record.Image{{Src: "static/images/photo.jpg", Op: op}, {Src: "content/articles/plan.jpg", Op: op}}},
		"b/index.html": {Images: []record.Image{{Src: "static/images/photo.jpg", Op: op}}},
	}
	out, pending := s.Specs(recs, "", false, func(string) bool { return false })
	if len(out) != 2 || pending != 0 {
		t.Fatalf("%d outputs, %d pending; want 2 and 0", len(out), pending)
	}
	if out[0].Out != "articles/plan"+op.Suffix() || out[1].Out != "images/photo"+op.Suffix() {
		t.Errorf("outputs %s and %s", out[0].Out, out[1].Out)
	}
	published := func(o string) bool { return strings.HasPrefix(o, "images/") }
	out, pending = s.Specs(recs, "", true, published)
	if len(out) != 1 || pending != 1 || out[0].Out != "images/photo"+op.Suffix() {
		t.Fatalf("deferring: %d outputs, %d pending", len(out), pending)
	}
	if _, ok := s.StandIns()["articles/plan"+op.Suffix()]; !ok || len(s.StandIns()) != 1 {
		t.Errorf("stand-ins %v", s.StandIns())
	}
}
