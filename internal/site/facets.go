package site

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strings"

	"relais/internal/page"
	"relais/internal/slug"
)

// facets are the filters of each section whose kind has some
// (Faceted), by the section's folder.
func (s *Site) facets() map[string][]page.Facet {
	out := map[string][]page.Facet{}
	for _, sec := range s.sectionKinds() {
		if f, ok := sec.(Faceted); ok {
			out[sec.Folder()] = f.Facets()
		}
	}
	return out
}

// facetPages makes the list pages of every facet of every section: for
// each value, the pages that have it, in list order.
func (s *Site) facetPages(regular []*page.Page) []*page.Page {
	var out []*page.Page
	facets := s.facets()
	sections := make([]string, 0, len(facets))
	for sec := range facets {
		sections = append(sections, sec)
	}
	sort.Strings(sections)
	for _, name := range sections {
		sec := s.sections[name]
		if sec == nil {
			continue
		}
		// The filter pages of the section, as an input of the pages that
		// link to them all.
		h := fnv.New64a()
		for _, f := range facets[name] {
			byValue := map[string][]*page.Page{}
			names := map[string]string{}
			for _, p := range regular {
				for _, v := range f.Values(p) {
					if sl := slug.Make(v); sl != "" {
						byValue[sl] = append(byValue[sl], p)
						if _, ok := names[sl]; !ok {
							names[sl] = v
						}
					}
				}
			}
			slugs := make([]string, 0, len(byValue))
			for sl := range byValue {
				slugs = append(slugs, sl)
			}
			sort.Strings(slugs)
			for _, sl := range slugs {
				ps := byValue[sl]
				fmt.Fprintf(h, "%s/%s=%s\x00", f.Key, sl, names[sl])
				dir := name + "/" + f.Key + "/" + sl
				fp := &page.Page{Meta: page.Meta{ID: "facet:" + dir, Kind: page.KindSection, Dir: dir, Section: name,
					Title: names[sl] + " · " + sec.LinkTitle(), URL: sec.URL + f.Key + "/" + sl + "/",
					Params: map[string]any{"facet": f.Key, "value": names[sl]}}}
				s.setList(facetList(dir), ps)
				s.sections[dir] = fp
				out = append(out, fp)
			}
		}
		s.lists[facetsList(name)] = &list{hash: h.Sum64()}
	}
	return out
}

// isFacetPage reports a directory filter page (made by facetPages).
func isFacetPage(p *page.Page) bool { return strings.HasPrefix(p.ID, "facet:") }

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
	s := v.rc.s
	sec := s.sections[v.p.Section]
	facets := s.facets()
	if sec == nil || facets[v.p.Section] == nil {
		return nil
	}
	v.rc.useList(facetsList(v.p.Section))
	var out []FacetGroup
	for _, f := range facets[v.p.Section] {
		g := FacetGroup{Label: f.Label}
		prefix := v.p.Section + "/" + f.Key + "/"
		var dirs []string
		for d := range s.sections {
			if strings.HasPrefix(d, prefix) {
				dirs = append(dirs, d)
			}
		}
		sort.Strings(dirs)
		for _, d := range dirs {
			fp := s.sections[d]
			v.rc.usePage(readMeta, fp)
			g.Links = append(g.Links, FacetLink{Name: fp.Params["value"].(string), RelPermalink: s.cfg.RelURL(fp.URL), Current: fp == v.p})
		}
		if len(g.Links) > 0 {
			out = append(out, g)
		}
	}
	return out
}
