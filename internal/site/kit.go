package site

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"relais/internal/kit"
	"relais/internal/page"
	"relais/internal/slug"
)

// KitView is a workshop kit as templates see it.
type KitView struct {
	*kit.Kit
	Duration string // "2 h"
	Steps    []StepView
	page     *PageView
}

// StepView is a step of the sequence, with its times.
type StepView struct {
	kit.Step
	Start, End string // "0 h 00", "0 h 10"
	Duration   string // "10 min"
}

// Kit returns the workshop kit of a kit's page (content/ateliers/NAME/
// index.md), or nil.
func (v *PageView) Kit() *KitView {
	k, ok := v.meta().Extra.(*kit.Kit)
	if !ok || k == nil {
		return nil
	}
	kv := &KitView{Kit: k, Duration: kit.French(k.Minutes), page: v}
	at := 0
	for _, s := range k.Sequence {
		kv.Steps = append(kv.Steps, StepView{Step: s, Start: clock(at), End: clock(at + s.Minutes), Duration: kit.French(s.Minutes)})
		at += s.Minutes
	}
	return kv
}

func clock(m int) string { return fmt.Sprintf("%d\u00a0h\u00a0%02d", m/60, m%60) }

// JSONLD is the kit as schema.org data: a LearningResource, with its guide
// and handouts as parts.
func (kv *KitView) JSONLD() map[string]any {
	v := kv.page
	lr := map[string]any{
		"@context": "https://schema.org", "@type": "LearningResource",
		"name": v.Title, "url": v.Permalink, "inLanguage": v.rc.s.cfg.Language,
		"learningResourceType": "kit pédagogique", "educationalLevel": kv.Audience,
		"typicalAgeRange": kv.Ages(), "timeRequired": kv.ISODuration(), "license": kv.Licence,
		"version": kv.Version, "teaches": kv.General,
	}
	if d := v.Description(); d != "" {
		lr["description"] = d
	}
	var authors []map[string]any
	for _, a := range kv.Authors {
		authors = append(authors, map[string]any{"@type": "Person", "name": a})
	}
	if authors != nil {
		lr["author"] = authors
	}
	var parts []map[string]any
	for _, p := range v.Pages() {
		parts = append(parts, map[string]any{"@type": "LearningResource", "name": p.Title, "url": p.Permalink})
	}
	if parts != nil {
		lr["hasPart"] = parts
	}
	return lr
}

