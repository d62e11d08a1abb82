// Package imageset publishes the images of a site that relais resizes.
//
// An image a page shows is published at the widths of picture.Plan, in
// its format and in WebP, and shown with srcset, sizes, width and
// height; the original is published only if a page links to it (or it
// is in static/, or in a kit or a resource, which offer their files for
// download). What templates ask for (.Image "x.jpg" with Resize, Fit,
// Fill) is made the same way. Renders record what sizes they need
// (record.Render.Images); the sizes are planned after the pages (Specs)
// and made on all cores, each image decoded once, from the cache when it
// has them.
package imageset

import (
	"bytes"
	"fmt"
	"html"
	"iter"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"

	"relais/internal/blob"
	"relais/internal/config"
	"relais/internal/diskcache"
	"relais/internal/graph"
	"relais/internal/i18n"
	"relais/internal/incremental"
	"relais/internal/load"
	"relais/internal/markdown"
	"relais/internal/picture"
	"relais/internal/record"
)

// Set is the images of one build that relais resizes, by where they are
// published.
type Set struct {
	cfg   *config.Config
	g     *graph.Graph
	files map[string]*load.File
	store *blob.Store // the images as published, without metadata
	shown map[string]*load.File
	// standIns are what a preview shows for the sizes left out (Specs).
	standIns map[string]func() []byte
}

// Index makes the set of a build: every image of files relais can resize
// and may publish (in static/, or in content/ where its page is
// published: never a draft's or a private bundle's), by where it is
// published. store holds the images as published.
func (s *Set) Index(cfg *config.Config, g *graph.Graph, files map[string]*load.File, store *blob.Store) {
	s.cfg, s.g, s.files, s.store = cfg, g, files, store
	s.shown = map[string]*load.File{}
	for p, e := range files {
		if !e.Resizable() || e.LeftOut {
			continue
		}
		if rel, ok := strings.CutPrefix(p, load.ContentDir+"/"); ok && g.Rule().File(rel, true) != "" {
			continue
		}
		s.shown[load.Out(g, p)] = e
	}
}

// Shown is the image published at out (a path in the output folder) at
// its sizes, or nil.
func (s *Set) Shown(out string) *load.File {
	if e := s.shown[out]; e.Resizable() {
		return e
	}
	return nil
}

// Paths are where the images are published, in no order.
func (s *Set) Paths() iter.Seq[string] { return maps.Keys(s.shown) }

// At is the image published at src, an address as the HTML of the page
// at site path from writes it (escaped; with the base path, or relative
// to the page), or nil.
func (s *Set) At(src, from string) *load.File {
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

// Variant records that the render needs op of e, and returns where it is
// published and its size.
func (s *Set) Variant(rc *record.Render, e *load.File, op picture.Op) (string, int, int) {
	rc.Name(record.File, e.Path)
	rc.Images = append(rc.Images, record.Image{Src: e.Path, Op: op})
	w, h := op.Size(e.Pub.W, e.Pub.H)
	return s.cfg.RelURL("/" + variantOut(load.Out(s.g, e.Path), op)), w, h
}

// variantOut is where a size of an image published at out goes: beside
// it, "photo.jpg" giving "photo-480w.jpg" and "photo-480w.webp".
func variantOut(out string, op picture.Op) string {
	return strings.TrimSuffix(out, path.Ext(out)) + op.Suffix()
}

// Picture is an image of a page's HTML (its mark m; from is the page's
// site path): an image of the site relais can resize becomes a <picture>
// with WebP and the image's format at their widths, width and height,
// and loading="lazy" unless eager. In a feed it is a plain <img> of its
// fallback size, which every reader shows. Other images stay as written,
// and ok is false.
func (s *Set) Picture(rc *record.Render, m markdown.Mark, from string, feed, eager bool) (h string, ok bool) {
	attrs := strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(m.B, ">"), "/"), " \t\n\r")
	e := s.At(m.A, from)
	if !e.Resizable() || strings.Contains(attrs, "srcset") || strings.Contains(attrs, " width=") {
		return m.Plain(), false
	}
	p := picture.Show(e.Pub.W, e.Pub.Format, func(op picture.Op) (string, int, int) { return s.Variant(rc, e, op) })
	if feed {
		return fmt.Sprintf(`<img src="%s"%s width="%d" height="%d">`, html.EscapeString(p.URL), attrs, p.Width, p.Height), true
	}
	load := ` loading="lazy"`
	if eager {
		load = ""
	}
	return fmt.Sprintf(`<picture><source type="image/webp" srcset="%s" sizes="%s"><img src="%s" srcset="%s" sizes="%s"%s width="%d" height="%d"%s decoding="async"></picture>`,
		html.EscapeString(p.WebPSrcset), picture.Sizes, html.EscapeString(p.URL), html.EscapeString(p.Srcset), picture.Sizes, attrs, p.Width, p.Height, load), true
}

// Specs are the outputs of the sizes the renders recorded (recs), each
// once; the sizes of one image are made together, decoding it once,
// kept in cache. With deferring set, sizes neither in the cache nor
// published already (published) are left out, counted in pending, and
// given stand-ins (StandIns).
func (s *Set) Specs(recs map[string]*incremental.Record, cache diskcache.Dir, deferring bool, published func(out string) bool) (out []*incremental.Output, pending int) {
	byOut := map[string]record.Image{}
	for _, r := range recs {
		for _, q := range r.Images {
			if e := s.files[q.Src]; e.Resizable() {
				byOut[variantOut(load.Out(s.g, q.Src), q.Op)] = q
			}
		}
	}
	jobs := map[string]*job{}
	s.standIns = map[string]func() []byte{}
	for _, o := range slices.Sorted(maps.Keys(byOut)) {
		q := byOut[o]
		e := s.files[q.Src]
		if deferring && !published(o) && !cache.Has(q.Op.Key(e.Pub.Sum)) {
			pending++
			store, ref := s.store, e.Pub.Ref
			s.standIns[o] = func() []byte { return store.Get(ref) }
			continue
		}
		j := jobs[q.Src]
		if j == nil {
			j = &job{store: s.store, cache: cache}
			jobs[q.Src] = j
		}
		i := len(j.ops)
		j.ops = append(j.ops, q.Op)
		out = append(out, &incremental.Output{Out: o, Render: func(rc *record.Render, w *bytes.Buffer) error {
			rc.Name(record.File, e.Path)
			b, err := j.get(e, i)
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
// sizes that the last Specs left out: the image as published, without
// its metadata, which the browser scales to the width and height the
// page gives. They are safe to call while the site builds, and give nil
// once its store is closed.
func (s *Set) StandIns() map[string]func() []byte { return s.standIns }

// job makes the sizes of one image a build needs, once.
type job struct {
	store *blob.Store
	cache diskcache.Dir
	ops   []picture.Op
	once  sync.Once
	out   [][]byte
	err   error
}

func (j *job) get(e *load.File, i int) ([]byte, error) {
	j.once.Do(func() {
		j.out, j.err = picture.Make(j.store.Get(e.Pub.Ref), e.Pub.Sum, j.ops, j.cache)
	})
	if j.err != nil {
		return nil, j.err
	}
	return j.out[i], nil
}
