// Package graph is the page graph of a site: which of the pages its files
// give are published, where (their URLs, checked for clashes), in which
// sections, bundles, taxonomies, terms and directory filters, in which
// lists and next to which pages, which pages translate one another (a
// language other than the site's own is a tree of its own: "en/…"), and
// the hashes that tell a rebuild what changed. The orchestrator (package site) gives it the pages at every
// build; what the graph keeps between builds is the pages' numbers.
//
// Lists are read through List only, which records the read with the
// reader (a render), so that an output made from a list is made again
// when the list changes.
package graph

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"iter"
	"maps"
	"math"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/i18n"
	"relais/internal/page"
	"relais/internal/publish"
	"relais/internal/slug"
)

// Input is what a build gives the graph.
type Input struct {
	// Pages are every page the files give (one each, or a spreadsheet's
	// rows), published or not, in any order.
	Pages []*page.Page
	// Publish says which pages are published (drafts, future, expired).
	Publish page.Options
	Config  *config.Config
	// Taxonomies are the plurals of the site's taxonomies, sorted.
	Taxonomies []string
	// TaxonomyTitle is the title of a taxonomy's page in a language ("" for
	// the site's own), by its plural; "" gives the plural, capitalized.
	TaxonomyTitle func(lang, plural string) string
	// Facets are the filters of each section that has some, by the
	// section's folder (site.Faceted).
	Facets map[string][]page.Facet
	// Say is the theme's string of a key, or "" (for a facet's value
	// names).
	Say func(key string) string
}

// Graph is the page graph of one build, kept between builds for the
// pages' numbers. Its methods must not be called concurrently with
// Assemble.
type Graph struct {
	in Input

	// Made by Assemble, every build; read through the methods of
	// reads.go, each of which records what it read or says why nothing
	// needs recording.
	rule     *publish.Rule         // what is published
	pages    map[string]*page.Page // published pages by ID
	byURL    map[string]*page.Page // published pages by URL
	sections map[string]*page.Page // section pages by folder ("" is home), directory filter pages too
	bundles  map[string]*page.Page // bundle pages by their folder
	headless map[string]*page.Page // headless pages by ID: shown only where included
	left     map[string]int        // how many pages were left out, by why (publish)
	terms    map[string][]*Term    // taxonomy key (TaxKey) → its terms, sorted by slug
	termAt   map[string]*Term      // "key/slug" → term
	menus    map[string][]MenuItem // the main menu, by language ("" for the site's own)
	// pagesHash is a hash of every published page's metadata, datesHash
	// of every regular page's publication date, menuHash of the menu;
	// none is 0.
	pagesHash, datesHash, menuHash uint64

	lists map[ListKey]*list
	byNum []*page.Page     // published and headless pages by number
	nums  map[string]int32 // page ID → number, for as long as the Graph lives
}

// Term is a taxonomy's term, with its page and its pages.
type Term struct {
	Name  string
	Slug  string
	Page  *page.Page
	Pages []*page.Page
}

// MenuItem is an entry of the main navigation.
type MenuItem struct {
	Name string
	URL  string // site path
}

// New returns an empty graph.
func New() *Graph { return &Graph{} }

// ByNum is the published or headless page numbered n, or nil.
func (g *Graph) ByNum(n int32) *page.Page {
	if n < 0 || int(n) >= len(g.byNum) {
		return nil
	}
	return g.byNum[n]
}

// PubDate is the date a page is published on, for feeds.
func PubDate(p *page.Page) int64 {
	if !p.PublishDate.IsZero() {
		return p.PublishDate.UnixNano()
	}
	return p.Date.UnixNano()
}

// datesHash hashes every published page's publication date.
func datesHash(all []*page.Page) uint64 {
	h := fnv.New64a()
	var buf [8]byte
	for _, p := range all {
		h.Write([]byte(p.ID))
		binary.LittleEndian.PutUint64(buf[:], uint64(PubDate(p)))
		h.Write(buf[:])
	}
	return h.Sum64() | 1
}

// IsFacet reports a directory filter page (made by facetPages).
func IsFacet(p *page.Page) bool { return strings.HasPrefix(p.ID, "facet:") }

