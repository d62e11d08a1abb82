package site

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"

	"relais/internal/i18n"
	"relais/internal/load"
	"relais/internal/markdown"
	"relais/internal/page"
	"relais/internal/picture"
	"relais/internal/record"
)

// Images a page shows are published at the widths of picture.Plan, in
// their format and in WebP, and shown with srcset, sizes, width and
// height; the original is published only if a page links to it (or it
// is in static/, or in a kit or a resource, which offer their files for
// download). What templates ask for (.Image "x.jpg" with Resize, Fit,
// Fill) is made the same way. Renders record what sizes they need; the
// sizes are made after the pages, on all cores, from the cache when it
// has them.

// variant records that the render needs op of e, and returns where it is
// published and its size.
func (s *Site) variant(rc *record.Render, e *load.File, op picture.Op) (string, int, int) {
	rc.Name(record.File, e.Path)
	rc.Images = append(rc.Images, record.Image{Src: e.Path, Op: op})
	w, h := op.Size(e.Pub.W, e.Pub.H)
	return s.cfg.RelURL("/" + variantOut(s.fileOut(e.Path), op)), w, h
}

// variantOut is where a size of an image published at out goes: beside
// it, "photo.jpg" giving "photo-480w.jpg" and "photo-480w.webp".
func variantOut(out string, op picture.Op) string {
	return strings.TrimSuffix(out, path.Ext(out)) + op.Suffix()
}

// sizes records the sizes of e that a page shows, and returns them.
func (s *Site) sizes(rc *record.Render, e *load.File) *picture.Picture {
	return picture.Show(e.Pub.W, e.Pub.Format, func(op picture.Op) (string, int, int) { return s.variant(rc, e, op) })
}

// picture writes an image of a page's HTML (its mark): an image of the
// site relais can resize becomes a <picture> with WebP and the image's
// format at their widths, width and height, and loading="lazy" but for
// the first when it is the first thing seen (c.eager). In a feed
// (c.feed) it is a plain <img> of its fallback size, which every reader
// shows. Other images stay as written.
func (s *Site) picture(rc *record.Render, m markdown.Mark, pg *page.Page, c *completion) string {
	attrs := strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(m.B, ">"), "/"), " \t\n\r")
	e := s.imageAt(m.A, pg.URL)
	if !e.Resizable() || strings.Contains(attrs, "srcset") || strings.Contains(attrs, " width=") {
		return m.Plain()
	}
	p := s.sizes(rc, e)
	if c.feed {
		return fmt.Sprintf(`<img src="%s"%s width="%d" height="%d">`, html.EscapeString(p.URL), attrs, p.Width, p.Height)
	}
	load := ` loading="lazy"`
	if c.first && c.eager {
		load = ""
	}
	c.first = false
	return fmt.Sprintf(`<picture><source type="image/webp" srcset="%s" sizes="%s"><img src="%s" srcset="%s" sizes="%s"%s width="%d" height="%d"%s decoding="async"></picture>`,
		html.EscapeString(p.WebPSrcset), picture.Sizes, html.EscapeString(p.URL), html.EscapeString(p.Srcset), picture.Sizes, attrs, p.Width, p.Height, load)
}

// imageAt is the image published at src, an address as the HTML of the
// page at site path from writes it (escaped; with the base path, or
// relative to the page), or nil.
func (s *Site) imageAt(src, from string) *load.File {
	u, err := url.Parse(html.UnescapeString(src))
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return nil
	}
	if !strings.HasPrefix(u.Path, "/") {
		return s.shown[strings.TrimPrefix(path.Join(from, u.Path), "/")]
	}
	if !strings.HasPrefix(u.Path, s.cfg.BasePath()) {
		return nil
	}
	return s.shown[strings.TrimPrefix(u.Path, s.cfg.BasePath())]
}

// indexImages makes the table of imageAt: every image relais can resize
// and may publish (in static/, or in content/ where its page is
// published: never a draft's or a private bundle's), by where it is
// published.
func (s *Site) indexImages() {
	s.shown = map[string]*load.File{}
	for p, e := range s.ld.Files {
		if !e.Resizable() || e.LeftOut {
			continue
		}
		if rel, ok := strings.CutPrefix(p, ContentDir+"/"); ok && s.graph.Rule().File(rel, true) != "" {
			continue
		}
		s.shown[s.fileOut(p)] = e
	}
}

// variantSpecs are the outputs of the sizes the renders recorded, each
// once; the sizes of one image are made together, decoding it once. With
// deferring set, sizes neither in the cache nor published already are
// left out, and counted.
func (s *Site) variantSpecs(recs map[string]*remembered, deferring bool) ([]*plannedOutput, int) {
	byOut := map[string]record.Image{}
	for _, r := range recs {
		for _, q := range r.Images {
			if e := s.ld.Files[q.Src]; e.Resizable() {
				byOut[variantOut(s.fileOut(q.Src), q.Op)] = q
			}
		}
	}
	outs := make([]string, 0, len(byOut))
	for o := range byOut {
		outs = append(outs, o)
	}
	sort.Strings(outs)
	jobs := map[string]*sizesJob{}
	var out []*plannedOutput
	pending := 0
	s.standIns = map[string]func() []byte{}
	for _, o := range outs {
		q := byOut[o]
		if deferring && s.outputs[o] == nil && !s.cache("sizes").Has(q.Op.Key(s.ld.Files[q.Src].Pub.Sum)) {
			pending++
			store, ref := s.images, s.ld.Files[q.Src].Pub.Ref
			s.standIns[o] = func() []byte { return store.Get(ref) }
			continue
		}
		j := jobs[q.Src]
		if j == nil {
			j = &sizesJob{}
			jobs[q.Src] = j
		}
		i := len(j.ops)
		j.ops = append(j.ops, q.Op)
		e := s.ld.Files[q.Src]
		out = append(out, &plannedOutput{Out: o, Render: func(rc *record.Render, w *bytes.Buffer) error {
			rc.Name(record.File, e.Path)
			b, err := j.get(s, e, i)
			if err != nil {
				return i18n.Errorf("%s: this image could not be resized: %v", e.Path, err)
			}
			w.Write(b)
			return nil
		}})
	}
	return out, pending
}

// StandIns are, by output path, what a preview serves in place of the
// sizes of images it left for MakePending (Result.Pending): the image as
// published, without its metadata, which the browser scales to the width
// and height the page gives, until the sizes are made and the page
// reloads. They are safe to call while the site builds, and give nil
// once the site is closed.
func (s *Site) StandIns() map[string]func() []byte { return s.standIns }

// sizesJob makes the sizes of one image a build needs, once.
type sizesJob struct {
	ops  []picture.Op
	once sync.Once
	out  [][]byte
	err  error
}

func (j *sizesJob) get(s *Site, e *load.File, i int) ([]byte, error) {
	j.once.Do(func() {
		j.out, j.err = picture.Make(s.images.Get(e.Pub.Ref), e.Pub.Sum, j.ops, s.cache("sizes"))
	})
	if j.err != nil {
		return nil, j.err
	}
	return j.out[i], nil
}
