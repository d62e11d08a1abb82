package site

import (
	"bytes"
	"cmp"
	"net/url"
	"slices"
	"strings"

	"relais/internal/fact"
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
	langs := s.cfg.Langs()
	langs[0] = ""
	for _, lang := range langs {
		if home := s.graph.HomeIn(lang); home != nil && len(s.graph.List(graph.Planning, graph.AllListIn(lang))) > 0 {
			out = append(out, feedList{key: graph.AllListIn(lang), owner: home, title: s.cfg.TitleIn(lang)})
		}
	}
	for d, sp := range s.graph.Sections(graph.Planning) {
		// The partner area has no feed: a feed reader seldom logs in, and
		// an encrypted page's text would be in it in clear.
		if sp.Kind != page.KindHome && sp.Area == "" && len(s.graph.List(graph.Planning, graph.SectionList(d))) > 0 {
			out = append(out, feedList{key: graph.SectionList(d), owner: sp, title: sp.LinkTitle() + " · " + s.cfg.TitleIn(sp.Lang)})
		}
	}
	for _, lang := range langs {
		for _, tax := range s.taxonomies {
			key := graph.TaxKey(lang, tax)
			for _, t := range s.graph.TaxonomyTerms(graph.Planning, key) {
				out = append(out, feedList{key: graph.TermList(key + "/" + t.Slug), owner: t.Page, title: t.Name + " · " + s.cfg.TitleIn(lang)})
			}
		}
	}
	slices.SortFunc(out, func(a, b feedList) int { return strings.Compare(a.key.String(), b.key.String()) })
	return out
}

// feedSpecs are the outputs of every feed, in every format.
func (s *Site) feedSpecs() []*plannedOutput {
	var out []*plannedOutput
	for _, fl := range s.feedLists() {
		for _, f := range feed.Formats {
			out = append(out, &plannedOutput{Out: strings.TrimPrefix(fl.owner.URL, "/") + f.File(),
				Page: fl.owner, Render: func(rc *record.Render, w *bytes.Buffer) error { return s.writeFeed(rc, w, fl, f) }})
		}
	}
	return out
}

// writeFeed writes one feed: the list's newest pages, by publication date.
func (s *Site) writeFeed(rc *record.Render, w *bytes.Buffer, fl feedList, f feed.Format) error {
	rc.Fact(fact.Dates) // a page's new date can bring it into the newest
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
		ch.Description = s.cfg.DescriptionIn(fl.owner.Lang)
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
			it.Content = feed.AbsoluteLinks(s.published(rc, p, false, true), origin)
		}
		ch.Items = append(ch.Items, it)
	}
	return feed.Write(w, f, ch)
}
