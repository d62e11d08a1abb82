package publish

import (
	"testing"
	"time"

	"relais/internal/page"
)

// TestRule: what a section and a bundle decide for what they own, and
// what a page says on purpose over its section.
func TestRule(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	later, before := now.AddDate(0, 1, 0), now.AddDate(0, -1, 0)
	section := func(dir string, edit func(*page.Page)) *page.Page {
		p := &page.Page{}
		p.Kind, p.Dir = page.KindSection, dir
		if edit != nil {
			edit(p)
		}
		return p
	}
	regular := func(dir string, edit func(*page.Page)) *page.Page {
		p := &page.Page{}
		p.Kind, p.Dir = page.KindPage, dir
		if edit != nil {
			edit(p)
		}
		return p
	}
	bundle := func(dir string, edit func(*page.Page)) *page.Page {
		p := regular(dir, edit)
		p.BundleDir = dir
		return p
	}
	for _, tt := range []struct {
		name   string
		owners []*page.Page
		p      *page.Page
		o      page.Options
		want   string
	}{
		{"a page alone", nil, regular("articles", nil), page.Options{}, ""},
		{"a draft", nil, regular("articles", func(p *page.Page) { p.Draft = true }), page.Options{}, Draft},
		{"a draft, drafts built", nil, regular("articles", func(p *page.Page) { p.Draft = true }), page.Options{Drafts: true}, ""},
		{"a private section hides its pages", []*page.Page{section("partenaires", func(p *page.Page) { p.Private = true })},
			regular("partenaires", nil), page.Options{}, Private},
		{"…and the folders below", []*page.Page{section("partenaires", func(p *page.Page) { p.Private = true })},
			regular("partenaires/lyon", nil), page.Options{}, Private},
		{"a page public on purpose in a private section", []*page.Page{section("partenaires", func(p *page.Page) { p.Private = true })},
			regular("partenaires", func(p *page.Page) { p.Explicit |= page.ExplicitVisibility }), page.Options{}, ""},
		{"a draft section", []*page.Page{section("ateliers", func(p *page.Page) { p.Draft = true })}, regular("ateliers", nil), page.Options{}, Draft},
		{"draft: false on purpose", []*page.Page{section("ateliers", func(p *page.Page) { p.Draft = true })},
			regular("ateliers", func(p *page.Page) { p.Explicit |= page.ExplicitDraft }), page.Options{}, ""},
		{"a section dated later", []*page.Page{section("agenda", func(p *page.Page) { p.Date = later })}, regular("agenda", nil), page.Options{Now: now}, Future},
		{"its own date over the section's", []*page.Page{section("agenda", func(p *page.Page) { p.Date = later })},
			regular("agenda", func(p *page.Page) { p.Date = before }), page.Options{Now: now}, ""},
		{"an expired section", []*page.Page{section("agenda", func(p *page.Page) { p.ExpiryDate = before })}, regular("agenda", nil), page.Options{Now: now}, Expired},
		{"a private bundle hides all it holds, whatever they say", []*page.Page{bundle("ateliers/kit", func(p *page.Page) { p.Private = true })},
			regular("ateliers/kit", func(p *page.Page) { p.Explicit |= page.ExplicitVisibility }), page.Options{}, Private},
		{"a headless page", nil, regular("articles", func(p *page.Page) { p.Headless = true }), page.Options{}, Headless},
		{"a section's own status is its own", []*page.Page{section("articles", func(p *page.Page) { p.Private = true })},
			section("articles", func(p *page.Page) { p.Private = true }), page.Options{}, Private},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pages := append(tt.owners, tt.p)
			if tt.o.Now.IsZero() {
				tt.o.Now = now
			}
			if got := New(pages, tt.o).Page(tt.p); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestFile: a file of content/ is published when something publishes it
// and its owners let it.
func TestFile(t *testing.T) {
	private, public := &page.Page{}, &page.Page{}
	private.Kind, private.Dir, private.BundleDir, private.Private = page.KindPage, "ateliers/kit", "ateliers/kit", true
	public.Kind, public.Dir, public.BundleDir = page.KindPage, "ateliers/ouvert", "ateliers/ouvert"
	r := New([]*page.Page{private, public}, page.Options{Now: time.Now()})
	for _, tt := range []struct {
		rel  string
		kept bool
		want string
	}{
		{"ateliers/ouvert/guide.pdf", true, ""},
		{"ateliers/ouvert/notes.txt", false, Unlinked},
		{"ateliers/kit/guide.pdf", true, Private},
		{"documents/plaquette.pdf", true, ""},
		{"documents/liste.xlsx", false, Unlinked},
	} {
		if got := r.File(tt.rel, tt.kept); got != tt.want {
			t.Errorf("File(%s, %v) = %q, want %q", tt.rel, tt.kept, got, tt.want)
		}
	}
	if b := r.Bundle("ateliers/ouvert/images/a.jpg"); b != public {
		t.Errorf("the bundle of a file in a sub-folder: %v", b)
	}
}

// TestMatch: the site's patterns, on the whole path or the file name.
func TestMatch(t *testing.T) {
	for _, tt := range []struct {
		patterns []string
		rel      string
		want     bool
	}{
		{[]string{"documents/*.pdf"}, "documents/plaquette.pdf", true},
		{[]string{"documents/*.pdf"}, "articles/plaquette.pdf", false},
		{[]string{"/documents/*.pdf"}, "documents/plaquette.pdf", true},
		{[]string{"*.odt"}, "ateliers/kit/fiche.odt", true},
		{[]string{"*.odt"}, "ateliers/kit/fiche.docx", false},
		{[]string{"documents/*"}, "documents/sous/a.pdf", false},
		{nil, "a.pdf", false},
	} {
		if got := Match(tt.patterns, tt.rel); got != tt.want {
			t.Errorf("Match(%v, %s) = %v, want %v", tt.patterns, tt.rel, got, tt.want)
		}
	}
}
