package site

import (
	"html"
	"iter"
	"net/url"
	"strings"
	"time"

	"relais/internal/diag"
	"relais/internal/graph"
	"relais/internal/imageset"
	"relais/internal/markdown"
	"relais/internal/page"
	"relais/internal/record"
	"relais/internal/sitecheck"
)

// builtOutputs are the outputs of a build as the link checks see them
// (sitecheck.Outputs): their records by path, and the images published
// at their sizes.
type builtOutputs struct {
	recs map[string]*remembered
	imgs *imageset.Set
}

func (b builtOutputs) Anchors(p string) ([]string, bool) {
	r, ok := b.recs[p]
	if !ok {
		return nil, false
	}
	return r.IDs, true
}

func (b builtOutputs) Resized(p string) bool { return b.imgs.Shown(p) != nil }

func (b builtOutputs) Paths() iter.Seq[string] {
	return func(yield func(string) bool) {
		for p := range b.recs {
			if !yield(p) {
				return
			}
		}
		for p := range b.imgs.Paths() {
			if !yield(p) {
				return
			}
		}
	}
}

// checkLinks reports the links of pages that lead nowhere (package
// sitecheck), among the outputs of the build by path; all is false when
// no output appeared, went or changed its anchors since the last check.
func (s *Site) checkLinks(outputs map[string]*remembered, all bool, l *diag.List) {
	c := sitecheck.Site{Graph: s.graph, Outputs: builtOutputs{outputs, &s.imgs}, Unread: s.unread,
		BrokenAreWarnings: s.cfg.Check.Links == "warning"}
	s.brokenLinks = c.Links(all, l)
}

// pageByFile is the published page of the Markdown file a link from p
// names: relative to p's file ("autre.md", "../articles/x.md"), or from
// content/ ("/articles/x.md"); nil if there is none. It records that the
// render depends on which page that is.
func (s *Site) pageByFile(rc *record.Render, p *page.Page, file string) *page.Page {
	id := graph.FileID(p, file)
	rc.Name(record.PageByID, id)
	return s.graph.Page(graph.Planning, id)
}

// included is the page a page includes by its file, recording that the
// render depends on which page that is.
func (s *Site) included(rc *record.Render, p *page.Page, file string) *page.Page {
	id := graph.FileID(p, file)
	rc.Name(record.Includable, id)
	return s.graph.Includable(id)
}

// withIncludes is a page's HTML with the pages it includes (each
// completed as its page shows it), recorded in rc; its own images and
// links are as goldmark writes them (a kit's archive makes its own).
func (s *Site) withIncludes(rc *record.Render, p *page.Page) string {
	return s.complete(rc, s.blobs.GetString(p.Content), p, completion{plain: true})
}

// published is a page's HTML as its page or a feed shows it: with the
// pages it includes, its images at their sizes (in a feed, a plain <img>
// of the fallback size; on a page, the first loaded at once when eager),
// and its links to Markdown files leading to their pages.
func (s *Site) published(rc *record.Render, p *page.Page, eager, feed bool) string {
	return s.complete(rc, s.blobs.GetString(p.Content), p, completion{eager: eager, feed: feed, first: true})
}

// maxIncludeDepth bounds pages that include pages that include pages.
const maxIncludeDepth = 4

// completion says how complete makes a page's HTML.
type completion struct {
	plain       bool // the page's own images and links as written
	eager, feed bool // see published
	first       bool // no image has been shown yet
	depth       int  // of includes
}

// complete writes a page's HTML (h, with its marks: markdown.Options.Marks)
// as c says, in one pass over its marks: an include becomes the included
// page's HTML, completed as that page shows it; an image of the site
// relais resizes becomes its sizes (pictures); a link to a Markdown file
// leads to its page. Each read is recorded in rc.
func (s *Site) complete(rc *record.Render, h string, p *page.Page, c completion) string {
	if !strings.ContainsRune(h, 0) {
		return h
	}
	var b strings.Builder
	b.Grow(len(h) + len(h)/4)
	markdown.EachMark(h, func(t string) { b.WriteString(t) }, func(m markdown.Mark) {
		switch {
		case m.Kind == markdown.MarkInclude:
			q := s.included(rc, p, html.UnescapeString(m.A))
			if q == nil || q == p || c.depth >= maxIncludeDepth {
				return // reported by the link check; or a loop, cut
			}
			rc.Page(record.Content, q)
			b.WriteString(s.complete(rc, s.blobs.GetString(q.Content), q, completion{depth: c.depth + 1}))
		case c.plain:
			b.WriteString(m.Plain())
		case m.Kind == markdown.MarkImage:
			h, shown := s.imgs.Picture(rc, m, p.URL, c.feed, c.first && c.eager)
			c.first = c.first && !shown
			b.WriteString(h)
		case m.Kind == markdown.MarkLink:
			b.WriteString(s.pageLink(rc, m, p))
		}
	})
	return b.String()
}

// pageLink is where a link to a Markdown file leads: its page, or the
// file as written when no page is made from it.
func (s *Site) pageLink(rc *record.Render, m markdown.Mark, p *page.Page) string {
	file := html.UnescapeString(m.A)
	file = s.cfg.SitePath(file) // the base path was added to a path from content/
	if u, err := url.PathUnescape(file); err == nil {
		file = u
	}
	q := s.pageByFile(rc, p, file)
	if q == nil {
		return m.Plain()
	}
	rc.Page(record.Meta, q)
	return html.EscapeString(s.cfg.RelURL(q.URL)) + m.B
}

// BrokenLinks is how many links of the last build's checked pages lead
// to no page, file or anchor of the site.
func (s *Site) BrokenLinks() int { return s.brokenLinks }

// ExternalLinks lists the links of the published pages to other sites
// (http and https), for relais check --external.
func (s *Site) ExternalLinks() []sitecheck.ExternalLink { return sitecheck.ExternalLinks(s.graph) }

// Published are the pages the last build published, in no order.
func (s *Site) Published() iter.Seq[*page.Page] { return s.graph.All(graph.Planning) }

// Now is the time of the last build.
func (s *Site) Now() time.Time { return s.now }

// StandIns are, by output path, what a preview serves in place of the
// sizes of images it left for MakePending (Result.Pending), until they
// are made and the page reloads (imageset.Set.StandIns).
func (s *Site) StandIns() map[string]func() []byte { return s.imgs.StandIns() }