// Assemble decides which pages of in.Pages are published, where, and in
// which lists, adding what is wrong to l. It returns the regular pages it
// publishes, sorted (page.Sort). What an earlier build gave the pages
// (their URL, their hashes) is kept where it still holds.
func (g *Graph) Assemble(in Input, l *diag.List) (regular []*page.Page) {
	g.in = in
	g.reset()
	regular, sectionFiles := g.publishedPages(l)
	regular = g.placeSections(regular, sectionFiles, l)
	g.setURLs(regular)
	g.setAreas(regular)
	g.setOldURLs(regular)
	// Make the pages known by ID and URL, reporting clashes.
	all := make([]*page.Page, 0, len(regular)+len(g.sections))
	all = append(all, regular...)
	for _, sp := range g.sections {
		all = append(all, sp)
	}
	// Sort once: every list below is made by going through the pages in
	// this order, so none needs sorting again.
	page.Sort(regular)
	all = append(all, g.makeTaxonomies(regular, sectionFiles)...)
	all = append(all, g.facetPages(regular)...)
	g.claimURLs(all, l)
	g.checkAliases(all, l)
	g.linkTranslations(l)
	g.makeLists(regular)
	g.linkNeighbours()
	g.hashPages(all, regular)
	return regular
}

// reset empties what Assemble makes.
func (g *Graph) reset() {
	g.pages = map[string]*page.Page{}
	g.byURL = map[string]*page.Page{}
	g.sections = map[string]*page.Page{}
	g.bundles = map[string]*page.Page{}
	g.headless = map[string]*page.Page{}
	g.left = map[string]int{}
	g.lists = map[ListKey]*list{}
}

// publishedPages are the regular pages the files give that are
// published, and the pages of sections (_index.md) by folder.
func (g *Graph) publishedPages(l *diag.List) (regular []*page.Page, sectionFiles map[string]*page.Page) {
	sectionFiles = map[string]*page.Page{}
	// The pages from files, in any order: every list below is sorted by a
	// total order, so results do not depend on it.
	filePages := g.in.Pages
	g.rule = publish.New(filePages, g.in.Publish)
	for _, pg := range filePages {
		if why := g.rule.Page(pg); why != "" {
			g.left[why]++
			if why == publish.Headless {
				g.headless[pg.ID] = pg
			}
			continue
		}
		switch pg.Kind {
		case page.KindSection, page.KindHome:
			if other := sectionFiles[pg.Dir]; other != nil {
				// content/index.md beside content/_index.md: _index.md
				// is the page, whatever order they came in.
				keep, left := other, pg
				if strings.HasPrefix(path.Base(pg.File), "_index") && !strings.HasPrefix(path.Base(other.File), "_index") ||
					path.Base(pg.File) == path.Base(other.File) && pg.File < other.File {
					keep, left = pg, other
				}
				l.Add(diag.Warnf(left.File, 1, "%s is the page of this folder already: this page is left out", keep.File).
					WithHint("keep one of them: put this page's text in %s, then delete this file", keep.File))
				sectionFiles[pg.Dir] = keep
				continue
			}
			sectionFiles[pg.Dir] = pg
		default:
			regular = append(regular, pg)
			if pg.BundleDir != "" {
				g.bundles[pg.BundleDir] = pg
			}
		}
	}
	return regular, sectionFiles
}

