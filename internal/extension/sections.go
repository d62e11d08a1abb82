package extension

import (
	"iter"
	"slices"
	"strings"
	"sync"

	"relais/internal/diag"
	"relais/internal/page"
	"relais/internal/section"
)

// What a build asks of the registered kinds of section, each through the
// interfaces it implements.

// OwnTitle reports a page (by its path under content/) of a kind whose
// titles come from its fields, never from a heading.
func (r *Registry) OwnTitle(rel string) bool {
	i := r.Of(rel)
	return i >= 0 && r.kinds[i].OwnTitle
}

// Check runs the checks of the kinds that have some (Checker) over the
// site's regular pages, in ID order.
func (r *Registry) Check(regular []*page.Page) diag.List {
	var l diag.List
	pages := byID(slices.Values(regular))
	for _, sec := range r.Sections() {
		if c, ok := sec.(Checker); ok {
			l.Add(c.Check(pages())...)
		}
	}
	return l
}

// Audit runs the audits of the kinds that have some (Auditor) over the
// published pages, in ID order.
func (r *Registry) Audit(published iter.Seq[*page.Page]) diag.List {
	var l diag.List
	pages := byID(published)
	for _, sec := range r.Sections() {
		if a, ok := sec.(Auditor); ok {
			l.Add(a.Audit(pages())...)
		}
	}
	return l
}

// byID gives the pages of seq sorted by ID, collected at the first call
// only: a site whose kinds have no checks never sorts them.
func byID(seq iter.Seq[*page.Page]) func() []*page.Page {
	return sync.OnceValue(func() []*page.Page {
		return slices.SortedFunc(seq, func(a, b *page.Page) int { return strings.Compare(a.ID, b.ID) })
	})
}

// OffersFiles reports a section (by its folder) whose kind offers its
// page bundles' files for download (Downloads).
func (r *Registry) OffersFiles(folder string) bool {
	for _, sec := range r.Sections() {
		if d, ok := sec.(Downloads); ok && sec.Folder() == folder && d.OffersFiles() {
			return true
		}
	}
	return false
}

// Facets are the filters of each section whose kind has some (Faceted),
// by the section's folder.
func (r *Registry) Facets() map[string][]page.Facet {
	out := map[string][]page.Facet{}
	for _, sec := range r.Sections() {
		if f, ok := sec.(Faceted); ok {
			out[sec.Folder()] = f.Facets()
		}
	}
	return out
}

// Plans are what the kinds that publish files of their own (Publisher)
// planned for one build, by the kind's index; Close ends them.
type Plans []section.Plan

// Publish has each kind that publishes files of its own plan them for a
// build from b, with its findings in l.
func (r *Registry) Publish(b section.Build, l *diag.List) Plans {
	plans := make(Plans, len(r.Kinds()))
	for i, sec := range r.Sections() {
		if p, ok := sec.(Publisher); ok {
			plans[i] = p.Publish(b, l)
		}
	}
	return plans
}

// At is the plan of the kind at index i, or nil.
func (p Plans) At(i int) section.Plan {
	if i < 0 || i >= len(p) {
		return nil
	}
	return p[i]
}

// Close ends the plans: what they made for their build (a kit's archive)
// is removed.
func (p Plans) Close() {
	for _, pl := range p {
		if pl != nil {
			pl.Close()
		}
	}
}
