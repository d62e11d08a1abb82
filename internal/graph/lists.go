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
)

// ListKey names a list.
type ListKey struct {
	Kind ListKind
	Name string
}

func AllList() ListKey               { return ListKey{Kind: KindAll} }
func SectionsList() ListKey          { return ListKey{Kind: KindSections} }
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
	switch k.Kind {
	case KindAll:
		return "all"
	case KindSections:
		return "sections"
	}
	return [...]string{KindSection: "sec:", KindSubs: "subs:", KindBundle: "bundle:", KindTerm: "term:",
		KindTaxonomy: "tax:", KindFacet: "facet:", KindFacets: "facets:", KindFiles: "files:", 0: "?"}[k.Kind] + k.Name
}

// A Recorder is told of every list read through List, so that an output
// made from a list is made again when the list changes. A render's
// context is one; code that reads a list outside any render (to plan the
// outputs) says so with Planning.
type Recorder interface {
	ReadList(ListKey)
}

// Planning is the Recorder of code that reads lists to decide which
// outputs there are, outside any render: the outputs are planned again
// at every build, so nothing needs recording.
var Planning Recorder = planning{}

type planning struct{}

func (planning) ReadList(ListKey) {}

// list is an ordered set of published pages, with a hash of its members.
type list struct {
	pages []*page.Page
	hash  uint64
}

// List returns the pages of the list k, in list order (nil when there is
// no such list), and tells r that they were read. Reading a list goes
// through here only, so that a read cannot go unrecorded.
func (g *Graph) List(r Recorder, k ListKey) []*page.Page {
	r.ReadList(k)
	if li := g.lists[k]; li != nil {
		return li.pages
	}
	return nil
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

// TaxonomyTerms are a taxonomy's terms, sorted by slug, and tells r they
// were read.
func (g *Graph) TaxonomyTerms(r Recorder, tax string) []*Term {
	r.ReadList(TaxonomyList(tax))
	return g.Terms[tax]
}
