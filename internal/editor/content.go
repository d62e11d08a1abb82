package editor

import (
	"net/http"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"relais/internal/extension"
	"relais/internal/fields"
	"relais/internal/i18n"
	"relais/internal/page"
	"relais/internal/slug"
)

// ContentDir is the folder of the pages.
const ContentDir = page.ContentDir

// TrashDir is the trash folder, in the site folder and outside content/:
// nothing in it is ever read or published.
const TrashDir = "corbeille"

// editable reports whether p (from a form) names a Markdown file of
// content/ that the editor may read and write: a clean path, without dot
// segments or hidden names.
func editable(p string) bool {
	if p == "" || p != path.Clean(p) || !strings.HasPrefix(p, ContentDir+"/") || !strings.HasSuffix(strings.ToLower(p), ".md") {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || strings.HasPrefix(seg, ".") || strings.ContainsAny(seg, "\\\x00") {
			return false
		}
	}
	return true
}

// sheet reports a spreadsheet a kind of content reads as entries (the
// directory's): shown, not edited.
func (e *Editor) sheet(p string) bool {
	rel, ok := strings.CutPrefix(p, ContentDir+"/")
	return ok && p == path.Clean(p) && !strings.Contains(p, "/.") && e.reg().SheetOf(rel)
}

// reg holds the site's kinds of content.
func (e *Editor) reg() *extension.Registry { return e.c.Site.Registry() }

// Kind is what a content file is, which says its fields: one of the
// kinds every site has, or the Name of a kind of content's form
// (extension.Form: "kit", "partner").
type Kind string

const (
	KindArticle Kind = "article"
	KindPage    Kind = "page"
	KindSection Kind = "section"
	KindSheet   Kind = "sheet"
)

// kindOf tells what the file at p is by where it is.
func (e *Editor) kindOf(p string) Kind {
	rel := strings.TrimPrefix(p, ContentDir+"/")
	segs := strings.Split(rel, "/")
	base := segs[len(segs)-1]
	switch {
	case e.sheet(p):
		return KindSheet
	case base == "_index.md" || rel == "index.md":
		return KindSection
	}
	if f, ok := e.reg().FormOf(rel); ok {
		return Kind(f.Name)
	}
	if segs[0] == "articles" {
		return KindArticle
	}
	return KindPage
}

// formOf is the kind of content's form of kind k, if k is one.
func (e *Editor) formOf(k Kind) (extension.Form, bool) {
	for _, f := range e.reg().Forms() {
		if f.Name == string(k) {
			return f, true
		}
	}
	return extension.Form{}, false
}

// label is a kind's name for people.
func (e *Editor) label(k Kind) i18n.Text {
	switch k {
	case KindArticle:
		return i18n.T("article")
	case KindSection:
		return i18n.T("section")
	case KindSheet:
		return i18n.T("spreadsheet of partners")
	case KindPage:
		return i18n.T("page")
	}
	if f, ok := e.formOf(k); ok {
		return f.Label
	}
	return i18n.T("page")
}

// kinds are the kinds of file the list can be filtered by: those of
// every site, then those of its kinds of content.
func (e *Editor) kinds() []Kind {
	out := []Kind{KindArticle, KindPage, KindSection}
	for _, f := range e.reg().Forms() {
		out = append(out, Kind(f.Name))
	}
	return append(out, KindSheet)
}

// defs are the fields the form of a file of kind k asks for: every
// page's, the site's taxonomies (terms, titled as the theme says them),
// and its kind's own.
func (e *Editor) defs(k Kind, terms map[string][]string, titles map[string]string) []fields.Def {
	f, _ := e.formOf(k)
	var out []fields.Def
	for _, d := range page.Fields {
		if f.Undated && (d.Key == "date" || d.Key == "summary" || d.Key == "cover") {
			continue // a partner is not dated, and its description says it
		}
		out = append(out, d)
	}
	if !f.NoTerms {
		taxes := make([]string, 0, len(terms))
		for t := range terms {
			taxes = append(taxes, t)
		}
		sort.Strings(taxes)
		for _, t := range taxes {
			if slices.Contains(f.OwnTerms, t) {
				continue // the kind's own field (a kit's themes)
			}
			label := taxonomyLabel(t)
			if title := titles[t]; title != "" && t != "tags" {
				label = i18n.Raw(title)
			}
			out = append(out, fields.Def{Key: t, Kind: fields.Choices, Open: true, Choices: terms[t],
				Label: label, Help: i18n.T("choose, or add new ones separated by commas")})
		}
	}
	return append(out, f.Fields...)
}

