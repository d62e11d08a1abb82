package site

import (
	"maps"
	"slices"
	"strings"
	"time"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/directory"
	"relais/internal/fields"
	"relais/internal/frontmatter"
	"relais/internal/kit"
	"relais/internal/page"
	"relais/internal/section"
)

// Section is a kind of section with rules of its own, which the
// orchestrator takes the way goldmark takes extensions: the pages it owns,
// the fields they have besides every page's, whether a field it does not
// know is an error, and what their fields decode into (the page's Extra).
// package kit (workshop kits) and package directory (partners) implement
// it; a third kind of section is a package with a Section, added to
// Options.Sections. Beside it, a kind of section implements the
// interfaces below that it needs: Faceted (filter pages), Checker and
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

// DefaultSections are the kinds of section of every site: workshop kits
// and the partner directory.
var DefaultSections = []Section{kit.Extension{}, directory.Extension{}}

// sectionOf is the section that owns the page at rel, with its index in
// sectionKinds(), or -1.
func (s *Site) sectionOf(rel string) int {
	for i, sec := range s.sectionKinds() {
		if sec.Owns(rel) {
			return i
		}
	}
	return -1
}

// sectionKinds are the site's kinds of section.
func (s *Site) sectionKinds() []Section {
	if s.opts.Sections != nil {
		return s.opts.Sections
	}
	return DefaultSections
}

// checkSections runs the checks of the kinds of section that have some.
func (s *Site) checkSections(regular []*page.Page, l *diag.List) {
	var sorted []*page.Page
	for _, sec := range s.sectionKinds() {
		c, ok := sec.(Checker)
		if !ok {
			continue
		}
		if sorted == nil {
			sorted = slices.Clone(regular)
			slices.SortFunc(sorted, func(a, b *page.Page) int { return strings.Compare(a.ID, b.ID) })
		}
		l.Add(c.Check(sorted)...)
	}
}

// sectionOutputs plans the outputs of the kinds of section that publish
// some, for one build (closePlans ends it).
func (s *Site) sectionOutputs(l *diag.List) []*plannedOutput {
	s.closePlans()
	var out []*plannedOutput
	for _, sec := range s.sectionKinds() {
		if p, ok := sec.(Publisher); ok {
			plan := p.Publish(built{s}, l)
			s.plans = append(s.plans, plan)
			for _, o := range plan.Outputs() {
				out = append(out, &plannedOutput{out: o.Path, page: o.Page, render: o.Render, stream: o.Stream})
			}
		}
	}
	return out
}

// closePlans ends the sections' plans of the last build: what they made
// for it (a kit's archive) is removed.
func (s *Site) closePlans() {
	for _, p := range s.plans {
		p.Close()
	}
	s.plans = nil
}

// kits is the kits' plan of the build, for the views that show a kit's
// downloads; nil when the site has no kits.
func (s *Site) kits() *kit.Plan {
	for _, p := range s.plans {
		if k, ok := p.(*kit.Plan); ok {
			return k
		}
	}
	return nil
}

// auditSections runs the audits of the kinds of section that have some.
func (s *Site) auditSections() diag.List {
	var l diag.List
	var pages []*page.Page
	for _, sec := range s.sectionKinds() {
		a, ok := sec.(Auditor)
		if !ok {
			continue
		}
		if pages == nil {
			pages = slices.Collect(maps.Values(s.graph.Pages))
			slices.SortFunc(pages, func(a, b *page.Page) int { return strings.Compare(a.ID, b.ID) })
		}
		l.Add(a.Audit(pages)...)
	}
	return l
}

// offersFiles reports a section (by its folder) whose page bundles offer
// their files for download: the resources', and those of a kind of
// section that says so (Downloads).
func (s *Site) offersFiles(section string) bool {
	if section == ResourcesSection {
		return true
	}
	for _, sec := range s.sectionKinds() {
		if d, ok := sec.(Downloads); ok && sec.Folder() == section && d.OffersFiles() {
			return true
		}
	}
	return false
}

// facets are the filters of each section whose kind has some
// (Faceted), by the section's folder.
func (s *Site) facets() map[string][]page.Facet {
	out := map[string][]page.Facet{}
	for _, sec := range s.sectionKinds() {
		if f, ok := sec.(Faceted); ok {
			out[sec.Folder()] = f.Facets()
		}
	}
	return out
}
