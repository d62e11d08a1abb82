package views

import (
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"relais/internal/config"
	"relais/internal/graph"
	"relais/internal/layout"
	"relais/internal/markdown"
	"relais/internal/page"
	"relais/internal/record"
	"relais/internal/rgaa"
)

// PageView is a page as templates see it. Its methods record what the
// render reads, so that a rebuild knows which outputs an edit concerns.
//
// What nearly every template reads of a page is in fields instead:
// text/template reads a field directly, where each method call costs it
// a method value built by reflection. Making a view counts as reading the
// page's metadata.
type PageView struct {
	// Title is the page's title.
	Title string
	// RelPermalink is the page's URL from the site root ("/articles/x/"),
	// with the base URL's path; for a list, the URL of its page being
	// rendered.
	RelPermalink string
	// Permalink is the page's absolute URL.
	Permalink string
	// Date is the page's date (the zero time if it has none).
	Date time.Time
	// Kind is "page", "section", "home", "taxonomy", "term" or "404".
	Kind string
	// Section is the top-level section: "articles".
	Section string
	// IsHome and IsPage tell the home page and a regular page.
	IsHome, IsPage bool

	p     *page.Page
	e     *env
	pager int
	// vers are the page's versions in the site's languages, made once
	// for its switcher and its alternates (versions); set is when made.
	vers []Translation
	set  bool
}

// env is what the views of one render share: the site, its settings and
// page graph, and the record of what the render reads.
type env struct {
	site Site
	// lang is the language of the page rendered ("" for the site's own):
	// its lists, menu and taxonomies are that language's.
	lang string
	cfg  *config.Config
	g    *graph.Graph // read in reads.go only, where each read is recorded
	rc   *record.Render
}

// New is the view of page p, as its list page number pager (0 or 1 for
// the first) sees itself, for a render of site recorded by rc.
func New(site Site, rc *record.Render, p *page.Page, pager int) *PageView {
	return (&env{site: site, lang: p.Lang, cfg: site.Config(), g: site.Graph(), rc: rc}).pagerView(p, pager)
}

// with is e for another record.
func (e *env) with(rc *record.Render) *env {
	o := *e
	o.rc = rc
	return &o
}

func (e *env) view(p *page.Page) *PageView { return e.pagerView(p, 0) }

// pagerView is the view of page p as its list page number pager (0 or 1
// for the first) sees itself.
func (e *env) pagerView(p *page.Page, pager int) *PageView {
	if p == nil {
		return nil
	}
	e.rc.Page(record.Meta, p)
	u := PagerURL(p.URL, pager)
	return &PageView{
		Title:        p.Title,
		RelPermalink: e.cfg.RelURL(u),
		Permalink:    e.cfg.AbsURL(u),
		Date:         p.Date,
		Kind:         string(p.Kind),
		Section:      p.Section,
		IsHome:       p.Kind == page.KindHome,
		IsPage:       p.Kind == page.KindPage,
		p:            p, e: e, pager: pager,
	}
}

func (e *env) views(ps []*page.Page) []*PageView {
	out := make([]*PageView, len(ps))
	for i, p := range ps {
		out[i] = e.view(p)
	}
	return out
}

// PagerURL is the URL of the page n (1-based) of the list at base.
func PagerURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return fmt.Sprintf("%spage/%d/", base, n)
}

// CachedPartial implements layout.PartialCache: the partial is rendered
// once per build, with this page's data but its own record of what it
// reads, and that record is added to every page that uses it.
func (v *PageView) CachedPartial(key string, render func(data any) (template.HTML, error)) (template.HTML, error) {
	if slices.Contains(v.e.rc.Cached, key) {
		// The partial includes itself: once.Do would wait for itself.
		name, _, _ := strings.Cut(key, "\x00")
		return "", &layout.RecursionError{Chain: append(slices.Clone(v.e.rc.Cached), name)}
	}
	if v.e.lang != "" {
		key = v.e.lang + "\x00" + key // another language's templates
	}
	return record.SharedIn[template.HTML](v.e.site.Partials(), key).Get(v.e.rc, func(own *record.Render) (template.HTML, error) {
		own.Cached = append(slices.Clone(own.Cached), key)
		out, err := render(v.e.with(own).pagerView(v.p, v.pager))
		// What the partial read of the page it was given is not kept:
		// by the contract of partialCached, the variants carry what
		// depends on the page, and each page read them itself.
		own.ForgetPage(v.p.Num)
		return out, err
	})
}

