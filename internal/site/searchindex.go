package site

import (
	"bytes"
	"runtime"
	"sort"
	"sync"

	"relais/internal/layout"
	"relais/internal/page"
	"relais/internal/search"
)

// SearchLayout is the layout of the search page. The build writes the
// search index (search-index.json) when a page uses it.
const SearchLayout = "recherche"

// searchSpecs is the search index, when the site has a search page.
func (s *Site) searchSpecs() []*spec {
	has := false
	for _, p := range s.pages {
		if p.Layout == SearchLayout {
			has = true
			break
		}
	}
	if !has {
		return nil
	}
	return []*spec{{out: "search-index.json", render: func(rc *renderCtx, w *bytes.Buffer) error {
		rc.use('g', "pages")
		var ps []*page.Page
		for _, p := range s.pages {
			if p.Kind == page.KindPage && p.Layout != SearchLayout {
				ps = append(ps, p)
			}
		}
		sort.Slice(ps, func(i, j int) bool { return ps[i].URL < ps[j].URL })
		s.scorePages(ps)
		var b search.Builder
		for _, p := range ps {
			rc.usePage('c', p)
			d := search.IndexDoc{Title: p.LinkTitle(), URL: s.cfg.RelURL(p.URL), Summary: p.Description}
			if d.Summary == "" {
				d.Summary = p.Summary
			}
			b.Add(d, s.blobs.Get(p.SearchTerms))
		}
		return b.Index().Write(w)
	}}}
}

// scorePages gives each page its search terms, kept in the blob store
// until the page is read again: a rebuild scores only the pages that
// changed, and a full build scores them on every core.
func (s *Site) scorePages(ps []*page.Page) {
	work := make(chan *page.Page)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for p := range work {
				d := search.Doc{Title: p.LinkTitle(), Text: layout.Plainify(s.blobs.GetString(p.Content))}
				for _, h := range p.TOC {
					d.Headings = append(d.Headings, h.Text)
				}
				buf = search.AppendTerms(buf[:0], search.Terms(d))
				p.SearchTerms, p.SearchScored = s.blobs.Put(buf), true
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
}
