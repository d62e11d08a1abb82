package site

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strings"

	"relais/internal/directory"
	"relais/internal/kit"
	"relais/internal/page"
	"relais/internal/slug"
)

// A facet is a filter of a section's pages that works without
// JavaScript: a list page for each of its values, under the section's URL
// (/partenaires/type/cidff/, /ateliers/duree/2-h/), linked from the section.
type facet struct {
	Key    string                      // the URL segment: "type"
	Label  string                      // interface string key
	Values func(p *page.Page) []string // the page's values; nil when not concerned
}

// facets are the filters of each section that has some.
var facets = map[string][]facet{
	directory.Section: {
		{"type", "partnerType", partnerValues(func(p *directory.Partner) []string { return []string{p.Type} })},
		{"public", "partnerPublics", partnerValues(func(p *directory.Partner) []string { return p.Publics })},
		{"territoire", "partnerTerritory", partnerValues(func(p *directory.Partner) []string { return []string{p.Territory} })},
	},
	kit.Section: {
		{"public", "kitAudience", kitValues(func(k *kit.Kit) []string { return []string{k.Audience} })},
		{"duree", "kitDuration", kitValues(func(k *kit.Kit) []string { return []string{kit.French(k.Minutes)} })},
		// The kits' own themes: the site-wide theme pages list articles too.
		{"theme", "taxonomyTitle.themes", func(p *page.Page) []string {
			if _, ok := p.Extra.(*kit.Kit); ok {
				return p.Terms["themes"]
			}
			return nil
		}},
	},
}

func partnerValues(f func(*directory.Partner) []string) func(*page.Page) []string {
	return func(p *page.Page) []string {
		if x, ok := p.Extra.(*directory.Partner); ok && p.Owner == "" && p.Dir == directory.Section {
			return f(x)
		}
		return nil
	}
}

func kitValues(f func(*kit.Kit) []string) func(*page.Page) []string {
	return func(p *page.Page) []string {
		if x, ok := p.Extra.(*kit.Kit); ok {
			return f(x)
		}
		return nil
	}
}

// facetPages makes the list pages of every facet of every section: for
// each value, the pages that have it, in list order.
func (s *Site) facetPages(regular []*page.Page) []*page.Page {
	var out []*page.Page
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
				fp := &page.Page{ID: "facet:" + dir, Kind: page.KindSection, Dir: dir, Section: name,
					Title: names[sl] + " · " + sec.LinkTitle(), URL: sec.URL + f.Key + "/" + sl + "/",
					Params: map[string]any{"facet": f.Key, "value": names[sl]}}
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
