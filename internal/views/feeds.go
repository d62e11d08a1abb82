package views

import (
	"slices"
	"strings"

	"relais/internal/feed"
	"relais/internal/graph"
	"relais/internal/page"
	"relais/internal/record"
)

// feedKey returns the list whose feeds belong to the list page p; ok is
// false for a page without feeds.
func feedKey(p *page.Page) (graph.ListKey, bool) {
	switch p.Kind {
	case page.KindHome:
		return graph.AllListIn(p.Lang), true
	case page.KindSection:
		return graph.SectionList(p.Dir), true
	case page.KindTerm:
		return graph.TermList(p.Dir), true
	}
	return graph.ListKey{}, false
}

// FeedLink is a feed offered by a page.
type FeedLink struct {
	Type  string // media type
	Title string
	URL   string
}

// Feeds are the feeds of the page's list (for a regular page, its
// section's) and of the whole site, for <link rel="alternate">.
func (v *PageView) Feeds() []FeedLink {
	e := v.e
	var out []FeedLink
	for _, o := range v.feedOwners() {
		title := o.LinkTitle()
		if o.Kind == page.KindHome {
			title = e.cfg.TitleIn(o.Lang)
		}
		for _, f := range feed.Formats {
			out = append(out, FeedLink{Type: f.MediaType(), Title: title + " (" + f.Name() + ")",
				URL: e.cfg.RelURL(strings.TrimSuffix(o.URL, "/") + "/" + f.File())})
		}
	}
	return out
}

// FeedsKey names the feeds a page offers (the URLs of the lists they are
// of): pages with the same key offer the same feeds, so a cached partial
// showing them varies by it.
func (v *PageView) FeedsKey() string {
	var b strings.Builder
	for _, o := range v.feedOwners() {
		b.WriteString(o.URL)
		b.WriteByte(' ')
	}
	return b.String()
}

// feedOwners are the pages whose feeds a page offers: its own list or its
// section's, and the site's.
func (v *PageView) feedOwners() []*page.Page {
	e := v.e
	var owners []*page.Page
	p := v.p
	if p.Kind == page.KindPage {
		p = e.sectionOf(p)
	}
	for _, o := range []*page.Page{p, e.home()} {
		if o == nil || slices.Contains(owners, o) {
			continue
		}
		if o.Kind != page.KindHome {
			v.e.rc.Page(record.Meta, o) // its title names the feed; the site's feed is named by the settings
		}
		key, ok := feedKey(o)
		if !ok || o.Area != "" || len(e.list(key)) == 0 { // the partner area has no feed
			continue
		}
		owners = append(owners, o)
	}
	return owners
}