// bundleFiles are the files of a page bundle kept as they are (a kit's, a
// resource's), by path in the bundle, sorted.
func (s *Site) bundleFiles(p *page.Page) []*entry {
	if p.BundleDir == "" {
		return nil
	}
	prefix := ContentDir + "/" + p.BundleDir + "/"
	var out []*entry
	for path, e := range s.entries {
		if strings.HasPrefix(path, prefix) && !e.isPage() && !e.isMarkdown() && !e.leftOut && len(e.diags.Errors()) == 0 {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// kitArchive makes a kit's archive: its guide and handouts print-ready,
// and its files. It records what it reads in rc.
func (s *Site) kitArchive(rc *renderCtx, p *page.Page) ([]byte, error) {
	rc.use('l', "bundle:"+p.BundleDir)
	rc.use('l', "files:"+p.BundleDir)
	var docs []kit.Doc
	if li := s.lists["bundle:"+p.BundleDir]; li != nil {
		for _, d := range li.pages {
			rc.usePage('m', d)
			rc.usePage('c', d)
			rel := strings.TrimPrefix(strings.TrimPrefix(d.File, ContentDir+"/"+p.BundleDir+"/"), "/")
			docs = append(docs, kit.Doc{Name: strings.TrimSuffix(rel, ".md") + ".html", Title: d.LinkTitle(),
				Lang: s.cfg.Language, Content: template.HTML(s.html(d))})
		}
	}
	var files []kit.File
	for _, e := range s.bundleFiles(p) {
		rc.use('f', e.path)
		files = append(files, kit.File{Name: strings.TrimPrefix(e.path, ContentDir+"/"+p.BundleDir+"/"),
			Open: func() (io.ReadCloser, error) { return s.openPublished(e) }})
	}
	k, _ := p.Extra.(*kit.Kit)
	rc.usePage('m', p)
	rc.usePage('c', p)
	when := p.Lastmod
	if when.IsZero() {
		when = p.Date
	}
	summary := p.Description
	if summary == "" {
		summary = p.Summary
	}
	meta := kit.Meta{Folder: strings.TrimSuffix(path.Base(kitArchiveName(p, k)), ".zip"), Title: p.LinkTitle(),
		Summary: summary, Lang: s.cfg.Language, Date: when, Intro: template.HTML(s.html(p)), Kit: k}
	var b bytes.Buffer
	err := kit.Archive(&b, meta, docs, files)
	return b.Bytes(), err
}

// kitArchiveOnce is kitArchive, made once per build however many outputs
// show it (the archive itself, its size and SHA-256 on the kit page).
func (s *Site) kitArchiveOnce(rc *renderCtx, p *page.Page) ([]byte, error) {
	return sharedIn[[]byte](&s.kitZips, p.BundleDir).get(rc, func(own *renderCtx) ([]byte, error) {
		return s.kitArchive(own, p)
	})
}

// kitArchiveName is where a kit's archive is published: beside its page,
// named after the kit and its version.
func kitArchiveName(p *page.Page, k *kit.Kit) string {
	name := p.Slug
	if v := slug.Make(k.Version); v != "" {
		name += "-v" + v
	}
	return p.URL + name + ".zip"
}

// kitSpecs are the archives of the kits.
func (s *Site) kitSpecs() []*spec {
	var out []*spec
	for _, p := range s.pages {
		k, ok := p.Extra.(*kit.Kit)
		if !ok {
			continue
		}
		out = append(out, &spec{out: strings.TrimPrefix(kitArchiveName(p, k), "/"), page: p,
			render: func(rc *renderCtx, w *bytes.Buffer) error {
				rc.usePage('m', p)
				b, err := s.kitArchiveOnce(rc, p)
				w.Write(b)
				return err
			}})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].out < out[j].out })
	return out
}

// Download is a file to download, as the kit page shows it.
type Download struct {
	Name, URL, Format, Size, SHA256 string
}

// Archive is the kit's one-file download, with its size and SHA-256.
func (kv *KitView) Archive() *Download {
	v := kv.page
	b, err := v.rc.s.kitArchiveOnce(v.rc, v.p)
	if err != nil {
		return nil
	}
	n, sum := kit.Sum(b)
	u := kitArchiveName(v.p, kv.Kit)
	return &Download{Name: path.Base(u), URL: v.rc.s.cfg.RelURL(u), Format: "ZIP", Size: humanSize(int64(n)), SHA256: sum}
}

// Files are the kit's files kept as they are, with format and size.
func (kv *KitView) Files() []Download { return kv.page.Files() }

// Files are the files of a page bundle kept as they are (documents to
// download), with format, size and SHA-256.
func (v *PageView) Files() []Download {
	s := v.rc.s
	v.rc.use('l', "files:"+v.p.BundleDir)
	var out []Download
	for _, e := range s.bundleFiles(v.p) {
		v.rc.use('f', e.path)
		d := Download{Name: path.Base(e.path), URL: s.cfg.RelURL("/" + s.fileOut(e.path)),
			Format: strings.ToUpper(strings.TrimPrefix(path.Ext(e.path), ".")), Size: humanSize(e.size)}
		if e.image != nil {
			d.Size, d.SHA256 = humanSize(e.image.size), e.image.sum
		} else if b, err := fs.ReadFile(s.opts.Source, s.realPath(e)); err == nil {
			_, d.SHA256 = kit.Sum(b)
		}
		out = append(out, d)
	}
	return out
}

// humanSize writes a size as French readers expect: 850 octets, 12 Ko,
// 1,4 Mo.
func humanSize(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d\u00a0octets", n)
	case n < 1000*1000:
		return fmt.Sprintf("%d\u00a0Ko", (n+500)/1000)
	}
	return strings.Replace(fmt.Sprintf("%.1f\u00a0Mo", float64(n)/1e6), ".", ",", 1)
}
