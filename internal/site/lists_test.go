package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestListsByKey: a render records the lists it reads by their typed key
// (useList), never by a name spelt by hand: use(readList, …) would
// record a key no list has, and the preview would not rebuild when the
// list changes.
func TestListsByKey(t *testing.T) {
	names, _ := filepath.Glob("*.go")
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "use(readList") {
				t.Errorf("%s:%d: a list recorded by name; use useList", n, i+1)
			}
		}
	}
	for _, k := range []listKey{allList(), sectionsList(), sectionList("articles"), termList("tags/x"), filesList("ateliers/k")} {
		if k.String() == "" {
			t.Errorf("%v has no name", k)
		}
	}
}
