package views

import (
	"sort"
	"strings"

	"relais/internal/graph"
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
	sec := e.g.Sections[v.p.Section]
	facets := e.site.Facets()
	if sec == nil || facets[v.p.Section] == nil {
		return nil
	}
	v.e.rc.ReadList(graph.FacetsList(v.p.Section)) // the filters' values: a hash only
	var out []FacetGroup
	for _, f := range facets[v.p.Section] {
		g := FacetGroup{Label: f.Label}
		prefix := v.p.Section + "/" + f.Key + "/"
		var dirs []string
		for d := range e.g.Sections {
			if strings.HasPrefix(d, prefix) {
				dirs = append(dirs, d)
			}
		}
		sort.Strings(dirs)
		for _, d := range dirs {
			fp := e.g.Sections[d]
			v.e.rc.Page(record.Meta, fp)
			g.Links = append(g.Links, FacetLink{Name: fp.Params["value"].(string), RelPermalink: e.cfg.RelURL(fp.URL), Current: fp == v.p})
		}
		if len(g.Links) > 0 {
			out = append(out, g)
		}
	}
	return out
}
