// Package site builds a site: it reads the settings, the templates and the
// content, decides which pages are published and where, renders them, and
// writes the output through a transaction, so that a failed build leaves
// the output folder as it was.
//
// # Incremental rebuilds
//
// A Site keeps what it read and rendered between builds. Rebuild takes the
// paths that changed, reads only those files again, and re-renders only the
// outputs whose inputs changed. It knows an output's inputs because every
// render records them: the template data are views (see views.go) whose
// methods note what they read, such as a page's metadata ("m:ID"), its
// content ("c:ID"), its neighbours ("n:ID") or a list's members ("l:ID").
// Each input has a hash; an output is rendered again when the hash of one of
// its inputs, or of its template, differs from the one it was rendered with.
// A change to site.toml rebuilds everything; a change to the base template
// or a partial re-renders every page; a change to another template
// re-renders the pages that use it.
package site

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"hash/maphash"
	"io/fs"
	"math"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"relais/internal/blob"
	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/diskcache"
	"relais/internal/fields"
	"relais/internal/frontmatter"
	"relais/internal/i18n"
	"relais/internal/layout"
	"relais/internal/markdown"
	"relais/internal/output"
	"relais/internal/page"
	"relais/internal/privacy"
	"relais/internal/publish"
	"relais/internal/slug"
)

// Options configure a build.
type Options struct {
	Source fs.FS  // the site folder
	Theme  fs.FS  // the default theme's layouts folder
	Dest   string // the output folder
	// CompactBytes is the size of the blob store below which it is never
	// compacted (compactBlobs); 0 is 64 MB, -1 compacts at every chance.
	CompactBytes int64
	// DeferSizes leaves the sizes of images that are not in the cache
	// for MakePending, so that a preview shows the pages at once (relais
	// serve); a build without it makes everything.
	DeferSizes bool
	// CacheDir keeps work that is slow to redo between builds (photos
	// turned by their orientation); "" keeps none.
	CacheDir string
	// OutputInSite is the output folder's path in the site folder
	// ("public"), or "" when it is elsewhere: it is never read as input.
	OutputInSite string
	// Force takes an output folder that holds files relais did not write
	// (they are replaced).
	Force   bool
	BaseURL string // overrides site.toml's baseURL when set
	Drafts  bool
	Future  bool
	Expired bool
	// Now is the time that decides future and expired pages; zero means
	// the time of each build.
	Now time.Time
	// Sections are the kinds of section with rules of their own; nil:
	// DefaultSections.
	Sections []Section
	// Progress, when set, is called as outputs are rendered.
	Progress func(done, total int)
	// Audit records the links of every page, for Site.Audit (relais
	// check); it costs memory on large sites.
	Audit bool
	// SearchShardBytes is the size of a shard of the search index (an
	// index of up to twice that is one file); 0 means 100 KB.
	SearchShardBytes int
}

// Result sums up a build.
type Result struct {
	Pages    int // HTML pages published
	Files    int // other files published
	Rendered int // outputs rendered by this build
	// RenderedPaths names them, for a rebuild that did not render
	// everything (nil otherwise).
	RenderedPaths []string
	Written       []string
	Removed       []string
	Left          map[string]int // pages left out, by reason: draft, future, expired, private
	// Pending is how many sizes of images were left for MakePending
	// (Options.DeferSizes): the pages show them once it has run.
	Pending  int
	Warnings diag.List
	Duration time.Duration
}

// Summary is the one line a build prints at the end.
func (r Result) Summary() string { return r.SummaryIn(i18n.English) }

// SummaryIn is Summary in language l.
func (r Result) SummaryIn(l i18n.Lang) string {
	var left []string
	for _, k := range [][2]string{{"draft", "drafts"}, {"future", "future"}, {"expired", "expired"}, {"private", "private"}} {
		if n := r.Left[k[0]]; n > 0 {
			left = append(left, l.Count(n, k[0], k[1]))
		}
	}
	s := l.Say("%s, %s in %s", l.Count(r.Pages, "page", "pages"), l.Count(r.Files, "file", "files"),
		r.Duration.Round(time.Millisecond))
	if len(left) > 0 {
		s += l.Say(" (left out: %s)", strings.Join(left, ", "))
	}
	if n := len(r.Warnings); n > 0 {
		s += ", " + l.Count(n, "warning", "warnings")
	}
	return s
}

