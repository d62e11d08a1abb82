// Package site orchestrates a build: it reads the settings, the templates
// (layout.Theme) and the files of the site (package load), has package
// graph decide which pages are published, where and in which lists,
// plans the outputs (the pages through package views, the site-wide
// files of package sitefiles, the partner areas' of package area, what
// each kind of section publishes, the search indexes of package
// searchindex and the images' sizes of package imageset), renders them
// on every core (package incremental), checks the links (package
// sitecheck), and writes the output through a transaction, so that a
// failed build leaves the output folder as it was. Each of those parts
// is owned by its package; this one holds them together and decides
// what a build does, in which order.
//
// Kinds of content with rules of their own (workshop kits, the partner
// directory) are extensions (package extension), given in
// Options.Extensions: this package asks their registry, never names
// them.
//
// # Incremental rebuilds
//
// A Site keeps what it read and rendered between builds. Rebuild takes the
// paths that changed, reads only those files again, and re-renders only the
// outputs whose inputs changed. It knows an output's inputs because every
// render records them (package record): the template data are views
// (package views) whose methods note what they read, such as a page's
// metadata, its content, its neighbours, or a list's members (read
// through graph.Graph.List, which records the read).
// Each input has a hash; an output is rendered again when the hash of one of
// its inputs, or of its template, differs from the one it was rendered with.
// A change to site.toml rebuilds everything; a change to the base template
// or a partial re-renders every page; a change to another template
// re-renders the pages that use it.
package site

import (
	"cmp"
	"context"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"relais/internal/area"
	"relais/internal/blob"
	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/diskcache"
	"relais/internal/extension"
	"relais/internal/fact"
	"relais/internal/graph"
	"relais/internal/i18n"
	"relais/internal/imageset"
	"relais/internal/layout"
	"relais/internal/load"
	"relais/internal/output"
	"relais/internal/page"
	"relais/internal/searchindex"
	"relais/internal/sitedata"
	"relais/internal/views"
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
	// Extensions are the kinds of content with rules of their own
	// (package builtin lists relais's); nil: none.
	Extensions []extension.Extension
	// Preview is set for relais serve, which shows the site to her
	// alone: what keeps the partner area from being protected on the
	// host is told as warnings.
	Preview bool
	// Progress, when set, is called as outputs are rendered.
	Progress func(done, total int)
	// Audit records the links of every page, for Site.Audit (relais
	// check); it costs memory on large sites.
	Audit bool
	// NoWrite renders and checks every output but writes none (relais
	// check): Dest is not touched.
	NoWrite bool
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
	blobs   *blob.Store  // the rendered HTML of pages
	images  *blob.Store  // the images as published, without metadata
	imgs    imageset.Set // the images relais resizes
	noDefer bool         // MakePending is running: defer no size
	// brokenLinks counts the broken links checkLinks found.
	brokenLinks int
	theme       *layout.Theme // the templates; nil when they must be loaded again
	taxonomies  []string      // plurals, sorted

	ld  *load.Loader   // the files of content/ and static/, as read (package load)
	out *output.Folder // the output folder, opened at the first render

	graph  *graph.Graph    // the pages published, where and in which lists
	unread map[string]bool // the URLs of pages whose file could not be read
	// assembled are the findings of the last assembly of the model, told
	// again when an edit of text keeps the model (load.Loader.TextEdits).
	assembled  diag.List
	assemblies int            // how many times the model was assembled, for tests
	data       *sitedata.Data // the data folder; nil when it must be read again
	now        time.Time      // the build's time

	outputs map[string]*remembered // by output path, from the last good build; nil before one
	audited map[string]*remembered // the last build's outputs, good or not, with Options.Audit

	search searchindex.Indexes // the search indexes as last built
	// partials holds the results of partialCached for one build, by key.
	partials sync.Map
	// plans are what the kinds of section publish in the build
	// (sectionOutputs).
	plans extension.Plans
	// reg holds what the extensions registered.
	reg *extension.Registry
	// facts give the hash of each site-wide fact (package fact).
	facts fact.Producers
	areas area.Areas // the partner areas
}

// New returns a Site that builds with opts.
func New(opts Options) *Site {
	s := &Site{opts: opts, ld: &load.Loader{Files: map[string]*load.File{}}, graph: graph.New(), reg: extension.New(opts.Extensions...)}
	s.facts = fact.Producers{
		fact.Pages: func() uint64 { return s.graph.FactHash(fact.Pages) },
		fact.Dates: func() uint64 { return s.graph.FactHash(fact.Dates) },
		fact.Menu:  func() uint64 { return s.graph.FactHash(fact.Menu) },
		fact.Data: func() uint64 {
			if s.data == nil {
				return 0 // to be read again
			}
			return s.data.Hash
		},
		fact.Logins: s.areas.Hash,
		fact.Search: s.search.Key,
	}
	return s
}

// Config returns the site's settings, once a build has read them.
func (s *Site) Config() *config.Config { return s.cfg }

