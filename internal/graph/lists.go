package graph

import (
	"hash/fnv"
	"slices"
	"strings"

	"relais/internal/page"
)

// The lists of pages a build makes (a section's pages, a term's, a
// bundle's…) are named by a typed key: each kind of list has its
// constructor, so that a render records what it read by the same value
// the build made the list under, and no part of the code spells a list's
// name by hand.

// ListKind says what a list is of.
type ListKind uint8

const (
	KindAll      ListKind = iota + 1 // every listed page outside bundles
	KindSections                     // the top-level sections
	KindSection                      // a section's pages, by its folder
	KindSubs                         // a section's sub-sections, by its folder
	KindBundle                       // the pages inside a bundle, by its folder
	KindTerm                         // a term's pages, by "taxonomy/slug"
	KindTaxonomy                     // a taxonomy's terms (their hash only)
	KindFacet                        // a directory filter page's pages, by its folder
	KindFacets                       // a section's facet values (their hash only)
	KindFiles                        // a bundle's files (a hash of their names), by its folder; the orchestrator hashes them
	KindTrans                        // a page's translations, by their TransKey
)

// ListKey names a list.
type ListKey struct {
	Kind ListKind
	Name string
}

func AllList() ListKey      { return ListKey{Kind: KindAll} }
func SectionsList() ListKey { return ListKey{Kind: KindSections} }

// AllListIn and SectionsListIn are AllList and SectionsList in a
// language ("" for the site's own).
func AllListIn(lang string) ListKey      { return ListKey{KindAll, lang} }
func SectionsListIn(lang string) ListKey { return ListKey{KindSections, lang} }

// TransList are a page's translations, by their TransKey: the page in
// each language that has it, the site's own first.
func TransList(key string) ListKey   { return ListKey{KindTrans, key} }
func SectionList(dir string) ListKey { return ListKey{KindSection, dir} }
func SubsList(dir string) ListKey    { return ListKey{KindSubs, dir} }
func BundleList(dir string) ListKey  { return ListKey{KindBundle, dir} }
func TermList(dir string) ListKey    { return ListKey{KindTerm, dir} } // "tags/famille"
func TaxonomyList(tax string) ListKey {
	return ListKey{KindTaxonomy, tax}
}
func FacetList(dir string) ListKey      { return ListKey{KindFacet, dir} }
func FacetsList(section string) ListKey { return ListKey{KindFacets, section} }
func FilesList(dir string) ListKey      { return ListKey{KindFiles, dir} }

// String is the key as text ("sec:articles"): the order feeds are listed
// in, and what tests and messages show.
func (k ListKey) String() string {
	switch {
	case k.Kind == KindAll && k.Name == "":
		return "all"
	case k.Kind == KindSections && k.Name == "":
		return "sections"
	}
	return [...]string{KindSection: "sec:", KindSubs: "subs:", KindBundle: "bundle:", KindTerm: "term:",
		KindTaxonomy: "tax:", KindFacet: "facet:", KindFacets: "facets:", KindFiles: "files:", KindTrans: "trans:",
		KindAll: "all:", KindSections: "sections:", 0: "?"}[k.Kind] + k.Name
}

// list is an ordered set of published pages, with a hash of its members.
type list struct {
	pages []*page.Page
	hash  uint64
}

// ListHash is the hash of the list k's members, 0 when there is no such
// list (never 0 otherwise).
func (g *Graph) ListHash(k ListKey) uint64 {
	if li := g.lists[k]; li != nil {
		return li.hash | 1
	}
	return 0
}

// setList records a list of pages, given in list order.
func (g *Graph) setList(k ListKey, ps []*page.Page) {
	h := fnv.New64a()
	for _, p := range ps {
		h.Write([]byte(p.ID))
		h.Write([]byte{0})
	}
	g.lists[k] = &list{pages: ps, hash: h.Sum64()}
}

// Keys are the keys of the lists of one kind, sorted by name.
func (g *Graph) Keys(kind ListKind) []ListKey {
	var out []ListKey
	for k := range g.lists {
		if k.Kind == kind {
			out = append(out, k)
		}
	}
	slices.SortFunc(out, func(a, b ListKey) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// HomeKey is the TransKey of the home pages: TransList(HomeKey) lists
// the home page of each language.
const HomeKey = "section:"