// Site is a site being built, kept between builds for incremental
// rebuilds. Its methods must not be called concurrently.
type Site struct {
	opts Options

	cfg     *config.Config
	conv    *markdown.Converter
	blobs   *blob.Store            // the rendered HTML of pages
	images  *blob.Store            // the images as published, without metadata
	shown   map[string]*sourceFile // images relais resizes, by where they are published
	noDefer bool                   // MakePending is running: defer no size
	menuH   uint64                 // a hash of the main menu
	// brokenLinks counts the broken links checkLinks found.
	brokenLinks int
	priv        *privacy.Checker
	src         *layout.Sources
	tpl         *layout.Set
	taxonomies  []string // plurals, sorted
	// keys are the front matter fields of each kind of page.
	// keys are the fields of every page, and of each section's entries
	// (by index in sectionKinds()).
	keys struct {
		page     page.Keys
		sections []page.Keys
	}

	entries map[string]*sourceFile // content and static files by site path
	out     *output.Folder         // the output folder, opened at the first render
	rule    *publish.Rule          // what is published, made by assemble

	// Built by assemble, every build.
	pages        map[string]*page.Page // published pages by ID
	byURL        map[string]*page.Page
	lists        map[listKey]*list
	sections     map[string]*page.Page // section pages by Dir ("" is home)
	bundles      map[string]*page.Page // bundle pages by BundleDir
	headless     map[string]*page.Page // headless pages by ID: shown only where included
	unread       map[string]bool       // the URLs of pages whose file could not be read
	terms        map[string][]*term    // taxonomy plural → terms, sorted by slug
	termBy       map[string]*term      // "plural/slug" → term
	byNum        []*page.Page          // published pages by number
	allPagesHash uint64                // hash of every published page's metadata
	data         map[string]any        // the data folder; nil when it must be read again
	dataH        uint64
	datesH       uint64 // hash of every regular page's publication date
	menu         []MenuItem
	left         map[string]int
	now          time.Time

	outputs map[string]*remembered // by output path, from the last good build; nil before one
	audited map[string]*remembered // the last build's outputs, good or not, with Options.Audit
	gen     uint64                 // counts files read again, to mark them changed
	// cascades are the fields each section gives the pages below it, by
	// folder.
	cascades map[string][]frontmatter.Field

	tplHashes  map[string]uint64 // template name → hash with what it includes
	pageNums   map[string]int32  // page ID → number, for as long as the Site lives
	layoutMemo map[layoutKey]string
	search     *searchFiles // the search index as last built
	// partials holds the results of partialCached for one build, by key.
	partials sync.Map
	// kitNames are the archive names of kits whose content changed under
	// the same version, by bundle folder (nameKits).
	kitNames map[string]string
	// kitZips holds the kits' archives for one build, by bundle folder.
	kitZips sync.Map
	// kitPDFs holds the PDFs of kits and of their documents for one
	// build, by bundle folder and page ID.
	kitPDFs sync.Map
	// trees holds the Markdown syntax trees the PDFs are made from, for
	// one build, by page ID.
	trees sync.Map
	// targetsMoved is set while rendering when an output is new or its
	// anchors changed: then every page's links are checked again.
	targetsMoved atomic.Bool
}

// list is an ordered set of published pages.
type list struct {
	pages []*page.Page
	hash  uint64
}

type term struct {
	Name  string
	Slug  string
	Page  *page.Page
	Pages []*page.Page
}

// New returns a Site that builds with opts.
func New(opts Options) *Site {
	return &Site{opts: opts, entries: map[string]*sourceFile{}}
}

// Config returns the site's settings, once a build has read them.
func (s *Site) Config() *config.Config { return s.cfg }

// Build builds the whole site. Files in the output folder that the build
// does not produce are removed.
func (s *Site) Build(ctx context.Context) (Result, error) {
	s.cfg = nil
	return s.run(ctx, nil)
}

// ignoredFields is one warning for the fields of other tools the pages
// have (page.ForeignKeys), with how many pages have each, instead of a
// warning per page; nil if none.
func (s *Site) ignoredFields() *diag.Finding {
	count := map[string]int{}
	pages := 0
	for _, e := range s.entries {
		for _, p := range e.pages() {
			if len(p.Ignored) > 0 {
				pages++
			}
			for _, k := range p.Ignored {
				count[k]++
			}
		}
	}
	if pages == 0 {
		return nil
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if count[keys[i]] != count[keys[j]] {
			return count[keys[i]] > count[keys[j]]
		}
		return keys[i] < keys[j]
	})
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s (%s)", k, plural(count[k], "page", "pages")))
	}
	verb := "have"
	if pages == 1 {
		verb = "has"
	}
	return diag.Warnf(ContentDir, 0, "%s %s fields that other tools use and relais does not: %s; they are ignored",
		plural(pages, "page", "pages"), verb, strings.Join(parts, ", ")).
		WithHint("nothing to do for the site; remove them when you edit those pages")
}