func (v *PageView) meta() *page.Page    { v.e.rc.Page(record.Meta, v.p); return v.p }
func (v *PageView) content() *page.Page { v.e.rc.Page(record.Content, v.p); return v.p }

// LinkTitle is the title, or the slug for a page without one.
func (v *PageView) LinkTitle() string { return v.meta().LinkTitle() }

// Description is the front matter description, or else the summary.
func (v *PageView) Description() string {
	p := v.meta()
	if p.Description != "" {
		return p.Description
	}
	return v.content().Summary
}

// Summary is a plain-text summary: from front matter, the text before
// <!--more-->, or the first words.
func (v *PageView) Summary() string { return v.content().Summary }

// Content is the page's rendered Markdown.
func (v *PageView) Content() template.HTML {
	p := v.content()
	// The first image is seen at once when the page has no cover.
	return template.HTML(v.e.site.Content(v.e.rc, p, p.Cover == nil))
}

// TOC lists the page's headings of levels 2 to 4.
func (v *PageView) TOC() []markdown.Heading { return v.content().TOC }

// TableOfContents is the TOC as a nested HTML list, empty when the page has
// fewer than two headings.
func (v *PageView) TableOfContents() template.HTML {
	toc := v.content().TOC
	if len(toc) < 2 {
		return ""
	}
	var b strings.Builder
	tocList(&b, toc)
	return template.HTML(b.String())
}

// tocList writes headings as a list; the headings deeper than an item,
// up to the next one as shallow, are its sub-list.
func tocList(b *strings.Builder, hs []markdown.Heading) {
	b.WriteString("<ul>")
	for i := 0; i < len(hs); {
		h := hs[i]
		fmt.Fprintf(b, `<li><a href="#%s">%s</a>`, template.HTMLEscapeString(h.ID), template.HTMLEscapeString(h.Text))
		j := i + 1
		for j < len(hs) && hs[j].Level > h.Level {
			j++
		}
		if j > i+1 {
			tocList(b, hs[i+1:j])
		}
		b.WriteString("</li>")
		i = j
	}
	b.WriteString("</ul>")
}

// ReadingTime is the reading time in minutes.
func (v *PageView) ReadingTime() int { return v.content().ReadingTime() }

// WordCount is the number of words of the content.
func (v *PageView) WordCount() int { return v.content().Words }

// Date is the page's date.

// Lastmod is the date of the last change, or the date.
func (v *PageView) Lastmod() time.Time {
	p := v.meta()
	if p.Lastmod.IsZero() {
		return p.Date
	}
	return p.Lastmod
}

// PublishDate is the publication date, or the date.
func (v *PageView) PublishDate() time.Time {
	p := v.meta()
	if p.PublishDate.IsZero() {
		return p.Date
	}
	return p.PublishDate
}

// URL is the site path, without the base path: "/articles/x/". Use
// RelPermalink in links.
func (v *PageView) URL() string { return v.meta().URL }

// RelPermalink is the page's path with the base path: "/iscg/articles/x/",
// or the path of the current page of a paginated list.

// MenuCurrent is the page's link when the main navigation has it, else
// "": what the navigation marks as the current page, and so what a cached
// header varies by.
func (v *PageView) MenuCurrent() string {
	rel := v.RelPermalink
	for _, m := range v.Site().Menu() {
		if m.URL == rel {
			return rel
		}
	}
	return ""
}

// MenuSection is the link of the main navigation that the page lies
// below ("/articles/" for /articles/x/ and /articles/page/2/), when the
// navigation has no link to the page itself; else "". The deepest link
// wins; the home page's link counts only for the home page.
func (v *PageView) MenuSection() string {
	rel := v.RelPermalink
	best := ""
	for _, m := range v.Site().Menu() {
		if m.URL == rel {
			return ""
		}
		if m.URL != v.e.cfg.RelURL("/") && strings.HasSuffix(m.URL, "/") && strings.HasPrefix(rel, m.URL) && len(m.URL) > len(best) {
			best = m.URL
		}
	}
	return best
}

// Dir is the content folder the page lives in, or lists.
func (v *PageView) Dir() string { return v.p.Dir }

// File is the source file, relative to the site.
func (v *PageView) File() string { return v.p.File }

