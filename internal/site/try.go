package site

import (
	"path"

	"relais/internal/diag"
	"relais/internal/extension"
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
	return s.ld.Sources(s.graph, s.cfg)
}

// TaxonomyTitles are the theme's names of the site's taxonomies, by
// plural, where it has one (« Thématiques » for thematiques).
func (s *Site) TaxonomyTitles() map[string]string {
	if s.theme == nil {
		return map[string]string{}
	}
	return s.theme.TaxonomyTitles(s.taxonomies)
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
	return s.ld.Rows(file)
}

// Content is a page file of content/ (or a spreadsheet of the directory)
// as the last build read it (load.Content).
type Content = load.Content

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
	return s.ld.Contents(s.PageURL)
}