// cache is the folder of the cache folder where work of one kind (sizes,
// sums, kits) is kept between builds; the empty Dir, which keeps nothing,
// without Options.CacheDir.
func (s *Site) cache(kind string) diskcache.Dir {
	if s.opts.CacheDir == "" {
		return ""
	}
	return diskcache.Dir(filepath.Join(s.opts.CacheDir, kind))
}

// MakePending makes the sizes of images an earlier build left
// (Result.Pending), as a rebuild in which nothing else changed.
func (s *Site) MakePending(ctx context.Context) (Result, error) {
	s.noDefer = true
	defer func() { s.noDefer = false }()
	return s.Rebuild(ctx, nil)
}

// Rebuild builds again after the files at changed (slash-separated paths
// relative to the site) were created, modified or removed. Before a first
// successful build, and after settings or templates failed to load, it
// builds everything.
func (s *Site) Rebuild(ctx context.Context, changed []string) (Result, error) {
	return s.run(ctx, changed)
}

func (s *Site) run(ctx context.Context, changed []string) (res Result, err error) {
	defer func() {
		// No input may crash the generator: a bug becomes a finding, and
		// the next build starts again from nothing.
		if r := recover(); r != nil {
			s.cfg, s.outputs = nil, nil
			err = diag.List{diag.Errorf(ContentDir, 0, "relais failed while building (%v)", r).
				WithHint("this is a bug in relais; please report it with the site")}
		}
	}()
	start := time.Now()
	// A nil cfg or tpl means they must be read again: on a first build,
	// after they changed, or after they failed to load.
	var contentChanged []string
	for _, c := range changed {
		c = path.Clean(strings.TrimPrefix(c, "./"))
		switch {
		case c == config.File:
			s.cfg = nil
		case c == layout.Dir || strings.HasPrefix(c, layout.Dir+"/"):
			s.tpl = nil
		case c == DataDir || strings.HasPrefix(c, DataDir+"/"):
			s.data = nil
		case c == ContentDir || strings.HasPrefix(c, ContentDir+"/") || c == StaticDir || strings.HasPrefix(c, StaticDir+"/"):
			contentChanged = append(contentChanged, c)
		}
	}
	if s.blobs != nil && (s.blobs.Err() != nil || s.images.Err() != nil) {
		s.cfg = nil // the pages' HTML is lost: read everything again
	}
	full := s.cfg == nil
	var l diag.List
	if full {
		// Settings change what every page means: start again.
		s.tpl, s.data = nil, nil
		s.entries = map[string]*sourceFile{}
		s.outputs = nil
		if err := s.loadConfig(); err != nil {
			l.AddErr(config.File, err)
			return Result{}, l.Err()
		}
	}
	// Content first: what changed must be read even if the templates fail
	// to load, or a later rebuild would not know of it.
	if full {
		s.closeStores()
		s.blobs = blob.New("")
		s.images = blob.New("")
		ents := append(walk(s.opts.Source, ContentDir, s.opts.OutputInSite), walk(s.opts.Source, StaticDir, s.opts.OutputInSite)...)
		s.entries = make(map[string]*sourceFile, len(ents))
		for _, e := range ents {
			s.entries[e.path] = e
		}
		s.parseAll(ents)
	} else if len(contentChanged) > 0 {
		s.compactBlobs()
		s.update(contentChanged)
	}
	// The files' findings first: a layout or data folder that cannot be
	// read stops the build, and these are told with it.
	for _, e := range s.entries {
		if e.page != nil && e.page.Draft && !s.opts.Drafts {
			l.Add(draftFindings(e.diags)...)
			continue
		}
		l.Add(e.diags...)
	}
	if s.tpl == nil {
		if err := s.loadLayouts(); err != nil {
			l.AddErr(layout.Dir, err)
			return Result{Warnings: l.Warnings()}, l.Err()
		}
	}
	if s.data == nil {
		if err := s.loadData(); err != nil {
			l.AddErr(DataDir, err)
			return Result{Warnings: l.Warnings()}, l.Err()
		}
	}
	if f := s.ignoredFields(); f != nil {
		l.Add(f)
	}
	// A file's errors do not stop the build here: the rest of the site
	// is assembled, rendered and its links checked, so that one run tells
	// every problem (render writes nothing while there are errors). A
	// page that could not be read is left out, and links to it are not
	// told as broken: its own error says why.
	s.unread = s.unreadPages()
	s.assemble(&l)
	// Without records of a good build (a first build, or one that failed
	// after the settings changed), every output is checked against the
	// folder and files no longer produced are found by listing it.
	res, err = s.render(ctx, s.outputs == nil, &l)
	res.Warnings = l.Warnings()
	res.Warnings.Sort()
	res.Left = s.left
	res.Duration = time.Since(start)
	return res, err
}