// IsSection and the like tell the kind of page (IsHome and IsPage are
// fields).
func (v *PageView) IsSection() bool  { return v.p.Kind == page.KindSection }
func (v *PageView) IsTaxonomy() bool { return v.p.Kind == page.KindTaxonomy }
func (v *PageView) IsTerm() bool     { return v.p.Kind == page.KindTerm }
func (v *PageView) Is404() bool      { return v.p.Kind == page.Kind404 }

// IsNode reports a list page.
func (v *PageView) IsNode() bool { return v.p.Kind != page.KindPage && v.p.Kind != page.Kind404 }

// Draft reports a draft (shown only with --buildDrafts).
func (v *PageView) Draft() bool { return v.meta().Draft }

// PartnersOnly reports a page of the partner area (access: partners):
// published behind the partners' logins, in no public list.
func (v *PageView) PartnersOnly() bool { return v.meta().Area != "" }

// AreaSearch is the address of the search page of the partner area the
// page is in, which searches the area's pages; "" for a public page, for
// an area that is a page or a bundle (nothing to search), and for an
// encrypted area (its words would be in clear).
func (v *PageView) AreaSearch() string {
	if a := v.meta().Area; a != "" && v.e.cfg.Partners.Protection != "encrypted" {
		if root := v.e.atURL(a); root != nil && root.Kind == page.KindSection {
			return v.e.cfg.RelURL(a + "recherche/")
		}
	}
	return ""
}

// SearchIndex is the address of the search index the page's search reads:
// its partner area's, or the site's.
func (v *PageView) SearchIndex() string {
	if a := v.AreaSearch(); a != "" {
		return v.e.cfg.RelURL(v.meta().Area + "search-index.json")
	}
	if lang := v.meta().Lang; lang != "" {
		return v.e.cfg.RelURL("/" + lang + "/search-index.json") // each language has its index
	}
	return v.e.cfg.RelURL("/search-index.json")
}

// Weight is the page's weight.
func (v *PageView) Weight() int { return v.meta().Weight }

// Params are the page's front matter fields and params.
func (v *PageView) Params() map[string]any { return v.meta().Params }

// Param returns one front matter field or param, or nil.
func (v *PageView) Param(key string) any { return v.meta().Params[key] }

// Taxonomy is the plural of a taxonomy or term page ("tags").
func (v *PageView) Taxonomy() string { return v.p.Taxonomy }

// Term is the name of a term page's term.
func (v *PageView) Term() string { return v.meta().Term }

// TermLink is a term of a page, with its page.
type TermLink struct {
	Name         string
	Slug         string
	RelPermalink string
	Count        int
}

// Terms lists the page's terms in a taxonomy ("tags"), with links.
func (v *PageView) Terms(taxonomy string) []TermLink {
	p := v.meta()
	names, slugs := p.Terms[taxonomy], p.TermSlugs[taxonomy] // side by side
	out := make([]TermLink, 0, len(names))
	for i, n := range names {
		if t := v.e.termOf(p, taxonomy, slugs[i]); t != nil {
			out = append(out, TermLink{Name: n, Slug: t.Slug, RelPermalink: v.e.cfg.RelURL(t.Page.URL)})
		}
	}
	return out
}

// TermsKey names the page's terms in every taxonomy: pages with the same
// key show the same term links, so a cached partial showing them varies
// by it.
func (v *PageView) TermsKey() string {
	p := v.meta()
	var b strings.Builder
	for _, tax := range v.e.site.Taxonomies() {
		b.WriteString(tax)
		b.WriteByte(':')
		for i, n := range p.Terms[tax] {
			b.WriteString(n)
			b.WriteByte('|')
			b.WriteString(p.TermSlugs[tax][i])
			b.WriteByte(',')
		}
		b.WriteByte(';')
	}
	return b.String()
}

// Pages lists what a list page lists: a section's pages, a term's pages,
// or the top-level pages on the home page; on a taxonomy page, the term
// pages. On a page bundle, the pages inside it (a kit's guide and
// handouts).
func (v *PageView) Pages() []*PageView {
	key, ok := v.listKey()
	if !ok {
		return nil
	}
	return v.e.views(v.e.list(key))
}