// taxonomyLabel is a taxonomy's name for a form: "tags" is « Tags »
// (« Mots-clés » in French), others their plural with a capital.
func taxonomyLabel(t string) i18n.Text {
	if t == "tags" {
		return i18n.T("Tags")
	}
	r, n := utf8.DecodeRuneInString(t)
	if n == 0 {
		return i18n.Raw(t)
	}
	return i18n.Raw(string(unicode.ToUpper(r)) + t[n:])
}

// item is a line of the list of content.
type item struct {
	File      string
	Title     string
	Kind      Kind
	KindLabel string
	Date      string
	Draft     bool
	Private   bool
	Partners  bool
	Errors    int
	Warnings  int
	URL       string
	ReadOnly  bool
	// Translations are the page's other languages, made or to make, on
	// a site in several.
	Translations []transLink
}

// items lists the content files of the site, as the last build read
// them (the editor reads no file for its list).
func (e *Editor) items() ([]item, error) {
	entries, ok := e.c.Site.Entries()
	if !ok {
		return nil, i18n.Errorf("relais is still making the site (a build, or the sizes of new photos): try again in a moment")
	}
	var out []item
	trans := e.translations(entries)
	for _, en := range entries {
		if !editable(en.File) && !e.sheet(en.File) {
			continue
		}
		it := item{File: en.File, Kind: e.kindOf(en.File), Title: en.Title, ReadOnly: en.Sheet, Draft: en.Draft,
			Private: en.Private, Partners: en.Partners, Errors: en.Errors, Warnings: en.Warnings, URL: en.URL}
		if it.Title == "" {
			it.Title = titleOf(en.File)
		}
		if !en.Date.IsZero() {
			it.Date = en.Date.Format("2006-01-02")
		}
		it.KindLabel = e.label(it.Kind).In(e.c.Lang)
		it.Translations = trans[en.File]
		out = append(out, it)
	}
	return out, nil
}

// partnersOnly reports a page of the partner area, as the last build
// read it.
func (e *Editor) partnersOnly(file string) bool {
	entries, _ := e.c.Site.Entries()
	en, _ := entryOf(entries, file)
	return en.Partners
}

// titleOf is a file's name as a title, until its fields say one.
func titleOf(p string) string {
	base := strings.TrimSuffix(path.Base(p), path.Ext(p))
	if base == "index" || base == "_index" {
		base = path.Base(path.Dir(p))
	}
	return strings.ReplaceAll(base, "-", " ")
}

// list shows every page she can edit, found by a search, sorted.
func (e *Editor) list(w http.ResponseWriter, r *http.Request) {
	items, err := e.items()
	if err != nil {
		e.fail(w, http.StatusInternalServerError, e.c.Lang.Err(err), "")
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	kind := Kind(r.URL.Query().Get("type"))
	if q != "" || kind != "" {
		words := strings.Fields(slug.RemoveAccents(strings.ToLower(q)))
		items = slices.DeleteFunc(items, func(it item) bool {
			if kind != "" && it.Kind != kind {
				return true
			}
			hay := slug.RemoveAccents(strings.ToLower(it.Title + " " + it.File))
			for _, w := range words {
				if !strings.Contains(hay, w) {
					return true
				}
			}
			return false
		})
	}
	order := r.URL.Query().Get("tri")
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		switch order {
		case "titre":
			return strings.ToLower(a.Title) < strings.ToLower(b.Title)
		case "problemes":
			if a.Errors != b.Errors {
				return a.Errors > b.Errors
			}
			return a.Warnings > b.Warnings
		}
		if a.Date != b.Date {
			return a.Date > b.Date
		}
		return a.File < b.File
	})
	var kinds []map[string]string
	for _, k := range e.kinds() {
		kinds = append(kinds, map[string]string{"Value": string(k), "Label": e.label(k).In(e.c.Lang), "Selected": boolAttr(k == kind)})
	}
	e.render(w, http.StatusOK, "list.html", map[string]any{
		"Title": e.say("Edit the site"), "Items": items, "Query": q, "Kinds": kinds, "Sort": order,
		"Deleted": r.URL.Query().Get("supprime"),
	})
}

func boolAttr(b bool) string {
	if b {
		return "1"
	}
	return ""
}