func (s *Site) loadConfig() error {
	cfg, err := config.Load(s.opts.Source)
	if err != nil {
		return err
	}
	if s.opts.BaseURL != "" {
		cfg.BaseURL = s.opts.BaseURL
		if !strings.HasSuffix(cfg.BaseURL, "/") {
			cfg.BaseURL += "/"
		}
	}
	s.taxonomies = s.taxonomies[:0]
	for _, p := range cfg.Taxonomies {
		s.taxonomies = append(s.taxonomies, p)
	}
	sort.Strings(s.taxonomies)
	// What the fields of each kind of page are, worked out once.
	s.keys.page = page.NewKeys(s.taxonomies, nil, false)
	s.keys.sections = s.keys.sections[:0]
	for _, sec := range s.sectionKinds() {
		s.keys.sections = append(s.keys.sections, page.NewKeys(s.taxonomies, fields.Keys(sec.Fields()), sec.Strict()))
	}
	s.conv = markdown.New(markdown.Options{
		Unsafe:       cfg.Markdown.Unsafe,
		BasePath:     cfg.BasePath(),
		French:       cfg.FrenchTypography(),
		Language:     cfg.Language,
		SummaryWords: cfg.SummaryWords,
		// Hugo's github-ascii.
		ASCIIHeadingIDs: cfg.Markdown.HeadingIDs == "github-ascii",
	})
	s.priv = privacy.New(cfg.BaseURL, cfg.Privacy.AllowedOrigins)
	s.cfg = cfg
	return nil
}

func (s *Site) loadLayouts() error {
	var site fs.FS
	if sub, err := fs.Sub(s.opts.Source, layout.Dir); err == nil {
		site = sub
	}
	src, err := layout.ReadSources(site, s.opts.Theme)
	if err != nil {
		return err
	}
	set, err := layout.Load(src, s.cfg)
	if err != nil {
		return err
	}
	set.Types = map[string]layout.DataType{
		"site.PageView": {What: i18n.T("a page"), Names: names(reflect.TypeOf(&PageView{}))},
		"site.SiteView": {What: i18n.T("the site"), Names: names(reflect.TypeOf(&SiteView{}))},
		"site.KitView":  {What: i18n.T("a kit"), Names: names(reflect.TypeOf(&KitView{}))},
	}
	s.src, s.tpl = src, set
	s.layoutMemo = map[layoutKey]string{}
	s.hashTemplates()
	return nil
}

// draftFindings are the findings of a draft that is not published: its
// errors do not stop the build, since nothing of it is written, and are
// told as warnings to fix before it is (a kit written step by step, saved
// as a draft from the editor).
func draftFindings(l diag.List) diag.List {
	out := make(diag.List, len(l))
	for i, f := range l {
		out[i] = f
		if f.Severity == diag.Error {
			w := *f
			w.Severity = diag.Warning
			w.Say("%s (in a draft, which is not published until this is fixed)", f.Text())
			out[i] = &w
		}
	}
	return out
}

// unreadPages are the URLs the pages whose files could not be read
// (their front matter has an error) would most likely have: their
// folder and file name.
func (s *Site) unreadPages() map[string]bool {
	out := map[string]bool{}
	for p, e := range s.entries {
		if !e.isMarkdown() || e.page != nil || len(e.diags.Errors()) == 0 {
			continue
		}
		rel := strings.TrimPrefix(strings.TrimSuffix(p, path.Ext(p)), ContentDir+"/")
		switch base := path.Base(rel); {
		case base == "_index" || base == "index":
			rel = path.Dir(rel)
		}
		if rel == "." || rel == "" {
			out["/"] = true
			continue
		}
		out["/"+slugPath(rel)+"/"] = true
		// Its sections too: one that has no other page is made only
		// when this page can be read.
		for d := path.Dir(rel); d != "." && d != ""; d = path.Dir(d) {
			out["/"+slugPath(d)+"/"] = true
		}
	}
	return out
}

// Close releases what the site holds between builds (the files of its
// stores of pages' HTML and images). The site must not be used after.
func (s *Site) Close() error {
	s.closeStores()
	return nil
}

func (s *Site) closeStores() {
	for _, st := range []*blob.Store{s.blobs, s.images} {
		if st != nil {
			st.Close()
		}
	}
}

// names are the exported fields and methods of a type templates are
// given (a pointer to a struct), for errors about a misspelt one.
func names(t reflect.Type) []string {
	var out []string
	for i := range t.NumMethod() {
		out = append(out, t.Method(i).Name)
	}
	if e := t.Elem(); e.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(e) {
			if f.IsExported() {
				out = append(out, f.Name)
			}
		}
	}
	return out
}

