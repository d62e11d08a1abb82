package site

import (
	"bytes"

	"relais/internal/area"
	"relais/internal/diag"
	"relais/internal/graph"
	"relais/internal/markdown"
	"relais/internal/output"
	"relais/internal/page"
	"relais/internal/record"
	"relais/internal/searchindex"
	"relais/internal/sitefiles"
)

// The partner areas are package area's (area.Areas); the build adds the
// areas' search pages and reads its public outputs for leaks.

// areaSearchSpecs are the search pages of the areas (at their
// recherche/), which search the area's own index (package searchindex),
// when the site has a search page and the area is not encrypted.
func (s *Site) areaSearchSpecs() []*plannedOutput {
	if !s.search.On() || s.areas.Protection() == area.Encrypted {
		return nil
	}
	title := ""
	for p := range s.graph.All(graph.Planning) {
		if p.Layout == searchindex.Layout && p.Area == "" {
			title = p.Title
		}
	}
	var out []*plannedOutput
	for _, r := range s.areas.Roots() {
		url := r.URL + "recherche/"
		if !s.areas.Searched(r.URL) || s.graph.AtURL(graph.Planning, url) != nil {
			continue
		}
		p := &page.Page{Meta: page.Meta{ID: "area-search:" + r.URL, Kind: page.KindPage, URL: url, Layout: searchindex.Layout,
			Title: title, Area: r.URL, Params: map[string]any{}}}
		p.Num = s.graph.Num(p.ID)
		tpl, f := s.layoutFor(p)
		if f != nil {
			continue // a site's own theme without that layout
		}
		out = append(out, &plannedOutput{Out: sitefiles.OutPath(url), Page: p, Tpl: tpl, HTML: true,
			Render: func(rc *record.Render, w *bytes.Buffer) error { return s.renderPage(rc, p, tpl, 0, w) }})
	}
	return out
}

// checkLeaks reads every public output of the build (keep) as it will
// be published for what of a partner area it would show (package area).
func (s *Site) checkLeaks(tx *output.Tx, keep map[string]bool, l *diag.List) {
	if len(s.areas.Roots()) == 0 {
		return
	}
	var source map[string]string // a copied file's output → its file, made once
	l.Add(area.CheckLeaks(area.Build{Graph: s.graph, Config: s.cfg, Outputs: keep, Read: tx.ReadFile,
		Text: func(p *page.Page) string { return area.HTMLText(markdown.Plain(s.blobs.Get(p.Content))) },
		Source: func(out string) string {
			if source == nil {
				source = map[string]string{}
				for p, e := range s.ld.Files {
					if !e.IsPage() && !e.IsMarkdown() {
						source[s.fileOut(p)] = p
					}
				}
			}
			return source[out]
		},
		Encrypted: s.areas.Protection() == area.Encrypted, Preview: s.opts.Preview})...)
}