// placeSections puts each page in its bundle or its section, and makes
// the sections: every folder holding a published page, and its parents.
// It returns the regular pages, less those that are a section's page.
func (g *Graph) placeSections(regular []*page.Page, sectionFiles map[string]*page.Page, l *diag.List) []*page.Page {
	// Pages inside a bundle folder (a kit's guide and handouts) belong to
	// the bundle, not to a section.
	inBundle := func(p *page.Page) string {
		for d := p.Dir; d != ""; d = ParentDir(d) {
			if _, ok := g.bundles[d]; ok {
				return d
			}
		}
		return ""
	}
	isTaxDir := map[string]bool{}
	for _, t := range g.in.Taxonomies {
		isTaxDir[t] = true
	}
	// Sections: every folder holding a published page, and its parents.
	secDirs := map[string]bool{"": true}
	for _, p := range regular {
		prev := p.InBundle
		p.InBundle = inBundle(p)
		if p.URLLine == 0 && (p.InBundle != "" || prev != "") {
			// A page in a bundle is published under the bundle's URL,
			// which may have moved: make its URL again.
			p.URL = ""
		}
		p.Prev, p.Next = nil, nil
		if p.InBundle != "" {
			continue
		}
		for d := p.Dir; d != ""; d = ParentDir(d) {
			secDirs[d] = true
		}
	}
	for d := range sectionFiles {
		if _, rest := g.langOf(d); !isTaxDir[strings.SplitN(rest, "/", 2)[0]] {
			secDirs[d] = true
		}
	}
	// X.md beside a folder X/ is the page of that section, as Eleventy
	// has it, unless X/_index.md is; so is a page whose url or permalink
	// is a folder's address (Eleventy's permalink: /startups/).
	urlDirs := map[string]string{}
	for d := range secDirs {
		if d != "" {
			urlDirs[SectionURL(d)] = d
		}
	}
	besides := map[string]*page.Page{}
	kept := regular[:0]
	for _, p := range regular {
		d := path.Join(p.Dir, strings.TrimSuffix(path.Base(p.File), path.Ext(p.File)))
		if dir, ok := urlDirs[p.URL]; ok && p.URLLine != 0 && p.InBundle == "" && p.BundleDir == "" && sectionFiles[dir] == nil && besides[dir] == nil {
			besides[dir] = p
			continue
		}
		if p.InBundle != "" || p.BundleDir != "" || p.URLLine != 0 || !secDirs[d] || d == p.Dir {
			kept = append(kept, p)
			continue
		}
		if sectionFiles[d] != nil {
			l.Add(diag.Warnf(p.File, 1, "%s is the page of the section %s/: this page, which has its name, is left out", sectionFiles[d].File, d).
				WithHint("put this page's text in %s, then remove this file", sectionFiles[d].File))
			continue
		}
		besides[d] = p
	}
	regular = kept
	for d := range secDirs {
		sp := sectionFiles[d]
		lang, rest := g.langOf(d)
		if sp == nil {
			sp = &page.Page{Meta: page.Meta{ID: "section:" + d, Kind: page.KindSection, Dir: d, Lang: lang,
				Section: strings.SplitN(rest, "/", 2)[0], Title: titleOf(d), Params: map[string]any{}}}
			switch {
			case d == "":
				sp.ID, sp.Kind, sp.Title = "home", page.KindHome, g.in.Config.Title
			case rest == "":
				sp.ID, sp.Kind, sp.Title = "home:"+lang, page.KindHome, g.in.Config.TitleIn(lang)
			}
			if p := besides[d]; p != nil {
				adopt(sp, p)
			}
		}
		if sp.URL == "" {
			if d == "" {
				sp.URL = "/"
			} else {
				sp.URL = SectionURL(d)
			}
		}
		if sp.TransKeyLine == 0 {
			sp.TransKey = "section:" + rest // HomeKey for the home pages
		}
		g.sections[d] = sp
	}
	return regular
}

// setURLs gives the regular pages that have none their URL.
func (g *Graph) setURLs(regular []*page.Page) {
	// URLs of regular pages: pages outside bundles first, since a page
	// inside a bundle is published under its bundle's URL. A URL made by
	// an earlier build is kept: outside bundles it depends only on the
	// page, which is a new value when its file changes.
	for pass := 0; pass < 2; pass++ {
		for _, p := range regular {
			b := p.InBundle
			if (b != "") != (pass == 1) || p.URL != "" {
				continue
			}
			if b != "" {
				rel := strings.TrimPrefix(strings.TrimPrefix(p.Dir, b), "/")
				p.DefaultURL() // sets the slug
				if rel != "" {
					rel = slugPath(rel) + "/"
				}
				p.URL = g.bundles[b].URL + rel + p.Slug + "/"
				continue
			}
			if pat, ok := g.in.Config.Permalinks[p.Section]; ok && p.Section != "" {
				p.DefaultURL()
				p.URL = p.Permalink(pat)
				if p.Lang != "" {
					p.URL = "/" + p.Lang + p.URL
				}
				continue
			}
			p.URL = p.DefaultURL()
		}
	}
}