// hashSeed seeds the hashes a Site compares between its own builds; they
// never leave the process.
var hashSeed = maphash.MakeSeed()

// html is the rendered HTML of p's Markdown.
func (s *Site) html(p *page.Page) []byte { return s.blobs.Get(p.Content) }

// compactMinBytes is the size of blob store below which compactBlobs
// leaves it, unless Options say otherwise.
const compactMinBytes int64 = 64 << 20

// compactBlobs starts a new blob store when most of the old one holds the
// HTML of pages edited since: a preview session may rebuild a page
// thousands of times.
func (s *Site) compactBlobs() {
	var live int64
	for _, e := range s.entries {
		for _, p := range e.pages() {
			live += int64(p.Content.Len() + p.SearchTerms.Len())
		}
	}
	floor := cmp.Or(s.opts.CompactBytes, compactMinBytes)
	if size := s.blobs.Size(); size < max(floor, 0) || size < 2*live {
		return
	}
	fresh := blob.New("")
	for _, e := range s.entries {
		for _, p := range e.pages() {
			p.Content = fresh.Put(s.blobs.Get(p.Content))
			p.SearchTerms = fresh.Put(s.blobs.Get(p.SearchTerms))
		}
	}
	s.blobs.Close()
	s.blobs = fresh
}

// update reads again the content and static files at the changed paths.
// A path reported as changed counts as changed, even if its size and time
// are the same (a fast edit, or a copy that keeps times).
func (s *Site) update(changed []string) {
	var reparse []*sourceFile
	for _, c := range changed {
		for p := range s.entries {
			if p == c || strings.HasPrefix(p, c+"/") {
				delete(s.entries, p)
			}
		}
		for _, e := range walk(s.opts.Source, c, s.opts.OutputInSite) {
			s.gen++
			e.stamp ^= s.gen * 0x9e3779b97f4a7c15
			s.entries[e.path] = e
			reparse = append(reparse, e)
		}
	}
	s.parseAll(reparse)
}

// assemble decides which pages are published, where, and in which lists.
func (s *Site) assemble(l *diag.List) {
	s.resetGraph()
	regular, sectionFiles := s.publishedPages()
	regular = s.placeSections(regular, sectionFiles, l)
	s.setURLs(regular)
	// Make the pages known by ID and URL, reporting clashes.
	all := make([]*page.Page, 0, len(regular)+len(s.sections))
	all = append(all, regular...)
	for _, sp := range s.sections {
		all = append(all, sp)
	}
	s.checkCovers(regular, l)
	s.checkSections(regular, l)
	// Sort once: every list below is made by going through the pages in
	// this order, so none needs sorting again.
	page.Sort(regular)
	all = append(all, s.makeTaxonomies(regular, sectionFiles)...)
	all = append(all, s.facetPages(regular)...)
	s.claimURLs(all, l)
	s.checkAliases(all, l)
	s.makeLists(regular)
	s.linkNeighbours()
	s.hashPages(all, regular)
}

// resetGraph empties what assemble makes, and sets the build's time.
func (s *Site) resetGraph() {
	s.now = s.opts.Now
	if s.now.IsZero() {
		s.now = time.Now()
	}
	s.pages = map[string]*page.Page{}
	s.byURL = map[string]*page.Page{}
	s.sections = map[string]*page.Page{}
	s.bundles = map[string]*page.Page{}
	s.headless = map[string]*page.Page{}
	s.left = map[string]int{}
	s.lists = map[listKey]*list{}
}

// publishedPages are the regular pages the files give that are
// published, and the pages of sections (_index.md) by folder.
func (s *Site) publishedPages() (regular []*page.Page, sectionFiles map[string]*page.Page) {
	popts := page.Options{Drafts: s.opts.Drafts, Future: s.opts.Future, Expired: s.opts.Expired, Now: s.now}
	// The pages from files, in map order: every list below is sorted by a
	// total order, so results do not depend on it.
	paths := make([]string, 0, len(s.entries))
	for p, e := range s.entries {
		if e.isPage() {
			paths = append(paths, p)
		}
	}
	sectionFiles = map[string]*page.Page{}
	// Every page the files give: one each, or a spreadsheet's rows.
	var filePages []*page.Page
	for _, p := range paths {
		filePages = append(filePages, s.entries[p].pages()...)
	}
	s.rule = publish.New(filePages, popts)
	for _, pg := range filePages {
		if why := s.rule.Page(pg); why != "" {
			s.left[why]++
			if why == publish.Headless {
				s.headless[pg.ID] = pg
			}
			continue
		}
		switch pg.Kind {
		case page.KindSection, page.KindHome:
			sectionFiles[pg.Dir] = pg
		default:
			regular = append(regular, pg)
			if pg.BundleDir != "" {
				s.bundles[pg.BundleDir] = pg
			}
		}
	}
	return regular, sectionFiles
}

