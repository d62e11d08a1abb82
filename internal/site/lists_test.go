package site

import "testing"

// TestListsByKey: a list's key names it as the build made it; and a
// list cannot be recorded by name (use takes a nameRead, which readList
// is not: the compiler refuses it), so the preview always rebuilds what
// read a list that changed.
func TestListsByKey(t *testing.T) {
	for _, k := range []listKey{allList(), sectionsList(), sectionList("articles"), termList("tags/x"), filesList("ateliers/k")} {
		if k.String() == "" || k.String() == (listKey{}).String() {
			t.Errorf("%v has no name of its own", k)
		}
	}
	if sectionList("a") == subsList("a") || sectionList("a") == bundleList("a") {
		t.Errorf("two kinds of list share a key")
	}
}
