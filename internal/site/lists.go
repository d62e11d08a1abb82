package site

// The lists of pages a build makes (a section's pages, a term's, a
// bundle's…) are named by a typed key: each kind of list has its
// constructor, so that a render records what it read by the same value
// the build made the list under, and no part of the code spells a list's
// name by hand.

// listKind says what a list is of.
type listKind uint8

const (
	listAll      listKind = iota + 1 // every listed page outside bundles
	listSections                     // the top-level sections
	listSection                      // a section's pages, by its folder
	listSubs                         // a section's sub-sections, by its folder
	listBundle                       // the pages inside a bundle, by its folder
	listTerm                         // a term's pages, by "taxonomy/slug"
	listTaxonomy                     // a taxonomy's terms (their hash only)
	listFacet                        // a directory filter page's pages, by its folder
	listFacets                       // a section's facet values (their hash only)
	listFiles                        // a bundle's files (a hash of their names), by its folder
)

// listKey names a list.
type listKey struct {
	kind listKind
	name string
}

func allList() listKey               { return listKey{kind: listAll} }
func sectionsList() listKey          { return listKey{kind: listSections} }
func sectionList(dir string) listKey { return listKey{listSection, dir} }
func subsList(dir string) listKey    { return listKey{listSubs, dir} }
func bundleList(dir string) listKey  { return listKey{listBundle, dir} }
func termList(dir string) listKey    { return listKey{listTerm, dir} } // "tags/famille"
func taxonomyList(tax string) listKey {
	return listKey{listTaxonomy, tax}
}
func facetList(dir string) listKey      { return listKey{listFacet, dir} }
func facetsList(section string) listKey { return listKey{listFacets, section} }
func filesList(dir string) listKey      { return listKey{listFiles, dir} }

// String is the key as text ("sec:articles"): the order feeds are listed
// in, and what tests and messages show.
func (k listKey) String() string {
	switch k.kind {
	case listAll:
		return "all"
	case listSections:
		return "sections"
	}
	return [...]string{listSection: "sec:", listSubs: "subs:", listBundle: "bundle:", listTerm: "term:",
		listTaxonomy: "tax:", listFacet: "facet:", listFacets: "facets:", listFiles: "files:"}[k.kind] + k.name
}

// useList records that the render read a list.
func (rc *renderCtx) useList(k listKey) {
	rc.deps[depKey{kind: readList, list: k}] = struct{}{}
}
