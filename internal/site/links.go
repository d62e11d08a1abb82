package site

import (
	"html"
	"iter"
	"net/url"
	"regexp"
	"strings"
	"time"

	"relais/internal/diag"
	"relais/internal/graph"
	"relais/internal/markdown"
	"relais/internal/page"
	"relais/internal/record"
	"relais/internal/sitecheck"
)

// builtOutputs are the outputs of a build as the link checks see them
// (sitecheck.Outputs): their records by path, and the images published
// at their sizes.
type builtOutputs struct {
	recs  map[string]*remembered
	shown map[string]*sourceFile
}

func (b builtOutputs) Anchors(p string) ([]string, bool) {
	r, ok := b.recs[p]
	if !ok {
		return nil, false
	}
	return r.ids, true
}

func (b builtOutputs) Resized(p string) bool { return b.shown[p].resizable() }

func (b builtOutputs) Paths() iter.Seq[string] {
	return func(yield func(string) bool) {
		for p := range b.recs {
			if !yield(p) {
				return
			}
		}
		for p := range b.shown {
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
	c := sitecheck.Site{Graph: s.graph, Outputs: builtOutputs{outputs, s.shown}, Unread: s.unread,
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

// withIncludes is a page's HTML with the pages it includes, recorded in
// rc.
func (s *Site) withIncludes(rc *record.Render, p *page.Page) string {
	return s.includes(rc, s.blobs.GetString(p.Content), p, 0)
}

// published is a page's HTML as its page or a feed shows it: with the
// pages it includes, its images at their sizes (in a feed, a plain <img>
// of the fallback size; on a page, the first loaded at once when eager),
// and its links to Markdown files leading to their pages.
func (s *Site) published(rc *record.Render, p *page.Page, eager, feed bool) string {
	return s.pageLinks(rc, s.pictures(rc, s.withIncludes(rc, p), p, eager, feed), p)
}

// maxIncludeDepth bounds pages that include pages that include pages.
const maxIncludeDepth = 4

// includes replaces the include marks of a page's HTML (markdown.Include)
// with the HTML of the pages they name, itself with its includes, its
// images and its links to Markdown files, as that page has them.
func (s *Site) includes(rc *record.Render, h string, p *page.Page, depth int) string {
	if !strings.Contains(h, "<!--relais:include ") {
		return h
	}
	return markdown.IncludeMark.ReplaceAllStringFunc(h, func(mark string) string {
		q := s.included(rc, p, html.UnescapeString(markdown.IncludeMark.FindStringSubmatch(mark)[1]))
		if q == nil || q == p || depth >= maxIncludeDepth {
			return "" // reported by the link check; or a loop, cut
		}
		rc.Page(record.Content, q)
		inner := s.includes(rc, s.blobs.GetString(q.Content), q, depth+1)
		return s.pageLinks(rc, s.pictures(rc, inner, q, false, false), q)
	})
}

// mdHref matches a link of a page's HTML to a Markdown file.
var mdHref = regexp.MustCompile(`href="([^"#]*\.(?:md|markdown|mdown|mkd|mkdn))(#[^"]*)?"`)

// pageLinks makes the links of a page's HTML to Markdown files lead to
// their pages.
func (s *Site) pageLinks(rc *record.Render, h string, p *page.Page) string {
	if !strings.Contains(h, ".md") && !strings.Contains(h, ".mkd") && !strings.Contains(h, ".markdown") {
		return h
	}
	return mdHref.ReplaceAllStringFunc(h, func(attr string) string {
		m := mdHref.FindStringSubmatch(attr)
		file := html.UnescapeString(m[1])
		file = s.cfg.SitePath(file) // the base path was added to a path from content/
		if u, err := url.PathUnescape(file); err == nil {
			file = u
		}
		q := s.pageByFile(rc, p, file)
		if q == nil {
			return attr
		}
		rc.Page(record.Meta, q)
		return `href="` + html.EscapeString(s.cfg.RelURL(q.URL)) + m[2] + `"`
	})
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
