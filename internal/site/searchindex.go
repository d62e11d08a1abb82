package site

import (
	"bytes"
	"cmp"
	"fmt"
	"hash/maphash"
	"runtime"
	"sort"
	"sync"

	"relais/internal/diag"
	"relais/internal/layout"
	"relais/internal/page"
	"relais/internal/record"
	"relais/internal/search"
)

// SearchLayout is the layout of the search page. The build writes the
// search index (search-index.json) when a page uses it.
const SearchLayout = "recherche"

// searchSpecs is the search index, when the site has a search page: one
// file, or a manifest and shards for a large site. The index is built
// here, before rendering, since the number of files depends on it; it is
// built again only when a page it shows changed.
func (s *Site) searchSpecs(l *diag.List) []*plannedOutput {
	has := false
	for _, p := range s.graph.Pages {
		if p.Layout == SearchLayout {
			has = true
			break
		}
	}
	if !has {
		s.search = nil
		return nil
	}
	var ps []*page.Page
	for _, p := range s.graph.Pages {
		if p.Kind == page.KindPage && p.Layout != SearchLayout {
			ps = append(ps, p)
		}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].URL < ps[j].URL })
	docs := make([]search.IndexDoc, len(ps))
	var h maphash.Hash
	h.SetSeed(hashSeed)
	for i, p := range ps {
		d := search.IndexDoc{Title: p.LinkTitle(), URL: s.cfg.RelURL(p.URL), Summary: p.Description}
		if d.Summary == "" {
			d.Summary = p.Summary
		}
		docs[i] = d
		fmt.Fprintf(&h, "%s\x00%s\x00%s\x00%d\x00", d.Title, d.URL, d.Summary, p.ContentSum)
	}
	key := h.Sum64() | 1
	if s.search == nil || s.search.key != key {
		if err := s.scorePages(ps); err != nil {
			l.AddErr(ContentDir, err)
			s.search = nil
			return nil
		}
		var b search.Builder
		for i, p := range ps {
			b.Add(docs[i], s.blobs.Get(p.SearchTerms))
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
			rc.Name(record.Site, "search")
			w.Write(f.Data)
			return nil
		}})
	}
	return out
}

// searchFiles is the search index as last built, with the hash of what it
// was built from.
type searchFiles struct {
	key   uint64
	files []search.File
}

// scorePages gives each page its search terms, kept in the blob store
// until the page is read again: a rebuild scores only the pages that
// changed, and a full build scores them on every core.
func (s *Site) scorePages(ps []*page.Page) error {
	work := make(chan *page.Page)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed error
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for p := range work {
				err := guard(func() error {
					d := search.Doc{Title: p.LinkTitle(), Description: p.Description, Text: layout.Plainify(s.blobs.GetString(p.Content))}
					for _, h := range p.TOC {
						d.Headings = append(d.Headings, h.Text)
					}
					buf = search.AppendTerms(buf[:0], search.Terms(d))
					p.SearchTerms, p.SearchScored = s.blobs.Put(buf), true
					return nil
				})
				if err != nil {
					mu.Lock()
					failed = cmp.Or(failed, fmt.Errorf("%s: %w", p.File, err))
					mu.Unlock()
				}
			}
		}()
	}
	for _, p := range ps {
		if !p.SearchScored {
			work <- p
		}
	}
	close(work)
	wg.Wait()
	return failed
}
