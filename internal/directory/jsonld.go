package directory

import "fmt"

var schemaDays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// JSONLD is a partner as schema.org data, for its page: an Organization
// named name at url, with its ContactPoint and OpeningHoursSpecification.
func JSONLD(p *Partner, name, url string) map[string]any {
	org := map[string]any{"@context": "https://schema.org", "@type": "Organization", "name": name, "url": url}
	if p.Website != "" {
		org["sameAs"] = p.Website
	}
	if p.Email != "" {
		org["email"] = p.Email
	}
	if p.Address != "" {
		org["address"] = map[string]any{"@type": "PostalAddress", "streetAddress": p.Address,
			"postalCode": p.PostCode, "addressLocality": p.Town, "addressCountry": "FR"}
	}
	var contacts []map[string]any
	for _, ph := range p.Phones {
		c := map[string]any{"@type": "ContactPoint", "telephone": ph.E164, "contactType": "accueil"}
		if len(p.Languages) > 0 {
			c["availableLanguage"] = p.Languages
		}
		contacts = append(contacts, c)
	}
	if contacts != nil {
		org["contactPoint"] = contacts
	}
	if p.Hours != nil {
		var specs []map[string]any
		for d, spans := range p.Hours.Days {
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