// setOldURLs gives each page whose address relais folded (accents, case,
// spaces) the address other tools give it, as written (OldURL).
func (g *Graph) setOldURLs(regular []*page.Page) {
	for _, ps := range [2]iter.Seq[*page.Page]{slices.Values(regular), maps.Values(g.sections)} {
		for p := range ps {
			p.OldURL = ""
			if p.File == "" || p.URLLine != 0 || p.InBundle != "" || p.FieldLine("slug", 0) != 0 {
				continue
			}
			rel := strings.TrimSuffix(strings.TrimPrefix(p.File, page.ContentDir+"/"), path.Ext(p.File))
			switch base := path.Base(rel); {
			case base == "_index" || base == "index":
				rel = path.Dir(rel)
			}
			if rel == "." || rel == "" {
				continue
			}
			old := "/" + strings.ToLower(strings.ReplaceAll(rel, " ", "-")) + "/"
			if old != p.URL && !isASCII(old) {
				p.OldURL = old
			}
		}
	}
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// setAreas gives each page the address of the partner area it belongs
// to (publish.Rule.Area), or "".
func (g *Graph) setAreas(regular []*page.Page) {
	for _, ps := range [2]iter.Seq[*page.Page]{slices.Values(regular), maps.Values(g.sections)} {
		for p := range ps {
			p.Area = ""
			if a := g.rule.Area(p); a != nil {
				p.Area = a.URL
			}
		}
	}
}

// makeTaxonomies makes the taxonomies' and terms' pages, their lists and
// hashes, and returns the pages.
func (g *Graph) makeTaxonomies(regular []*page.Page, sectionFiles map[string]*page.Page) []*page.Page {
	var all []*page.Page
	// Taxonomies and terms.
	g.terms = map[string][]*Term{}
	g.termAt = map[string]*Term{}
	byTax := map[string]map[string]*Term{}
	for _, p := range regular {
		if p.Area != "" {
			continue // the partner area is in no public list
		}
		for tax, slugs := range p.TermSlugs {
			key := TaxKey(p.Lang, tax)
			byslug := byTax[key]
			if byslug == nil {
				byslug = map[string]*Term{}
				byTax[key] = byslug
			}
			for i, sl := range slugs {
				t := byslug[sl]
				if t == nil {
					t = &Term{Name: p.Terms[tax][i], Slug: sl}
					byslug[sl] = t
				}
				t.Pages = append(t.Pages, p)
			}
		}
	}
	for _, lang := range g.langs() {
		for _, tax := range g.in.Taxonomies {
			all = append(all, g.makeTaxonomy(lang, tax, byTax[TaxKey(lang, tax)], sectionFiles)...)
		}
	}
	return all
}

// makeTaxonomy makes the pages of one taxonomy in one language, its
// terms' lists and its hash.
func (g *Graph) makeTaxonomy(lang, tax string, byslug map[string]*Term, sectionFiles map[string]*page.Page) []*page.Page {
	if len(byslug) == 0 {
		return nil
	}
	key := TaxKey(lang, tax)
	tp := &page.Page{Meta: page.Meta{ID: "taxonomy:" + key, Kind: page.KindTaxonomy, Dir: key, Taxonomy: tax, Lang: lang,
		TransKey: "taxonomy:" + tax, Title: g.in.TaxonomyTitle(lang, tax), URL: "/" + key + "/", Params: map[string]any{}}}
	if tp.Title == "" {
		tp.Title = titleOf(tax)
	}
	if f := sectionFiles[key]; f != nil {
		adopt(tp, f)
	}
	all := []*page.Page{tp}
	ts := make([]*Term, 0, len(byslug))
	for _, t := range byslug {
		t.Page = &page.Page{Meta: page.Meta{ID: "term:" + key + "/" + t.Slug, Kind: page.KindTerm, Dir: key + "/" + t.Slug, Lang: lang,
			TransKey: "term:" + tax + "/" + t.Slug, Taxonomy: tax, Term: t.Name, Title: t.Name, URL: "/" + key + "/" + t.Slug + "/", Params: map[string]any{}}}
		if f := sectionFiles[key+"/"+t.Slug]; f != nil {
			adopt(t.Page, f)
		}
		all = append(all, t.Page)
		ts = append(ts, t)
		g.termAt[key+"/"+t.Slug] = t
		g.setList(TermList(key+"/"+t.Slug), t.Pages)
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Slug < ts[j].Slug })
	g.terms[key] = ts
	h := fnv.New64a()
	for _, t := range ts {
		fmt.Fprintf(h, "%s\x00%s\x00%d\x00", t.Slug, t.Name, len(t.Pages))
	}
	g.lists[TaxonomyList(key)] = &list{hash: h.Sum64()}
	return all
}

// TaxKey names a taxonomy in a language: its plural ("tags") for the
// site's own, under the language's folder for others ("en/tags").
func TaxKey(lang, tax string) string {
	if lang == "" {
		return tax
	}
	return lang + "/" + tax
}

// langs are the site's languages as pages have them: "" for its own,
// then the others' codes.
func (g *Graph) langs() []string {
	out := g.in.Config.Langs()
	out[0] = ""
	return out
}

// langOf is the language whose tree the folder d is in ("" for the
// site's own) and d below that language's folder.
func (g *Graph) langOf(d string) (lang, rest string) {
	first, r, _ := strings.Cut(d, "/")
	if g.in.Config.Translated(first) {
		return first, r
	}
	return "", d
}

