package views

import (
	"relais/internal/record"
)

// FacetLink is a link to the pages of one value of a filter.
type FacetLink struct {
	Name         string
	RelPermalink string
	Current      bool
}

// FacetGroup is the links of one filter.
type FacetGroup struct {
	Label string // interface string key
	Links []FacetLink
}

// Filters are, on a section with facets and on its filter pages, the links
// to every filter page, for readers without JavaScript.
func (v *PageView) Filters() []FacetGroup {
	e := v.e
	facets := e.site.Facets()
	if facets[v.p.Section] == nil || e.section(v.p.Section) == nil {
		return nil
	}
	var out []FacetGroup
	for _, f := range facets[v.p.Section] {
		g := FacetGroup{Label: f.Label}
		for _, fp := range e.facetPages(v.p.Section, f.Key) {
			v.e.rc.Page(record.Meta, fp)
			g.Links = append(g.Links, FacetLink{Name: fp.Params["value"].(string), RelPermalink: e.cfg.RelURL(fp.URL), Current: fp == v.p})
		}
		if len(g.Links) > 0 {
			out = append(out, g)
		}
	}
	return out
}
