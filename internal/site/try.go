package site

import (
	"path"
	"slices"
	"strings"
	"time"

	"relais/internal/diag"
	"relais/internal/extension"
	"relais/internal/graph"
	"relais/internal/load"
	"relais/internal/markdown"
	"relais/internal/page"
)

// Try reads src as the new content of the Markdown file file (relative
// to the site, "content/articles/x.md") the way a build reads it, without
// changing the site: the findings the build would have of it, and its
// text as HTML (what the editor of relais serve previews). It must not be
// called during a build.
func (s *Site) Try(file string, src []byte) (html []byte, findings diag.List) {
	if s.cfg == nil || s.ld.Conv == nil {
		return nil, diag.List{diag.Errorf("site.toml", 0, "the site's settings could not be read: fix them first")}
	}
	if !page.IsMarkdownName(file) || Ignored(path.Base(file)) {
		return nil, diag.List{diag.Errorf(file, 0, "this is not a page relais reads")}
	}
	e := &load.File{Path: file, Size: int64(len(src)), Tried: &load.Tried{Src: src}}
	s.loader().Parse(e)
	h := markdown.Plain(e.Tried.HTML) // as goldmark writes it: no page completes it
	if e.Page != nil && e.Page.Draft && !s.opts.Drafts {
		return h, load.DraftFindings(e.Diags)
	}
	return h, e.Diags
}

// Sources are the published pages' addresses (with the base path), each
// with the file it is made from: the preview links a page to its editor.
func (s *Site) Sources() map[string]string {
	if s.graph == nil || s.cfg == nil {
		return map[string]string{} // no build yet, or it failed on a bug
	}
	out := make(map[string]string, s.graph.Count(graph.Planning))
	for file, e := range s.ld.Files {
		for _, pg := range e.Pages() {
			if p := s.graph.Page(graph.Planning, pg.ID); p != nil && p.URL != "" && e.Page != nil {
				out[s.cfg.RelURL(p.URL)] = file
			}
		}
	}
	return out
}

// TaxonomyTitles are the theme's names of the site's taxonomies, by
// plural, where it has one (« Thématiques » for thematiques).
func (s *Site) TaxonomyTitles() map[string]string {
	out := map[string]string{}
	if s.theme == nil {
		return out
	}
	for _, t := range s.taxonomies {
		if title := s.taxonomyTitle("", t); title != "" {
			out[t] = title
		}
	}
	return out
}

// Terms are the site's taxonomies (plurals), each with the terms its
// pages use, sorted.
func (s *Site) Terms() map[string][]string {
	return s.ld.Terms(s.taxonomies)
}

// Registry holds the site's kinds of content, as its extensions
// registered them.
func (s *Site) Registry() *extension.Registry { return s.reg }

// Confidential are the partner types the site publishes by phone only,
// besides the shelters (site.toml's [directory] confidential).
func (s *Site) Confidential() []string {
	if s.cfg == nil {
		return nil
	}
	return s.cfg.Directory.Confidential
}

// Rows are the partners a spreadsheet of the directory gives (file, under
// content/partenaires/), by name, in row order; nil for another file.
func (s *Site) Rows(file string) []string {
	e := s.ld.Files[file]
	if e == nil {
		return nil
	}
	out := make([]string, 0, len(e.Rows))
	for _, p := range e.Rows {
		out = append(out, p.Title)
	}
	return out
}

// Content is a page file of content/ (or a spreadsheet of the directory)
// as the last build read it: for the editor's list, which so reads no
// file itself.
type Content struct {
	File           string
	Title          string    // "" when its fields could not be read
	Date           time.Time // zero when not dated
	Draft, Private bool
	Partners       bool   // in the partner area (access: partners)
	Sheet          bool   // a spreadsheet of partners
	URL            string // with the base path; "" when not published
	// Lang is the page's language when it is not the site's own ("en"),
	// TransKey what its translations share (page.Meta).
	Lang, TransKey string
}

// Language is one of the site's languages, for the editor.
type Language struct {
	Code, Name string
	Own        bool // the site's own language: its pages are the originals
}

// Languages are the site's languages, its own first; one for a site in
// one language.
func (s *Site) Languages() []Language {
	if s.cfg == nil {
		return nil
	}
	var out []Language
	for i, code := range s.cfg.Langs() {
		out = append(out, Language{Code: code, Name: s.cfg.LangName(code), Own: i == 0})
	}
	return out
}

// Contents are the site's page files and spreadsheets, by path.
func (s *Site) Contents() []Content {
	var out []Content
	for file, e := range s.ld.Files {
		if !e.IsMarkdown() && s.ld.SheetOf(e) == nil {
			continue
		}
		c := Content{File: file, Sheet: s.ld.SheetOf(e) != nil, URL: s.PageURL(file)}
		if p := e.Page; p != nil {
			c.Title, c.Date, c.Draft, c.Private = p.Title, p.Date, p.Draft, p.Private
			c.Partners = p.Partners || p.Area != ""
			c.Lang, c.TransKey = p.Lang, p.TransKey
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Content) int { return strings.Compare(a.File, b.File) })
	return out
}
