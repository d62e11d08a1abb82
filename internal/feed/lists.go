package feed

import (
	"cmp"
	"io"
	"net/url"
	"slices"
	"strings"

	"relais/internal/config"
	"relais/internal/fact"
	"relais/internal/graph"
	"relais/internal/page"
	"relais/internal/record"
)

// List is a list of a site that has feeds: the whole site (in each of its
// languages), a section or a term.
type List struct {
	Key   graph.ListKey // the list: every page, a section's, a term's
	Owner *page.Page    // the list's page, whose folder holds its feeds
	Title string
}

// Lists are the lists of the site g (with cfg, and its taxonomies) that
// get feeds: the site in each language, every section with pages but the
// partner area's, every term; in the order of their keys.
func Lists(g *graph.Graph, cfg *config.Config, taxonomies []string) []List {
	var out []List
	langs := cfg.Langs()
	langs[0] = ""
	for _, lang := range langs {
		if home := g.HomeIn(lang); home != nil && len(g.List(graph.Planning, graph.AllListIn(lang))) > 0 {
			out = append(out, List{Key: graph.AllListIn(lang), Owner: home, Title: cfg.TitleIn(lang)})
		}
	}
	for d, sp := range g.Sections(graph.Planning) {
		// The partner area has no feed: a feed reader seldom logs in, and
		// an encrypted page's text would be in it in clear.
		if sp.Kind != page.KindHome && sp.Area == "" && len(g.List(graph.Planning, graph.SectionList(d))) > 0 {
			out = append(out, List{Key: graph.SectionList(d), Owner: sp, Title: sp.LinkTitle() + " · " + cfg.TitleIn(sp.Lang)})
		}
	}
	for _, lang := range langs {
		for _, tax := range taxonomies {
			key := graph.TaxKey(lang, tax)
			for _, t := range g.TaxonomyTerms(graph.Planning, key) {
				out = append(out, List{Key: graph.TermList(key + "/" + t.Slug), Owner: t.Page, Title: t.Name + " · " + cfg.TitleIn(lang)})
			}
		}
	}
	slices.SortFunc(out, func(a, b List) int { return strings.Compare(a.Key.String(), b.Key.String()) })
	return out
}

// Render writes the feed of l in format f: the list's newest pages, by
// publication date, as many as the settings say, recording what it reads
// in rc. content gives a page's HTML, for feeds with the pages' full
// text.
func Render(w io.Writer, rc *record.Render, g *graph.Graph, cfg *config.Config, l List, f Format, content func(*record.Render, *page.Page) string) error {
	rc.Fact(fact.Dates) // a page's new date can bring it into the newest
	rc.Page(record.Meta, l.Owner)
	ps := slices.Clone(g.List(rc, l.Key))
	slices.SortStableFunc(ps, func(a, b *page.Page) int { return cmp.Compare(graph.PubDate(b), graph.PubDate(a)) })
	if len(ps) > cfg.Feeds.Limit {
		ps = ps[:cfg.Feeds.Limit]
	}
	origin := ""
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Host != "" {
		origin = u.Scheme + "://" + u.Host
	}
	ch := Channel{Title: l.Title, URL: cfg.AbsURL(l.Owner.URL), Description: l.Owner.Description, Author: cfg.Author}
	if ch.Description == "" {
		ch.Description = cfg.DescriptionIn(l.Owner.Lang)
	}
	for _, p := range ps {
		rc.Page(record.Meta, p)
		rc.Page(record.Content, p)
		it := Item{Title: p.LinkTitle(), URL: cfg.AbsURL(p.URL), Summary: p.Summary,
			Published: p.PublishDate, Updated: p.Lastmod}
		if it.Published.IsZero() {
			it.Published = p.Date
		}
		if a, ok := p.Params["author"].(string); ok {
			it.Author = a
		}
		if cfg.Feeds.FullContent {
			it.Content = AbsoluteLinks(content(rc, p), origin)
		}
		ch.Items = append(ch.Items, it)
	}
	return Write(w, f, ch)
}
