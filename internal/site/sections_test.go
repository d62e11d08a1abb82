package site

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"relais"
	"relais/internal/builtin"
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

// calendar is a third kind of section, as a site would add one: workshop
// dates in content/calendrier/, each with its place, strictly checked.
type calendar struct{}

type session struct{ Place string }

// Extend registers the calendar, with the view of a session's page
// ({{ .Ext "session" }}).
func (c calendar) Extend(r *extension.Registry) {
	r.Add(extension.Kind{Section: c, Views: map[string]extension.View{"session": func(v extension.PageView, _ section.Plan) any {
		s, _ := v.Extra().(*session)
		if s == nil {
			return nil
		}
		return s
	}}})
}

func (calendar) Folder() string       { return "calendrier" }
func (calendar) Owns(rel string) bool { return strings.HasPrefix(rel, "calendrier/") }

// Facets: the sessions by place.
func (calendar) Facets() []page.Facet {
	return []page.Facet{{Key: "lieu", Label: "place", Values: func(p *page.Page) []string {
		if s, ok := p.Extra.(*session); ok {
			return []string{s.Place}
		}
		return nil
	}}}
}

// Check: two sessions on one title.
func (calendar) Check(pages []*page.Page) diag.List {
	var l diag.List
	seen := map[string]bool{}
	for _, p := range pages {
		if _, ok := p.Extra.(*session); ok {
			if seen[p.Title] {
				l.Add(diag.Errorf(p.File, 1, "%s", "SESSION TWICE"))
			}
			seen[p.Title] = true
		}
	}
	return l
}

// Publish: every session, one per line, in the section's folder.
func (calendar) Publish(b section.Build, _ *diag.List) section.Plan {
	g := b.Graph()
	sec := g.Sections["calendrier"]
	if sec == nil {
		return section.Outputs(nil)
	}
	return section.Outputs{{Path: "calendrier/seances.txt", Page: sec, Render: func(rc *record.Render, w *bytes.Buffer) error {
		for _, p := range g.List(rc, graph.SectionList("calendrier")) {
			rc.Page(record.Meta, p)
			if s, ok := p.Extra.(*session); ok {
				fmt.Fprintf(w, "%s @ %s\n", p.Title, s.Place)
			}
		}
		return nil
	}}}
}

// Audit: a session whose place is still to be confirmed, for relais
// check.
func (calendar) Audit(pages []*page.Page) diag.List {
	var l diag.List
	for _, p := range pages {
		if s, ok := p.Extra.(*session); ok && s.Place == "à confirmer" {
			l.Add(diag.Warnf(p.File, 1, "%s", "PLACE TO CONFIRM"))
		}
	}
	return l
}

// CheckText: a session's text that still says TBD.
func (calendar) CheckText(p *page.Page, body []byte, first int) diag.List {
	var l diag.List
	if i := bytes.Index(body, []byte("TBD")); i >= 0 {
		l.Add(diag.Warnf(p.File, first+bytes.Count(body[:i], []byte("\n")), "%s", "TEXT TBD"))
	}
	return l
}

// Sheet: the sessions of a term, a line each ("title;place"), in
// calendrier/*.txt.
func (calendar) Sheet(rel string) bool {
	return strings.HasPrefix(rel, "calendrier/") && strings.HasSuffix(rel, ".txt")
}

func (calendar) ReadSheet(file string, data []byte, _ *config.Config, _ time.Time) ([]*page.Page, diag.List) {
	var out []*page.Page
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		title, place, _ := strings.Cut(line, ";")
		sl := slug.Make(title)
		out = append(out, &page.Page{Meta: page.Meta{ID: file + "#" + sl, File: file, Kind: page.KindPage, Dir: "calendrier",
			Section: "calendrier", Slug: sl, Title: title, URLLine: i + 1, Params: map[string]any{},
			Terms: map[string][]string{}, TermSlugs: map[string][]string{}, Extra: &session{Place: place}}})
	}
	return out, nil
}