// listKey is the list the page lists; ok is false for a page that lists
// none.
func (v *PageView) listKey() (graph.ListKey, bool) {
	p := v.p
	switch p.Kind {
	case page.KindSection, page.KindHome:
		if graph.IsFacet(p) {
			return graph.FacetList(p.Dir), true // a directory filter page
		}
		return graph.SectionList(p.Dir), true
	case page.KindTerm:
		return graph.TermList(p.Dir), true
	case page.KindPage:
		if p.BundleDir != "" {
			return graph.BundleList(p.BundleDir), true
		}
	case page.KindTaxonomy:
		v.e.rc.ReadList(graph.TaxonomyList(graph.TaxKey(p.Lang, p.Taxonomy))) // it lists no pages, and its terms
	}
	return graph.ListKey{}, false
}

// TermsList is, on a taxonomy page, its terms with their page counts.
func (v *PageView) TermsList() []TermLink {
	if v.p.Kind != page.KindTaxonomy {
		return nil
	}
	var out []TermLink
	for _, t := range v.e.terms(v.p.Taxonomy) {
		out = append(out, TermLink{Name: t.Name, Slug: t.Slug, RelPermalink: v.e.cfg.RelURL(t.Page.URL), Count: len(t.Pages)})
	}
	return out
}

// Sections lists the sub-sections of a section (of the home page: the
// top-level sections).
func (v *PageView) Sections() []*PageView {
	if v.p.Kind != page.KindSection && v.p.Kind != page.KindHome {
		return nil
	}
	return v.e.views(v.e.list(graph.SubsList(v.p.Dir)))
}

// Parent is the section page a page belongs to, or the bundle page of a
// page inside a bundle.
func (v *PageView) Parent() *PageView {
	p := v.p
	if p.Kind == page.KindHome {
		return nil
	}
	return v.e.view(v.e.parent(p))
}

// Prev is the page before this one in its section's list (newer, with the
// default order); nil for the first.
func (v *PageView) Prev() *PageView {
	v.e.rc.Page(record.Neighbours, v.p)
	return v.e.view(v.p.Prev)
}

// Next is the page after this one in its section's list (older).
func (v *PageView) Next() *PageView {
	v.e.rc.Page(record.Neighbours, v.p)
	return v.e.view(v.p.Next)
}

// Paginator splits Pages into pages of the site's paginate setting. Using
// it publishes the further pages at URL/page/N/.
func (v *PageView) Paginator() *Pager {
	var all []*page.Page
	if key, ok := v.listKey(); ok {
		all = v.e.list(key)
	}
	size := v.e.cfg.Paginate
	total := (len(all) + size - 1) / size
	if total < 1 {
		total = 1
	}
	n := v.pager
	if n < 1 {
		n = 1
	}
	if n == 1 {
		v.e.rc.Pagers = total
	}
	lo, hi := (n-1)*size, n*size
	lo = min(lo, len(all))
	hi = min(hi, len(all))
	return &Pager{Pages: v.e.views(all[lo:hi]), PageNumber: n, TotalPages: total, TotalItems: len(all), base: v.p.URL, cfg: v.e.cfg}
}

// Pager is one page of a paginated list.
type Pager struct {
	Pages      []*PageView
	PageNumber int
	TotalPages int
	TotalItems int
	base       string
	cfg        *config.Config
}

// HasPrev and HasNext tell whether there are pages before and after.
func (p *Pager) HasPrev() bool { return p.PageNumber > 1 }
func (p *Pager) HasNext() bool { return p.PageNumber < p.TotalPages }

// PrevURL, NextURL, FirstURL and LastURL are links to other pages.
func (p *Pager) PrevURL() string  { return p.URL(p.PageNumber - 1) }
func (p *Pager) NextURL() string  { return p.URL(p.PageNumber + 1) }
func (p *Pager) FirstURL() string { return p.URL(1) }
func (p *Pager) LastURL() string  { return p.URL(p.TotalPages) }

// URL is the link to page n.
func (p *Pager) URL(n int) string { return p.cfg.RelURL(PagerURL(p.base, n)) }

