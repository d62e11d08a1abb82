package directory

import (
	"bytes"
	"net/url"
	"strings"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/graph"
	"relais/internal/page"
	"relais/internal/record"
	"relais/internal/section"
	"relais/internal/slug"
)

// Publish plans the exports of the directory: the whole of it as vCard,
// CSV, Excel and JSON in its folder, in data·inclusion's national format
// under data-inclusion/, and each partner's vCard beside its page.
func (Extension) Publish(b section.Build, _ *diag.List) section.Plan {
	g, cfg := b.Graph(), b.Config()
	sec := g.Section(graph.Planning, Section)
	if sec == nil || len(g.List(graph.Planning, graph.SectionList(Section))) == 0 {
		return section.Outputs(nil)
	}
	dir := strings.TrimPrefix(sec.URL, "/")
	entries := func(rc *record.Render, ps []*page.Page) []Entry {
		var out []Entry
		for _, p := range ps {
			partner, ok := p.Extra.(*Partner)
			if !ok {
				continue
			}
			rc.Page(record.Meta, p)
			rc.Page(record.Content, p) // the summary
			out = append(out, Entry{Name: p.LinkTitle(), URL: cfg.AbsURL(p.URL), Description: description(p), Partner: partner})
		}
		return out
	}
	sep := ','
	if cfg.Directory.CSVSemicolon {
		sep = ';'
	}
	// The whole directory, for partners and their spreadsheets: vCard,
	// CSV, Excel and JSON; each partner's card, for a phone.
	all := func(rc *record.Render) []Entry {
		return entries(rc, g.List(rc, graph.SectionList(Section)))
	}
	base := dir + "annuaire"
	out := section.Outputs{
		{Path: base + ".vcf", Page: sec, Render: func(rc *record.Render, w *bytes.Buffer) error { return WriteVCards(w, all(rc)) }},
		{Path: base + ".csv", Page: sec, Render: func(rc *record.Render, w *bytes.Buffer) error { return WriteCSV(w, all(rc), sep) }},
		{Path: base + ".xlsx", Page: sec, Render: func(rc *record.Render, w *bytes.Buffer) error { return WriteXLSX(w, all(rc)) }},
		{Path: base + ".json", Page: sec, Render: func(rc *record.Render, w *bytes.Buffer) error { return WriteJSON(w, all(rc)) }},
	}
	// The national format: structures and services, JSON and CSV.
	for _, name := range NationalFiles {
		out = append(out, section.Output{Path: dir + "data-inclusion/" + name, Page: sec, Render: func(rc *record.Render, w *bytes.Buffer) error {
			return WriteNational(w, name, all(rc), nationalSource(cfg))
		}})
	}
	for _, p := range g.List(graph.Planning, graph.SectionList(Section)) {
		if _, ok := p.Extra.(*Partner); ok {
			out = append(out, section.Output{Path: strings.TrimPrefix(p.URL, "/") + "contact.vcf", Page: p, Render: func(rc *record.Render, w *bytes.Buffer) error {
				return WriteVCards(w, entries(rc, []*page.Page{p}))
			}})
		}
	}
	return out
}

// description is what a partner's page says it is: its description, or
// else its summary.
func description(p *page.Page) string {
	if p.Description != "" {
		return p.Description
	}
	return p.Summary
}

// nationalSource names the site in data·inclusion's files: the host of
// its base URL, or its title.
func nationalSource(cfg *config.Config) string {
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Host != "" {
		return u.Host
	}
	return slug.Make(cfg.Title)
}

// Audit is for relais check: the published partners (of pages, in ID
// order) that data·inclusion's schema cannot take, at their file.
func (Extension) Audit(pages []*page.Page) diag.List {
	var l diag.List
	for _, p := range pages {
		pa, ok := p.Extra.(*Partner)
		if !ok || pa.Example || p.Lang != "" { // a translation: its original is what is exported
			continue
		}
		if why := NationalProblem(Entry{Name: p.LinkTitle(), Description: description(p), Partner: pa}); why.Format != "" {
			l.Add(diag.Warnf(p.File, max(p.URLLine, 1), "%s is not in the national format (data·inclusion): %s", p.LinkTitle(), why).
				WithHint("give it a description of one or two sentences (at least 50 characters) and the day it was checked (verifie)"))
		}
	}
	return l
}