// placeSections puts each page in its bundle or its section, and makes
// the sections: every folder holding a published page, and its parents.
// It returns the regular pages, less those that are a section's page.
func (s *Site) placeSections(regular []*page.Page, sectionFiles map[string]*page.Page, l *diag.List) []*page.Page {
	// Pages inside a bundle folder (a kit's guide and handouts) belong to
	// the bundle, not to a section.
	inBundle := func(p *page.Page) string {
		for d := p.Dir; d != ""; d = parentDir(d) {
			if _, ok := s.bundles[d]; ok {
				return d
			}
		}
		return ""
	}
	isTaxDir := map[string]bool{}
	for _, t := range s.taxonomies {
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
		for d := p.Dir; d != ""; d = parentDir(d) {
			secDirs[d] = true
		}
	}
	for d := range sectionFiles {
		if !isTaxDir[strings.SplitN(d, "/", 2)[0]] {
			secDirs[d] = true
		}
	}
	// X.md beside a folder X/ is the page of that section, as Eleventy
	// has it, unless X/_index.md is.
	besides := map[string]*page.Page{}
	kept := regular[:0]
	for _, p := range regular {
		d := path.Join(p.Dir, stem(p.File))
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
		if sp == nil {
			sp = &page.Page{Meta: page.Meta{ID: "section:" + d, Kind: page.KindSection, Dir: d,
				Section: strings.SplitN(d, "/", 2)[0], Title: titleOf(d), Params: map[string]any{}}}
			if d == "" {
				sp.ID, sp.Kind, sp.Title = "home", page.KindHome, s.cfg.Title
			}
			if p := besides[d]; p != nil {
				adopt(sp, p)
			}
		}
		if sp.URL == "" {
			if d == "" {
				sp.URL = "/"
			} else {
				sp.URL = "/" + slugPath(d) + "/"
			}
		}
		s.sections[d] = sp
	}
	return regular
}

// setURLs gives the regular pages that have none their URL.
func (s *Site) setURLs(regular []*page.Page) {
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
				p.URL = s.bundles[b].URL + rel + p.Slug + "/"
				continue
			}
			if pat, ok := s.cfg.Permalinks[p.Section]; ok && p.Section != "" {
				p.DefaultURL()
				p.URL = p.Permalink(pat)
				continue
			}
			p.URL = p.DefaultURL()
		}
	}
}

// makeTaxonomies makes the taxonomies' and terms' pages, their lists and
// hashes, and returns the pages.
func (s *Site) makeTaxonomies(regular []*page.Page, sectionFiles map[string]*page.Page) []*page.Page {
	var all []*page.Page
	// Taxonomies and terms.
	s.terms = map[string][]*term{}
	s.termBy = map[string]*term{}
	byTax := map[string]map[string]*term{}
	for _, p := range regular {
		for tax, slugs := range p.TermSlugs {
			byslug := byTax[tax]
			if byslug == nil {
				byslug = map[string]*term{}
				byTax[tax] = byslug
			}
			for i, sl := range slugs {
				t := byslug[sl]
				if t == nil {
					t = &term{Name: p.Terms[tax][i], Slug: sl}
					byslug[sl] = t
				}
				t.Pages = append(t.Pages, p)
			}
		}
	}
	for _, tax := range s.taxonomies {
		byslug := byTax[tax]
		if len(byslug) == 0 {
			continue
		}
		tp := &page.Page{Meta: page.Meta{ID: "taxonomy:" + tax, Kind: page.KindTaxonomy, Dir: tax, Taxonomy: tax,
			Title: s.taxonomyTitle(tax), URL: "/" + tax + "/", Params: map[string]any{}}}
		if f := sectionFiles[tax]; f != nil {
			adopt(tp, f)
		}
		all = append(all, tp)
		ts := make([]*term, 0, len(byslug))
		for _, t := range byslug {
			t.Page = &page.Page{Meta: page.Meta{ID: "term:" + tax + "/" + t.Slug, Kind: page.KindTerm, Dir: tax + "/" + t.Slug,
				Taxonomy: tax, Term: t.Name, Title: t.Name, URL: "/" + tax + "/" + t.Slug + "/", Params: map[string]any{}}}
			if f := sectionFiles[tax+"/"+t.Slug]; f != nil {
				adopt(t.Page, f)
			}
			all = append(all, t.Page)
			ts = append(ts, t)
			s.termBy[tax+"/"+t.Slug] = t
			s.setList(termList(tax+"/"+t.Slug), t.Pages)
		}
		sort.Slice(ts, func(i, j int) bool { return ts[i].Slug < ts[j].Slug })
		s.terms[tax] = ts
		h := fnv.New64a()
		for _, t := range ts {
			fmt.Fprintf(h, "%s\x00%s\x00%d\x00", t.Slug, t.Name, len(t.Pages))
		}
		s.lists[taxonomyList(tax)] = &list{hash: h.Sum64()}
	}
	return all
}