// Build builds the whole site. Files in the output folder that the build
// does not produce are removed.
func (s *Site) Build(ctx context.Context) (Result, error) {
	s.cfg = nil
	return s.run(ctx, nil)
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
		case c == area.File || c == area.KeysFile:
			s.areas.Forget()
		case c == layout.Dir || strings.HasPrefix(c, layout.Dir+"/"):
			s.theme = nil
			s.data = nil // checked again against the theme's schemas
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
		s.theme, s.data = nil, nil
		s.areas.Forget()
		s.outputs = nil
		if err := s.loadConfig(); err != nil {
			l.AddErr(config.File, err)
			return Result{}, l.Err()
		}
	}
	s.areas.Begin(s.opts.Source, s.cfg, s.graph, s.opts.Preview)
	// Content first: what changed must be read even if the templates fail
	// to load, or a later rebuild would not know of it.
	if full {
		s.closeStores()
		s.blobs = blob.New("")
		s.images = blob.New("")
		s.number(s.loader().ReadAll())
	}
	var before map[string]*page.Page // the pages of a text edit, before it
	if !full && len(contentChanged) > 0 {
		if len(contentChanged) == len(changed) && s.theme != nil && s.data != nil && s.graph.Assembled() && s.outputs != nil {
			before = s.ld.PagesBefore(contentChanged)
		}
		s.compactBlobs()
		s.number(s.loader().Update(contentChanged))
	}
	// The files' findings first: a layout or data folder that cannot be
	// read stops the build, and these are told with it.
	l.Add(s.ld.Findings(s.opts.Drafts)...)
	if s.theme == nil {
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
	l.Add(s.data.Warnings...)
	l.Add(s.theme.Warnings...)
	if s.opts.BaseURL == "" && s.cfg.Placeholder() {
		// The preview sets its own address: only what is published cares.
		l.Add(diag.Warnf(config.File, s.cfg.BaseURLLine, "baseURL is still the example address %s: the canonical links, feeds, vCards and kit PDFs of the site point there", s.cfg.BaseURL).
			WithHint("write the site's real address in site.toml: baseURL = \"https://…/\" (your host gives it); relais deploy refuses to publish before"))
	}
	if f := s.ld.IgnoredFields(); f != nil {
		l.Add(f)
	}
	// A file's errors do not stop the build here: the rest of the site
	// is assembled, rendered and its links checked, so that one run tells
	// every problem (render writes nothing while there are errors). A
	// page that could not be read is left out, and links to it are not
	// told as broken: its own error says why.
	s.unread = s.ld.Unread()
	if s.ld.TextEdits(s.graph, before, contentChanged, s.now, s.clock()) {
		l.Add(s.assembled...) // the same model: the same findings
	} else {
		var al diag.List
		s.assemble(&al)
		s.assembled = al
		l.Add(al...)
	}
	// Without records of a good build (a first build, or one that failed
	// after the settings changed), every output is checked against the
	// folder and files no longer produced are found by listing it.
	res, err = s.render(ctx, s.outputs == nil, &l)
	res.Warnings = l.Warnings()
	res.Warnings.Sort()
	res.Warnings = res.Warnings.Grouped(3)
	res.Left = s.graph.Left()
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
	s.taxonomies = slices.Sorted(maps.Values(cfg.Taxonomies))
	s.ld.Configure(cfg, s.reg, s.taxonomies)
	s.cfg = cfg
	return nil
}

func (s *Site) loadLayouts() error {
	var site fs.FS
	if sub, err := fs.Sub(s.opts.Source, layout.Dir); err == nil {
		site = sub
	}
	t, err := layout.LoadTheme(site, s.opts.Theme, s.cfg, views.DataTypes(s.reg))
	if err != nil {
		return err
	}
	s.theme = t
	return nil
}

// Close releases what the site holds between builds (the files of its
// stores of pages' HTML and images). The site must not be used after.
func (s *Site) Close() error {
	s.closePlans()
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

// compactMinBytes is the size of blob store below which compactBlobs
// leaves it, unless Options say otherwise.
const compactMinBytes int64 = 64 << 20

// compactBlobs starts a new store of the pages' HTML when most of the old
// one holds the HTML of pages edited since (blob.Compact).
func (s *Site) compactBlobs() {
	s.blobs = blob.Compact(s.blobs, cmp.Or(s.opts.CompactBytes, compactMinBytes), func(yield func(*blob.Ref) bool) {
		for _, e := range s.ld.Files {
			for _, p := range e.Pages() {
				if !yield(&p.Content) {
					return
				}
			}
		}
		for _, r := range s.outputs {
			if r.SearchSum != 0 && !yield(&r.Search) {
				return
			}
		}
	})
}

// clock is the time now, or Options.Now when a test gives one.
func (s *Site) clock() time.Time {
	if s.opts.Now.IsZero() {
		return time.Now()
	}
	return s.opts.Now
}

// assemble decides which pages are published, where, and in which lists
// (package graph), and runs the checks across pages.
func (s *Site) assemble(l *diag.List) {
	s.assemblies++
	s.now = s.clock()
	var pages []*page.Page
	for _, e := range s.ld.Files {
		if e.IsPage() {
			pages = append(pages, e.Pages()...)
		}
	}
	regular := s.graph.Assemble(graph.Input{
		Pages:         pages,
		Publish:       page.Options{Drafts: s.opts.Drafts, Future: s.opts.Future, Expired: s.opts.Expired, Now: s.now},
		Config:        s.cfg,
		Taxonomies:    s.taxonomies,
		TaxonomyTitle: s.theme.TaxonomyTitle,
		Facets:        s.reg.Facets(),
		Say:           func(key string) string { return s.theme.Lookup("", key) },
	}, l)
	l.Add(s.ld.CheckCovers(regular)...)
	l.Add(s.reg.Check(regular)...)
	s.areas.Check(l)
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
	return s.ld.PagePath(s.graph, file)
}
