package page

// Facet is a filter of a section's pages that works without JavaScript:
// a list page for each of its values, under the section's URL
// (/partenaires/type/cidff/, /ateliers/duree/2-h/), linked from the
// section. A kind of section declares its facets (site.Faceted).
type Facet struct {
	Key   string // the URL segment: "type"
	Label string // the theme's interface string key
	// Names, if set, is the start of the theme's string key that names a
	// value ("partnerType." names "ASSO" « Association »).
	Names  string
	Values func(*Page) []string // the page's values; nil when not concerned
}
