package views

import (
	"relais/internal/graph"
	"relais/internal/page"
)

// The views read the page graph here only, through the graph's methods,
// each of which records, in the render's record, what its answer depends
// on, or says why nothing needs recording. A view that read the graph elsewhere could show a page the
// preview does not make again when what it read changes;
// TestViewsRecordWhatTheyRead fails on one.

// list is a list of pages, recorded.
func (e *env) list(k graph.ListKey) []*page.Page { return e.g.List(e.rc, k) }

// terms are a taxonomy's terms in the render's language, recorded.
func (e *env) terms(tax string) []*graph.Term {
	return e.g.TaxonomyTerms(e.rc, graph.TaxKey(e.lang, tax))
}

// page is the published page of that ID (any page, inside a bundle too),
// recording whether there is one and which.
func (e *env) page(id string) *page.Page { return e.g.Page(e.rc, id) }

// atURL is the published page at the site path u, or nil.
func (e *env) atURL(u string) *page.Page { return e.g.AtURL(e.rc, u) }

// section is the section page of the folder dir, recorded.
func (e *env) section(dir string) *page.Page { return e.g.Section(e.rc, dir) }

// sectionOf, home, parent and termOf need no recording (graph says why).
func (e *env) sectionOf(p *page.Page) *page.Page { return e.g.SectionOf(p) }
func (e *env) home() *page.Page                  { return e.g.HomeIn(e.lang) }
func (e *env) parent(p *page.Page) *page.Page    { return e.g.Parent(p) }
func (e *env) termOf(p *page.Page, tax, slug string) *graph.Term {
	return e.g.TermOf(graph.TaxKey(p.Lang, tax), slug)
}

// homeIn is the home page of a language, recorded: the home pages of the
// languages are translations of one another.
func (e *env) homeIn(lang string) *page.Page {
	e.g.List(e.rc, graph.TransList(graph.HomeKey))
	return e.g.HomeIn(lang)
}

// translations are a page's versions in the site's languages, recorded.
func (e *env) translations(p *page.Page) []*page.Page { return e.g.Translations(e.rc, p) }

// facetPages are the filter pages of one filter (key) of a section,
// sorted by folder, recorded.
func (e *env) facetPages(section, key string) []*page.Page { return e.g.FacetPages(e.rc, section, key) }

// menu is the site's main menu, recorded.
func (e *env) menu() []graph.MenuItem { return e.g.Menu(e.rc, e.lang) }