func (calendar) Fields() []fields.Def {
	return []fields.Def{{Key: "lieu", Kind: fields.Text, Label: i18n.T("Place"), Required: true}}
}
func (calendar) Strict() bool { return true }
func (calendar) Decode(file string, fs []frontmatter.Field, _ *config.Config, _ time.Time) (any, diag.List) {
	var l diag.List
	s := &session{}
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

// TestThirdSection: a kind of section is one value and one registration:
// its fields are known, its unknown ones are errors, its Decode runs on
// its pages only, its facets get their pages, its checks, text checks
// and audit run, its spreadsheets give pages and are not published, its
// outputs are published and made again in the preview when what they
// read changes, and the kits and the directory keep theirs.
func TestThirdSection(t *testing.T) {
	files := map[string]string{
		"site.toml":                  "title = \"Essai\"\nbaseURL = \"https://example.org/\"\n",
		"content/_index.md":          "---\ntitle: Accueil\n---\n",
		"content/calendrier/mars.md": "---\ntitle: Mars\nlieu: MECS du Parc\n---\nSéance.\n",
		"content/calendrier/ete.txt": "Juillet;Plage\nAoût;Parc",
		"content/articles/a.md":      "---\ntitle: A\nlieu: ignoré\n---\nTexte.\n",
		// The third kind's template reaches its view as the kits' reach
		// theirs.
		"layouts/calendrier/single.html": `{{ define "main" }}<h1>{{ .Title }}</h1>{{ with .Ext "session" }}<p class="lieu">LIEU {{ .Place }}</p>{{ end }}{{ with .Ext "kit" }}NOT A KIT{{ end }}{{ end }}`,
	}
	exts := append(builtin.Extensions(), calendar{})
	dest, res, err := build(t, files, func(o *Options) { o.Extensions = exts })
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, dest, "calendrier/mars/index.html"); !strings.Contains(got, `<p class="lieu">LIEU MECS du Parc</p>`) || strings.Contains(got, "NOT A KIT") {
		t.Errorf("the section's template view is not rendered:\n%s", got)
	}
	if got := read(t, dest, "calendrier/lieu/mecs-du-parc/index.html"); !strings.Contains(got, "Mars") {
		t.Errorf("the section's facet page does not list its session:\n%s", got)
	}
	if got := read(t, dest, "calendrier/seances.txt"); got != "Août @ Parc\nJuillet @ Plage\nMars @ MECS du Parc\n" {
		t.Errorf("the section's output is %q", got)
	}
	// In the preview, the output follows its pages.
	fsys := mapFS(files)
	inc := New(Options{Extensions: exts, Source: fsys, Theme: relais.Theme(), Dest: filepath.Join(t.TempDir(), "inc"), Now: now, Audit: true})
	if _, err := inc.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	if a := inc.Audit().Error(); strings.Contains(a, "PLACE TO CONFIRM") {
		t.Errorf("the section's audit warns of a confirmed place: %s", a)
	}
	fsys["content/calendrier/juin.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Juin\nlieu: à confirmer\n---\n"), ModTime: now}
	if _, err := inc.Rebuild(context.Background(), []string{"content/calendrier/juin.md"}); err != nil {
		t.Fatal(err)
	}
	if got := read(t, inc.opts.Dest, "calendrier/seances.txt"); !strings.Contains(got, "Juin @ à confirmer") {
		t.Errorf("the section's output did not follow a new session: %q", got)
	}
	if a := inc.Audit().Error(); !strings.Contains(a, "content/calendrier/juin.md:1: warning: PLACE TO CONFIRM") {
		t.Errorf("the section's audit: %s", a)
	}
	var said []string
	for _, w := range res.Warnings {
		said = append(said, w.Error())
	}
	all := strings.Join(said, "\n")
	if strings.Contains(all, "calendrier/mars.md") {
		t.Errorf("the section's own field is unknown:\n%s", all)
	}
	if !strings.Contains(all, `content/articles/a.md:3: warning: unknown field "lieu"`) {
		t.Errorf("an article takes the section's field:\n%s", all)
	}
	if exists(dest, "calendrier/ete.txt") {
		t.Errorf("the section's spreadsheet is published")
	}
	if !exists(dest, "calendrier/juillet/index.html") {
		t.Errorf("a row of the section's spreadsheet has no page")
	}
	files["content/calendrier/avril.md"] = "---\ntitle: Avril\nsalle: 3\n---\n\nLieu TBD.\n"
	files["content/calendrier/mars-bis.md"] = "---\ntitle: Mars\nlieu: Ailleurs\n---\n"
	_, res, err = build(t, files, func(o *Options) { o.Extensions = exts })
	if !strings.Contains(res.Warnings.Error(), "content/calendrier/avril.md:6: warning: TEXT TBD") {
		t.Errorf("the section's text check did not run: %v", res.Warnings)
	}
	if err == nil || !strings.Contains(err.Error(), `content/calendrier/avril.md:3: unknown field "salle"`) ||
		!strings.Contains(err.Error(), "content/calendrier/avril.md:1: the kit has no lieu") ||
		!strings.Contains(err.Error(), "SESSION TWICE") {
		t.Errorf("the section's rules do not hold: %v", err)
	}
}
