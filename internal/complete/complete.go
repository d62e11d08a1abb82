// Package complete makes a page's HTML as a page or a feed shows it.
//
// A page is converted once (package markdown, with Options.Marks): what
// depends on the rest of the site is left as marks in its HTML, never
// looked for with a pattern. At every render, one pass over the marks
// completes it: an include becomes the included page's HTML, completed
// as that page shows it; an image relais resizes becomes its sizes
// (package imageset); a link to a Markdown file leads to its page. Each
// read is recorded (package record), so that the page is rendered again
// when what it shows changes.
package complete

import (
	"html"
	"net/url"
	"strings"

	"relais/internal/blob"
	"relais/internal/config"
	"relais/internal/graph"
	"relais/internal/imageset"
	"relais/internal/markdown"
	"relais/internal/page"
	"relais/internal/record"
)

// Pages complete the pages of one build.
type Pages struct {
	Config *config.Config
	Graph  *graph.Graph
	Blobs  *blob.Store // the pages' HTML
	Images *imageset.Set
}

// maxDepth bounds pages that include pages that include pages.
const maxDepth = 4

// how says how complete makes a page's HTML.
type how struct {
	plain       bool // the page's own images and links as written
	eager, feed bool // see Published
	first       bool // no image has been shown yet
	depth       int  // of includes
}

// Published is a page's HTML as its page or a feed shows it: with the
// pages it includes, its images at their sizes (in a feed, a plain <img>
// of the fallback size; on a page, the first loaded at once when eager),
// and its links to Markdown files leading to their pages.
func (c Pages) Published(rc *record.Render, p *page.Page, eager, feed bool) string {
	return c.complete(rc, c.Blobs.GetString(p.Content), p, how{eager: eager, feed: feed, first: true})
}

// WithIncludes is a page's HTML with the pages it includes (each
// completed as its page shows it); its own images and links are as
// goldmark writes them (a kit's archive makes its own).
func (c Pages) WithIncludes(rc *record.Render, p *page.Page) string {
	return c.complete(rc, c.Blobs.GetString(p.Content), p, how{plain: true})
}

// complete writes a page's HTML (h, with its marks) as w says, in one
// pass over its marks.
func (c Pages) complete(rc *record.Render, h string, p *page.Page, w how) string {
	if !strings.ContainsRune(h, 0) {
		return h
	}
	var b strings.Builder
	b.Grow(len(h) + len(h)/4)
	markdown.EachMark(h, func(t string) { b.WriteString(t) }, func(m markdown.Mark) {
		switch {
		case m.Kind == markdown.MarkInclude:
			q := c.included(rc, p, html.UnescapeString(m.A))
			if q == nil || q == p || w.depth >= maxDepth {
				return // reported by the link check; or a loop, cut
			}
			rc.Page(record.Content, q)
			b.WriteString(c.complete(rc, c.Blobs.GetString(q.Content), q, how{depth: w.depth + 1}))
		case w.plain:
			b.WriteString(m.Plain())
		case m.Kind == markdown.MarkImage:
			h, shown := c.Images.Picture(rc, m, p.URL, w.feed, w.first && w.eager)
			w.first = w.first && !shown
			b.WriteString(h)
		case m.Kind == markdown.MarkLink:
			b.WriteString(c.pageLink(rc, m, p))
		}
	})
	return b.String()
}

// included is the page a page includes by its file, recording that the
// render depends on which page that is.
func (c Pages) included(rc *record.Render, p *page.Page, file string) *page.Page {
	id := graph.FileID(p, file)
	rc.Name(record.Includable, id)
	return c.Graph.Includable(id)
}

// pageLink is where a link to a Markdown file leads: its page, or the
// file as written when no page is made from it. The file is relative to
// p's ("autre.md", "../articles/x.md"), or from content/
// ("/articles/x.md"); the render depends on which page that is.
func (c Pages) pageLink(rc *record.Render, m markdown.Mark, p *page.Page) string {
	file := html.UnescapeString(m.A)
	file = c.Config.SitePath(file) // the base path was added to a path from content/
	if u, err := url.PathUnescape(file); err == nil {
		file = u
	}
	id := graph.FileID(p, file)
	rc.Name(record.PageByID, id)
	q := c.Graph.Page(graph.Planning, id)
	if q == nil {
		return m.Plain()
	}
	rc.Page(record.Meta, q)
	return html.EscapeString(c.Config.RelURL(q.URL)) + m.B
}
