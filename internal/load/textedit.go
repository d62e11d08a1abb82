package load

import (
	"reflect"
	"slices"
	"time"

	"relais/internal/graph"
	"relais/internal/markdown"
	"relais/internal/page"
)

// Most edits in relais serve change a page's text only: she types in an
// article. Assembling the site's model again (lists, taxonomies, menus,
// addresses: 60 ms on 10,000 pages) would give the same model, so such an
// edit keeps it: the published page takes its new text in place, and the
// render follows its recorded reads as for any edit.

// PagesBefore is what TextEdits needs of the files about to be read
// again (changed): each one's page, before; nil when one is new or of
// another kind, which the model must be assembled again for.
func (ld *Loader) PagesBefore(changed []string) map[string]*page.Page {
	out := map[string]*page.Page{}
	for _, c := range changed {
		e := ld.Files[c]
		if e == nil || e.Page == nil || e.Rows != nil {
			return nil
		}
		out[c] = e.Page
	}
	return out
}

// TextEdits reports whether the files read again (changed) changed only
// the text of the pages the model g holds, in ways no list, address or
// other page shows: the same front matter, title, summary, links and
// includes, no finding, no rules of a kind of content; and that no page
// is to appear or go between from, when the model was made, and to. It
// then puts each new text into the page the model holds, which stays
// the file's page.
func (ld *Loader) TextEdits(g *graph.Graph, before map[string]*page.Page, changed []string, from, to time.Time) bool {
	if before == nil || len(changed) == 0 {
		return false
	}
	type swap struct {
		e        *File
		old, new *page.Page
	}
	var swaps []swap
	for _, c := range changed {
		old, e := before[c], ld.Files[c]
		if old == nil || e == nil || e.Page == nil || e.Rows != nil || len(e.Diags.Errors()) > 0 {
			return false
		}
		q := e.Page
		if old.Extra != nil || q.Extra != nil || g.Page(graph.Planning, old.ID) != old ||
			!reflect.DeepEqual(old.Fields, q.Fields) || old.Title != q.Title || old.Summary != q.Summary ||
			!sameLinks(old.Links, q.Links) || !sameLinks(old.Includes, q.Includes) {
			return false
		}
		swaps = append(swaps, swap{e, old, q})
	}
	if ld.dueSince(from, to) {
		return false // a page is to appear or to go: the lists change
	}
	for _, w := range swaps {
		old, q := w.old, w.new
		old.Content, old.ContentSum = q.Content, q.ContentSum
		old.TOC, old.Words = q.TOC, q.Words
		old.Links, old.Includes = q.Links, q.Includes
		old.LinksChecked = false
		old.ComputeHashes()
		w.e.Page = old
	}
	return true
}

// sameLinks reports whether two pages' links lead to the same places, on
// the same lines.
func sameLinks(a, b []markdown.Link) bool {
	return slices.EqualFunc(a, b, func(x, y markdown.Link) bool {
		return x.Dest == y.Dest && x.Image == y.Image && x.Line == y.Line && x.Alone == y.Alone && x.Alt == y.Alt
	})
}

// dueSince reports whether a page is published, expires or stops being
// in the future between two moments: the model made at the first is not
// the one of the second.
func (ld *Loader) dueSince(from, to time.Time) bool {
	in := func(t time.Time) bool { return !t.IsZero() && t.After(from) && !t.After(to) }
	for _, e := range ld.Files {
		for _, p := range e.Pages() {
			if in(p.Date) || in(p.PublishDate) || in(p.ExpiryDate) {
				return true
			}
		}
	}
	return false
}
