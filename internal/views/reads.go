package views

import (
	"sort"
	"strings"

	"relais/internal/fact"
	"relais/internal/graph"
	"relais/internal/page"
	"relais/internal/record"
)

// The views read the page graph here only: each read records, in the
// render's record, what its answer depends on, or says why nothing needs
// recording. A view that read the graph elsewhere could show a page the
// preview does not make again when what it read changes;
// TestViewsRecordWhatTheyRead fails on one.

// list is a list of pages, recorded.
func (e *env) list(k graph.ListKey) []*page.Page { return e.g.List(e.rc, k) }

// terms are a taxonomy's terms, recorded.
func (e *env) terms(tax string) []*graph.Term { return e.g.TaxonomyTerms(e.rc, tax) }

// page is the published page of that ID (any page, inside a bundle too),
// recording whether there is one and which.
func (e *env) page(id string) *page.Page {
	e.rc.Name(record.PageByID, id)
	return e.g.Pages[id]
}

// section is the section page of the folder dir: whether it exists is
// its parent's list of sections, recorded.
func (e *env) section(dir string) *page.Page {
	e.rc.ReadList(graph.SubsList(graph.ParentDir(dir)))
	return e.g.Sections[dir]
}

// sectionOf is the section page of a regular page outside bundles, and
// home the home page: they exist as long as the page does, so there is
// nothing to record.
func (e *env) sectionOf(p *page.Page) *page.Page { return e.g.Sections[p.Dir] }
func (e *env) home() *page.Page                  { return e.g.Sections[""] }

// parent is the bundle or section page a page belongs to. It depends on
// which folders have one, which changes only with a page made, moved or
// removed there: that changes the page returned (whose reading the view
// records), or this page's own metadata.
func (e *env) parent(p *page.Page) *page.Page {
	for d := p.Dir; ; d = graph.ParentDir(d) {
		if b, ok := e.g.Bundles[d]; ok && b != p {
			return b
		}
		if sp, ok := e.g.Sections[d]; ok && sp != p {
			return sp
		}
		if d == "" {
			return nil
		}
	}
}

// facetPages are the filter pages of one filter (key) of a section,
// sorted by folder; the section's filter values are recorded (a hash of
// every filter page's value and name).
func (e *env) facetPages(section, key string) []*page.Page {
	e.rc.ReadList(graph.FacetsList(section))
	prefix := section + "/" + key + "/"
	var dirs []string
	for d := range e.g.Sections {
		if strings.HasPrefix(d, prefix) {
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs)
	out := make([]*page.Page, len(dirs))
	for i, d := range dirs {
		out[i] = e.g.Sections[d]
	}
	return out
}

// termOf is the term of a page's own taxonomy value (tax, slug): it
// exists as long as the page has it, which the page's metadata says, and
// its address is made of its slug; nothing more to record.
func (e *env) termOf(tax, slug string) *graph.Term { return e.g.TermAt[tax+"/"+slug] }

// menu is the site's main menu, recorded.
func (e *env) menu() []graph.MenuItem {
	e.rc.Fact(fact.Menu)
	return e.g.Menu
}
