package site

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"os"
	"sort"
	"strings"
	"sync"

	"relais/internal/diag"
	"relais/internal/fact"
	"relais/internal/graph"
	"relais/internal/headers"
	"relais/internal/i18n"
	"relais/internal/incremental"
	"relais/internal/load"
	"relais/internal/markdown"
	"relais/internal/output"
	"relais/internal/page"
	"relais/internal/record"
	"relais/internal/sitefiles"
	"relais/internal/views"
)

// What a build remembers of an output, and an output (package
// incremental).
type (
	remembered    = incremental.Record
	dep           = incremental.Dep
	plannedOutput = incremental.Output
)

// depVal is the current hash of an input; 0 means it does not exist.
func (s *Site) depVal(k record.Key) uint64 {
	switch k.Kind {
	case record.Kind(record.Meta), record.Kind(record.Content), record.Kind(record.Neighbours):
		p := s.graph.ByNum(k.Num)
		switch {
		case p == nil:
			return 0
		case k.Kind == record.Kind(record.Meta):
			return p.MetaHash | 1
		case k.Kind == record.Kind(record.Content):
			return p.ContentHash | 1
		}
		return p.NeighHash | 1
	case record.List:
		if k.List.Kind == graph.KindFiles {
			return s.ld.FilesHash(k.List.Name)
		}
		return s.graph.ListHash(k.List)
	case record.Kind(record.PageByID): // whether a page of that ID is published, and which
		if p := s.graph.Page(graph.Planning, k.Name); p != nil {
			return uint64(p.Num)<<1 | 1
		}
		return 2
	case record.Kind(record.Includable): // whether a page of that ID can be included, and which
		if p := s.graph.Includable(k.Name); p != nil {
			return uint64(p.Num)<<1 | 1
		}
		return 2
	case record.Kind(record.File):
		if e := s.ld.Files[k.Name]; e != nil {
			return e.Stamp | 1
		}
	case record.Kind(record.Asset):
		return s.theme.Src.Hash(k.Name)
	case record.Kind(record.Site):
		return s.facts.Hash(fact.Fact(k.Num))
	}
	return 0
}

// layoutFor chooses the template of a page (layout.Set.Choose).
func (s *Site) layoutFor(p *page.Page) (string, *diag.Finding) {
	return s.theme.Set.Choose(p, graph.FileOf(p))
}

// specs lists the outputs of the build but for the pages of paginated
// lists after the first, which are known only once the first is rendered.
func (s *Site) specs(l *diag.List) []*plannedOutput {
	out := s.pageSpecs(l)
	out = append(out, s.siteSpecs(l)...)
	out = append(out, s.assetSpecs()...)
	return append(out, s.fileSpecs(l)...)
}

// pageSpecs are the outputs of the published pages (each with its
// aliases) and of the 404 page.
func (s *Site) pageSpecs(l *diag.List) []*plannedOutput {
	var out []*plannedOutput
	ids := make([]string, 0, s.graph.Count(graph.Planning))
	for p := range s.graph.All(graph.Planning) {
		id := p.ID
		ids = append(ids, id)
	}
	sort.Strings(ids)
	written := map[string]bool{} // aliases, by address: an old address made by relais never takes another's
	for p := range s.graph.All(graph.Planning) {
		for _, a := range p.Aliases {
			written[a] = true
		}
	}
	for _, id := range ids {
		p := s.graph.Page(graph.Planning, id)
		tpl, f := s.layoutFor(p)
		if f != nil {
			l.Add(f)
			if f.Severity == diag.Error {
				continue
			}
		}
		pager := pagerOf(p)
		out = append(out, &plannedOutput{Out: sitefiles.OutPath(p.URL), Page: p, Tpl: tpl, HTML: true, Pager: pager,
			Render: func(rc *record.Render, w *bytes.Buffer) error { return s.renderPage(rc, p, tpl, pager, w) }})
		for _, a := range sitefiles.Aliases(p, s.graph, written, l) {
			out = append(out, &plannedOutput{Out: a, Page: p, Render: func(rc *record.Render, w *bytes.Buffer) error {
				rc.Page(record.Meta, p)
				return sitefiles.Alias(w, s.cfg.LangCode(p.Lang), s.cfg.RelURL(p.URL), s.cfg.AbsURL(p.URL))
			}})
		}
	}
	// The 404 page.
	nf := &page.Page{Meta: page.Meta{ID: "404", Kind: page.Kind404, URL: "/404.html", Title: s.theme.Set.T("notFound.title"), Params: map[string]any{}}}
	nf.Num = s.graph.Num(nf.ID)
	if tpl, f := s.layoutFor(nf); f == nil {
		out = append(out, &plannedOutput{Out: "404.html", Page: nf, Tpl: tpl, HTML: true,
			Render: func(rc *record.Render, w *bytes.Buffer) error { return s.renderPage(rc, nf, tpl, 0, w) }})
	}
	return out
}

