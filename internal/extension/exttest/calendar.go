// Package exttest is a third kind of content, as a site would add one,
// for the tests that show a kind is one package and one registration
// (TestThirdSection in package site, TestThirdKind in package editor).
package exttest

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
	"time"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/extension"
	"relais/internal/fields"
	"relais/internal/frontmatter"
	"relais/internal/graph"
	"relais/internal/i18n"
	"relais/internal/page"
	"relais/internal/record"
	"relais/internal/section"
	"relais/internal/slug"
)

// Calendar is a third kind of section, as a site would add one: workshop
// dates in content/calendrier/, each with its place, strictly checked.
type Calendar struct{}

// Session is a session's own fields.
type Session struct{ Place string }

// Extend registers the calendar, with the view of a session's page
// ({{ .Ext "session" }}).
func (c Calendar) Extend(r *extension.Registry) {
	r.Add(extension.Kind{Section: c, Views: map[string]extension.View{"seance": func(v extension.PageView, _ section.Plan) any {
		s, _ := v.Extra().(*Session)
		if s == nil {
			return nil
		}
		return s
	}},
		Forms: []extension.Form{{Name: "seance", Label: i18n.Raw("séance"), Match: c.Owns, Fields: c.Fields()}},
		Edit:  edit})
}

func (Calendar) Folder() string       { return "calendrier" }
func (Calendar) Owns(rel string) bool { return strings.HasPrefix(rel, "calendrier/") }

// Facets: the sessions by place.
func (Calendar) Facets() []page.Facet {
	return []page.Facet{{Key: "lieu", Label: "place", Values: func(p *page.Page) []string {
		if s, ok := p.Extra.(*Session); ok {
			return []string{s.Place}
		}
		return nil
	}}}
}

// Check: two sessions on one title.
func (Calendar) Check(pages []*page.Page) diag.List {
	var l diag.List
	seen := map[string]bool{}
	for _, p := range pages {
		if _, ok := p.Extra.(*Session); ok {
			if seen[p.Title] {
				l.Add(diag.Errorf(p.File, 1, "%s", "SESSION TWICE"))
			}
			seen[p.Title] = true
		}
	}
	return l
}

// Publish: every session, one per line, in the section's folder.
func (Calendar) Publish(b section.Build, _ *diag.List) section.Plan {
	g := b.Graph()
	sec := g.Section(graph.Planning, "calendrier")
	if sec == nil {
		return section.Outputs(nil)
	}
	return section.Outputs{{Path: "calendrier/seances.txt", Page: sec, Render: func(rc *record.Render, w *bytes.Buffer) error {
		for _, p := range g.List(rc, graph.SectionList("calendrier")) {
			rc.Page(record.Meta, p)
			if s, ok := p.Extra.(*Session); ok {
				fmt.Fprintf(w, "%s @ %s\n", p.Title, s.Place)
			}
		}
		return nil
	}}}
}

// Audit: a session whose place is still to be confirmed, for relais
// check.
func (Calendar) Audit(pages []*page.Page) diag.List {
	var l diag.List
	for _, p := range pages {
		if s, ok := p.Extra.(*Session); ok && s.Place == "à confirmer" {
			l.Add(diag.Warnf(p.File, 1, "%s", "PLACE TO CONFIRM"))
		}
	}
	return l
}

// CheckText: a session's text that still says TBD.
func (Calendar) CheckText(p *page.Page, body []byte, first int) diag.List {
	var l diag.List
	if i := bytes.Index(body, []byte("TBD")); i >= 0 {
		l.Add(diag.Warnf(p.File, first+bytes.Count(body[:i], []byte("\n")), "%s", "TEXT TBD"))
	}
	return l
}

// Sheet: the sessions of a term, a line each ("title;place"), in
// calendrier/*.txt.
func (Calendar) Sheet(rel string) bool {
	return strings.HasPrefix(rel, "calendrier/") && strings.HasSuffix(rel, ".txt")
}

func (Calendar) ReadSheet(file string, data []byte, _ *config.Config, _ time.Time) ([]*page.Page, diag.List) {
	var out []*page.Page
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		title, place, _ := strings.Cut(line, ";")
		sl := slug.Make(title)
		out = append(out, &page.Page{Meta: page.Meta{ID: file + "#" + sl, File: file, Kind: page.KindPage, Dir: "calendrier",
			Section: "calendrier", Slug: sl, Title: title, URLLine: i + 1, Params: map[string]any{},
			Terms: map[string][]string{}, TermSlugs: map[string][]string{}, Extra: &Session{Place: place}}})
	}
	return out, nil
}

func (Calendar) Fields() []fields.Def {
	return []fields.Def{{Key: "lieu", Kind: fields.Text, Label: i18n.Raw("Lieu"), Required: true}}
}
func (Calendar) Strict() bool { return true }
func (Calendar) Decode(file string, fs []frontmatter.Field, _ *config.Config, _ time.Time) (any, diag.List) {
	var l diag.List
	s := &Session{}
	for _, f := range fs {
		if f.Key == "lieu" {
			s.Place = frontmatter.Text(f.Value)
		}
	}
	if s.Place == "" {
		l.Add(diag.Errorf(file, 1, "the kit has no %s", "lieu"))
	}
	return s, l
}

// edit writes or removes a session, or writes the term's sheet anew.
func edit(r *rand.Rand, have func(string) bool) (map[string]string, []string, string) {
	places := []string{"MECS du Parc", "Collège", "à confirmer"}
	if r.Intn(3) == 0 {
		return map[string]string{"content/calendrier/trimestre.txt": fmt.Sprintf("Séance %d;%s\nAutre;Parc", r.Intn(5), places[r.Intn(len(places))])}, nil, "edit the sessions' sheet"
	}
	p := fmt.Sprintf("content/calendrier/s%d.md", r.Intn(3))
	if have(p) && r.Intn(3) == 0 {
		return nil, []string{p}, "delete session " + p
	}
	return map[string]string{p: fmt.Sprintf("---\ntitle: Séance %d\nlieu: %s\n---\nTexte.\n", r.Intn(5), places[r.Intn(len(places))])}, nil, "edit session " + p
}
