package site

import (
	"relais/internal/load"
	"relais/internal/sources"
)

// ContentDir and StaticDir are the folders of a site that hold pages and
// files published as they are.
const (
	ContentDir = load.ContentDir
	StaticDir  = load.StaticDir
	// MaxPageSize is the largest Markdown file relais reads as a page.
	MaxPageSize = load.MaxPageSize
)

// Ignored reports names that are not part of a site and are never
// published (package sources).
func Ignored(name string) bool { return sources.Ignored(name) }

// privacyHint says what to do about a load from another site.
const privacyHint = load.PrivacyHint

// loader is the site's loader of files (package load), set to the site's
// settings and stores as they are now.
func (s *Site) loader() *load.Loader {
	ld := s.ld
	ld.Source, ld.OutputInSite = s.opts.Source, s.opts.OutputInSite
	ld.Blobs, ld.Images = s.blobs, s.images
	ld.Cache, ld.Clock = s.cache, s.clock
	return ld
}

// number gives the pages of the files read their numbers in the graph.
func (s *Site) number(files []*load.File) {
	for _, e := range files {
		for _, p := range e.Pages() {
			p.Num = s.graph.Num(p.ID)
		}
	}
}
