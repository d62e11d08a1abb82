package kit

// LDPage is what a kit's JSON-LD says of its page.
type LDPage struct {
	Title, URL, Lang, Description string
	Parts                         []LDPart // its guide and handouts
}

// LDPart is a document of a kit, in its JSON-LD.
type LDPart struct{ Title, URL string }

// JSONLD is a kit as schema.org data: a LearningResource, with its
// documents as parts.
func JSONLD(k *Kit, p LDPage) map[string]any {
	lr := map[string]any{
		"@context": "https://schema.org", "@type": "LearningResource",
		"name": p.Title, "url": p.URL, "inLanguage": p.Lang,
		"learningResourceType": "kit pédagogique", "educationalLevel": k.Audience,
		"typicalAgeRange": k.Ages(), "timeRequired": k.ISODuration(), "license": k.Licence,
		"version": k.Version, "teaches": k.General,
	}
	if p.Description != "" {
		lr["description"] = p.Description
	}
	var authors []map[string]any
	for _, a := range k.Authors {
		authors = append(authors, map[string]any{"@type": "Person", "name": a})
	}
	if authors != nil {
		lr["author"] = authors
	}
	var parts []map[string]any
	for _, d := range p.Parts {
		parts = append(parts, map[string]any{"@type": "LearningResource", "name": d.Title, "url": d.URL})
	}
	if parts != nil {
		lr["hasPart"] = parts
	}
	return lr
}
