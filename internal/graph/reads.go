package graph

import (
	"iter"
	"maps"
	"sort"
	"strings"

	"relais/internal/fact"
	"relais/internal/page"
	"relais/internal/publish"
)

// The graph is read here only, once Assemble has made it: each method
// that gives pages, lists or facts a render may be made from takes the
// Recorder of that render and tells it what the answer depends on, or
// says why nothing needs telling. Code that reads the graph outside any
// render, to plan the outputs, says so with Planning. The graph's maps
// are not exported: a read the compiler lets through is a recorded one.

// A Recorder is told what a render read of the graph, so that an output
// is made again when what it read changes. A render's record
// (record.Render) is one; code that reads the graph outside any render
// (to plan the outputs) says so with Planning.
type Recorder interface {
	// ReadList: the members of a list, in order.
	ReadList(ListKey)
	// ReadPageByID: whether a page of that ID is published, and which.
	ReadPageByID(id string)
	// ReadFact: a site-wide fact.
	ReadFact(fact.Fact)
}

// Planning is the Recorder of code that reads the graph to decide which
// outputs there are, outside any render: the outputs are planned again
// at every build, so nothing needs recording.
var Planning Recorder = planning{}

type planning struct{}

func (planning) ReadList(ListKey)    {}
func (planning) ReadPageByID(string) {}
func (planning) ReadFact(fact.Fact)  {}

// List returns the pages of the list k, in list order (nil when there is
// no such list), and tells r that they were read.
func (g *Graph) List(r Recorder, k ListKey) []*page.Page {
	r.ReadList(k)
	if li := g.lists[k]; li != nil {
		return li.pages
	}
	return nil
}

// TaxonomyTerms are a taxonomy's terms (tax is its key, TaxKey), sorted
// by slug, and tells r they were read.
func (g *Graph) TaxonomyTerms(r Recorder, tax string) []*Term {
	r.ReadList(TaxonomyList(tax))
	return g.terms[tax]
}

// Translations are the page's versions in the site's languages, itself
// included, its own language's first; nil when it has none. r is told.
func (g *Graph) Translations(r Recorder, p *page.Page) []*page.Page {
	if p.TransKey == "" {
		return nil
	}
	return g.List(r, TransList(p.TransKey))
}

// HomeIn is the home page of a language ("" for the site's own): it
// exists as long as a page of that language does.
func (g *Graph) HomeIn(lang string) *page.Page { return g.sections[lang] }

// Page is the published page of that ID (any page, inside a bundle too),
// telling r whether there is one and which.
func (g *Graph) Page(r Recorder, id string) *page.Page {
	r.ReadPageByID(id)
	return g.pages[id]
}

// All are the published pages, in no order; r is told it read every
// page's metadata.
func (g *Graph) All(r Recorder) iter.Seq[*page.Page] {
	r.ReadFact(fact.Pages)
	return maps.Values(g.pages)
}

// Count is how many pages are published; r is told it read every page.
func (g *Graph) Count(r Recorder) int {
	r.ReadFact(fact.Pages)
	return len(g.pages)
}

// AtURL is the published page at the site path url ("/articles/x/"), or
// nil; r is told it read every page's metadata (a page's address is).
func (g *Graph) AtURL(r Recorder, url string) *page.Page {
	r.ReadFact(fact.Pages)
	return g.byURL[url]
}

// Section is the section page of the folder dir: whether it exists is
// its parent's list of sections, told to r.
func (g *Graph) Section(r Recorder, dir string) *page.Page {
	r.ReadList(SubsList(ParentDir(dir)))
	return g.sections[dir]
}

// SectionOf is the section page of a regular page outside bundles, Home
// the home page, and BundleOf the bundle page of a page inside one: they
// exist as long as the page does (its metadata says where it is), so
// there is nothing to record.
func (g *Graph) SectionOf(p *page.Page) *page.Page { return g.sections[p.Dir] }
func (g *Graph) Home() *page.Page                  { return g.sections[""] }
func (g *Graph) BundleOf(p *page.Page) *page.Page  { return g.bundles[p.InBundle] }

// Parent is the bundle or section page a page belongs to. It depends on
// which folders have one, which changes only with a page made, moved or
// removed there: that changes the page returned (whose reading the
// reader records), or this page's own metadata.
func (g *Graph) Parent(p *page.Page) *page.Page {
	for d := p.Dir; ; d = ParentDir(d) {
		if b, ok := g.bundles[d]; ok && b != p {
			return b
		}
		if sp, ok := g.sections[d]; ok && sp != p {
			return sp
		}
		if d == "" {
			return nil
		}
	}
}

// FacetPages are the filter pages of one filter (key) of a section,
// sorted by folder; r is told it read the section's filter values (a
// hash of every filter page's value and name).
func (g *Graph) FacetPages(r Recorder, section, key string) []*page.Page {
	r.ReadList(FacetsList(section))
	prefix := section + "/" + key + "/"
	var dirs []string
	for d := range g.sections {
		if strings.HasPrefix(d, prefix) {
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs)
	out := make([]*page.Page, len(dirs))
	for i, d := range dirs {
		out[i] = g.sections[d]
	}
	return out
}

// TermOf is the term of a page's own taxonomy value (tax, slug): it
// exists as long as the page has it, which the page's metadata says, and
// its address is made of its slug; nothing more to record.
func (g *Graph) TermOf(tax, slug string) *Term { return g.termAt[tax+"/"+slug] }

// Menu is the site's main menu in a language ("" for the site's own);
// r is told.
func (g *Graph) Menu(r Recorder, lang string) []MenuItem {
	r.ReadFact(fact.Menu)
	return g.menus[lang]
}

// Rule says what the build publishes (drafts, future and expired pages,
// the files of bundles): planning only.
func (g *Graph) Rule() *publish.Rule { return g.rule }

// Left is how many pages were left out, by why (publish): for the
// build's summary.
func (g *Graph) Left() map[string]int { return g.left }

// FactHash is the hash of a site-wide fact the graph makes (fact.Pages,
// fact.Dates, fact.Menu), for the build's fact.Producers; 0 for others.
func (g *Graph) FactHash(f fact.Fact) uint64 {
	switch f {
	case fact.Pages:
		return g.pagesHash
	case fact.Dates:
		return g.datesHash
	case fact.Menu:
		return g.menuHash
	}
	return 0
}

// Sections are the section pages (and the directory's filter pages) by
// folder, "" being home, in no order; r is told it read every page's
// metadata.
func (g *Graph) Sections(r Recorder) iter.Seq2[string, *page.Page] {
	r.ReadFact(fact.Pages)
	return maps.All(g.sections)
}

// BundleAt is the bundle page of the folder dir (under content/), or nil:
// where a bundle's files are published follows its page's address, which
// the output planned for each file says.
func (g *Graph) BundleAt(dir string) *page.Page { return g.bundles[dir] }

// Assembled reports a graph that Assemble has made.
func (g *Graph) Assembled() bool { return g.pages != nil }
