// Package section is what a kind of section with rules of its own
// (package kit, package directory) is given by the build, and gives back,
// for the files it publishes beside its pages: the build to read, and
// its outputs. The interfaces such a section implements are declared
// where the orchestrator uses them (package site: Section, Faceted,
// Checker, Publisher, Auditor); this package holds the types they share,
// so that a section's package need not import the orchestrator.
package section

import (
	"bytes"
	"io"
	"time"

	"relais/internal/config"
	"relais/internal/diskcache"
	"relais/internal/graph"
	"relais/internal/page"
	"relais/internal/pdfdoc"
	"relais/internal/record"
)

// Build is what a section's outputs read of the site being built. A
// method given a record records in it what it reads.
type Build interface {
	// Config is the site's settings.
	Config() *config.Config
	// Graph is the page graph: which pages are published, where, in
	// which lists.
	Graph() *graph.Graph
	// HTML is a page's HTML with the pages it includes.
	HTML(rc *record.Render, p *page.Page) string
	// Tree is a page's Markdown syntax tree, read again from its file.
	Tree(rc *record.Render, p *page.Page) (pdfdoc.Tree, error)
	// Files are the files of a page bundle kept as they are (neither
	// pages nor left out), sorted by path.
	Files(rc *record.Render, bundle *page.Page) []File
	// ImageAt is the image of the site that the page p shows at dest (an
	// address as its HTML writes it), as published, or nil: only images
	// relais resizes and publishes (never another site's).
	ImageAt(rc *record.Render, p *page.Page, dest string) *File
	// Data is the content of the data folder.
	Data(rc *record.Render) map[string]any
	// Modified is when the file of page p last changed (a session's
	// version in calendars); the zero time for a page without a file.
	Modified(rc *record.Render, p *page.Page) time.Time
	// Cache is a folder kept between builds, for the section's results
	// by name ("pdf"); "" when the build has none.
	Cache(name string) diskcache.Dir
}

// File is a file of the site, as it is published.
type File struct {
	// Path is its path in the site ("content/ateliers/kit/fiche.pdf").
	Path string
	// Size is its size in bytes, as published.
	Size int64
	// Open reads its bytes as published (an image without its metadata).
	Open func() (io.ReadCloser, error)
	// Sum is the SHA-256 of those bytes, in hex, computed once.
	Sum func() string
}

// Plan is what a section publishes in one build: its outputs, and what
// making them left to remove once the build is over.
type Plan interface {
	Outputs() []Output
	// Close is called once the build is written or has failed.
	Close() error
}

// Outputs is a Plan with nothing to remove.
type Outputs []Output

func (o Outputs) Outputs() []Output { return o }
func (Outputs) Close() error        { return nil }

// Output is a file a section publishes.
type Output struct {
	// Path is where it is written, under the output folder
	// ("partenaires/annuaire.csv").
	Path string
	// Page is the page it is of: messages about it name that page.
	Page *page.Page
	// Render writes it to w, recording in rc what it reads (the pages,
	// through rc.Page, and the lists, through the graph), so that the
	// preview writes it again when one of them changes.
	Render func(rc *record.Render, w *bytes.Buffer) error
	// Stream, instead of Render, makes an output too large to hold in
	// memory (a kit's archive): its size, how to read it, and a hash of
	// its bytes.
	Stream func(rc *record.Render) (size int64, open func() (io.ReadCloser, error), sum uint64, err error)
}
