package site

import (
	"bytes"

	"relais/internal/diag"
	"relais/internal/graph"
	"relais/internal/page"
	"relais/internal/record"
	"relais/internal/sitefiles"
)

// siteMapURL is the address of the site map page.
const siteMapURL = "/plan-du-site/"

// builtins are the pages every site has: relais makes them with their
// layout unless the content has a page at their address, which then
// takes their place (and may use their layout, with its own text).
var builtins = []struct {
	id, url, layout, title string
}{
	// The site map for readers; sitemap.xml is for search engines.
	{"plan-du-site", siteMapURL, "plan-du-site", "siteMapTitle"},
	// The accessibility statement the law asks of every page's footer,
	// made from [accessibility] in site.toml.
	{"accessibilite", "/accessibilite/", "accessibilite", "a11y.title"},
}

// builtinSpecs are the outputs of the built-in pages the content does not
// replace.
func (s *Site) builtinSpecs() []*plannedOutput {
	var out []*plannedOutput
	for _, b := range builtins {
		if s.graph.AtURL(graph.Planning, b.url) != nil {
			continue
		}
		p := &page.Page{Meta: page.Meta{ID: "builtin:" + b.id, Kind: page.KindPage, URL: b.url, Layout: b.layout,
			Title: s.theme.Set.T(b.title), Params: map[string]any{}}}
		p.Num = s.graph.Num(p.ID)
		tpl, f := s.layoutFor(p)
		if f != nil {
			continue // a site's own theme without that layout
		}
		out = append(out, &plannedOutput{Out: sitefiles.OutPath(p.URL), Page: p, Tpl: tpl, HTML: true,
			Render: func(rc *record.Render, w *bytes.Buffer) error { return s.renderPage(rc, p, tpl, 0, w) }})
	}
	return out
}

// builtinWarnings are for relais check: a page of the content in the
// place of the accessibility statement that does not use its layout.
func (s *Site) builtinWarnings() diag.List {
	var l diag.List
	for _, b := range builtins {
		if own := s.graph.AtURL(graph.Planning, b.url); own != nil && b.layout == "accessibilite" && own.Layout != b.layout {
			l.Add(diag.Warnf(graph.FileOf(own), 1, "this page is the accessibility statement, but it does not use the statement's layout: its status may disagree with the footer's").
				WithHint("add layout: accessibilite to its front matter: relais then writes the statement from [accessibility] in site.toml, and this page's text comes after it"))
		}
	}
	return l
}
