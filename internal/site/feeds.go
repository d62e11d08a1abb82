package site

import (
	"bytes"
	"cmp"
	"net/url"
	"slices"
	"strings"

	"relais/internal/feed"
	"relais/internal/graph"
	"relais/internal/page"
	"relais/internal/record"
)

// feedList is a list that has feeds: the whole site, a section or a term.
type feedList struct {
	key   graph.ListKey // the list: every page, a section's, a term's
	owner *page.Page    // the list's page
	title string
}

// feedLists lists the lists that get feeds: the site, every section with
// pages, every term.
func (s *Site) feedLists() []feedList {
	var out []feedList
	if home := s.graph.Sections[""]; home != nil && len(s.graph.List(graph.Planning, graph.AllList())) > 0 {
		out = append(out, feedList{key: graph.AllList(), owner: home, title: s.cfg.Title})
	}
	for d, sp := range s.graph.Sections {
		if d != "" && len(s.graph.List(graph.Planning, graph.SectionList(d))) > 0 {
			out = append(out, feedList{key: graph.SectionList(d), owner: sp, title: sp.LinkTitle() + " · " + s.cfg.Title})
		}
	}
	for _, tax := range s.taxonomies {
		for _, t := range s.graph.Terms[tax] {
			out = append(out, feedList{key: graph.TermList(tax + "/" + t.Slug), owner: t.Page, title: t.Name + " · " + s.cfg.Title})
		}
	}
	slices.SortFunc(out, func(a, b feedList) int { return strings.Compare(a.key.String(), b.key.String()) })
	return out
}

// feedKey returns the list whose feeds belong to the list page p; ok is
// false for a page without feeds.
func (s *Site) feedKey(p *page.Page) (graph.ListKey, bool) {
	switch p.Kind {
	case page.KindHome:
		return graph.AllList(), true
	case page.KindSection:
		return graph.SectionList(p.Dir), true
	case page.KindTerm:
		return graph.TermList(p.Dir), true
	}
	return graph.ListKey{}, false
}

// feedSpecs are the outputs of every feed, in every format.
func (s *Site) feedSpecs() []*plannedOutput {
	var out []*plannedOutput
	for _, fl := range s.feedLists() {
		for _, f := range feed.Formats {
			out = append(out, &plannedOutput{out: strings.TrimPrefix(fl.owner.URL, "/") + f.File(),
				page: fl.owner, render: func(rc *record.Render, w *bytes.Buffer) error { return s.writeFeed(rc, w, fl, f) }})
		}
	}
	return out
}

// writeFeed writes one feed: the list's newest pages, by publication date.
func (s *Site) writeFeed(rc *record.Render, w *bytes.Buffer, fl feedList, f feed.Format) error {
	rc.Name(record.Site, "dates") // a page's new date can bring it into the newest
	rc.Page(record.Meta, fl.owner)
	ps := slices.Clone(s.graph.List(rc, fl.key))
	slices.SortStableFunc(ps, func(a, b *page.Page) int { return cmp.Compare(graph.PubDate(b), graph.PubDate(a)) })
	if len(ps) > s.cfg.Feeds.Limit {
		ps = ps[:s.cfg.Feeds.Limit]
	}
	origin := ""
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Host != "" {
		origin = u.Scheme + "://" + u.Host
	}
	ch := feed.Channel{Title: fl.title, URL: s.cfg.AbsURL(fl.owner.URL), Description: fl.owner.Description, Author: s.cfg.Author}
	if ch.Description == "" {
		ch.Description = s.cfg.Description
	}
	for _, p := range ps {
		rc.Page(record.Meta, p)
		rc.Page(record.Content, p)
		it := feed.Item{Title: p.LinkTitle(), URL: s.cfg.AbsURL(p.URL), Summary: p.Summary,
			Published: p.PublishDate, Updated: p.Lastmod}
		if it.Published.IsZero() {
			it.Published = p.Date
		}
		if a, ok := p.Params["author"].(string); ok {
			it.Author = a
		}
		if s.cfg.Feeds.FullContent {
			it.Content = feed.AbsoluteLinks(s.pageLinks(rc, s.pictures(rc, s.includes(rc, string(s.html(p)), p, 0), p, false, true), p), origin)
		}
		ch.Items = append(ch.Items, it)
	}
	return feed.Write(w, f, ch)
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
	s := v.s
	var out []FeedLink
	for _, o := range v.feedOwners() {
		title := o.LinkTitle()
		if o.Kind == page.KindHome {
			title = s.cfg.Title
		}
		for _, f := range feed.Formats {
			out = append(out, FeedLink{Type: f.MediaType(), Title: title + " (" + f.Name() + ")",
				URL: s.cfg.RelURL(strings.TrimSuffix(o.URL, "/") + "/" + f.File())})
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
	s := v.s
	var owners []*page.Page
	p := v.p
	if p.Kind == page.KindPage {
		p = s.graph.Sections[p.Dir]
	}
	for _, o := range []*page.Page{p, s.graph.Sections[""]} {
		if o == nil || slices.Contains(owners, o) {
			continue
		}
		key, ok := s.feedKey(o)
		if !ok || len(s.graph.List(v.rc, key)) == 0 {
			continue
		}
		if o.Kind != page.KindHome {
			v.rc.Page(record.Meta, o) // its title names the feed; the site's feed is named by the settings
		}
		owners = append(owners, o)
	}
	return owners
}
