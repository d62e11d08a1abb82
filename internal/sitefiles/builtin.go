package sitefiles

import (
	"relais/internal/diag"
	"relais/internal/graph"
	"relais/internal/page"
)

// SiteMapURL is the address of the site map page.
const SiteMapURL = "/plan-du-site/"

// builtins are the pages every site has: relais makes them with their
// layout unless the content has a page at their address, which then
// takes their place (and may use their layout, with its own text).
var builtins = []struct {
	id, url, layout, title string
}{
	// The site map for readers; sitemap.xml is for search engines.
	{"plan-du-site", SiteMapURL, "plan-du-site", "siteMapTitle"},
	// The accessibility statement the law asks of every page's footer,
	// made from [accessibility] in site.toml.
	{"accessibilite", "/accessibilite/", "accessibilite", "a11y.title"},
}

// Builtins are the built-in pages that the content of g does not
// replace, each titled by the theme's string of its key (title).
func Builtins(g *graph.Graph, title func(key string) string) []*page.Page {
	var out []*page.Page
	for _, b := range builtins {
		if g.AtURL(graph.Planning, b.url) != nil {
			continue
		}
		p := &page.Page{Meta: page.Meta{ID: "builtin:" + b.id, Kind: page.KindPage, URL: b.url, Layout: b.layout,
			Title: title(b.title), Params: map[string]any{}}}
		p.Num = g.Num(p.ID)
		out = append(out, p)
	}
	return out
}

// BuiltinWarnings are for relais check: a page of the content in the
// place of the accessibility statement that does not use its layout.
func BuiltinWarnings(g *graph.Graph) diag.List {
	var l diag.List
	for _, b := range builtins {
		if own := g.AtURL(graph.Planning, b.url); own != nil && b.layout == "accessibilite" && own.Layout != b.layout {
			l.Add(diag.Warnf(graph.FileOf(own), 1, "this page is the accessibility statement, but it does not use the statement's layout: its status may disagree with the footer's").
				WithHint("add layout: accessibilite to its front matter: relais then writes the statement from [accessibility] in site.toml, and this page's text comes after it"))
		}
	}
	return l
}
