package sitefiles

import (
	"io"
	"slices"
	"sort"
	"strings"

	"relais/internal/config"
	"relais/internal/diag"
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

// OutPath is the file an address is written to: "/a/" to "a/index.html".
func OutPath(url string) string {
	p := strings.TrimPrefix(url, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// Aliases are the files (OutPath) that lead to p from its old addresses
// (Alias): its aliases, and its old address as another tool made it
// unless a page of g is there or another page had it. written holds the
// addresses taken, by every page's aliases and those Aliases gave so far;
// it adds p's. An alias it leaves out is told in l.
func Aliases(p *page.Page, g *graph.Graph, written map[string]bool, l *diag.List) []string {
	aliases := p.Aliases
	if p.OldURL != "" && p.Area == "" && g.AtURL(graph.Planning, p.OldURL) == nil && !slices.Contains(aliases, p.OldURL) && !written[p.OldURL] {
		aliases = append(slices.Clip(aliases), p.OldURL) // its old address, as other tools made it
	}
	var out []string
	for _, a := range aliases {
		written[a] = true
		if p.Area != "" {
			l.Add(diag.Warnf(graph.FileOf(p), p.FieldLine("aliases", 0), "the alias %s is left out: its page is for partners, and an old address leads there from the public site", a).
				WithHint("remove the alias; give partners the page's new address"))
			continue
		}
		if strings.HasPrefix(a, "/?") {
			continue // no file answers it: old-addresses.json and nginx.conf lead it
		}
		if OutPath(a) == OutPath(p.URL) {
			l.Add(diag.Warnf(graph.FileOf(p), p.FieldLine("aliases", 0), "the alias %s is this page's own URL: ignored", a).
				WithHint("remove it from aliases: an alias is an old address that leads to the page"))
			continue
		}
		out = append(out, OutPath(a))
	}
	return out
}