// Numbers lists the page numbers 1…TotalPages.
func (p *Pager) Numbers() []int {
	out := make([]int, p.TotalPages)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// Site gives templates the site-wide values.
func (v *PageView) Site() *SiteView { return &SiteView{e: v.e} }

// SiteView is the site as templates see it.
type SiteView struct{ e *env }

// Config is site.toml's settings.
func (s *SiteView) Config() *config.Config { return s.e.cfg }

// Title, Language, Author, Description are settings of site.toml.
// Title, Language, Direction and Description are those of the page's
// language ([languages] in site.toml).
func (s *SiteView) Title() string    { return s.e.cfg.TitleIn(s.e.lang) }
func (s *SiteView) Language() string { return s.e.cfg.LangCode(s.e.lang) }

// Direction is "rtl" for a language written right to left, else "".
func (s *SiteView) Direction() string   { return s.e.cfg.DirectionOf(s.e.lang) }
func (s *SiteView) Author() string      { return s.e.cfg.Author }
func (s *SiteView) Description() string { return s.e.cfg.DescriptionIn(s.e.lang) }
func (s *SiteView) BaseURL() string     { return s.e.cfg.BaseURL }

// HomeURL is the link to the home page of the page's language: "/", or
// "/en/" (with the base path).
func (s *SiteView) HomeURL() string {
	if s.e.lang == "" {
		return s.e.cfg.RelURL("/")
	}
	return s.e.cfg.RelURL("/" + s.e.lang + "/")
}

// Params are the [params] of site.toml.
func (s *SiteView) Params() map[string]any { return s.e.cfg.Params }

// Menu is the main navigation: [[menu]] entries of site.toml, or else the
// top-level sections. URLs include the base path.
func (s *SiteView) Menu() []graph.MenuItem {
	menu := s.e.menu()
	if len(s.e.cfg.MenuIn(s.e.lang)) == 0 {
		// The menu is made of the sections: it changes with them.
		for _, sp := range s.e.list(graph.SectionsListIn(s.e.lang)) {
			s.e.rc.Page(record.Meta, sp)
		}
	}
	out := make([]graph.MenuItem, len(menu))
	for i, m := range menu {
		out[i] = graph.MenuItem{Name: m.Name, URL: s.e.cfg.RelURL(m.URL)}
	}
	return out
}

// RegularPages lists every published regular page outside bundles, in
// list order (newest first).
func (s *SiteView) RegularPages() []*PageView {
	return s.e.views(s.e.list(graph.AllListIn(s.e.lang)))
}

// Recent lists the n newest dated pages outside bundles (articles, kits:
// not the site's undated pages such as the accessibility statement, nor
// the directory's partners), newest first.
func (s *SiteView) Recent(n int) []*PageView {
	var out []*page.Page
	for _, p := range s.e.list(graph.AllListIn(s.e.lang)) {
		if len(out) == n {
			break
		}
		if !p.Date.IsZero() {
			out = append(out, p)
		}
	}
	return s.e.views(out)
}

// Sections lists the top-level sections.
func (s *SiteView) Sections() []*PageView {
	return s.e.views(s.e.list(graph.SectionsListIn(s.e.lang)))
}

// Section returns a section page by folder ("articles"), or nil.
func (s *SiteView) Section(dir string) *PageView {
	return s.e.view(s.e.section(dir))
}

// GetPage returns a page by its content path ("articles/x.md"), or nil;
// on a page in another language than the site's own, its translation in
// that language when it has one.
func (s *SiteView) GetPage(id string) *PageView {
	// Whether that page exists, and which it is, is the answer: any page,
	// inside a bundle too ("all" lists only pages outside bundles).
	p := s.e.page(id)
	if p != nil && s.e.lang != "" && p.Lang != s.e.lang {
		for _, t := range s.e.translations(p) {
			if t.Lang == s.e.lang {
				p = t
			}
		}
	}
	if p != nil {
		s.e.rc.Page(record.Meta, p)
	}
	return s.e.view(p)
}

// Taxonomies lists the plurals of the site's taxonomies.
func (s *SiteView) Taxonomies() []string { return s.e.site.Taxonomies() }

// Terms lists a taxonomy's terms with their counts.
func (s *SiteView) Terms(taxonomy string) []TermLink {
	var out []TermLink
	for _, t := range s.e.terms(taxonomy) {
		out = append(out, TermLink{Name: t.Name, Slug: t.Slug, RelPermalink: s.e.cfg.RelURL(t.Page.URL), Count: len(t.Pages)})
	}
	return out
}

// Accessibility is the accessibility statement of site.toml, with its
// derived conformity status.
func (s *SiteView) Accessibility() *rgaa.Statement { return &s.e.cfg.Accessibility }

// Now is the time of the build.
func (s *SiteView) Now() time.Time { return s.e.site.Now() }

// Data is the content of the data folder (data/numeros.toml is
// .Site.Data.numeros).
func (s *SiteView) Data() map[string]any {
	return s.e.site.Data(s.e.rc)
}
