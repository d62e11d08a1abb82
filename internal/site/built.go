package site

import (
	"strings"
	"sync"
	"time"

	"relais/internal/config"
	"relais/internal/graph"
	"relais/internal/page"
	"relais/internal/picture"
	"relais/internal/record"
	"relais/internal/views"
)

// built is the site being built as its views (views.Site) and its
// sections' outputs (section.Build) read it.
type built struct{ s *Site }

func (v built) Config() *config.Config          { return v.s.cfg }
func (v built) Graph() *graph.Graph             { return v.s.graph }
func (v built) Taxonomies() []string            { return v.s.taxonomies }
func (v built) Now() time.Time                  { return v.s.now }
func (v built) Data() map[string]any            { return v.s.data }
func (v built) Partials() *sync.Map             { return &v.s.partials }
func (v built) Facets() map[string][]page.Facet { return v.s.facets() }

func (v built) Content(rc *record.Render, p *page.Page, eager bool) string {
	s := v.s
	h := s.includes(rc, s.blobs.GetString(p.Content), p, 0)
	return s.pageLinks(rc, s.pictures(rc, h, p, eager, false), p)
}

func (v built) Image(rc *record.Render, file string) views.Image {
	s := v.s
	rc.Name(record.File, file)
	if e := s.entries[file]; e.resizable() && s.shown[s.fileOut(file)] == e {
		return siteImage{s, e}
	}
	return nil
}

func (v built) Cover(p *page.Page) (views.Image, string) {
	u := strings.TrimPrefix(v.s.coverURL(p), "/")
	if e := v.s.shown[u]; e.resizable() {
		return siteImage{v.s, e}, "/" + u
	}
	return nil, "/" + u
}

func (v built) KitArchive(rc *record.Render, p *page.Page) *views.File {
	z, err := v.s.kitArchiveOnce(rc, p)
	if err != nil {
		return nil
	}
	return &views.File{Path: v.s.kitArchiveName(p), Size: z.size, SHA256: z.sum}
}

func (v built) KitPDF(rc *record.Render, p *page.Page) *views.File {
	b, err := v.s.kitPDFOnce(rc, p)
	if err != nil {
		return nil
	}
	return &views.File{Path: v.s.kitPDFName(p), Size: int64(len(b))}
}

func (v built) DocPDF(rc *record.Render, d *page.Page) *views.File {
	k := v.s.kitOf(d)
	if k == nil {
		return nil
	}
	b, err := v.s.docPDFOnce(rc, k, d)
	if err != nil {
		return nil
	}
	return &views.File{Path: docPDFName(d), Size: int64(len(b))}
}

func (v built) BundleFiles(rc *record.Render, p *page.Page) []views.File {
	s := v.s
	rc.ReadList(graph.FilesList(p.BundleDir))
	var out []views.File
	for _, e := range s.bundleFiles(p) {
		rc.Name(record.File, e.path)
		f := views.File{Path: "/" + s.fileOut(e.path), Size: e.size, SHA256: s.fileSum(e)}
		if e.image != nil {
			f.Size = e.image.size // as published, without its metadata
		}
		out = append(out, f)
	}
	return out
}

// siteImage is an image of the site that relais resizes (views.Image).
type siteImage struct {
	s *Site
	e *sourceFile
}

func (i siteImage) Path() string     { return i.e.path }
func (i siteImage) Size() (int, int) { return i.e.image.w, i.e.image.h }
func (i siteImage) Format() string   { return i.e.image.format }

func (i siteImage) Variant(rc *record.Render, op picture.Op) (string, int, int) {
	return i.s.variant(rc, i.e, op)
}
