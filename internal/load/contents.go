package load

import (
	"slices"
	"strings"
	"time"

	"relais/internal/graph"
)

// Content is a page file of content/ (or a spreadsheet a kind of section
// reads) as the files were last read: for the editor's list, which so
// reads no file itself.
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

// Contents are the page files and spreadsheets, by path; url is the
// address of the page published from a file, or "".
func (ld *Loader) Contents(url func(file string) string) []Content {
	var out []Content
	for file, e := range ld.Files {
		if !e.IsMarkdown() && ld.SheetOf(e) == nil {
			continue
		}
		c := Content{File: file, Sheet: ld.SheetOf(e) != nil, URL: url(file)}
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

// Rows are the entries a spreadsheet gives (file, its path in the
// site), by title, in row order; nil for another file.
func (ld *Loader) Rows(file string) []string {
	e := ld.Files[file]
	if e == nil {
		return nil
	}
	out := make([]string, 0, len(e.Rows))
	for _, p := range e.Rows {
		out = append(out, p.Title)
	}
	return out
}

// PagePath is the address in the site (without the base path, as links
// are written in Markdown: "/articles/x/") of the page g publishes from
// file, or "".
func (ld *Loader) PagePath(g *graph.Graph, file string) string {
	e := ld.Files[file]
	if e == nil {
		return ""
	}
	for _, pg := range e.Pages() {
		if p := g.Page(graph.Planning, pg.ID); p != nil && p.URL != "" {
			return p.URL
		}
	}
	return ""
}
