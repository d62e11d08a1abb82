package site

import (
	"strings"
	"sync"
	"time"

	"relais/internal/config"
	"relais/internal/diskcache"
	"relais/internal/extension"
	"relais/internal/fact"
	"relais/internal/graph"
	"relais/internal/load"
	"relais/internal/page"
	"relais/internal/pdfdoc"
	"relais/internal/picture"
	"relais/internal/record"
	"relais/internal/section"
	"relais/internal/views"
)

// built is the site being built as its views (views.Site) and its
// sections' outputs (section.Build) read it.
type built struct{ s *Site }

func (v built) Config() *config.Config { return v.s.cfg }
func (v built) Graph() *graph.Graph    { return v.s.graph }
func (v built) Taxonomies() []string   { return v.s.taxonomies }
func (v built) Now() time.Time         { return v.s.now }
func (v built) Data(rc *record.Render) map[string]any {
	rc.Fact(fact.Data)
	return v.s.data.Values
}
func (v built) Partials() *sync.Map             { return &v.s.partials }
func (v built) Say(lang, key string) string     { return v.s.theme.Lookup(lang, key) }
func (v built) Facets() map[string][]page.Facet { return v.s.reg.Facets() }

func (v built) Content(rc *record.Render, p *page.Page, eager bool) string {
	return v.s.pages().Published(rc, p, eager, false)
}

func (v built) Image(rc *record.Render, file string) views.Image {
	s := v.s
	rc.Name(record.File, file)
	if e := s.ld.Files[file]; e.Resizable() && s.imgs.Shown(s.fileOut(file)) == e {
		return siteImage{s, e}
	}
	return nil
}

func (v built) Cover(p *page.Page) (views.Image, string) {
	u := strings.TrimPrefix(load.CoverURL(v.s.graph, p), "/")
	if e := v.s.imgs.Shown(u); e != nil {
		return siteImage{v.s, e}, "/" + u
	}
	return nil, "/" + u
}

func (v built) Ext(name string, p extension.PageView) any {
	view, kind, ok := v.s.reg.View(name)
	if !ok {
		return nil
	}
	return view(p, v.s.plans.At(kind))
}

func (v built) BundleFiles(rc *record.Render, p *page.Page) []views.File {
	var out []views.File
	for _, f := range v.Files(rc, p) {
		out = append(out, views.File{Path: "/" + v.s.fileOut(f.Path), Size: f.Size, SHA256: f.Sum()})
	}
	return out
}

// The site as its sections' outputs read it (section.Build): what views
// read too, and the following.

func (v built) HTML(rc *record.Render, p *page.Page) string { return v.s.pages().WithIncludes(rc, p) }

func (v built) Tree(rc *record.Render, p *page.Page) (pdfdoc.Tree, error) {
	rc.Page(record.Meta, p)
	rc.Page(record.Content, p)
	return v.s.ld.Tree(p)
}

func (v built) Files(rc *record.Render, p *page.Page) []section.File {
	s := v.s
	rc.ReadList(graph.FilesList(p.BundleDir))
	var out []section.File
	for _, e := range s.ld.BundleFiles(p) {
		rc.Name(record.File, e.Path)
		out = append(out, s.ld.SectionFile(e))
	}
	return out
}

func (v built) ImageAt(rc *record.Render, p *page.Page, dest string) *section.File {
	e := v.s.imgs.At(dest, p.URL)
	if e == nil {
		return nil
	}
	rc.Name(record.File, e.Path)
	f := v.s.ld.SectionFile(e)
	return &f
}

func (v built) Cache(name string) diskcache.Dir { return v.s.cache(name) }

func (v built) Modified(rc *record.Render, p *page.Page) time.Time {
	e := v.s.ld.Files[p.File]
	if e == nil {
		return time.Time{}
	}
	rc.Name(record.File, e.Path)
	return e.MTime
}

// siteImage is an image of the site that relais resizes (views.Image).
type siteImage struct {
	s *Site
	e *load.File
}

func (i siteImage) Path() string     { return i.e.Path }
func (i siteImage) Size() (int, int) { return i.e.Pub.W, i.e.Pub.H }
func (i siteImage) Format() string   { return i.e.Pub.Format }

func (i siteImage) Variant(rc *record.Render, op picture.Op) (string, int, int) {
	return i.s.imgs.Variant(rc, i.e, op)
}