// siteSpecs are the outputs of the site as a whole: the built-in pages,
// the feeds, what the kinds of section publish, the search index, the
// site map and the files a host reads.
func (s *Site) siteSpecs(l *diag.List) []*plannedOutput {
	var out []*plannedOutput
	out = append(out, s.builtinSpecs()...)
	out = append(out, s.feedSpecs()...)
	out = append(out, s.sectionOutputs(l)...)
	out = append(out, s.areas.Specs()...)
	out = append(out, s.areaSearchSpecs()...)
	out = append(out,
		&plannedOutput{Out: "sitemap.xml", Render: func(rc *record.Render, w *bytes.Buffer) error { return sitefiles.SiteSitemap(w, rc, s.graph, s.cfg) }},
		&plannedOutput{Out: "_headers", Render: func(rc *record.Render, w *bytes.Buffer) error { return headers.WriteHeadersFile(w, s.cfg.HTTPS()) }},
		&plannedOutput{Out: "nginx.conf", Render: func(rc *record.Render, w *bytes.Buffer) error {
			rc.Fact(fact.Pages) // where the partner areas are, the old addresses
			var to [][2]string
			for _, r := range sitefiles.SiteRedirects(rc, s.graph, s.cfg) {
				to = append(to, [2]string{r.Query, r.To})
			}
			return headers.WriteNginx(w, s.cfg.BasePath(), s.cfg.HTTPS(), append(s.areas.Nginx(), headers.NginxRedirects(to))...)
		}},
		&plannedOutput{Out: "robots.txt", Render: func(rc *record.Render, w *bytes.Buffer) error {
			return sitefiles.Robots(w, s.cfg.AbsURL("/sitemap.xml"))
		}},
		&plannedOutput{Out: "assets/chroma.css", Render: func(rc *record.Render, w *bytes.Buffer) error {
			return markdown.Stylesheet(w, s.cfg.Markdown.HighlightStyle, "github-dark")
		}},
	)
	if len(sitefiles.SiteRedirects(graph.Planning, s.graph, s.cfg)) > 0 {
		out = append(out, &plannedOutput{Out: sitefiles.OldAddressesName, Render: func(rc *record.Render, w *bytes.Buffer) error {
			return sitefiles.OldAddresses(w, sitefiles.SiteRedirects(rc, s.graph, s.cfg))
		}})
	}
	return out
}

// assetSpecs are the theme's assets.
func (s *Site) assetSpecs() []*plannedOutput {
	var out []*plannedOutput
	var assets []string
	for p := range s.theme.Src.Files {
		if strings.HasPrefix(p, "assets/") {
			assets = append(assets, p)
		}
	}
	sort.Strings(assets)
	for _, a := range assets {
		out = append(out, &plannedOutput{Out: a, Render: func(rc *record.Render, w *bytes.Buffer) error {
			rc.Name(record.Asset, a)
			w.Write(s.theme.Src.Files[a])
			return nil
		}})
	}
	return out
}

// fileSpecs are the files of content/ and static/ that are published as
// they are (load.Loader.PublishedFiles).
func (s *Site) fileSpecs(l *diag.List) []*plannedOutput {
	s.imgs.Index(s.cfg, s.graph, s.ld.Files, s.images)
	files, leftOut := s.ld.PublishedFiles(load.Rules{Graph: s.graph, Config: s.cfg, OffersFiles: s.offersFiles,
		Resized: func(out string) bool { return s.imgs.Shown(out) != nil }, AreaFinding: s.areas.Finding}, l)
	for _, out := range leftOut {
		s.unread["/"+out] = true // told: the links to it are not told as broken
	}
	out := make([]*plannedOutput, 0, len(files))
	for _, p := range files {
		out = append(out, &plannedOutput{Out: s.fileOut(p), CopyOf: s.ld.Files[p]})
	}
	return out
}