// claimURLs makes the pages known by URL and ID: of pages claiming one
// URL, the first by ID keeps it and the others are reported, whatever
// order the pages came in.
func (s *Site) claimURLs(all []*page.Page, l *diag.List) {
	// Of pages claiming one URL, the first by ID keeps it and the others
	// are reported, whatever order the pages came in.
	for _, p := range all {
		if other, ok := s.byURL[p.URL]; !ok || p.ID < other.ID {
			s.byURL[p.URL] = p
		}
	}
	for _, p := range all {
		other := s.byURL[p.URL]
		if other == p {
			s.pages[p.ID] = p
			continue
		}
		if tax, sec := taxonomyAndSection(p, other); tax != nil {
			// A folder of content/ with a taxonomy's name.
			l.Add(diag.Errorf(config.File, 0, "the folder content/%s/ and the taxonomy %s of site.toml both want the URL %s", sec.Dir, tax.Taxonomy, p.URL).
				WithHint("give the taxonomy another plural in site.toml's [taxonomies] (such as theme = \"thematiques\"), or rename the folder"))
			continue
		}
		f := diag.Errorf(fileOr(p), p.URLLine, "this page's URL %s is already the URL of %s", p.URL, describe(other))
		l.Add(f.WithHint("give one of them another slug or url in its front matter, or rename one file"))
	}
}

// checkAliases reports aliases that are a page's URL or another page's
// alias: each taken once, every clash in one run, naming both pages.
func (s *Site) checkAliases(all []*page.Page, l *diag.List) {
	// Aliases: each taken once, by no page's URL; every clash in one run,
	// naming both pages.
	aliasOf := map[string]*page.Page{}
	byID := slices.Clone(all)
	sort.Slice(byID, func(i, j int) bool { return byID[i].ID < byID[j].ID })
	for _, p := range byID {
		line := p.FieldLine("aliases", 0)
		for _, a := range p.Aliases {
			if other, ok := s.byURL[a]; ok && other != p {
				l.Add(diag.Errorf(fileOr(p), line, "the alias %s is already the URL of %s", a, describe(other)).
					WithHint("remove the alias, or change the other page's URL"))
				continue
			}
			if first, ok := aliasOf[a]; ok && first != p {
				l.Add(diag.Errorf(fileOr(p), line, "the alias %s is already an alias of %s (line %d)", a, describe(first), first.FieldLine("aliases", 0)).
					WithHint("an old address leads to one page: remove it from one of them"))
				continue
			}
			aliasOf[a] = p
		}
	}
}

// makeLists makes each section's list of pages and of subsections, each
// bundle's, and the lists of all regular pages and of sections.
func (s *Site) makeLists(regular []*page.Page) {
	// Lists: each section's pages and subsections, all regular pages.
	secPages := map[listKey][]*page.Page{}
	var listed []*page.Page
	for _, p := range regular {
		if b := p.InBundle; b != "" {
			secPages[bundleList(b)] = append(secPages[bundleList(b)], p)
			continue
		}
		if p.Unlisted {
			continue // published, in no list (build.list: never)
		}
		secPages[sectionList(p.Dir)] = append(secPages[sectionList(p.Dir)], p)
		listed = append(listed, p)
	}
	for d, sp := range s.sections {
		if isFacetPage(sp) {
			continue // a directory filter page has its list already
		}
		s.setList(sectionList(d), secPages[sectionList(d)])
		var subs []*page.Page
		for d2, sp := range s.sections {
			if d2 != "" && parentDir(d2) == d {
				subs = append(subs, sp)
			}
		}
		page.Sort(subs)
		s.setList(subsList(d), subs)
	}
	for k, ps := range secPages {
		if k.kind == listBundle {
			s.setList(k, ps)
		}
	}
	s.setList(allList(), listed)
	s.setList(sectionsList(), s.lists[subsList("")].pages)
}

