// Package searchindex builds a site's search indexes (package search)
// from its pages as readers see them: each page's <main> as rendered,
// kept as terms while the build renders it (Terms), indexed once every
// page is (Specs). Each partner area has an index of its own, in its
// folder, which its search page reads, and each other language; the
// site's has none of their pages. An index is built again only when a
// page it holds changed.
package searchindex

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"maps"
	"slices"
	"sort"
	"strings"

	"relais/internal/blob"
	"relais/internal/config"
	"relais/internal/fact"
	"relais/internal/graph"
	"relais/internal/incremental"
	"relais/internal/page"
	"relais/internal/record"
	"relais/internal/search"
)

// Layout is the layout of the search page. The build writes the search
// index (search-index.json) when a page uses it.
const Layout = "recherche"

// seed seeds the hashes an Indexes compares between builds of one
// process.
var seed = maphash.MakeSeed()

// Indexes are a site's search indexes, kept between builds.
type Indexes struct {
	cfg   *config.Config
	blobs *blob.Store
	shard int
	// searched reports an area (by its address) with a search of its
	// own.
	searched func(area string) bool
	on       bool
	stop     map[string]map[string]bool // the words left out (search.StopWords), by language ("" for the site's own)
	built    map[string]*files          // as last built, by area or language folder ("": the site's)
}

// files is an index as last built, with the hash of what it was built
// from.
type files struct {
	key   uint64
	files []search.File
}

// Begin starts a build of the site whose settings are cfg and pages g:
// the pages' terms are kept in blobs, an index is cut into shards of
// shard bytes (0: 100 KB), and searched tells the areas that have a
// search of their own.
func (x *Indexes) Begin(cfg *config.Config, g *graph.Graph, blobs *blob.Store, shard int, searched func(area string) bool) {
	if shard <= 0 {
		shard = 100 << 10
	}
	x.cfg, x.blobs, x.shard, x.searched = cfg, blobs, shard, searched
	x.on = false
	for p := range g.All(graph.Planning) {
		x.on = x.on || p.Layout == Layout
	}
	x.stop = map[string]map[string]bool{}
	for i, lang := range cfg.Langs() {
		key := lang
		if i == 0 {
			key = ""
		}
		x.stop[key] = map[string]bool{}
		for _, w := range search.StopWords(lang) {
			x.stop[key][w] = true
		}
	}
}

// On reports a build whose site has a search page: only then are the
// pages indexed.
func (x *Indexes) On() bool { return x.on }

// Holds reports whether the index holds sp, a page readers land on: any
// published page's first (or only) page but the search page and the
// page for addresses not found, in an area only if it has a search of
// its own (an encrypted page's words would be in clear).
func (x *Indexes) Holds(sp *incremental.Output) bool {
	return x.on && sp.HTML && sp.Page != nil && sp.Pager <= 1 &&
		sp.Page.Layout != Layout && sp.Page.Kind != page.Kind404 &&
		(sp.Page.Area == "" || x.searched(sp.Page.Area))
}

// Terms are what the index keeps of a page as rendered (search.PageTerms).
func (x *Indexes) Terms(p *page.Page, html []byte) []byte {
	d := search.Doc{Title: p.LinkTitle(), Description: p.Description, Lang: x.cfg.LangCode(p.Lang)}
	return search.PageTerms(html, d, x.stop[p.Lang], listPage(p))
}

// listPage reports whether p lists other pages: it never comes before
// them in the search's results (search.Builder.AddList).
func listPage(p *page.Page) bool {
	switch p.Kind {
	case page.KindHome, page.KindSection, page.KindTaxonomy, page.KindTerm:
		return true
	}
	return p.Layout == "plan-du-site"
}

// entry is a page an index holds, with its record.
type entry struct {
	p   *page.Page
	rec *incremental.Record
}

// Specs are the indexes of the pages of specs as rendered (next), when
// the site has a search page: for each, one file, or a manifest and
// shards for a large site.
func (x *Indexes) Specs(specs []*incremental.Output, next map[string]*incremental.Record) []*incremental.Output {
	if !x.on {
		x.built = nil
		return nil
	}
	byArea := map[string][]entry{"": nil} // a site of no page has an empty index
	for _, sp := range specs {
		if rec := next[sp.Out]; rec != nil && rec.SearchSum != 0 && x.Holds(sp) {
			a := sp.Page.Area
			if a == "" && sp.Page.Lang != "" {
				a = "/" + sp.Page.Lang + "/"
			}
			byArea[a] = append(byArea[a], entry{sp.Page, rec})
		}
	}
	built := map[string]*files{}
	var out []*incremental.Output
	for _, a := range slices.Sorted(maps.Keys(byArea)) {
		built[a] = x.index(byArea[a], x.built[a])
		for _, f := range built[a].files {
			out = append(out, &incremental.Output{Out: strings.TrimPrefix(a, "/") + f.Name, Render: func(rc *record.Render, w *bytes.Buffer) error {
				rc.Fact(fact.Search)
				w.Write(f.Data)
				return nil
			}})
		}
	}
	x.built = built
	return out
}

// index is the index of es, prev again if nothing it holds changed.
func (x *Indexes) index(es []entry, prev *files) *files {
	sort.Slice(es, func(i, j int) bool { return es[i].p.URL < es[j].p.URL })
	docs := make([]search.IndexDoc, len(es))
	var h maphash.Hash
	h.SetSeed(seed)
	for _, g := range x.cfg.Search.Synonyms {
		fmt.Fprintf(&h, "%q\x00", g)
	}
	for i, e := range es {
		p := e.p
		d := search.IndexDoc{Title: p.LinkTitle(), URL: x.cfg.RelURL(p.URL), Summary: p.Description}
		if d.Summary == "" {
			d.Summary = p.Summary
		}
		docs[i] = d
		fmt.Fprintf(&h, "%s\x00%s\x00%s\x00%d\x00", d.Title, d.URL, d.Summary, e.rec.SearchSum)
	}
	key := h.Sum64() | 1
	if prev != nil && prev.key == key {
		return prev
	}
	lang := x.cfg.Language
	if len(es) > 0 && es[0].p.Lang != "" {
		lang = es[0].p.Lang // an index holds the pages of one language
	}
	stop := search.StopWords(lang)
	b := search.Builder{Stop: stop, Syn: search.Synonyms(x.cfg.Search.Synonyms, stop)}
	if !strings.HasPrefix(lang, "fr") {
		b.Lang = lang // its words are stemmed by that language's rules (French's are the default)
	}
	for i, e := range es {
		enc := x.blobs.Get(e.rec.Search)
		if listPage(e.p) {
			terms, links := search.SplitTerms(enc)
			b.AddList(docs[i], terms, links)
		} else {
			b.Add(docs[i], enc)
		}
	}
	fs, err := b.Index().Files(x.shard)
	if err != nil {
		panic(err) // encoding strings and numbers as JSON cannot fail
	}
	return &files{key: key, files: fs}
}

// Key sums the keys of the indexes, for fact.Search.
func (x *Indexes) Key() uint64 {
	var sum uint64
	for a, f := range x.built {
		sum += (maphash.String(seed, a) ^ f.key) * 0x9e3779b97f4a7c15 // in no order
	}
	return sum | 1
}