// ResourcesSection is the section whose page bundles list their files
// for download, as kits do.
const ResourcesSection = "ressources"

// fileOut is where a file of content/ or static/ is published
// (load.Out).
func (s *Site) fileOut(p string) string { return load.Out(s.graph, p) }

func pagerOf(p *page.Page) int {
	switch p.Kind {
	case page.KindSection, page.KindHome, page.KindTerm:
		return 1
	}
	return 0
}

func (s *Site) renderPage(rc *record.Render, p *page.Page, tpl string, pager int, w *bytes.Buffer) error {
	return s.theme.For(p.Lang).Execute(w, tpl, views.New(built{s}, rc, p, pager))
}

// owner says what an output is made from, for an error about it: the
// page (file:line of its url), the file copied, or the site (its
// sitemap, feeds and other files of its own).
func owner(sp *plannedOutput) i18n.Text {
	switch {
	case sp.CopyOf != nil:
		return i18n.T("the file %s", sp.CopyOf.Path)
	case sp.Page != nil && sp.Page.File != "":
		return i18n.T("the page %s", graph.Describe(sp.Page))
	case sp.Page != nil:
		return graph.Describe(sp.Page)
	}
	return i18n.T("the site's own %s", sp.Out)
}

// render renders what must be and writes it through a transaction.
func (s *Site) render(ctx context.Context, full bool, l *diag.List) (Result, error) {
	var res Result
	s.search.Begin(s.cfg, s.graph, s.blobs, s.opts.SearchShardBytes, s.areas.Searched)
	specs := s.specs(l)
	tx, err := s.begin(l)
	if err != nil {
		return res, err
	}
	s.partials = sync.Map{}
	defer s.closePlans()
	w := &incremental.Writer{Tx: tx, Prev: s.outputs, Hash: s.depVal, TplHash: s.theme.Hash,
		Open: s.ld.OpenPublished, CheckCopy: s.ld.CheckCopy, Check: s.checkLoads,
		Sealer: &s.areas, Index: &s.search, Blobs: s.blobs, Audit: s.opts.Audit}
	r := &incremental.Run{Paths: !full, Progress: s.opts.Progress, Next: make(map[string]*remembered, len(specs)),
		One: w.One}
	r.Batch(ctx, specs)
	// The further pages of paginated lists.
	more := s.pagerSpecs(specs, r.Next)
	r.Batch(ctx, more)
	specs = append(specs, more...)
	// The search index, of the pages as rendered.
	index := s.search.Specs(specs, r.Next)
	r.Batch(ctx, index)
	specs = append(specs, index...)
	// The sizes of the images the pages show or ask for.
	sizes, pending := s.imgs.Specs(r.Next, s.cache("sizes"), s.opts.DeferSizes && !s.noDefer,
		func(o string) bool { return s.outputs[o] != nil })
	res.Pending = pending
	r.Batch(ctx, sizes)
	specs = append(specs, sizes...)
	res.Rendered, res.RenderedPaths = r.Rendered, r.RenderedPaths
	if err := ctx.Err(); err != nil {
		tx.Abort()
		return res, err
	}
	// Render errors do not stop here either: the links are checked too,
	// but not those to a page that failed. A template's error, the same
	// for every page that uses it, is told once.
	l.Add(r.Errs.Unique()...)
	if r.DiskFull > 0 {
		l.Add(diag.Errorf(s.opts.Dest, 0, "the disk that holds the output folder is full: %d files could not be written", r.DiskFull).
			WithHint("free some space on it (files you no longer need, the trash), then build again; the output folder was left as it was"))
	}
	for _, out := range r.Failed {
		if dir, ok := strings.CutSuffix(out, "index.html"); ok {
			s.unread["/"+dir] = true
		}
	}
	keep := claimOutputs(specs, &res, l)
	next := r.Next
	if s.opts.Audit {
		s.audited = next // even if the build fails below: relais check reports on it
	}
	// Links are checked again everywhere when a target may have appeared,
	// gone or changed its anchors.
	s.checkLinks(next, s.outputs == nil || len(next) != len(s.outputs) || w.Moved(), l)
	s.checkLeaks(tx, keep, l)
	if err := l.Err(); err != nil {
		tx.Abort()
		return res, err
	}
	if err := cmp.Or(s.blobs.Err(), s.images.Err()); err != nil {
		// A page's HTML could not be read back: what was rendered with it
		// is wrong.
		tx.Abort()
		l.Add(diag.Errorf(ContentDir, 0, "%v", err).
			WithHint("free some space in the temporary folder (%s, or set TMPDIR to a folder with space), then build again", os.TempDir()))
		return res, l.Err()
	}
	res.Written = tx.Staged()
	if err := tx.Commit(keep); err != nil {
		s.outputs = nil // nothing is known published: the next build writes all
		return res, err
	}
	for out := range s.outputs {
		if !keep[out] {
			res.Removed = append(res.Removed, out)
		}
	}
	sort.Strings(res.Removed)
	s.outputs = next
	return res, nil
}

