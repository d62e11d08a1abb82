// Package extension is how relais is extended with kinds of content of
// their own (workshop kits, the partner directory, and the kinds to
// come), the way goldmark takes extensions: each kind is a package with
// an Extension whose Extend registers what it offers in a Registry (the
// folder it owns, its fields and decoder, facets, checks, spreadsheets,
// files to publish, audits, and the views its templates reach as
// {{ .Ext "name" }}). Only the composition root (package builtin, used
// by the command line) names the kinds; the orchestrator (site), the
// template views (views) and the checks ask the registry.
//
// A new kind goes in a package of its own under internal/, with an
// Extension, listed in builtin.Extensions; TestThirdSection (package
// site) and TestThirdKind (package editor) build, render and edit the
// third kind of package exttest.
package extension

import (
	"fmt"
	"math/rand"
	"path"
	"slices"
	"strings"
	"time"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/fields"
	"relais/internal/frontmatter"
	"relais/internal/i18n"
	"relais/internal/page"
	"relais/internal/record"
	"relais/internal/section"
)

// Extension is a kind of content relais is extended with.
type Extension interface {
	// Extend registers what the kind offers.
	Extend(r *Registry)
}

// Kind is what an extension registers: a kind of section, and the
// template views of its pages.
type Kind struct {
	Section Section
	// Views are the views of a page that templates reach as
	// {{ .Ext "name" }}, by name ("kit"); each is given the page and the
	// plan its Section's Publisher made for the build (nil if it has
	// none), and returns nil for a page it has nothing to show of.
	Views map[string]View
	// OwnTitle: its pages' titles come from their fields, never from the
	// first heading of their text (a partner's name).
	OwnTitle bool
	// Types are the types its views give templates, with what each is
	// in words, for the messages on a template's mistakes.
	Types []Described
	// Forms are the kinds of file of its folder that the editor tells
	// apart (a kit, its guide, a handout), each with its form.
	Forms []Form
	// Edit makes a random change to the kind's content as a person
	// would (a kit's guide rewritten, a partner removed), for the test
	// that compares the preview's rebuilds with full builds
	// (TestIncrementalMatchesFull): every kind is edited there. have
	// reports a file of the site; it returns the files to write (path
	// in the site → content) and to remove, and what it did.
	Edit func(r *rand.Rand, have func(path string) bool) (write map[string]string, remove []string, what string)
}

// Form is a kind of file as the editor shows it: its name in the list,
// and the fields its form asks for besides every page's.
type Form struct {
	// Name is the kind's name in the editor's list and its filter
	// ("kit"), unique among the site's kinds.
	Name string
	// Label is its name for people (« kit »).
	Label i18n.Text
	// Match reports a file of this kind, by its path under content/.
	Match func(rel string) bool
	// Fields are its own fields; the page's are asked for too.
	Fields []fields.Def
	// Undated: it has neither date, summary nor cover (a partner).
	Undated bool
	// NoTerms: its form asks for no taxonomy (a partner).
	NoTerms bool
	// OwnTerms are the taxonomies its own fields ask for ("themes"): the
	// form does not ask for them twice.
	OwnTerms []string
}

// Described is a type a view gives templates (Value, a pointer to one)
// and what it is in words (« un kit »).
type Described struct {
	Value any
	What  i18n.Text
}

// View is a template view of a page, reached as {{ .Ext "name" }}.
type View func(p PageView, plan section.Plan) any

// Registry holds the kinds registered by a site's extensions.
type Registry struct {
	kinds []Kind
	views map[string]int // view name → index in kinds
}

// New registers exts, in order: where two kinds own a page, the first
// registered wins.
func New(exts ...Extension) *Registry {
	r := &Registry{views: map[string]int{}}
	for _, e := range exts {
		e.Extend(r)
	}
	return r
}

// Add registers a kind. Two kinds may not own the same folder, nor give
// a view the same name: either is a mistake of the program, said at
// once.
func (r *Registry) Add(k Kind) {
	for _, o := range r.kinds {
		if o.Section.Folder() == k.Section.Folder() {
			panic(fmt.Sprintf("extension: two kinds own the folder %q", k.Section.Folder()))
		}
	}
	for _, f := range k.Forms {
		if slices.Contains([]string{"article", "page", "section", "sheet"}, f.Name) || slices.ContainsFunc(r.Forms(), func(o Form) bool { return o.Name == f.Name }) {
			panic(fmt.Sprintf("extension: two kinds of file are called %q in the editor", f.Name))
		}
	}
	for name := range k.Views {
		if _, dup := r.views[name]; dup {
			panic(fmt.Sprintf("extension: two kinds give the view %q", name))
		}
		r.views[name] = len(r.kinds)
	}
	r.kinds = append(r.kinds, k)
}

// Kinds are the registered kinds, in order; nil for a nil registry.
func (r *Registry) Kinds() []Kind {
	if r == nil {
		return nil
	}
	return r.kinds
}

// Sections are the registered kinds' sections, in order.
func (r *Registry) Sections() []Section {
	var out []Section
	for _, k := range r.Kinds() {
		out = append(out, k.Section)
	}
	return out
}

// View is the view called name, with the index of its kind; ok is false
// for a name no kind gives.
func (r *Registry) View(name string) (v View, kind int, ok bool) {
	if r == nil {
		return nil, -1, false
	}
	i, ok := r.views[name]
	if !ok {
		return nil, -1, false
	}
	return r.kinds[i].Views[name], i, true
}

// Forms are the kinds of file the registered kinds show in the editor,
// in order.
func (r *Registry) Forms() []Form {
	var out []Form
	for _, k := range r.Kinds() {
		out = append(out, k.Forms...)
	}
	return out
}

