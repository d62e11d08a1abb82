package site

import (
	"fmt"

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

func clock(m int) string { return fmt.Sprintf("%d\u00a0h\u00a0%02d", m/60, m%60) }

// JSONLD is the kit as schema.org data: a LearningResource, with its guide
// and handouts as parts.
func (kv *KitView) JSONLD() map[string]any {
	v := kv.page
	lr := map[string]any{
		"@context": "https://schema.org", "@type": "LearningResource",
		"name": v.Title(), "url": v.Permalink(), "inLanguage": v.rc.s.cfg.Language,
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
		parts = append(parts, map[string]any{"@type": "LearningResource", "name": p.Title(), "url": p.Permalink()})
	}
	if parts != nil {
		lr["hasPart"] = parts
	}
	return lr
}
