package site

import (
	"bytes"
	"fmt"
	"hash/maphash"
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
// holds changed.
func (s *Site) searchSpecs(specs []*plannedOutput, next map[string]*remembered) []*plannedOutput {
	if !s.searchOn {
		s.search = nil
		return nil
	}
	type entry struct {
		p   *page.Page
		rec *remembered
	}
	var es []entry
	for _, sp := range specs {
		if rec := next[sp.out]; rec != nil && rec.searchSum != 0 && s.indexes(sp) {
			es = append(es, entry{sp.page, rec})
		}
	}
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
		fmt.Fprintf(&h, "%s\x00%s\x00%s\x00%d\x00", d.Title, d.URL, d.Summary, e.rec.searchSum)
	}
	key := h.Sum64() | 1
	if s.search == nil || s.search.key != key {
		stop := search.StopWords(s.cfg.Language)
		b := search.Builder{Stop: stop, Syn: search.Synonyms(s.cfg.Search.Synonyms, stop)}
		for i, e := range es {
			enc := s.blobs.Get(e.rec.search)
			if listPage(e.p) {
				terms, links := splitLinks(enc)
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
		s.search = &searchFiles{key: key, files: files}
	}
	var out []*plannedOutput
	for _, f := range s.search.files {
		out = append(out, &plannedOutput{out: f.Name, render: func(rc *record.Render, w *bytes.Buffer) error {
			rc.Fact(fact.Search)
			w.Write(f.Data)
			return nil
		}})
	}
	return out
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
	return s.searchOn && sp.html && sp.page != nil && sp.pager <= 1 &&
		sp.page.Layout != SearchLayout && sp.page.Kind != page.Kind404 && sp.page.Area == ""
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

// searchTerms are what the index keeps of a page as rendered: its terms,
// then (for a list page) the addresses it links to, a line each after
// ">".
func (s *Site) searchTerms(p *page.Page, html []byte) []byte {
	seen := search.MainText(html)
	d := search.Doc{Title: p.LinkTitle(), Description: p.Description, Headings: seen.Headings, Text: seen.Text}
	enc := search.AppendTerms(nil, search.TermsWith(d, s.stop))
	if listPage(p) {
		for _, l := range seen.Links {
			if !strings.ContainsAny(l, "\n") {
				enc = append(enc, '>')
				enc = append(enc, l...)
				enc = append(enc, '\n')
			}
		}
	}
	return enc
}

// splitLinks separates what searchTerms wrote: terms and links.
func splitLinks(enc []byte) ([]byte, []string) {
	i := bytes.Index(enc, []byte("\n>"))
	if i < 0 {
		if bytes.HasPrefix(enc, []byte(">")) {
			i = -1
		} else {
			return enc, nil
		}
	}
	var links []string
	for _, l := range strings.Split(string(enc[i+1:]), "\n") {
		if u, ok := strings.CutPrefix(l, ">"); ok {
			links = append(links, u)
		}
	}
	return enc[:i+1], links
}

// searchFiles is the search index as last built, with the hash of what it
// was built from.
type searchFiles struct {
	key   uint64
	files []search.File
}
