package record

import (
	"slices"
	"sync"
	"testing"

	"relais/internal/graph"
	"relais/internal/page"
)

// A render's record is what a list read through the graph tells.
var _ graph.Recorder = (*Render)(nil)

func keys(r *Render) []Key {
	ks := slices.Collect(r.Keys())
	slices.SortFunc(ks, func(a, b Key) int { return int(a.Kind) - int(b.Kind) })
	return ks
}

// TestShared: a shared result is made once, and what making it read is
// read by every render that uses it, the first and the others.
func TestShared(t *testing.T) {
	var m sync.Map
	made := 0
	p := &page.Page{Graph: page.Graph{Num: 7}}
	build := func(own *Render) (string, error) {
		made++
		own.Page(Meta, p)
		own.Name(File, "content/a.md")
		own.Images = append(own.Images, Image{Src: "content/a.jpg"})
		return "x", nil
	}
	for i := range 3 {
		r := New()
		r.Name(Asset, "assets/site.css")
		got, err := SharedIn[string](&m, "k").Get(r, build)
		if got != "x" || err != nil {
			t.Fatalf("Get = %q, %v", got, err)
		}
		if n := r.Len(); n != 3 || len(r.Images) != 1 {
			t.Errorf("render %d read %d inputs and %d images, want 3 and 1: %v", i, n, len(r.Images), keys(r))
		}
	}
	if made != 1 {
		t.Errorf("made %d times, want once", made)
	}
	if SharedIn[string](&m, "k").Made() != "x" {
		t.Errorf("Made does not give the result")
	}
}

// TestForgetPage: forgetting a page forgets its metadata, content and
// neighbours, and nothing else.
func TestForgetPage(t *testing.T) {
	p, q := &page.Page{Graph: page.Graph{Num: 1}}, &page.Page{Graph: page.Graph{Num: 2}}
	r := New()
	for _, k := range []PageRead{Meta, Content, Neighbours} {
		r.Page(k, p)
		r.Page(k, q)
	}
	r.Name(PageByID, "a.md")
	r.ReadList(graph.AllList())
	r.ForgetPage(1)
	for k := range r.Keys() {
		if k.Kind.IsPage() && k.Num == 1 {
			t.Errorf("%v is still read", k)
		}
	}
	if r.Len() != 5 {
		t.Errorf("%d inputs left, want 5: %v", r.Len(), keys(r))
	}
}
