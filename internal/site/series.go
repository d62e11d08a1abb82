package site

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"relais/internal/diag"
	"relais/internal/page"
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
	t := v.s.graph.TermAt[SeriesTaxonomy+"/"+v.p.TermSlugs[SeriesTaxonomy][0]]
	if t == nil {
		return nil
	}
	tv := v.s.view(v.rc, t.Page)
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
	Picture // URL with the base path
	Alt     string
}

// Cover returns the page's cover image, or nil.
func (v *PageView) Cover() *CoverImage {
	c := v.meta().Cover
	if c == nil {
		return nil
	}
	s := v.s
	u := strings.TrimPrefix(s.coverURL(v.p), "/")
	if e := s.shown[u]; e.resizable() {
		p := v.s.picture(v.rc, e)
		return &CoverImage{Picture: *p, Alt: c.Alt}
	}
	return &CoverImage{Picture: Picture{URL: s.cfg.RelURL("/" + u)}, Alt: c.Alt}
}

// coverSource is the site file of a page's cover image, "" when the image
// is given as a site path.
func coverSource(p *page.Page) string {
	img := p.Cover.Image
	if strings.HasPrefix(img, "/") {
		return ""
	}
	return path.Join(path.Dir(p.File), img)
}

// coverURL is the site path of a page's cover image: a file beside the
// page is published where the page's other files go.
func (s *Site) coverURL(p *page.Page) string {
	if src := coverSource(p); src != "" {
		return "/" + s.fileOut(src)
	}
	return p.Cover.Image
}

// checkCovers reports cover images that are not files of the site.
func (s *Site) checkCovers(ps []*page.Page, l *diag.List) {
	for _, p := range ps {
		if p.Cover == nil {
			continue
		}
		src := coverSource(p)
		if src == "" {
			_, inStatic := s.entries[StaticDir+p.Cover.Image]
			_, inContent := s.entries[ContentDir+p.Cover.Image]
			if inStatic || inContent {
				continue
			}
		} else if e, ok := s.entries[src]; ok && !e.isMarkdown() {
			continue
		}
		l.Add(diag.Errorf(p.File, p.FieldLine("cover", 0), "cover: the image %s is not a file of the site", p.Cover.Image).
			WithHint("put the image beside the page (in its folder), or give its path from static/ as /images/x.jpg"))
	}
}
