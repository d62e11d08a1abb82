package graph

import "testing"

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

func (r *recorder) ReadList(k ListKey) { *r = append(*r, k) }

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
