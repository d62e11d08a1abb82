package views

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"relais/internal/config"
	"relais/internal/i18n"
	"relais/internal/kit"
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

// Documents are the kit's guide and handouts, the guide first: it is
// read before the handouts are handed out.
func (kv *KitView) Documents() []*PageView {
	ps := kv.page.Pages()
	slices.SortStableFunc(ps, func(a, b *PageView) int { return kit.GuideFirst(a.p, b.p) })
	return ps
}

func clock(m int) string { return fmt.Sprintf("%d\u00a0h\u00a0%02d", m/60, m%60) }

// JSONLD is the kit as schema.org data: a LearningResource, with its guide
// and handouts as parts (kit.JSONLD).
func (kv *KitView) JSONLD() map[string]any {
	v := kv.page
	ld := kit.LDPage{Title: v.Title, URL: v.Permalink, Lang: v.e.cfg.Language, Description: v.Description()}
	for _, p := range kv.Documents() {
		ld.Parts = append(ld.Parts, kit.LDPart{Title: p.Title, URL: p.Permalink})
	}
	return kit.JSONLD(kv.Kit, ld)
}

// Download is a file to download, as the kit page shows it.
type Download struct {
	Name, URL, Format, Size, SHA256 string
}

// Archive is the kit's one-file download, with its size and SHA-256.
func (kv *KitView) Archive() *Download {
	v := kv.page
	return download(v.e.cfg, v.e.site.KitArchive(v.e.rc, v.p))
}

// Files are the kit's files kept as they are, with format and size.
func (kv *KitView) Files() []Download { return kv.page.Files() }

// Files are the files of a page bundle kept as they are (documents to
// download), with format, size and SHA-256.
func (v *PageView) Files() []Download {
	var out []Download
	for _, f := range v.e.site.BundleFiles(v.e.rc, v.p) {
		out = append(out, *download(v.e.cfg, &f))
	}
	return out
}

// download is the Download of a file the site publishes (nil for none):
// its format is its extension's.
func download(cfg *config.Config, f *File) *Download {
	if f == nil {
		return nil
	}
	return &Download{Name: path.Base(f.Path), URL: cfg.RelURL(f.Path), Format: strings.ToUpper(strings.TrimPrefix(path.Ext(f.Path), ".")),
		Size: i18n.French.Size(f.Size), SHA256: f.SHA256}
}

// PDF is the whole kit as one PDF to print, with its size.
func (kv *KitView) PDF() *Download {
	v := kv.page
	return download(v.e.cfg, v.e.site.KitPDF(v.e.rc, v.p))
}

// PDF is the PDF of a kit's document (its guide, a handout) to print on
// its own, with its size; nil for other pages.
func (v *PageView) PDF() *Download {
	if v.pager > 1 {
		return nil
	}
	return download(v.e.cfg, v.e.site.DocPDF(v.e.rc, v.p))
}
