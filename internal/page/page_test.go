package page

import (
	"testing"
	"time"
)

// TestPublished: a page's own status, by its fields and the build's
// options.
func TestPublished(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	later, before := now.AddDate(0, 0, 1), now.AddDate(0, 0, -1)
	for _, tt := range []struct {
		name string
		edit func(*Page)
		o    Options
		ok   bool
		why  string
	}{
		{"plain", func(*Page) {}, Options{}, true, ""},
		{"private, even with every option", func(p *Page) { p.Private = true }, Options{Drafts: true, Future: true, Expired: true}, false, "private"},
		{"a draft", func(p *Page) { p.Draft = true }, Options{}, false, "draft"},
		{"a draft, -D", func(p *Page) { p.Draft = true }, Options{Drafts: true}, true, ""},
		{"dated tomorrow", func(p *Page) { p.Date = later }, Options{}, false, "future"},
		{"dated tomorrow, -F", func(p *Page) { p.Date = later }, Options{Future: true}, true, ""},
		{"publishDate over date", func(p *Page) { p.Date, p.PublishDate = later, before }, Options{}, true, ""},
		{"publishDate tomorrow", func(p *Page) { p.Date, p.PublishDate = before, later }, Options{}, false, "future"},
		{"expired yesterday", func(p *Page) { p.ExpiryDate = before }, Options{}, false, "expired"},
		{"expiring now is expired", func(p *Page) { p.ExpiryDate = now }, Options{}, false, "expired"},
		{"expired, -E", func(p *Page) { p.ExpiryDate = before }, Options{Expired: true}, true, ""},
		{"expiring tomorrow", func(p *Page) { p.ExpiryDate = later }, Options{}, true, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := &Page{}
			tt.edit(p)
			tt.o.Now = now
			if ok, why := p.Published(tt.o); ok != tt.ok || why != tt.why {
				t.Errorf("got %v %q, want %v %q", ok, why, tt.ok, tt.why)
			}
		})
	}
}

// TestURLs: the permalink patterns and the default address (slugs
// without accents).
func TestURLs(t *testing.T) {
	p := &Page{}
	p.ID, p.Dir, p.Section, p.Title = "articles/Le Cadre.md", "articles", "articles", "Le cadre légal"
	p.Date = time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
	p.Slug = "le-cadre"
	for _, tt := range []struct{ pattern, want string }{
		{"/:section/:year/:slug/", "/articles/2026/le-cadre/"},
		{"/:section/:year/:month/:day/:title/", "/articles/2026/03/05/le-cadre-legal/"},
		{"/:filename/", "/le-cadre/"},
		{"/:section/:slug", "/articles/le-cadre/"},
	} {
		if got := p.Permalink(tt.pattern); got != tt.want {
			t.Errorf("Permalink(%s) = %s, want %s", tt.pattern, got, tt.want)
		}
	}
	q := &Page{}
	q.ID, q.Dir = "ateliers/Réseaux sociaux/index.md", "ateliers/Réseaux sociaux"
	q.BundleDir = q.Dir
	q.Dir = "ateliers"
	if got := q.DefaultURL(); got != "/ateliers/reseaux-sociaux/" {
		t.Errorf("a bundle's address: %s", got)
	}
}

// TestQueryAlias: an old address made of a query at the site's top is
// kept as name=value; any other query is refused (nothing but these
// characters reaches nginx.conf or the theme's script).
func TestQueryAlias(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"/?p=123", "p=123", true},
		{"?p=123", "p=123", true},
		{"/index.php?page_id=12", "page_id=12", true},
		{" /?cat=actualites-2024 ", "cat=actualites-2024", true},
		{"/articles/?p=1", "", false},
		{"/?p=1&q=2", "", false},
		{"/?p=", "", false},
		{"/?=1", "", false},
		{"/?p=1;rm", "", false},
		{`/?p="1"`, "", false},
		{"/?p=$host", "", false},
		{"/?p=été", "", false},
	} {
		got, ok := QueryAlias(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("QueryAlias(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
