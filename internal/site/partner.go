package site

import (
	"fmt"
	"html/template"

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
	pv := &PartnerView{Partner: p, Name: v.p.Title, url: v.Permalink()}
	for _, ph := range p.Phones {
		pv.Phones = append(pv.Phones, PhoneView{Tel: template.URL(ph.Tel()), E164: ph.E164, French: ph.French()})
	}
	if p.Hours != nil {
		pv.Hours = p.Hours.Table()
	}
	return pv
}

var schemaDays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// JSONLD is the partner as schema.org data: an Organization with its
// ContactPoint and OpeningHoursSpecification.
func (pv *PartnerView) JSONLD() map[string]any {
	org := map[string]any{"@context": "https://schema.org", "@type": "Organization", "name": pv.Name, "url": pv.url}
	if pv.Website != "" {
		org["sameAs"] = pv.Website
	}
	if pv.Email != "" {
		org["email"] = pv.Email
	}
	if pv.Address != "" {
		org["address"] = map[string]any{"@type": "PostalAddress", "streetAddress": pv.Address,
			"postalCode": pv.PostCode, "addressLocality": pv.Town, "addressCountry": "FR"}
	}
	var contacts []map[string]any
	for _, ph := range pv.Phones {
		c := map[string]any{"@type": "ContactPoint", "telephone": ph.E164, "contactType": "accueil"}
		if len(pv.Languages) > 0 {
			c["availableLanguage"] = pv.Languages
		}
		contacts = append(contacts, c)
	}
	if contacts != nil {
		org["contactPoint"] = contacts
	}
	if pv.Partner.Hours != nil {
		var specs []map[string]any
		for d, spans := range pv.Partner.Hours.Days {
			for _, s := range spans {
				specs = append(specs, map[string]any{"@type": "OpeningHoursSpecification", "dayOfWeek": schemaDays[d],
					"opens": hhmm(s.From), "closes": hhmm(s.To)})
			}
		}
		if specs != nil {
			org["openingHoursSpecification"] = specs
		}
	}
	return org
}

func hhmm(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }
