package graph

import (
	"testing"

	"relais/internal/fact"
	"relais/internal/page"
)

// TestListsByKey: a list's key names it as the build made it, and no two
// kinds of list share a key.
func TestListsByKey(t *testing.T) {
	for _, k := range []ListKey{AllList(), SectionsList(), SectionList("articles"), TermList("tags/x"), FilesList("ateliers/k")} {
		if k.String() == "" || k.String() == (ListKey{}).String() {
			t.Errorf("%v has no name of its own", k)
		}
	}
	if SectionList("a") == SubsList("a") || SectionList("a") == BundleList("a") {
		t.Errorf("two kinds of list share a key")
	}
}

// recorder remembers the lists read.
type recorder []ListKey

func (r *recorder) ReadList(k ListKey)  { *r = append(*r, k) }
func (r *recorder) ReadPageByID(string) {}
func (r *recorder) ReadFact(fact.Fact)  {}

// reads remembers every read, in words.
type reads []string

func (r *reads) ReadList(k ListKey)     { *r = append(*r, "list "+k.String()) }
func (r *reads) ReadPageByID(id string) { *r = append(*r, "page "+id) }
func (r *reads) ReadFact(f fact.Fact)   { *r = append(*r, "fact "+f.String()) }

// TestReadsRecord: each read of the graph a render may be made from
// tells the render's recorder what its answer depends on.
func TestReadsRecord(t *testing.T) {
	a := &page.Page{Meta: page.Meta{ID: "articles/a.md", URL: "/articles/a/", Dir: "articles"}}
	sec := &page.Page{Meta: page.Meta{ID: "articles/_index.md", URL: "/articles/", Dir: "articles"}}
	g := New()
	g.pages = map[string]*page.Page{a.ID: a, sec.ID: sec}
	g.byURL = map[string]*page.Page{a.URL: a, sec.URL: sec}
	g.sections = map[string]*page.Page{"articles": sec, "partenaires/type/chrs": sec}
	g.lists = map[ListKey]*list{}
	for _, tc := range []struct {
		name string
		read func(r Recorder)
		want string
	}{
		{"a list", func(r Recorder) { g.List(r, SectionList("articles")) }, "list sec:articles"},
		{"a taxonomy's terms", func(r Recorder) { g.TaxonomyTerms(r, "tags") }, "list tax:tags"},
		{"a page by ID", func(r Recorder) { g.Page(r, "articles/a.md") }, "page articles/a.md"},
		{"a page that is not there", func(r Recorder) { g.Page(r, "nothing.md") }, "page nothing.md"},
		{"every page", func(r Recorder) { g.All(r) }, "fact pages"},
		{"how many", func(r Recorder) { g.Count(r) }, "fact pages"},
		{"a page by address", func(r Recorder) { g.AtURL(r, "/articles/a/") }, "fact pages"},
		{"a section", func(r Recorder) { g.Section(r, "articles") }, "list subs:"},
		{"the sections", func(r Recorder) { g.Sections(r) }, "fact pages"},
		{"a filter's pages", func(r Recorder) { g.FacetPages(r, "partenaires", "type") }, "list facets:partenaires"},
		{"the menu", func(r Recorder) { g.Menu(r, "") }, "fact menu"},
	} {
		var r reads
		tc.read(&r)
		if len(r) != 1 || r[0] != tc.want {
			t.Errorf("%s: recorded %q, want %q", tc.name, r, tc.want)
		}
	}
}

// TestListRecords: reading a list tells the reader, the list there or
// not (a list that is empty today may have pages tomorrow).
func TestListRecords(t *testing.T) {
	g := New()
	g.lists = map[ListKey]*list{}
	g.setList(SectionList("a"), nil)
	for _, k := range []ListKey{SectionList("a"), SectionList("none")} {
		var r recorder
		g.List(&r, k)
		if len(r) != 1 || r[0] != k {
			t.Errorf("List(%v) recorded %v", k, r)
		}
	}
	if g.ListHash(SectionList("a")) == 0 || g.ListHash(SectionList("none")) != 0 {
		t.Errorf("ListHash: an existing list has a hash, a missing one 0")
	}
}