// begin opens the output folder, the first time, and a transaction on
// it. A folder relais did not make is refused with a finding in l.
func (s *Site) begin(l *diag.List) (*output.Tx, error) {
	if s.out == nil && s.opts.NoWrite {
		// The leak check reads the public outputs back: kept in memory
		// when there is an area.
		s.out = output.Discard(len(s.areas.Roots()) > 0)
	}
	if s.out == nil {
		out, err := output.Open(s.opts.Dest, s.opts.Force)
		if err != nil {
			var no *output.NotOursError
			if errors.As(err, &no) {
				l.Add(diag.Errorf(no.Dir, 0, "%s", no.Text()).WithHint("%s", no.Hint()))
				return nil, l.Err()
			}
			return nil, err
		}
		s.out = out
	}
	tx, err := s.out.Begin()
	if err != nil {
		return nil, err
	}
	if tx.Fresh() {
		// The output folder is gone (deleted while the preview ran):
		// what earlier builds published must all be written again.
		s.outputs = nil
	}
	return tx, nil
}

// pagerSpecs are the further pages of the paginated lists of specs, as
// many as their first page's paginator made.
func (s *Site) pagerSpecs(specs []*plannedOutput, next map[string]*remembered) []*plannedOutput {
	var more []*plannedOutput
	for _, sp := range specs {
		rec := next[sp.Out]
		if sp.Pager != 1 || rec == nil || rec.Pagers < 2 {
			continue
		}
		p, tpl := sp.Page, sp.Tpl
		for n := 2; n <= rec.Pagers; n++ {
			more = append(more, &plannedOutput{Out: sitefiles.OutPath(views.PagerURL(p.URL, n)), Page: p, Tpl: tpl, HTML: true, Pager: n,
				Render: func(rc *record.Render, w *bytes.Buffer) error { return s.renderPage(rc, p, tpl, n, w) }})
		}
	}
	return more
}

// claimOutputs are the outputs the build keeps, by path: of two outputs
// at one path the first, the other reported in l. It counts the pages
// and files in res.
func claimOutputs(specs []*plannedOutput, res *Result, l *diag.List) map[string]bool {
	keep := make(map[string]bool, len(specs))
	first := make(map[string]*plannedOutput, len(specs))
	for _, sp := range specs {
		if keep[sp.Out] {
			l.Add(diag.Errorf(graph.FileOf(sp.Page), 0, "%s and %s would both be written to %s", owner(first[sp.Out]), owner(sp), sp.Out).
				WithHint("give one of them another url or slug, or rename the file"))
			continue
		}
		keep[sp.Out] = true
		first[sp.Out] = sp
		if sp.HTML {
			res.Pages++
		} else {
			res.Files++
		}
	}
	return keep
}

// checkLoads refuses an output that would load anything from another
// site (load.Loader.CheckLoads).
func (s *Site) checkLoads(sp *plannedOutput, b []byte) error {
	return s.ld.CheckLoads(sp.Out, sp.Page, func() string {
		if sp.Page == nil {
			return s.theme.Src.Origin(sp.Out)
		}
		return s.theme.Src.Origin(sp.Tpl)
	}, b)
}
