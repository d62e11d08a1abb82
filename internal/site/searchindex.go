package site

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"maps"
	"slices"
	"sort"
	"strings"

	"relais/internal/fact"
	"relais/internal/graph"
	"relais/internal/page"
	"relais/internal/record"
	"relais/internal/search"
)

// SearchLayout is the layout of the search page. The build writes the
// search index (search-index.json) when a page uses it.
const SearchLayout = "recherche"

// searchSpecs is the search index, when the site has a search page: one
// file, or a manifest and shards for a large site. It indexes what
// readers see: each page's <main> as rendered (renderOne read it), so it
// is planned once the pages are; it is built again only when a page it
// holds changed. Each partner area has an index of its own, in its
// folder, which its search page reads (areaSearchSpecs); the site's has
// none of the area's pages.
func (s *Site) searchSpecs(specs []*plannedOutput, next map[string]*remembered) []*plannedOutput {
	if !s.searchOn {
		s.search = nil
		return nil
	}
	byArea := map[string][]searchEntry{}
	for _, sp := range specs {
		if rec := next[sp.Out]; rec != nil && rec.SearchSum != 0 && s.indexes(sp) {
			// Each partner area has its index, and each language: in
			// its folder.
			a := sp.Page.Area
			if a == "" && sp.Page.Lang != "" {
				a = "/" + sp.Page.Lang + "/"
			}
			byArea[a] = append(byArea[a], searchEntry{sp.Page, rec})
		}
	}
	built := map[string]*searchFiles{}
	var out []*plannedOutput
	for _, a := range slices.Sorted(maps.Keys(byArea)) {
		if a != "" && len(byArea[a]) == 0 {
			continue
		}
		built[a] = s.searchIndex(byArea[a], s.search[a])
		for _, f := range built[a].files {
			out = append(out, &plannedOutput{Out: strings.TrimPrefix(a, "/") + f.Name, Render: func(rc *record.Render, w *bytes.Buffer) error {
				rc.Fact(fact.Search)
				w.Write(f.Data)
				return nil
			}})
		}
	}
	if _, ok := built[""]; !ok {
		built[""] = s.searchIndex(nil, s.search[""]) // a site of no page has an empty index
		for _, f := range built[""].files {
			out = append(out, &plannedOutput{Out: f.Name, Render: func(rc *record.Render, w *bytes.Buffer) error {
				rc.Fact(fact.Search)
				w.Write(f.Data)
				return nil
			}})
		}
	}
	s.search = built
	return out
}

// searchEntry is a page the index holds, with its record.
type searchEntry struct {
	p   *page.Page
	rec *remembered
}

// searchIndex is the index of es, prev again if nothing it holds changed.
func (s *Site) searchIndex(es []searchEntry, prev *searchFiles) *searchFiles {
	sort.Slice(es, func(i, j int) bool { return es[i].p.URL < es[j].p.URL })
	docs := make([]search.IndexDoc, len(es))
	var h maphash.Hash
	h.SetSeed(hashSeed)
	for _, g := range s.cfg.Search.Synonyms {
		fmt.Fprintf(&h, "%q\x00", g)
	}
	for i, e := range es {
		p := e.p
		d := search.IndexDoc{Title: p.LinkTitle(), URL: s.cfg.RelURL(p.URL), Summary: p.Description}
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
	lang := s.cfg.Language
	if len(es) > 0 && es[0].p.Lang != "" {
		lang = es[0].p.Lang // an index holds the pages of one language
	}
	stop := search.StopWords(lang)
	b := search.Builder{Stop: stop, Syn: search.Synonyms(s.cfg.Search.Synonyms, stop)}
	if !strings.HasPrefix(lang, "fr") {
		b.Lang = lang // its words are stemmed by that language's rules (French's are the default)
	}
	for i, e := range es {
		enc := s.blobs.Get(e.rec.Search)
		if listPage(e.p) {
			terms, links := search.SplitTerms(enc)
			b.AddList(docs[i], terms, links)
		} else {
			b.Add(docs[i], enc)
		}
	}
	shard := s.opts.SearchShardBytes
	if shard <= 0 {
		shard = 100 << 10
	}
	files, err := b.Index().Files(shard)
	if err != nil {
		panic(err) // encoding strings and numbers as JSON cannot fail
	}
	return &searchFiles{key: key, files: files}
}

// searchKey sums the keys of the indexes, for fact.Search.
func (s *Site) searchKey() uint64 {
	var sum uint64
	for a, f := range s.search {
		sum += (maphash.String(hashSeed, a) ^ f.key) * 0x9e3779b97f4a7c15 // in no order
	}
	return sum | 1
}

// hasSearchPage reports whether a published page is the search page.
func (s *Site) hasSearchPage() bool {
	for p := range s.graph.All(graph.Planning) {
		if p.Layout == SearchLayout {
			return true
		}
	}
	return false
}

// indexes reports whether the search index holds sp, a page readers land
// on: any published page's first (or only) page but the search page and
// the page for addresses not found.
func (s *Site) indexes(sp *plannedOutput) bool {
	return s.searchOn && sp.HTML && sp.Page != nil && sp.Pager <= 1 &&
		sp.Page.Layout != SearchLayout && sp.Page.Kind != page.Kind404 &&
		(sp.Page.Area == "" || s.areaSearched(sp.Page.Area)) // an encrypted page's words would be in clear
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

// searchTerms are what the index keeps of a page as rendered
// (search.PageTerms).
func (s *Site) searchTerms(p *page.Page, html []byte) []byte {
	d := search.Doc{Title: p.LinkTitle(), Description: p.Description, Lang: s.cfg.LangCode(p.Lang)}
	return search.PageTerms(html, d, s.stop[p.Lang], listPage(p))
}

// searchFiles is the search index as last built, with the hash of what it
// was built from.
type searchFiles struct {
	key   uint64
	files []search.File
}
