package views

import (
	"html/template"
	"sort"

	"relais/internal/directory"
)

// PartnerView is a directory partner as templates see it.
type PartnerView struct {
	*directory.Partner
	Name   string
	Phones []PhoneView
	Hours  []directory.Row // a French table; nil when no hours are given
	url    string
}

// PhoneView is a phone number ready for a tel: link.
type PhoneView struct {
	Tel    template.URL // tel:+33123456789
	E164   string
	French string // 01 23 45 67 89
}

// Partner returns the directory entry of a page of content/partenaires/, or
// nil.
func (v *PageView) Partner() *PartnerView {
	p, ok := v.meta().Extra.(*directory.Partner)
	if !ok || p == nil {
		return nil
	}
	pv := &PartnerView{Partner: p, Name: v.p.Title, url: v.Permalink}
	for _, ph := range p.Phones {
		pv.Phones = append(pv.Phones, PhoneView{Tel: template.URL(ph.Tel()), E164: ph.E164, French: ph.French()})
	}
	if p.Hours != nil {
		pv.Hours = p.Hours.Table()
	}
	return pv
}

// JSONLD is the partner as schema.org data: an Organization with its
// ContactPoint and OpeningHoursSpecification (directory.JSONLD).
func (pv *PartnerView) JSONLD() map[string]any { return directory.JSONLD(pv.Partner, pv.Name, pv.url) }

// Facets are the values the directory can be filtered by.
type Facets struct {
	Types, Publics, Territories []string
}

// PartnerFacets lists, on the directory page, the types, publics and
// territories of its partners, sorted.
func (v *PageView) PartnerFacets() Facets {
	var f Facets
	seen := map[string]bool{}
	add := func(list *[]string, kind, val string) {
		if val != "" && !seen[kind+val] {
			seen[kind+val] = true
			*list = append(*list, val)
		}
	}
	for _, pv := range v.Pages() {
		p, ok := pv.meta().Extra.(*directory.Partner)
		if !ok {
			continue
		}
		add(&f.Types, "t", p.Type)
		for _, pub := range p.Publics {
			add(&f.Publics, "p", pub)
		}
		add(&f.Territories, "r", p.Territory)
	}
	sort.Strings(f.Types)
	sort.Strings(f.Publics)
	sort.Strings(f.Territories)
	return f
}