// FormOf is the kind of the file at rel (its path under content/) as the
// editor shows it; ok is false for a file no kind has a form for.
func (r *Registry) FormOf(rel string) (f Form, ok bool) {
	for _, f := range r.Forms() {
		if f.Match(rel) {
			return f, true
		}
	}
	return Form{}, false
}

// SheetOf reports a file (its path under content/) that a kind reads as
// entries, a page a row: shown in the editor, not edited there.
func (r *Registry) SheetOf(rel string) bool {
	for _, sec := range r.Sections() {
		if s, ok := sec.(SheetReader); ok && s.Sheet(rel) {
			return true
		}
	}
	return false
}

// Of is the index of the kind whose section owns the page at rel (its
// path under content/), or -1.
func (r *Registry) Of(rel string) int {
	for i, k := range r.Kinds() {
		if k.Section.Owns(rel) {
			return i
		}
	}
	return -1
}

// PageView is a page as an extension's view reads it, while a template
// renders: what it reads of the page is recorded, so that the preview
// renders the template again when it changes.
type PageView interface {
	// Page is the page; read its decoded fields through Extra.
	Page() *page.Page
	// Extra is what the page's kind decoded of its fields.
	Extra() any
	// Title, Permalink and Description are the page's, as templates
	// see them.
	Title() string
	Permalink() string
	Description() string
	// Children are the pages below it (a kit's guide and handouts).
	Children() []PageView
	// Template is the page's view as templates get it (.Pages gives
	// such values), to return to them.
	Template() any
	// Pager is the number of the list page being rendered (0 or 1 for
	// the first).
	Pager() int
	// Files are the files of its bundle kept as they are, to download.
	Files() []Download
	// Record is where the render records what it reads.
	Record() *record.Render
	// Config is the site's settings.
	Config() *config.Config
	// Now is the build's time (what is past, what is to come).
	Now() time.Time
}

// Download is a file to download, as a page shows it.
type Download struct {
	Name, URL, Format, Size, SHA256 string
}

// NewDownload is the Download of the file published at sitePath
// ("/ateliers/kit/fiche.pdf"): its name, its address with the site's base
// path, its format from its extension, its size in French words.
func NewDownload(cfg *config.Config, sitePath string, size int64, sha256 string) *Download {
	return &Download{Name: path.Base(sitePath), URL: cfg.RelURL(sitePath),
		Format: strings.ToUpper(strings.TrimPrefix(path.Ext(sitePath), ".")), Size: i18n.French.Size(size), SHA256: sha256}
}

// Section is a kind of section with rules of its own, which the
// orchestrator takes the way goldmark takes extensions: the pages it owns,
// the fields they have besides every page's, whether a field it does not
// know is an error, and what their fields decode into (the page's Extra).
// package kit (workshop kits) and package directory (partners) implement
// it, and register it from their Extend (Registry.Add). Beside it, a kind
// of section implements the interfaces below that it needs: Faceted (filter pages), Checker and
// TextChecker (checks), SheetReader (entries from spreadsheets),
// Downloads (bundle files published), Publisher (files of its own) and
// Auditor (warnings of relais check).
type Section interface {
	// Folder is the folder of content/ it owns ("ateliers").
	Folder() string
	// Owns reports whether the page at rel (its path under content/,
	// "ateliers/kit/index.md") is one of the section's entries.
	Owns(rel string) bool
	// Fields are the front matter fields of its entries, besides every
	// page's (package fields).
	Fields() []fields.Def
	// Strict reports whether a field it does not know is an error rather
	// than a warning.
	Strict() bool
	// Decode reads an entry's own fields (not those it inherits) into
	// what its templates and outputs use, with its findings; cfg is the
	// site's settings, now the build's time.
	Decode(file string, fs []frontmatter.Field, cfg *config.Config, now time.Time) (any, diag.List)
}

// Faceted is a Section whose pages are filtered by some of their
// values, on pages that work without JavaScript (page.Facet).
type Faceted interface {
	Facets() []page.Facet
}

// Checker is a Section with checks across its pages (a partner given
// twice); pages are the site's regular pages, in ID order.
type Checker interface {
	Check(pages []*page.Page) diag.List
}

// SheetReader is a Section whose entries also come from spreadsheets, a
// page a row (the directory's partners).
type SheetReader interface {
	// Sheet reports a file of content/ (rel, its path there) that the
	// section reads as entries: it is read, never published.
	Sheet(rel string) bool
	// ReadSheet reads the entries of the file at file (its path in the
	// site), with its findings; cfg is the site's settings, now the
	// build's time.
	ReadSheet(file string, data []byte, cfg *config.Config, now time.Time) ([]*page.Page, diag.List)
}

// TextChecker is a Section with checks of the text of every page in its
// folder (a kit's characters its PDFs cannot print); body is the page's
// Markdown, whose first line is the file's line first.
type TextChecker interface {
	CheckText(p *page.Page, body []byte, first int) diag.List
}

// Downloads is a Section whose page bundles offer their files for
// download (a kit's): they are published though no page links to them.
type Downloads interface {
	OffersFiles() bool
}

// Publisher is a Section that publishes files of its own beside its
// pages (the directory's exports, a kit's archive and PDFs), planned at
// every build from b, with its findings in l.
type Publisher interface {
	Publish(b section.Build, l *diag.List) section.Plan
}

// Auditor is a Section with warnings for relais check only (a partner
// the national format cannot take); pages are the published pages, in
// ID order.
type Auditor interface {
	Audit(pages []*page.Page) diag.List
}
