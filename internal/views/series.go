package views

import (
	"cmp"
	"slices"

	"relais/internal/picture"
)

// SeriesTaxonomy is the taxonomy whose terms are series of articles read
// in order, each article giving its place with the part field.
const SeriesTaxonomy = "series"

// Series is a page's series, as templates see it.
type Series struct {
	Name         string
	RelPermalink string
	Parts        []*PageView // in part order
	Part         int         // this page's place, 1-based
	Prev, Next   *PageView   // the parts before and after, or nil
}

// Series returns the series the page belongs to (its first term of the
// series taxonomy), or nil.
func (v *PageView) Series() *Series {
	names := v.meta().Terms[SeriesTaxonomy]
	if len(names) == 0 {
		return nil
	}
	t := v.e.termOf(v.p, SeriesTaxonomy, v.p.TermSlugs[SeriesTaxonomy][0])
	if t == nil {
		return nil
	}
	tv := v.e.view(t.Page)
	parts := tv.PagesByParam("part")
	se := &Series{Name: t.Name, RelPermalink: tv.RelPermalink, Parts: parts}
	for i, p := range parts {
		if p.p == v.p {
			se.Part = i + 1
			if i > 0 {
				se.Prev = parts[i-1]
			}
			if i+1 < len(parts) {
				se.Next = parts[i+1]
			}
		}
	}
	return se
}

// PagesByParam is Pages ordered by a numeric front matter field (such as
// part), pages without it last, in list order.
func (v *PageView) PagesByParam(key string) []*PageView {
	ps := v.Pages()
	num := func(pv *PageView) (float64, bool) {
		switch x := pv.Param(key).(type) {
		case int64:
			return float64(x), true
		case float64:
			return x, true
		}
		return 0, false
	}
	slices.SortStableFunc(ps, func(a, b *PageView) int {
		na, oka := num(a)
		nb, okb := num(b)
		switch {
		case oka && okb:
			return cmp.Compare(na, nb)
		case oka:
			return -1
		case okb:
			return 1
		}
		return 0
	})
	return ps
}

// CoverImage is a page's cover image, as templates see it. An image
// relais resizes has its sizes (Srcset, WebPSrcset, Sizes, Width and
// Height, with URL the fallback size); another has only URL.
type CoverImage struct {
	picture.Picture // URL with the base path
	Alt             string
}

// Cover returns the page's cover image, or nil.
func (v *PageView) Cover() *CoverImage {
	c := v.meta().Cover
	if c == nil {
		return nil
	}
	img, u := v.e.site.Cover(v.p)
	if img != nil {
		return &CoverImage{Picture: *show(v.e.rc, img), Alt: c.Alt}
	}
	return &CoverImage{Picture: picture.Picture{URL: v.e.cfg.RelURL(u)}, Alt: c.Alt}
}
