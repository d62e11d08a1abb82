package site

import (
	"relais/internal/page"
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
