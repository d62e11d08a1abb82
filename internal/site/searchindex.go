package site

import (
	"bytes"
	"sort"

	"relais/internal/layout"
	"relais/internal/page"
	"relais/internal/search"
)

// SearchLayout is the layout of the search page. The build writes the
// search index (search-index.json) when a page uses it.
const SearchLayout = "recherche"

// searchSpecs is the search index, when the site has a search page.
func (s *Site) searchSpecs() []*spec {
	has := false
	for _, p := range s.pages {
		if p.Layout == SearchLayout {
			has = true
			break
		}
	}
	if !has {
		return nil
	}
	return []*spec{{out: "search-index.json", render: func(rc *renderCtx, w *bytes.Buffer) error {
		rc.use('g', "pages")
		var ps []*page.Page
		for _, p := range s.pages {
			if p.Kind == page.KindPage && p.Layout != SearchLayout {
				ps = append(ps, p)
			}
		}
		sort.Slice(ps, func(i, j int) bool { return ps[i].URL < ps[j].URL })
		docs := make([]search.Doc, 0, len(ps))
		for _, p := range ps {
			rc.usePage('c', p)
			d := search.Doc{Title: p.LinkTitle(), URL: s.cfg.RelURL(p.URL), Text: layout.Plainify(string(s.html(p))), Summary: p.Description}
			if d.Summary == "" {
				d.Summary = p.Summary
			}
			for _, h := range p.TOC {
				d.Headings = append(d.Headings, h.Text)
			}
			docs = append(docs, d)
		}
		return search.Build(docs).Write(w)
	}}}
}