// linkNeighbours sets each page's Prev and Next in its section's list.
func (s *Site) linkNeighbours() {
	// Neighbours within each section.
	for k, li := range s.lists {
		if k.kind != listSection {
			continue
		}
		for i, p := range li.pages {
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
func (s *Site) hashPages(all, regular []*page.Page) {
	var stale []*page.Page
	for _, p := range s.headless {
		if !p.HashesFresh() {
			stale = append(stale, p) // its text shows where it is included
		}
	}
	for _, p := range all {
		if p.Num == 0 { // a made-up page: sections, taxonomies, terms
			p.Num = s.pageNum(p.ID)
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
	s.hashNeighbours(regular)
	s.byNum = make([]*page.Page, len(s.pageNums)+1)
	for _, p := range s.pages {
		s.byNum[p.Num] = p
	}
	for _, p := range s.headless {
		s.byNum[p.Num] = p
	}
	// A sum of per-page hashes does not depend on the order of the pages.
	h := fnv.New64a()
	var sum uint64
	for id, p := range s.pages {
		h.Reset()
		h.Write([]byte(id))
		sum += mix(h.Sum64() ^ p.MetaHash)
	}
	s.allPagesHash = sum | 1
	s.datesH = s.datesHash(regular)
	s.menu = s.buildMenu()
}

// hashNeighbours sets each regular page's NeighHash from its neighbours.
func (s *Site) hashNeighbours(regular []*page.Page) {
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

// pageNum returns the number of the page with id, the same as long as the
// Site lives. Numbers start at 1. Not safe for concurrent use.
func (s *Site) pageNum(id string) int32 {
	if s.pageNums == nil {
		s.pageNums = map[string]int32{}
	}
	n, ok := s.pageNums[id]
	if !ok {
		n = int32(len(s.pageNums) + 1)
		s.pageNums[id] = n
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
}

// slugPath makes each segment of a folder path a slug.
func slugPath(d string) string {
	segs := strings.Split(d, "/")
	for i := range segs {
		segs[i] = slug.Make(segs[i])
	}
	return strings.Join(segs, "/")
}

// setList records a list of pages, given in list order.
func (s *Site) setList(id listKey, ps []*page.Page) {
	h := fnv.New64a()
	for _, p := range ps {
		h.Write([]byte(p.ID))
		h.Write([]byte{0})
	}
	s.lists[id] = &list{pages: ps, hash: h.Sum64()}
}

func parentDir(d string) string {
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

func fileOr(p *page.Page) string {
	if p != nil && p.File != "" {
		return p.File
	}
	return ContentDir
}

func describe(p *page.Page) i18n.Text {
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

// MenuItem is an entry of the main navigation.
type MenuItem struct {
	Name string
	URL  string // site path
}

// buildMenu makes the main menu: site.toml's entries and the pages'
// (menu: main in their front matter), by weight; without any, the
// top-level sections. menuH sums it, for the outputs that show it.
func (s *Site) buildMenu() []MenuItem {
	type weighted struct {
		MenuItem
		weight, order int // order: site.toml's first, in their order
	}
	var ws []weighted
	for i, m := range s.cfg.Menu {
		ws = append(ws, weighted{MenuItem{Name: m.Name, URL: m.URL}, m.Weight, i})
	}
	for _, p := range s.pages {
		if p.Menu != nil {
			name := p.Menu.Name
			if name == "" {
				name = p.LinkTitle()
			}
			w := p.Menu.Weight
			if w == 0 {
				w = math.MaxInt // a page without a weight comes last, as in Hugo
			}
			ws = append(ws, weighted{MenuItem{Name: name, URL: p.URL}, w, len(s.cfg.Menu)})
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
		for _, sp := range s.lists[sectionsList()].pages {
			out = append(out, MenuItem{Name: sp.LinkTitle(), URL: sp.URL})
		}
	}
	h := fnv.New64a()
	for _, m := range out {
		fmt.Fprintf(h, "%s\x00%s\x00", m.Name, m.URL)
	}
	s.menuH = h.Sum64() | 1
	return out
}

// PageURL returns the link (with the base path) to the published page
// whose source is file (relative to the site), or "".
func (s *Site) PageURL(file string) string {
	if p := s.PagePath(file); p != "" {
		return s.cfg.RelURL(p)
	}
	return ""
}

// PagePath is the address in the site (without the base path, as links
// are written in Markdown: "/articles/x/") of the published page whose
// source is file, or "".
func (s *Site) PagePath(file string) string {
	e := s.entries[file]
	if e == nil {
		return ""
	}
	for _, pg := range e.pages() {
		if p := s.pages[pg.ID]; p != nil && p.URL != "" {
			return p.URL
		}
	}
	return ""
}

// taxonomyTitle is the title of a taxonomy's page: the interface string
// "taxonomyTitle.PLURAL" when the theme has one, else the plural.
func (s *Site) taxonomyTitle(tax string) string {
	if t := s.tpl.T("taxonomyTitle." + tax); t != "taxonomyTitle."+tax {
		return t
	}
	return titleOf(tax)
}
