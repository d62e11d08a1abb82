package site

import (
	"slices"
	"strings"

	"relais/internal/diag"
	"relais/internal/extension"
	"relais/internal/graph"
	"relais/internal/page"
	"relais/internal/section"
)

// sectionOf is the section that owns the page at rel, with its index in
// sectionKinds(), or -1.
func (s *Site) sectionOf(rel string) int {
	return s.reg.Of(rel)
}

// ownTitle reports a page (by its file's path in the site) of a kind
// whose titles come from its fields, never from a heading.
func (s *Site) ownTitle(file string) bool {
	rel, ok := strings.CutPrefix(file, ContentDir+"/")
	if !ok {
		return false
	}
	i := s.sectionOf(rel)
	return i >= 0 && s.reg.Kinds()[i].OwnTitle
}

// sectionKinds are the site's kinds of section, as its extensions
// registered them.
func (s *Site) sectionKinds() []extension.Section { return s.reg.Sections() }

// checkSections runs the checks of the kinds of section that have some.
func (s *Site) checkSections(regular []*page.Page, l *diag.List) {
	var sorted []*page.Page
	for _, sec := range s.sectionKinds() {
		c, ok := sec.(extension.Checker)
		if !ok {
			continue
		}
		if sorted == nil {
			sorted = slices.Clone(regular)
			slices.SortFunc(sorted, func(a, b *page.Page) int { return strings.Compare(a.ID, b.ID) })
		}
		l.Add(c.Check(sorted)...)
	}
}

// sectionOutputs plans the outputs of the kinds of section that publish
// some, for one build (closePlans ends it).
func (s *Site) sectionOutputs(l *diag.List) []*plannedOutput {
	s.closePlans()
	var out []*plannedOutput
	s.plans = make([]section.Plan, len(s.sectionKinds()))
	for i, sec := range s.sectionKinds() {
		if p, ok := sec.(extension.Publisher); ok {
			plan := p.Publish(built{s}, l)
			s.plans[i] = plan
			for _, o := range plan.Outputs() {
				out = append(out, &plannedOutput{Out: o.Path, Page: o.Page, Render: o.Render, Stream: o.Stream})
			}
		}
	}
	return out
}

// closePlans ends the sections' plans of the last build: what they made
// for it (a kit's archive) is removed.
func (s *Site) closePlans() {
	for _, p := range s.plans {
		if p != nil {
			p.Close()
		}
	}
	s.plans = nil
}

// plan is the plan the kind of section at index i made for the build,
// or nil.
func (s *Site) plan(i int) section.Plan {
	if i < 0 || i >= len(s.plans) {
		return nil
	}
	return s.plans[i]
}

// auditSections runs the audits of the kinds of section that have some.
func (s *Site) auditSections() diag.List {
	var l diag.List
	var pages []*page.Page
	for _, sec := range s.sectionKinds() {
		a, ok := sec.(extension.Auditor)
		if !ok {
			continue
		}
		if pages == nil {
			pages = slices.Collect(s.graph.All(graph.Planning))
			slices.SortFunc(pages, func(a, b *page.Page) int { return strings.Compare(a.ID, b.ID) })
		}
		l.Add(a.Audit(pages)...)
	}
	return l
}

// offersFiles reports a section (by its folder) whose page bundles offer
// their files for download: the resources', and those of a kind of
// section that says so (Downloads).
func (s *Site) offersFiles(section string) bool {
	if section == ResourcesSection {
		return true
	}
	for _, sec := range s.sectionKinds() {
		if d, ok := sec.(extension.Downloads); ok && sec.Folder() == section && d.OffersFiles() {
			return true
		}
	}
	return false
}

// facets are the filters of each section whose kind has some
// (Faceted), by the section's folder.
func (s *Site) facets() map[string][]page.Facet {
	out := map[string][]page.Facet{}
	for _, sec := range s.sectionKinds() {
		if f, ok := sec.(extension.Faceted); ok {
			out[sec.Folder()] = f.Facets()
		}
	}
	return out
}
