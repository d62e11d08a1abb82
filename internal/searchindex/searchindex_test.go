package searchindex

import (
	"bytes"
	"strings"
	"testing"

	"relais/internal/blob"
	"relais/internal/config"
	"relais/internal/graph"
	"relais/internal/graph/graphtest"
	"relais/internal/incremental"
	"relais/internal/page"
	"relais/internal/record"
)

// site is a site with a search page, an article, the search page of a
// partner area and a page of it, as outputs.
func site(t *testing.T) (*graph.Graph, *config.Config, []*incremental.Output) {
	t.Helper()
	cfg := &config.Config{BaseURL: "https://example.org/", Language: "fr"}
	mk := func(id, url, layout string) *page.Page {
		return &page.Page{Meta: page.Meta{ID: id, File: "content/" + id, Kind: page.KindPage, URL: url, Layout: layout,
			Title: "Titre " + id, Params: map[string]any{}}}
	}
	search, article := mk("recherche.md", "/recherche/", Layout), mk("a.md", "/a/", "")
	g := graphtest.Assemble(t, cfg, search, article)
	partner := mk("reseau/p.md", "/reseau/p/", "")
	partner.Area = "/reseau/"
	notFound := &page.Page{Meta: page.Meta{ID: "404", Kind: page.Kind404, URL: "/404.html"}}
	return g, cfg, []*incremental.Output{
		{Out: "recherche/index.html", Page: search, HTML: true},
		{Out: "a/index.html", Page: article, HTML: true, Pager: 1},
		{Out: "a/page/2/index.html", Page: article, HTML: true, Pager: 2},
		{Out: "reseau/p/index.html", Page: partner, HTML: true},
		{Out: "404.html", Page: notFound, HTML: true},
		{Out: "a/fiche.pdf", Page: article},
	}
}

// TestHolds: the index holds the first page of each page readers land
// on, a partner page only where its area has a search of its own.
func TestHolds(t *testing.T) {
	g, cfg, outs := site(t)
	for _, searched := range []bool{false, true} {
		var x Indexes
		x.Begin(cfg, g, blob.New(""), 0, func(string) bool { return searched })
		want := map[string]bool{"a/index.html": true, "reseau/p/index.html": searched}
		for _, o := range outs {
			if got := x.Holds(o); got != want[o.Out] {
				t.Errorf("area searched %v: Holds(%s) = %v", searched, o.Out, got)
			}
		}
	}
	g2 := graph.New()
	var x Indexes
	x.Begin(cfg, g2, blob.New(""), 0, func(string) bool { return true })
	if x.On() || x.Holds(outs[1]) {
		t.Error("a site without a search page indexes its pages")
	}
}

// TestSpecs: an index for the site and one for the area, in its folder;
// built again only when a page they hold changed, which changes Key.
func TestSpecs(t *testing.T) {
	g, cfg, outs := site(t)
	blobs := blob.New("")
	var x Indexes
	x.Begin(cfg, g, blobs, 0, func(string) bool { return true })
	next := map[string]*incremental.Record{}
	for _, o := range outs {
		if x.Holds(o) {
			enc := x.Terms(o.Page, []byte("<main><p>violences conjugales "+o.Out+"</p></main>"))
			next[o.Out] = &incremental.Record{Search: blobs.Put(enc), SearchSum: uint64(len(enc))}
		}
	}
	files := func() []string {
		var names []string
		for _, o := range x.Specs(outs, next) {
			names = append(names, o.Out)
		}
		return names
	}
	got := files()
	if strings.Join(got, " ") != "search-index.json reseau/search-index.json" {
		t.Fatalf("index files %q", got)
	}
	key := x.Key()
	prev := x.built[""]
	files()
	if x.Key() != key || x.built[""] != prev {
		t.Error("an index was built again though nothing it holds changed")
	}
	next["a/index.html"].SearchSum++
	files()
	if x.Key() == key || x.built["/reseau/"] == nil {
		t.Error("the index's key did not change with a page it holds")
	}
	var data bytes.Buffer
	for _, o := range x.Specs(outs, next) {
		if o.Out == "search-index.json" {
			if err := o.Render(record.New(), &data); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !strings.Contains(data.String(), "/a/") || strings.Contains(data.String(), "/reseau/p/") {
		t.Errorf("the site's index: %s", data.String())
	}
}
