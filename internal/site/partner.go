package site

import (
	"bytes"
	"net/url"
	"strings"

	"relais/internal/diag"
	"relais/internal/directory"
	"relais/internal/graph"
	"relais/internal/page"
	"relais/internal/record"
	"relais/internal/slug"
)

// nationalSource names the site in data·inclusion's files: the host of
// its base URL, or its title.
func (s *Site) nationalSource() string {
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Host != "" {
		return u.Host
	}
	return slug.Make(s.cfg.Title)
}

// nationalWarnings are for relais check: the partners data·inclusion's
// schema cannot take, at their file.
func (s *Site) nationalWarnings() diag.List {
	var l diag.List
	for _, p := range s.graph.Pages {
		pa, ok := p.Extra.(*directory.Partner)
		if !ok || pa.Example {
			continue
		}
		desc := p.Description
		if desc == "" {
			desc = p.Summary
		}
		if why := directory.NationalProblem(directory.Entry{Name: p.LinkTitle(), Description: desc, Partner: pa}); why != "" {
			l.Add(diag.Warnf(p.File, max(p.URLLine, 1), "%s is not in the national format (data·inclusion): %s", p.LinkTitle(), why).
				WithHint("give it a description of one or two sentences (at least 50 characters) and the day it was checked (verifie)"))
		}
	}
	return l
}

// directorySpecs are the exports of the directory: the whole of it as
// vCard, CSV, Excel and JSON in its folder, in data·inclusion's national
// format under data-inclusion/, and each partner's vCard beside its page.
func (s *Site) directorySpecs() []*plannedOutput {
	sec := s.graph.Sections[directory.Section]
	if sec == nil || len(s.graph.List(graph.Planning, graph.SectionList(directory.Section))) == 0 {
		return nil
	}
	dir := strings.TrimPrefix(sec.URL, "/")
	entries := func(rc *record.Render, ps []*page.Page) []directory.Entry {
		var out []directory.Entry
		for _, p := range ps {
			partner, ok := p.Extra.(*directory.Partner)
			if !ok {
				continue
			}
			rc.Page(record.Meta, p)
			rc.Page(record.Content, p) // the summary
			desc := p.Description
			if desc == "" {
				desc = p.Summary
			}
			out = append(out, directory.Entry{Name: p.LinkTitle(), URL: s.cfg.AbsURL(p.URL), Description: desc, Partner: partner})
		}
		return out
	}
	sep := ','
	if s.cfg.Directory.CSVSemicolon {
		sep = ';'
	}
	// The whole directory, for partners and their spreadsheets: vCard,
	// CSV, Excel and JSON; each partner's card, for a phone.
	all := func(rc *record.Render) []directory.Entry {
		return entries(rc, s.graph.List(rc, graph.SectionList(directory.Section)))
	}
	base := dir + "annuaire"
	out := []*plannedOutput{
		{out: base + ".vcf", page: sec, render: func(rc *record.Render, w *bytes.Buffer) error { return directory.WriteVCards(w, all(rc)) }},
		{out: base + ".csv", page: sec, render: func(rc *record.Render, w *bytes.Buffer) error { return directory.WriteCSV(w, all(rc), sep) }},
		{out: base + ".xlsx", page: sec, render: func(rc *record.Render, w *bytes.Buffer) error { return directory.WriteXLSX(w, all(rc)) }},
		{out: base + ".json", page: sec, render: func(rc *record.Render, w *bytes.Buffer) error { return directory.WriteJSON(w, all(rc)) }},
	}
	// The national format: structures and services, JSON and CSV.
	for _, name := range directory.NationalFiles {
		out = append(out, &plannedOutput{out: dir + "data-inclusion/" + name, page: sec, render: func(rc *record.Render, w *bytes.Buffer) error {
			return directory.WriteNational(w, name, all(rc), s.nationalSource())
		}})
	}
	for _, p := range s.graph.List(graph.Planning, graph.SectionList(directory.Section)) {
		if _, ok := p.Extra.(*directory.Partner); ok {
			out = append(out, &plannedOutput{out: strings.TrimPrefix(p.URL, "/") + "contact.vcf", page: p, render: func(rc *record.Render, w *bytes.Buffer) error {
				return directory.WriteVCards(w, entries(rc, []*page.Page{p}))
			}})
		}
	}
	return out
}
