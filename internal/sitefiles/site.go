package sitefiles

import (
	"io"
	"sort"
	"strings"

	"relais/internal/config"
	"relais/internal/graph"
	"relais/internal/page"
)

// SiteSitemap writes the sitemap of the pages g publishes (with cfg),
// the partner area's left out, each with its translations, reading
// through r.
func SiteSitemap(w io.Writer, r graph.Recorder, g *graph.Graph, cfg *config.Config) error {
	ps := make([]*page.Page, 0, g.Count(r))
	for p := range g.All(r) {
		if p.Area == "" { // the partner area is in no public list
			ps = append(ps, p)
		}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].URL < ps[j].URL })
	urls := make([]URL, len(ps))
	for i, p := range ps {
		lm := p.Lastmod
		if lm.IsZero() {
			lm = p.Date
		}
		urls[i] = URL{Loc: cfg.AbsURL(p.URL), Lastmod: lm}
		if ts := g.Translations(r, p); len(ts) > 1 {
			for _, t := range ts {
				urls[i].Alternates = append(urls[i].Alternates, Alternate{Lang: cfg.LangCode(t.Lang), Href: cfg.AbsURL(t.URL)})
			}
			if ts[0].Lang == "" {
				urls[i].Alternates = append(urls[i].Alternates, Alternate{Lang: "x-default", Href: cfg.AbsURL(ts[0].URL)})
			}
		}
	}
	return Sitemap(w, urls)
}

// SiteRedirects are the old addresses with a query ("/?p=12", a
// WordPress's) that the public pages of g name as aliases, by query,
// reading through r.
func SiteRedirects(r graph.Recorder, g *graph.Graph, cfg *config.Config) []Redirect {
	var out []Redirect
	for p := range g.All(r) {
		if p.Area != "" {
			continue
		}
		for _, a := range p.Aliases {
			if q, ok := strings.CutPrefix(a, "/?"); ok {
				out = append(out, Redirect{Query: q, To: cfg.RelURL(p.URL)})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Query < out[j].Query })
	return out
}
