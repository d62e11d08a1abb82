package load

import (
	"hash/maphash"
	"io/fs"
	"strings"
	"time"

	"relais/internal/blob"
	"relais/internal/config"
	"relais/internal/diskcache"
	"relais/internal/extension"
	"relais/internal/frontmatter"
	"relais/internal/markdown"
	"relais/internal/page"
	"relais/internal/privacy"
)

// Loader reads the files of a site's content/ and static/ folders: each
// Markdown file into a page (its fields, with those its sections cascade,
// and its HTML), each spreadsheet of a kind of section into its entries,
// each image and document into what it is published as (without its
// metadata), with what is wrong in each, at its line. It keeps the files
// between builds: Update reads again only what changed. The orchestrator
// (package site) sets its fields before each use: they follow the site's
// settings and stores.
type Loader struct {
	Source fs.FS // the site folder
	// OutputInSite is the output folder's path in the site folder, never
	// read as input; "" when it is elsewhere.
	OutputInSite string
	Config       *config.Config
	Conv         *markdown.Converter
	// ConvIn converts the pages of the site's other languages, by code:
	// French typography, words and direction are theirs.
	ConvIn map[string]*markdown.Converter
	// Keys are the fields of every page; SectionKeys those of each kind
	// of section's entries, by index in Sections.
	Keys        page.Keys
	SectionKeys []page.Keys
	Sections    []extension.Section
	// SectionOf is the index in Sections of the kind of section that owns
	// the page at rel (under content/), or -1; OwnTitle reports a page
	// (by its path in the site) whose title comes from its fields.
	SectionOf func(rel string) int
	OwnTitle  func(file string) bool
	// Blobs holds the pages' HTML, Images the bytes images and documents
	// are published as.
	Blobs, Images *blob.Store
	Priv          *privacy.Checker
	// Cache is the folder of the cache where work of one kind is kept
	// between builds ("" keeps none).
	Cache func(kind string) diskcache.Dir
	Clock func() time.Time

	// Files are the files of content/ and static/ read, by path in the
	// site.
	Files map[string]*File
	// cascades are the fields each section gives the pages below it, by
	// folder.
	cascades map[string][]frontmatter.Field
	gen      uint64 // counts files read again, to mark them changed
}

// seed seeds the hashes of pages' HTML, compared within the process.
var seed = maphash.MakeSeed()

// ReadAll lists and reads every file of content/ and static/.
func (ld *Loader) ReadAll() []*File {
	files := append(Walk(ld.Source, ContentDir, ld.OutputInSite), Walk(ld.Source, StaticDir, ld.OutputInSite)...)
	ld.Files = make(map[string]*File, len(files))
	ld.cascades = nil
	for _, e := range files {
		ld.Files[e.Path] = e
	}
	ld.ParseAll(files)
	return files
}

// Update reads again the content and static files at the changed paths,
// and returns them. A path reported as changed counts as changed, even if
// its size and time are the same (a fast edit, or a copy that keeps
// times).
func (ld *Loader) Update(changed []string) []*File {
	var reparse []*File
	for _, c := range changed {
		for p := range ld.Files {
			if p == c || strings.HasPrefix(p, c+"/") {
				delete(ld.Files, p)
			}
		}
		for _, e := range Walk(ld.Source, c, ld.OutputInSite) {
			ld.changed(e)
			ld.Files[e.Path] = e
			reparse = append(reparse, e)
		}
	}
	return ld.ParseAll(reparse)
}

// changed marks a file as changed, as a file edited: its stamp differs
// from any it had.
func (ld *Loader) changed(e *File) {
	ld.gen++
	e.Stamp ^= ld.gen * 0x9e3779b97f4a7c15
}
