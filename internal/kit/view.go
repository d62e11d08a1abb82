package kit

import (
	"fmt"
	"math/rand"
	"relais/internal/duration"
	"slices"
	"strings"

	"relais/internal/extension"
	"relais/internal/i18n"
	"relais/internal/section"
)

// Extend registers the kits: their section, the view of a kit's page
// ({{ .Ext "kit" }}) and of a kit document's own PDF
// ({{ .Ext "kitPDF" }}).
func (e Extension) Extend(r *extension.Registry) {
	r.Add(extension.Kind{Section: e,
		Views: map[string]extension.View{"kit": kitView, "kitPDF": docPDFView},
		Types: []extension.Described{{Value: &View{}, What: i18n.T("a kit")}},
		Forms: e.forms(),
		Edit:  edit,
	})
}

// View is a workshop kit as templates see it ({{ .Ext "kit" }}).
type View struct {
	*Kit
	Duration string // "2 h"
	Steps    []StepView
	page     extension.PageView
	plan     *Plan
}

// StepView is a step of the sequence, with its times.
type StepView struct {
	Step
	Start, End string // "0 h 00", "0 h 10"
	Duration   string // "10 min"
}

// kitView is the kit of a kit's page (content/ateliers/NAME/index.md), or
// nil.
func kitView(v extension.PageView, plan section.Plan) any {
	k, ok := v.Extra().(*Kit)
	if !ok || k == nil {
		return nil
	}
	pl, _ := plan.(*Plan)
	kv := &View{Kit: k, Duration: duration.French(k.Minutes), page: v, plan: pl}
	at := 0
	for _, s := range k.Sequence {
		kv.Steps = append(kv.Steps, StepView{Step: s, Start: clock(at), End: clock(at + s.Minutes), Duration: duration.French(s.Minutes)})
		at += s.Minutes
	}
	return kv
}

func clock(m int) string { return fmt.Sprintf("%d\u00a0h\u00a0%02d", m/60, m%60) }

// documents are Documents, as an extension reads pages.
func (kv *View) documents() []extension.PageView {
	ps := kv.page.Children()
	slices.SortStableFunc(ps, func(a, b extension.PageView) int { return GuideFirst(a.Page(), b.Page()) })
	return ps
}

// Documents are the kit's guide and handouts, the guide first: it is
// read before the handouts are handed out.
func (kv *View) Documents() []any {
	ps := kv.documents()
	out := make([]any, len(ps))
	for i, p := range ps {
		out[i] = p.Template()
	}
	return out
}

// JSONLD is the kit as schema.org data: a LearningResource, with its
// guide and handouts as parts.
func (kv *View) JSONLD() map[string]any {
	v := kv.page
	ld := LDPage{Title: v.Title(), URL: v.Permalink(), Lang: v.Config().LangCode(v.Page().Lang), Description: v.Description()}
	for _, p := range kv.documents() {
		ld.Parts = append(ld.Parts, LDPart{Title: p.Title(), URL: p.Permalink()})
	}
	return JSONLD(kv.Kit, ld)
}

// Archive is the kit's one-file download, with its size and SHA-256.
func (kv *View) Archive() *extension.Download {
	if kv.plan == nil {
		return nil
	}
	p := kv.page.Page()
	z, err := kv.plan.Archive(kv.page.Record(), p)
	if err != nil {
		return nil
	}
	return extension.NewDownload(kv.page.Config(), kv.plan.ArchiveName(p), z.Size, z.SHA256)
}

// PDF is the whole kit as one PDF to print, with its size.
func (kv *View) PDF() *extension.Download {
	if kv.plan == nil {
		return nil
	}
	p := kv.page.Page()
	b, err := kv.plan.PDF(kv.page.Record(), p)
	if err != nil {
		return nil
	}
	return extension.NewDownload(kv.page.Config(), kv.plan.PDFName(p), int64(len(b)), "")
}

// Files are the kit's files kept as they are, with format and size.
func (kv *View) Files() []extension.Download { return kv.page.Files() }

// docPDFView is the PDF of a kit's document (its guide, a handout) to
// print on its own, with its size; nil for other pages.
func docPDFView(v extension.PageView, plan section.Plan) any {
	pl, _ := plan.(*Plan)
	if pl == nil || v.Pager() > 1 {
		return nil
	}
	d := v.Page()
	b, ok, err := pl.DocPDF(v.Record(), d)
	if !ok || err != nil {
		return nil
	}
	return extension.NewDownload(v.Config(), DocPDFName(d), int64(len(b)), "")
}

// forms are the kinds of file of the kits' folder as the editor shows
// them: a kit, its guide, its handouts.
func (e Extension) forms() []extension.Form {
	in := func(rel string, n int) []string {
		segs := strings.Split(rel, "/")
		if len(segs) != n || segs[0] != Section {
			return nil
		}
		return segs
	}
	return []extension.Form{
		{Name: "kit", Label: i18n.T("kit"), Match: e.Owns, Fields: Fields, OwnTerms: []string{"themes"}},
		{Name: "guide", Label: i18n.T("facilitator's guide"), Match: func(rel string) bool {
			segs := in(rel, 3)
			return segs != nil && IsGuide(segs[2])
		}},
		{Name: "handout", Label: i18n.T("handout"), Match: func(rel string) bool {
			segs := in(rel, 4)
			return segs != nil && segs[2] == "fiches"
		}},
	}
}

// sampleIndex is a kit's index.md that builds, for edit.
const sampleIndex = `---
title: Réseaux sociaux
date: 2026-11-01
version: "1.0"
auteurs: [L'intervenante sociale]
licence: CC BY-SA 4.0
public: Adolescents en MECS
ages: 12-17
participants: 6 à 10
duree: 2 h
objectifs_generaux: [Connaître les risques]
sequence:
  - {titre: Accueil, duree: 10 min, methode: Tour de table}
  - {titre: Débat, duree: 1 h 30, methode: Photolangage}
  - {titre: Bilan, duree: 20 min}
---
Présentation %d.
`

// edit changes one of two kits as a facilitator would: its index, its
// guide, a handout (written or removed) or a file of the kit.
func edit(r *rand.Rand, have func(string) bool) (map[string]string, []string, string) {
	k := fmt.Sprintf("content/%s/kit%d", Section, r.Intn(2))
	switch r.Intn(4) {
	case 0:
		return map[string]string{k + "/index.md": fmt.Sprintf(sampleIndex, r.Intn(100))}, nil, "edit kit " + k
	case 1:
		return map[string]string{k + "/animateur.md": fmt.Sprintf("---\ntitle: Guide %d\n---\nSi un jeune se confie : 119.\n", r.Intn(100))}, nil, "edit kit guide " + k
	case 2:
		p := k + "/fiches/a.md"
		if have(p) && r.Intn(2) == 0 {
			return nil, []string{p}, "delete kit handout " + p
		}
		return map[string]string{p: fmt.Sprintf("---\ntitle: Fiche %d\n---\nTexte de la fiche.\n", r.Intn(100))}, nil, "edit kit handout " + p
	}
	p := k + "/affiche.pdf"
	return map[string]string{p: fmt.Sprintf("%%PDF-1.4 %d", r.Intn(100))}, nil, "write kit file " + p
}