// linkTranslations makes the list of each page's translations (pages of
// one TransKey, in the languages' order), and reports two pages that
// claim to be one translation, and a page named as the translation of a
// page that does not exist.
func (g *Graph) linkTranslations(l *diag.List) {
	if len(g.in.Config.Languages) == 0 {
		return
	}
	order := map[string]int{}
	for i, lang := range g.langs() {
		order[lang] = i
	}
	byKey := map[string][]*page.Page{}
	for _, p := range g.pages {
		if p.TransKey != "" && !IsFacet(p) {
			byKey[p.TransKey] = append(byKey[p.TransKey], p)
		}
	}
	originals := map[string]bool{}
	for _, p := range g.in.Pages {
		if p.Lang == "" {
			originals[p.TransKey] = true
		}
	}
	for key, ps := range byKey {
		slices.SortFunc(ps, func(a, b *page.Page) int {
			if c := order[a.Lang] - order[b.Lang]; c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		kept := ps[:0]
		for i, p := range ps {
			if i > 0 && ps[i-1].Lang == p.Lang {
				first := kept[len(kept)-1]
				what := strings.TrimPrefix(key, "key:")
				l.Add(diag.Errorf(FileOf(p), p.TransKeyLine, "this page and %s are both the %s version of %s", Describe(first), g.in.Config.LangName(g.in.Config.LangCode(p.Lang)), what).
					WithHint("a page has one translation in each language: give one of them another translationKey, or remove it"))
				continue
			}
			kept = append(kept, p)
		}
		if len(kept) > 1 {
			g.setList(TransList(key), kept)
		}
	}
	for _, p := range g.pages {
		if p.Lang == "" || p.File == "" || p.TransKeyLine != 0 || strings.HasPrefix(p.File, page.ContentDir+"/"+p.Lang+"/") ||
			originals[p.TransKey] || p.Kind != page.KindPage {
			continue
		}
		orig := page.ContentDir + "/" + p.TransKey
		l.Add(diag.Warnf(p.File, 0, "this is named as the %s version of %s, which does not exist: it is published without a %s original", g.in.Config.LangName(p.Lang), orig, g.in.Config.LangName(g.in.Config.Language)).
			WithHint("check the file's name; a page written in %s only belongs in content/%s/", g.in.Config.LangName(p.Lang), p.Lang))
	}
}

// claimURLs makes the pages known by URL and ID: of pages claiming one
// URL, the first by ID keeps it and the others are reported, whatever
// order the pages came in.
func (g *Graph) claimURLs(all []*page.Page, l *diag.List) {
	// Of pages claiming one URL, the first by ID keeps it and the others
	// are reported, whatever order the pages came in.
	for _, p := range all {
		if other, ok := g.byURL[p.URL]; !ok || p.ID < other.ID {
			g.byURL[p.URL] = p
		}
	}
	for _, p := range all {
		other := g.byURL[p.URL]
		if other == p {
			g.pages[p.ID] = p
			continue
		}
		if tax, sec := taxonomyAndSection(p, other); tax != nil {
			// A folder of content/ with a taxonomy's name.
			l.Add(diag.Errorf(config.File, 0, "the folder content/%s/ and the taxonomy %s of site.toml both want the URL %s", sec.Dir, tax.Taxonomy, p.URL).
				WithHint("give the taxonomy another plural in site.toml's [taxonomies] (such as theme = \"thematiques\"), or rename the folder"))
			continue
		}
		f := diag.Errorf(FileOf(p), p.URLLine, "this page's URL %s is already the URL of %s", p.URL, Describe(other))
		l.Add(f.WithHint("give one of them another slug or url in its front matter, or rename one file"))
	}
}

// checkAliases reports aliases that are a page's URL or another page's
// alias: each taken once, every clash in one run, naming both pages.
func (g *Graph) checkAliases(all []*page.Page, l *diag.List) {
	// Aliases: each taken once, by no page's URL; every clash in one run,
	// naming both pages.
	aliasOf := map[string]*page.Page{}
	byID := slices.Clone(all)
	sort.Slice(byID, func(i, j int) bool { return byID[i].ID < byID[j].ID })
	for _, p := range byID {
		line := p.FieldLine("aliases", 0)
		for _, a := range p.Aliases {
			if other, ok := g.byURL[a]; ok && other != p {
				l.Add(diag.Errorf(FileOf(p), line, "the alias %s is already the URL of %s", a, Describe(other)).
					WithHint("remove the alias, or change the other page's URL"))
				continue
			}
			if first, ok := aliasOf[a]; ok && first != p {
				l.Add(diag.Errorf(FileOf(p), line, "the alias %s is already an alias of %s (line %d)", a, Describe(first), first.FieldLine("aliases", 0)).
					WithHint("an old address leads to one page: remove it from one of them"))
				continue
			}
			aliasOf[a] = p
		}
	}
}

// makeLists makes each section's list of pages and of subsections, each
// bundle's, and the lists of all regular pages and of sections.
func (g *Graph) makeLists(regular []*page.Page) {
	// Lists: each section's pages and subsections, all regular pages.
	secPages := map[ListKey][]*page.Page{}
	listed := map[string][]*page.Page{}
	for _, p := range regular {
		if b := p.InBundle; b != "" {
			secPages[BundleList(b)] = append(secPages[BundleList(b)], p)
			continue
		}
		if p.Unlisted {
			continue // published, in no list (build.list: never)
		}
		if p.Area != "" {
			// A page of the partner area is listed only in the area's
			// own sections, and in no list of the whole site.
			if sp := g.sections[p.Dir]; sp != nil && sp.Area == p.Area {
				secPages[SectionList(p.Dir)] = append(secPages[SectionList(p.Dir)], p)
			}
			continue
		}
		secPages[SectionList(p.Dir)] = append(secPages[SectionList(p.Dir)], p)
		listed[p.Lang] = append(listed[p.Lang], p)
	}
	g.addOriginals(regular, secPages, listed)
	for d, sp := range g.sections {
		if IsFacet(sp) {
			continue // a directory filter page has its list already
		}
		g.setList(SectionList(d), secPages[SectionList(d)])
		var subs []*page.Page
		for d2, sp2 := range g.sections {
			if sp2.Area != "" && sp2.Area != sp.Area {
				continue // the area's section is in no public list
			}
			if d2 != "" && ParentDir(d2) == d && (d != "" || sp2.Kind != page.KindHome) {
				subs = append(subs, sp2)
			}
		}
		page.Sort(subs)
		g.setList(SubsList(d), subs)
	}
	for k, ps := range secPages {
		if k.Kind == KindBundle {
			g.setList(k, ps)
		}
	}
	for _, lang := range g.langs() {
		g.setList(AllListIn(lang), listed[lang])
		var subs []*page.Page
		if li := g.lists[SubsList(lang)]; li != nil {
			subs = li.pages
		}
		g.setList(SectionsListIn(lang), subs)
	}
}

// addOriginals adds to the lists of each language whose setting asks
// for it ([languages.en] originals = true) the pages of the site's own
// language that have no version in it, in list order: to its whole list,
// and to its section of the same folder where it has one.
func (g *Graph) addOriginals(regular []*page.Page, secPages map[ListKey][]*page.Page, listed map[string][]*page.Page) {
	for _, lang := range g.langs()[1:] {
		if !g.in.Config.Languages[lang].Originals {
			continue
		}
		have := map[string]bool{}
		for _, p := range listed[lang] {
			have[p.TransKey] = true
		}
		var all []*page.Page
		bySec := map[ListKey][]*page.Page{}
		for _, p := range regular {
			switch {
			case p.Lang == lang && p.InBundle == "" && !p.Unlisted && p.Area == "":
				all = append(all, p)
				bySec[SectionList(p.Dir)] = append(bySec[SectionList(p.Dir)], p)
			case p.Lang == "" && p.InBundle == "" && !p.Unlisted && p.Area == "" && !have[p.TransKey]:
				all = append(all, p)
				if d := path.Join(lang, p.Dir); g.sections[d] != nil {
					bySec[SectionList(d)] = append(bySec[SectionList(d)], p)
				}
			}
		}
		listed[lang] = all
		for k, ps := range bySec {
			secPages[k] = ps
		}
	}
}

// linkNeighbours sets each page's Prev and Next in its section's list.
func (g *Graph) linkNeighbours() {
	// Neighbours within each section.
	for k, li := range g.lists {
		if k.Kind != KindSection {
			continue
		}
		for i, p := range li.pages {
			if p.Dir != k.Name {
				continue // a page of another language, shown in this one's list
			}
			if i > 0 {
				p.Prev = li.pages[i-1]
			}
			if i+1 < len(li.pages) {
				p.Next = li.pages[i+1]
			}
		}
	}
}

// hashPages numbers the made-up pages, computes the hashes of the pages
// that changed, and the site's hashes of all pages, dates and menu.
func (g *Graph) hashPages(all, regular []*page.Page) {
	var stale []*page.Page
	for _, p := range g.headless {
		if !p.HashesFresh() {
			stale = append(stale, p) // its text shows where it is included
		}
	}
	for _, p := range all {
		if p.Num == 0 { // a made-up page: sections, taxonomies, terms
			p.Num = g.Num(p.ID)
		}
		if !p.HashesFresh() {
			stale = append(stale, p)
		}
	}
	// Hashing formats every field: on all cores for a full build.
	var wg sync.WaitGroup
	n := runtime.GOMAXPROCS(0)
	for w := range n {
		wg.Go(func() {
			for i := w; i < len(stale); i += n {
				stale[i].ComputeHashes()
			}
		})
	}
	wg.Wait()
	g.hashNeighbours(regular)
	g.byNum = make([]*page.Page, len(g.nums)+1)
	for _, p := range g.pages {
		g.byNum[p.Num] = p
	}
	for _, p := range g.headless {
		g.byNum[p.Num] = p
	}
	// A sum of per-page hashes does not depend on the order of the pages.
	h := fnv.New64a()
	var sum uint64
	for id, p := range g.pages {
		h.Reset()
		h.Write([]byte(id))
		sum += mix(h.Sum64() ^ p.MetaHash)
	}
	g.pagesHash = sum | 1
	g.datesHash = datesHash(regular)
	g.menus = map[string][]MenuItem{}
	h = fnv.New64a()
	for _, lang := range g.langs() {
		g.menus[lang] = g.buildMenu(lang)
		for _, m := range g.menus[lang] {
			fmt.Fprintf(h, "%s\x00%s\x00", m.Name, m.URL)
		}
		h.Write([]byte{1})
	}
	g.menuHash = h.Sum64() | 1
}

// hashNeighbours sets each regular page's NeighHash from its neighbours.
func (g *Graph) hashNeighbours(regular []*page.Page) {
	h := fnv.New64a()
	for _, p := range regular {
		h.Reset()
		for _, n := range [2]*page.Page{p.Prev, p.Next} {
			if n != nil {
				h.Write([]byte(n.ID))
			}
			h.Write([]byte{0})
		}
		p.NeighHash = h.Sum64()
	}
}

// Num returns the number of the page with id, the same as long as the
// Graph lives. Numbers start at 1. Not safe for concurrent use.
func (g *Graph) Num(id string) int32 {
	if g.nums == nil {
		g.nums = map[string]int32{}
	}
	n, ok := g.nums[id]
	if !ok {
		n = int32(len(g.nums) + 1)
		g.nums[id] = n
	}
	return n
}

// mix scrambles the bits of x (splitmix64's finalizer), so that sums of
// mixed hashes do not cancel out.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// adopt gives a made-up list page the title, text and fields of the
// _index.md written for it.
func adopt(dst, src *page.Page) {
	dst.File = src.File
	dst.Title = src.Title
	dst.Description = src.Description
	dst.Summary = src.Summary
	dst.Content, dst.ContentSum = src.Content, src.ContentSum
	dst.TOC = src.TOC
	dst.Words = src.Words
	dst.Params = src.Params
	dst.Links = src.Links
	dst.Weight = src.Weight
	dst.Layout, dst.LayoutLine = src.Layout, src.LayoutLine
	dst.Aliases = src.Aliases
}

// SectionURL is the URL of the section of the folder d ("a/b").
func SectionURL(d string) string { return "/" + slugPath(d) + "/" }

// slugPath makes each segment of a folder path a slug.
func slugPath(d string) string {
	segs := strings.Split(d, "/")
	for i := range segs {
		segs[i] = slug.Make(segs[i])
	}
	return strings.Join(segs, "/")
}

// ParentDir is the folder a folder is in ("" for a top-level one).
func ParentDir(d string) string {
	p := path.Dir(d)
	if p == "." || p == "/" {
		return ""
	}
	return p
}

func titleOf(dir string) string {
	base := path.Base(dir)
	if base == "" || base == "." {
		return ""
	}
	r := []rune(strings.ReplaceAll(base, "-", " "))
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// taxonomyAndSection returns, of two pages, the taxonomy page and the
// section page when they are one of each; nil otherwise.
func taxonomyAndSection(a, b *page.Page) (tax, sec *page.Page) {
	switch {
	case a.Kind == page.KindTaxonomy && b.Kind == page.KindSection:
		return a, b
	case b.Kind == page.KindTaxonomy && a.Kind == page.KindSection:
		return b, a
	}
	return nil, nil
}

// FileOf is the file of a page, or content/ for a page made up.
func FileOf(p *page.Page) string {
	if p != nil && p.File != "" {
		return p.File
	}
	return page.ContentDir
}

// Describe names a page in a message: its file (and line), or what it lists.
func Describe(p *page.Page) i18n.Text {
	if p.File != "" {
		if p.URLLine > 0 {
			return i18n.Raw(fmt.Sprintf("%s:%d", p.File, p.URLLine))
		}
		return i18n.Raw(p.File)
	}
	switch p.Kind {
	case page.KindTaxonomy:
		return i18n.T("the list of %s", p.Taxonomy)
	case page.KindTerm:
		return i18n.T("the page of the term %s", p.Term)
	case page.KindSection:
		return i18n.T("the section %s", p.Dir)
	}
	return i18n.Raw(p.ID)
}

// buildMenu makes the main menu: site.toml's entries and the pages'
// (menu: main in their front matter), by weight; without any, the
// top-level sections. menuH sums it, for the outputs that show it.
func (g *Graph) buildMenu(lang string) []MenuItem {
	type weighted struct {
		MenuItem
		weight, order int // order: site.toml's first, in their order
	}
	var ws []weighted
	own := g.in.Config.MenuIn(lang)
	for i, m := range own {
		ws = append(ws, weighted{MenuItem{Name: m.Name, URL: m.URL}, m.Weight, i})
	}
	for _, p := range g.pages {
		if p.Menu != nil && p.Area == "" && p.Lang == lang {
			name := p.Menu.Name
			if name == "" {
				name = p.LinkTitle()
			}
			w := p.Menu.Weight
			if w == 0 {
				w = math.MaxInt // a page without a weight comes last, as in Hugo
			}
			ws = append(ws, weighted{MenuItem{Name: name, URL: p.URL}, w, len(own)})
		}
	}
	sort.Slice(ws, func(i, j int) bool {
		a, b := ws[i], ws[j]
		if a.weight != b.weight {
			return a.weight < b.weight
		}
		if a.order != b.order {
			return a.order < b.order
		}
		return a.URL < b.URL
	})
	var out []MenuItem
	for _, w := range ws {
		out = append(out, w.MenuItem)
	}
	if len(out) == 0 {
		for _, sp := range g.lists[SectionsListIn(lang)].pages {
			out = append(out, MenuItem{Name: sp.LinkTitle(), URL: sp.URL})
		}
	}
	return out
}

// facetPages makes the list pages of every facet of every section: for
// each value, the pages that have it, in list order.
func (g *Graph) facetPages(regular []*page.Page) []*page.Page {
	var out []*page.Page
	facets := g.in.Facets
	sections := make([]string, 0, len(facets))
	for sec := range facets {
		sections = append(sections, sec)
	}
	sort.Strings(sections)
	for _, name := range sections {
		sec := g.sections[name]
		if sec == nil {
			continue
		}
		// The filter pages of the section, as an input of the pages that
		// link to them all.
		h := fnv.New64a()
		for _, f := range facets[name] {
			byValue := map[string][]*page.Page{}
			names := map[string]string{}
			for _, p := range regular {
				if p.Area != sec.Area {
					continue // the partner area's pages are in its lists only
				}
				for _, v := range f.Values(p) {
					if sl := slug.Make(v); sl != "" {
						byValue[sl] = append(byValue[sl], p)
						if _, ok := names[sl]; !ok {
							names[sl] = v
						}
					}
				}
			}
			slugs := make([]string, 0, len(byValue))
			for sl := range byValue {
				slugs = append(slugs, sl)
			}
			sort.Strings(slugs)
			for _, sl := range slugs {
				ps := byValue[sl]
				title := names[sl]
				if f.Names != "" && g.in.Say != nil {
					if t := g.in.Say(f.Names + title); t != "" {
						title = t
					}
				}
				fmt.Fprintf(h, "%s/%s=%s=%s\x00", f.Key, sl, names[sl], title)
				dir := name + "/" + f.Key + "/" + sl
				fp := &page.Page{Meta: page.Meta{ID: "facet:" + dir, Kind: page.KindSection, Dir: dir, Section: name,
					Title: title + " · " + sec.LinkTitle(), URL: sec.URL + f.Key + "/" + sl + "/",
					Params: map[string]any{"facet": f.Key, "value": names[sl]}}}
				g.setList(FacetList(dir), ps)
				g.sections[dir] = fp
				out = append(out, fp)
			}
		}
		g.lists[FacetsList(name)] = &list{hash: h.Sum64()}
	}
	return out
}

// FileID is the ID of the page a link from p names by its file: relative
// to p's file ("autre.md", "../articles/x.md"), or from content/
// ("/articles/x.md").
func FileID(p *page.Page, file string) string {
	if strings.HasPrefix(file, "/") {
		return strings.TrimPrefix(path.Clean(file), "/")
	}
	return path.Join(path.Dir(strings.TrimPrefix(p.File, page.ContentDir+"/")), file)
}

// Includable is the page of that ID that a page may include: a published
// page, or a headless one; nil if there is none.
func (g *Graph) Includable(id string) *page.Page {
	if p := g.pages[id]; p != nil {
		return p
	}
	return g.headless[id]
}

// ByFile is the published page of the Markdown file a link from p names
// (FileID), or nil.
func (g *Graph) ByFile(p *page.Page, file string) *page.Page { return g.pages[FileID(p, file)] }
