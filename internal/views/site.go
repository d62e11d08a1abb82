// Package views is what templates see: a page (PageView) with its
// site (SiteView), its list's pages (Pager), its series, its cover and
// images, its feeds, and what extensions show of their pages
// ({{ .Ext "kit" }}: a kit's steps and downloads, a partner's card, the
// directory's filters; package extension). Every method records what it reads in the
// render's record (package record), so that a rebuild knows which outputs
// an edit concerns: a page's metadata or content by Page, a list through
// the page graph, a file through the Site.
//
// docs/templates.md lists what each view offers; it is generated from
// this package's code (TestTemplateReference).
package views

import (
	"sync"
	"time"

	"relais/internal/config"
	"relais/internal/extension"
	"relais/internal/graph"
	"relais/internal/page"
	"relais/internal/picture"
	"relais/internal/record"
)

// Site is what the views read of the site being built beside its
// settings and page graph; the orchestrator (package site) implements
// it. A method given a record records in it what it reads.
type Site interface {
	Config() *config.Config
	Graph() *graph.Graph
	// Taxonomies are the plurals of the site's taxonomies, sorted.
	Taxonomies() []string
	// Now is the build's time.
	Now() time.Time
	// Data is the content of the data folder.
	Data(rc *record.Render) map[string]any
	// Partials holds the results of partialCached for one build, by key.
	Partials() *sync.Map
	// Facets are the filters of each section that has some, by folder.
	Facets() map[string][]page.Facet
	// Content is a page's HTML as published: the pages it includes, its
	// images at their sizes (the first loaded at once when eager), its
	// links to Markdown files leading to their pages.
	Content(rc *record.Render, p *page.Page, eager bool) string
	// Image is the image at file (a path in the site) that relais
	// resizes and publishes, or nil.
	Image(rc *record.Render, file string) Image
	// Cover is a page's cover: the image when relais resizes it (else
	// nil), and its site path.
	Cover(p *page.Page) (Image, string)
	// Ext is the view called name that an extension gives of the page
	// p, or nil.
	Ext(name string, p extension.PageView) any
	// Say is the theme's string of key in a language (its code), for what
	// a page shows in another language than its own (the switcher's « not
	// translated yet »).
	Say(lang, key string) string
	// BundleFiles are the files of a page bundle kept as they are, by
	// path, for download.
	BundleFiles(rc *record.Render, bundle *page.Page) []File
}

// File is a file the site publishes, to download.
type File struct {
	Path   string // its site path ("/ateliers/kit/fiche.pdf")
	Size   int64  // in bytes, as published
	SHA256 string // hex; "" when not given
}

// An Image is an image of the site that relais resizes.
type Image interface {
	// Path is its file's path in the site ("content/a/photo.jpg").
	Path() string
	// Size is its width and height in pixels.
	Size() (w, h int)
	// Format is "jpeg" or "png".
	Format() string
	// Variant records that the render needs op of the image, and
	// returns where that size is published (with the base path) and its
	// width and height.
	Variant(rc *record.Render, op picture.Op) (url string, w, h int)
}
