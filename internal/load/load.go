package load

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"hash/maphash"
	"io"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"relais/internal/blob"
	"relais/internal/diag"
	"relais/internal/extension"
	"relais/internal/frontmatter"
	"relais/internal/graph"
	"relais/internal/i18n"
	"relais/internal/imagemeta"
	"relais/internal/markdown"
	"relais/internal/page"
	"relais/internal/privacy"
	"relais/internal/publish"
	"relais/internal/scrub"
	"relais/internal/slug"
	"relais/internal/sources"
)

// ContentDir and StaticDir are the folders of a site that hold pages and
// files published as they are.
const (
	ContentDir = page.ContentDir
	StaticDir  = page.StaticDir
	// MaxPageSize is the largest Markdown file relais reads as a page.
	MaxPageSize = 10 << 20
)

// File is one file of the site's content/ or static/ folder.
type File struct {
	Path  string // relative to the site: "content/articles/x.md"
	Link  string // the file the bytes come from, when Path is a symlink
	Size  int64
	Stamp uint64 // size and modification time, to see a change
	MTime time.Time
	Page  *page.Page
	Rows  []*page.Page // the partners of a directory spreadsheet
	Diags diag.List    // findings from reading this file
	// LeftOut is set for a path that is not published: a link refused,
	// a special file; Diags says why.
	LeftOut bool
	// Pub is what the file is published as when that differs from its
	// bytes: an image or a document without its metadata.
	Pub *Published
	// Tried is set on a file that the site's Try reads: its bytes, and
	// its HTML once read, which the site's stores never hold.
	Tried *Tried
	// sum is the SHA-256 of the file (fileSum), made once.
	sumOnce sync.Once
	sum     string
}

// Published are the bytes a file is published as, when they differ from
// the file's (an image or a document without its metadata), held in the
// site's image store.
type Published struct {
	Ref  blob.Ref
	Size int64
	Sum  string // SHA-256, hex
	// Format ("jpeg" or "png") and size of an image relais can resize;
	// "" for others.
	Format string
	W, H   int
}

// Tried is what the site's Try gives Parse (Src), and what Parse gives
// back (HTML).
type Tried struct {
	Src, HTML []byte
}

// MaxImageSize is the largest image relais publishes.
const MaxImageSize = 20 << 20

// isImage reports an image file of the site, by its name.
func (e *File) IsImage() bool {
	switch strings.ToLower(path.Ext(e.Path)) {
	case ".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg":
		return true
	}
	return false
}

// isDocument reports a document whose properties may carry its author's
// name.
func (e *File) IsDocument() bool {
	switch strings.ToLower(path.Ext(e.Path)) {
	case ".pdf", ".odt", ".ods", ".odp", ".odg", ".docx", ".xlsx", ".pptx":
		return true
	}
	return false
}

// runsInBrowser reports a file that a browser shows as a document of its
// own, with the scripts it carries: SVG, XHTML, HTML.
func (e *File) RunsInBrowser() bool {
	switch strings.ToLower(path.Ext(e.Path)) {
	case ".svg", ".xhtml", ".xht", ".html", ".htm":
		return true
	}
	return false
}

// checkActive refuses a file published as it is that would run a script
// from the site's address, unless site.toml lists it on purpose; it
// reports whether the file may go on.
func (ld *Loader) checkActive(e *File) bool {
	if publish.Match(ld.Config.Publish.Scripts, e.Path) {
		return true
	}
	data, err := fs.ReadFile(ld.Source, e.RealPath())
	if err != nil {
		e.Diags.Add(diag.Errorf(e.Path, 0, "cannot read this file: %v", i18n.FileErr(err)))
		return false
	}
	a := privacy.ActiveContent(e.Path, data)
	if a == nil {
		return true
	}
	e.Diags.Add(diag.Errorf(e.Path, a.Line, "this file would run code in the reader's browser (%s), from the site's own address", a.What).
		WithHint("remove it from the file; if it is meant to run, list the file in site.toml: [publish] scripts = [\"%s\"]", e.Path))
	return false
}

func (e *File) IsPage() bool { return e.Page != nil || e.Rows != nil }

// pages are the pages read from the file: one, or a spreadsheet's rows.
func (e *File) Pages() []*page.Page {
	if e.Page != nil {
		return []*page.Page{e.Page}
	}
	return e.Rows
}

// sheetOf is the section that reads e as a spreadsheet of its entries
// (extension.SheetReader), or nil: such a file is read, never published.
func (ld *Loader) SheetOf(e *File) extension.SheetReader {
	rel, ok := strings.CutPrefix(e.Path, ContentDir+"/")
	if !ok {
		return nil
	}
	for _, sec := range ld.Sections {
		if r, ok := sec.(extension.SheetReader); ok && r.Sheet(rel) {
			return r
		}
	}
	return nil
}

// isMarkdown reports a Markdown file of content/: a page, or a page that
// could not be read. Other files, static/ included, are published as they
// are.
func (e *File) IsMarkdown() bool {
	return strings.HasPrefix(e.Path, ContentDir+"/") && page.IsMarkdownName(e.Path)
}

// readme reports a README file's stem, in any case.
func readme(st string) bool { return strings.EqualFold(st, "readme") }

// stem is a file name without its extension: "x" for "x.markdown".
func stem(name string) string { return strings.TrimSuffix(path.Base(name), path.Ext(name)) }

// translationOf reports a file named as another tool names a translation
// ("x.en.md", "_index.fr.md"), and its language.
func translationOf(name string) (string, bool) {
	s := stem(name)
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return "", false
	}
	lang := strings.ToLower(s[i+1:])
	if strings.Contains(s[:i], ".") {
		return "", false // a domain's name, data.gouv.fr.md: no language
	}
	return lang, languageCodes[lang]
}

// languageCodes are the language codes that name translations.
var languageCodes = map[string]bool{"fr": true, "en": true, "de": true, "es": true, "it": true, "pt": true, "ar": true,
	"nl": true, "ru": true, "tr": true, "pl": true, "ro": true, "zh": true, "uk": true, "fa": true, "ps": true, "ta": true,
	"wo": true, "ber": true}

// Walk lists the files at root in fsys (package sources), a finding kept
// with each path left out.
func Walk(fsys fs.FS, root, out string) []*File {
	var list []*File
	for _, f := range sources.Walk(fsys, root, out) {
		if f.Finding != nil {
			list = append(list, &File{Path: f.Path, Diags: diag.List{f.Finding}, LeftOut: true})
			continue
		}
		list = append(list, &File{Path: f.Path, Link: f.Link, Size: f.Size, Stamp: f.Stamp, MTime: f.ModTime})
	}
	return list
}

func isAncestor(a, b string) bool { return sources.IsAncestor(a, b) }

// ParseAll reads and parses the files, and returns them with those it
// read again. Section pages go first: the fields they cascade are part of
// the pages below them, which are read again when those fields change.
func (ld *Loader) ParseAll(ents []*File) []*File {
	var secs, rest []*File
	for _, e := range ents {
		if e.IsSectionFile() {
			secs = append(secs, e)
		} else {
			rest = append(rest, e)
		}
	}
	ld.parseEach(secs)
	if dirs := ld.updateCascades(); len(dirs) > 0 {
		in := make(map[*File]bool, len(rest))
		for _, e := range rest {
			in[e] = true
		}
		for _, e := range ld.Files {
			if in[e] || !e.IsMarkdown() || e.IsSectionFile() || e.LeftOut {
				continue
			}
			for _, d := range dirs {
				if isAncestor(path.Join(ContentDir, d), e.Path) {
					ld.changed(e)
					// Read again as an edited file is: what its last
					// reading found (a warning) must not keep it from
					// being read (parseEach reads a file without findings).
					e.Diags = nil
					rest = append(rest, e)
					break
				}
			}
		}
	}
	ld.parseEach(rest)
	return append(secs, rest...)
}

// isSectionFile reports a section's page: _index.md, or index.md at the
// top.
func (e *File) IsSectionFile() bool {
	if !e.IsMarkdown() {
		return false
	}
	st := stem(e.Path)
	if lang, ok := translationOf(e.Path); ok {
		st = strings.TrimSuffix(st, "."+lang)
	}
	return st == "_index" || readme(st) || st == "index" && path.Dir(e.Path) == ContentDir
}

// updateCascades sets the fields each section cascades from the section
// pages read, and returns the folders where they changed.
func (ld *Loader) updateCascades() []string {
	now := map[string][]frontmatter.Field{}
	for _, e := range ld.Files {
		if e.Page != nil && len(e.Page.Cascade) > 0 && e.IsSectionFile() {
			now[e.Page.Dir] = e.Page.Cascade
		}
	}
	var changed []string
	for d, c := range now {
		if fmt.Sprintf("%#v", c) != fmt.Sprintf("%#v", ld.cascades[d]) {
			changed = append(changed, d)
		}
	}
	for d := range ld.cascades {
		if now[d] == nil {
			changed = append(changed, d)
		}
	}
	ld.cascades = now
	return changed
}

// inherited are the fields the sections above a page in folder dir
// cascade to it that its own fields do not set: the nearest section's
// wins, and params are given one by one. The farthest come first, so
// that what is nearer, and the page's own, are decoded after them.
func (ld *Loader) inherited(dir string, own []frontmatter.Field) []frontmatter.Field {
	if len(ld.cascades) == 0 {
		return nil
	}
	set := map[string]bool{}
	for _, f := range own {
		set[strings.ToLower(f.Key)] = true
	}
	var levels [][]frontmatter.Field
	for d := dir; ; d = graph.ParentDir(d) {
		var level []frontmatter.Field
		for _, f := range ld.cascades[d] {
			if k := strings.ToLower(f.Key); k == "params" || !set[k] {
				set[k] = true
				level = append(level, f)
			}
		}
		levels = append(levels, level)
		if d == "" {
			break
		}
	}
	var out []frontmatter.Field
	for i := len(levels) - 1; i >= 0; i-- {
		out = append(out, levels[i]...)
	}
	return out
}

// parseEach parses files on all cores.
func (ld *Loader) parseEach(ents []*File) {
	work := make(chan *File)
	var wg sync.WaitGroup
	// Twice as many workers as cores: reading a file and storing its
	// HTML wait on the system, and another worker converts meanwhile
	// (10,000 pages: 2.8 s to 2.55 s).
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e := range work {
				ld.Parse(e)
			}
		}()
	}
	limit := int64(ld.Config.Publish.LargeFileMB) << 20
	for _, e := range ents {
		if (e.IsMarkdown() || ld.SheetOf(e) != nil || e.IsImage() || e.IsDocument() || e.RunsInBrowser()) && len(e.Diags) == 0 {
			work <- e
		} else if e.Size > limit && !e.LeftOut {
			e.Diags.Add(diag.Warnf(e.Path, 0, "this file is %d MB: every reader who downloads it, or the kit that holds it, waits for all of it", e.Size>>20).
				WithHint("make it lighter (a video can be exported smaller), or link to where it is hosted; [publish] largeFileMB in site.toml sets this limit"))
		}
	}
	close(work)
	wg.Wait()
}

// parse reads one Markdown file into e.Page, with its findings in e.Diags.
func (ld *Loader) Parse(e *File) {
	e.Diags = nil
	e.Page, e.Rows = nil, nil
	defer func() {
		// No input may crash the generator: report the file instead.
		if r := recover(); r != nil {
			e.Page = nil
			e.Diags.Add(diag.Errorf(e.Path, 0, "relais failed on this file (%v)", r).
				WithHint("this is a bug in relais; please report it with the file"))
		}
	}()
	if r := ld.SheetOf(e); r != nil {
		ld.parseSheet(e, r)
		return
	}
	if e.RunsInBrowser() && (!ld.checkActive(e) || !e.IsImage()) {
		return // published as it is, or refused; an SVG is cleaned below
	}
	if e.IsImage() {
		ld.cleanImage(e)
		return
	}
	if e.IsDocument() {
		ld.checkDocument(e)
		return
	}
	pl, ok := ld.language(e)
	if !ok {
		return
	}
	if e.Size > MaxPageSize {
		e.Diags.Add(diag.Errorf(e.Path, 0, "this Markdown file is %d MB, more than the %d MB a page may be",
			e.Size>>20, MaxPageSize>>20).
			WithHint("split it into several pages; large documents belong beside a page as downloads (PDF, ODT)"))
		return
	}
	src, ok := ld.readPage(e)
	if !ok {
		return
	}
	doc, err := frontmatter.Split(e.Path, src)
	if err != nil {
		e.Diags.AddErr(e.Path, err)
		return
	}
	fields, err := frontmatter.Parse(e.Path, doc)
	if err != nil {
		e.Diags.AddErr(e.Path, err)
		return
	}
	switch line, limit := markdown.Limits(doc.Body, doc.BodyStart); limit {
	case markdown.Nesting:
		e.Diags.Add(diag.Errorf(e.Path, line, "lists or quotes (>) are nested here more than %d levels deep", markdown.MaxNesting).
			WithHint("this is surely a mistake: remove the spaces, - or > at the start of the line"))
		return
	case markdown.Links:
		e.Diags.Add(diag.Errorf(e.Path, line, "this paragraph opens more than %d links", markdown.MaxLinks).
			WithHint("this is surely a mistake: check the ]( of the links, or split the paragraph"))
		return
	case markdown.Columns:
		e.Diags.Add(diag.Errorf(e.Path, line, "this table has more than %d columns", markdown.MaxColumns).
			WithHint("split it into several tables, or put the data in a spreadsheet beside the page"))
		return
	}
	p := ld.placePage(e, pl)
	ld.decodePage(e, p, pl, fields)
	// Markdown in a title ([RGAA](…), *mot*) is its text: a title is shown
	// in <title>, lists and feeds, where links and emphasis have no place.
	conv := ld.Conv
	if c := ld.ConvIn[pl.lang]; c != nil {
		conv = c
	}
	p.Title = conv.InlineText(p.Title)
	if ld.french(pl.lang) {
		// Titles and summaries appear in templates: same rules as the text.
		p.Title = markdown.FrenchText(p.Title)
		p.Description = markdown.FrenchText(p.Description)
		p.Summary = markdown.FrenchText(p.Summary)
	}
	ld.convertPage(e, p, doc, conv)
	e.Page = p
}

// readPage reads the Markdown file of e, or says in e.Diags why it
// cannot be a page (too large, not UTF-8 text, empty).
func (ld *Loader) readPage(e *File) ([]byte, bool) {
	var src []byte
	var err error
	if e.Tried != nil {
		src = e.Tried.Src
	} else if src, err = fs.ReadFile(ld.Source, e.RealPath()); err != nil {
		e.Diags.Add(diag.Errorf(e.Path, 0, "cannot read this file: %v", i18n.FileErr(err)))
		return nil, false
	}
	if len(src) > MaxPageSize {
		e.Diags.Add(diag.Errorf(e.Path, 0, "this Markdown file is more than %d MB", MaxPageSize>>20))
		return nil, false
	}
	if !utf8.Valid(src) {
		line, col := badUTF8(src)
		e.Diags.Add((&diag.Finding{File: e.Path, Line: line, Col: col}).Say("this file is not UTF-8 text: the character here cannot be read").
			WithHint("save the file as UTF-8 in your editor (« Enregistrer sous », encodage UTF-8)"))
		return nil, false
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(src, []byte("\ufeff")))) == 0 {
		e.Diags.Add(diag.Errorf(e.Path, 1, "this file is empty").
			WithHint("write the page (at least a title in front matter), or delete the file"))
		return nil, false
	}
	return src, true
}

// placed is where a Markdown file lives among the site's languages.
type placed struct {
	lang string // its language, "" for the site's own
	// vrel is its path under content/ in its language's tree, without
	// a language in its name: "en/articles/x.md" for articles/x.en.md.
	vrel string
	// key is the path its translations share: "articles/x.md".
	key string
}

// language places a Markdown file among the site's languages, by its
// name (x.en.md) or its folder (content/en/), or says in e.Diags why it
// is left out.
func (ld *Loader) language(e *File) (placed, bool) {
	rel := strings.TrimPrefix(e.Path, ContentDir+"/")
	suffix, named := translationOf(e.Path)
	base := rel
	if named {
		base = path.Join(path.Dir(rel), strings.TrimSuffix(stem(rel), "."+suffix)+path.Ext(rel))
	}
	cfg := ld.Config
	if first, rest, ok := strings.Cut(base, "/"); ok && cfg.Translated(first) {
		if named && !strings.EqualFold(suffix, first) {
			e.Diags.Add(diag.Warnf(e.Path, 0, "this file is in the folder of the language %s but named as a page in %s: it is left out", first, suffix).
				WithHint("rename it without .%s (%s)", suffix, path.Base(base)))
			return placed{}, false
		}
		lang := strings.ToLower(first) // content/EN/ is English too
		return placed{lang: lang, vrel: lang + "/" + rest, key: rest}, true
	}
	switch {
	case !named:
		return placed{vrel: rel, key: rel}, true
	case strings.EqualFold(suffix, cfg.Language):
		return placed{vrel: base, key: base}, true // x.fr.md on a French site is x
	case cfg.Translated(suffix):
		return placed{lang: suffix, vrel: suffix + "/" + base, key: base}, true
	}
	orig := path.Base(base)
	if len(cfg.Languages) > 0 {
		e.Diags.Add(diag.Warnf(e.Path, 0, "this is named as the translation (%s) of %s, but site.toml declares no language %s: it is left out", suffix, orig, suffix).
			WithHint("add [languages.%s] to site.toml to publish it under /%s/, or rename it without .%s", suffix, suffix, suffix))
		return placed{}, false
	}
	e.Diags.Add(diag.Warnf(e.Path, 0, "this is named as the translation (%s) of %s, but the site has only one language: it is left out", suffix, orig).
		WithHint("add [languages.%s] to site.toml to publish it under /%s/, or rename it without .%s to publish it as a page of its own (%s)",
			suffix, suffix, suffix, strings.TrimSuffix(orig, path.Ext(orig))+"-"+suffix+path.Ext(orig)))
	return placed{}, false
}

// placePage makes the page of e, named and placed by its path in its
// language's tree: a section's page (_index.md), a bundle's (index.md),
// or a page of its folder; a language's top folder is its home.
func (ld *Loader) placePage(e *File, pl placed) *page.Page {
	p := &page.Page{Meta: page.Meta{File: e.Path, Lang: pl.lang, TransKey: pl.key}}
	p.ID = strings.TrimPrefix(e.Path, ContentDir+"/")
	dir, name := path.Dir(pl.vrel), path.Base(pl.vrel)
	if dir == "." {
		dir = ""
	}
	top := dir == "" || pl.lang != "" && dir == pl.lang
	st := stem(name)
	switch {
	case st == "_index", readme(st), st == "index" && top:
		// A folder's README.md is its page, as VuePress, MkDocs and
		// GitHub have it (beside an _index.md, the build says which).
		// index.md at the top is the home page, as other tools have it.
		p.Kind = page.KindSection
		if top {
			p.Kind = page.KindHome
		}
		p.Dir = dir
	case st == "index":
		p.Kind = page.KindPage
		p.BundleDir = dir
		p.Dir = path.Dir(dir)
		if p.Dir == "." {
			p.Dir = ""
		}
	default:
		p.Kind = page.KindPage
		p.Dir = dir
	}
	p.Section = strings.SplitN(strings.TrimPrefix(strings.TrimPrefix(p.Dir, pl.lang), "/"), "/", 2)[0]
	if pl.lang == "" {
		p.Section = strings.SplitN(p.Dir, "/", 2)[0]
	}
	return p
}

// decodePage reads the page's fields (with those its sections give it)
// and, for an entry of a kind of section, the section's own fields into
// p.Extra.
func (ld *Loader) decodePage(e *File, p *page.Page, pl placed, fields []frontmatter.Field) {
	keys := ld.Keys
	sec := -1
	if p.Kind == page.KindPage {
		sec = ld.SectionOf(pl.key)
	}
	if sec >= 0 {
		keys = ld.SectionKeys[sec]
	}
	own := fields
	if p.Kind == page.KindPage {
		if in := ld.inherited(p.Dir, fields); len(in) > 0 {
			fields = append(in, fields...)
		}
	}
	p.Decode(fields, keys, &e.Diags)
	if p.Slug == "" && p.Kind == page.KindPage && p.BundleDir == "" && path.Base(pl.vrel) != path.Base(p.ID) {
		// x.fr.md on a French site is x, x.en.md is x in English.
		p.Slug = slug.Make(stem(pl.vrel))
	}
	if sec >= 0 {
		// A kit's or partner's own fields: those of its sections are not
		// cascaded into them.
		x, findings := ld.Sections[sec].Decode(e.Path, own, ld.Config, ld.Clock())
		e.Diags.Add(findings...)
		p.Extra = x
	}
}

// convertPage makes the page's HTML, table of contents, words, links and
// summary from its Markdown, with what is wrong in its text.
func (ld *Loader) convertPage(e *File, p *page.Page, doc frontmatter.Doc, conv *markdown.Converter) {
	body := doc.Body
	for _, sec := range ld.Sections {
		if c, ok := sec.(extension.TextChecker); ok && p.Section == sec.Folder() {
			e.Diags.Add(c.CheckText(p, body, doc.BodyStart)...)
		}
	}
	if fixed, line := markdown.WordBullets(body, doc.BodyStart); line > 0 {
		body = fixed
		e.Diags.Add(diag.Warnf(e.Path, line, "this line starts with a bullet pasted from a word processor (•): read as a list").InGroup("word bullet").
			WithHint("in Markdown a list item starts with « - » and a space: write - Texte"))
	}
	untitled := p.Title == "" && p.Kind == page.KindPage && !ld.OwnTitle(e.Path)
	res := conv.ConvertPage(body, doc.BodyStart, untitled, ld.rebase(e), func(html []byte) {
		if e.Tried != nil {
			e.Tried.HTML = bytes.Clone(html)
			return
		}
		p.Content = ld.Blobs.Put(html)
		p.ContentSum = maphash.Bytes(seed, html)
	})
	if untitled {
		// No empty <h1>, <title> or link in lists: its first heading, or
		// its file name.
		from := i18n.T("its first heading")
		p.Title = res.Title
		if p.Title == "" {
			from, p.Title = i18n.T("its file name"), titleFromFile(e.Path)
		}
		if ld.french(p.Lang) {
			p.Title = markdown.FrenchText(p.Title)
		}
		e.Diags.Add(diag.Warnf(e.Path, 1, "this page has no title: it takes %s, « %s »", from, p.Title).InGroup("no title").
			WithHint("add title: \"…\" to its front matter: it names the page in lists, tabs and search results"))
	}
	for _, ln := range res.Spaced {
		what, bang := i18n.T("this link"), ""
		if ln.Image {
			what, bang = i18n.T("this image"), "!"
		}
		e.Diags.Add(diag.Warnf(e.Path, ln.Line, "%s stays text: its address has spaces (%s)", what, ln.Dest).
			WithHint("put the address between < >: %s[%s](<%s>), or rename the file without spaces", bang, ln.Alt, ln.Dest))
	}
	if t := res.TemplateTag; t.Count > 0 {
		w := diag.Warnf(e.Path, t.Line, "%s is a template tag of another tool (Hugo, Jekyll, Eleventy): relais shows it as it is written", t.Text)
		if t.Count > 1 {
			w = diag.Warnf(e.Path, t.Line, "%s is a template tag of another tool (Hugo, Jekyll, Eleventy), and %d more further down: relais shows them as they are written", t.Text, t.Count-1)
		}
		e.Diags.Add(w.InGroup("template tag").
			WithHint("write what it does in Markdown: a link [text](/page/) for ref, the text itself for include, a quote (>) for a note"))
	}
	if res.RawHTML > 0 {
		e.Diags.Add(diag.Warnf(e.Path, res.RawHTML, "the raw HTML here, and any further down, is left out of the page: raw HTML is off").InGroup("raw HTML").
			WithHint("write it in Markdown, or, if the site's HTML can be trusted, set [markdown] unsafe = true in site.toml " +
				"(loads from other sites are still refused)"))
	}
	p.TOC = res.TOC
	p.Words = res.Words
	p.Links = res.Links
	p.Includes = res.Includes
	for _, ln := range res.Links {
		if ln.Image && ld.Priv.Foreign(ln.Dest) {
			e.Diags.Add(diag.Errorf(e.Path, ln.Line, "this image would be loaded from another site: %s", ln.Dest).
				WithHint(PrivacyHint))
		}
	}
	if p.Summary == "" {
		p.Summary = res.Summary
		if ld.french(p.Lang) {
			// As the text: lists, descriptions and feeds show it.
			p.Summary = markdown.FrenchText(p.Summary)
		}
	}
}

// french reports whether French typography applies to the pages of a
// language ("" for the site's own): to French text only.
func (ld *Loader) french(lang string) bool {
	return ld.Config.FrenchTypography() && (lang == "" || strings.HasPrefix(lang, "fr"))
}

func (e *File) RealPath() string {
	if e.Link != "" {
		return e.Link
	}
	return e.Path
}

// badUTF8 returns the line and column of the first byte that is not UTF-8.
func badUTF8(src []byte) (line, col int) {
	line, col = 1, 1
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
		src = src[size:]
	}
	return line, col
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// PrivacyHint says what to do about a load from another site.
const PrivacyHint = "a reader's visit would be known to that site: put a copy of the file in the site, " +
	"or, if that site can be trusted, allow its origin in site.toml: [privacy] allowedOrigins = [\"https://…\"]"

// parseSheet reads the entries of a spreadsheet (extension.SheetReader), a page
// each.
func (ld *Loader) parseSheet(e *File, r extension.SheetReader) {
	if e.Size > MaxPageSize {
		e.Diags.Add(diag.Errorf(e.Path, 0, "this spreadsheet is %d MB, more than the %d MB relais reads", e.Size>>20, MaxPageSize>>20).
			WithHint("a spreadsheet of partners holds a row per partner and weighs a few hundred KB: keep only the partners in it"))
		return
	}
	data, err := fs.ReadFile(ld.Source, e.RealPath())
	if err != nil {
		e.Diags.Add(diag.Errorf(e.Path, 0, "cannot read this file: %v", i18n.FileErr(err)))
		return
	}
	rows, findings := r.ReadSheet(e.Path, data, ld.Config, ld.Clock())
	e.Diags.Add(findings...)
	for _, p := range rows {
		if ld.Config.FrenchTypography() {
			// Titles and summaries appear in templates: same rules as
			// the text.
			p.Title = markdown.FrenchText(p.Title)
			p.Description = markdown.FrenchText(p.Description)
			p.Summary = p.Description
		}
	}
	e.Rows = rows
}

// cleanImage reads an image and keeps what it is published as: without
// its metadata (package imagemeta), unless the site keeps it on purpose.
// A photo that held a position or a name says so.
func (ld *Loader) cleanImage(e *File) {
	e.Pub = nil
	if e.Size > MaxImageSize {
		e.Diags.Add(diag.Errorf(e.Path, 0, "this image is %d MB, more than the %d MB relais publishes", e.Size>>20, MaxImageSize>>20).
			WithHint("make it smaller before adding it: a photo for the web needs no more than 2,000 pixels across " +
				"(any photo editor can export it smaller, as JPEG)"))
		return
	}
	data, err := fs.ReadFile(ld.Source, e.RealPath())
	if err != nil {
		e.Diags.Add(diag.Errorf(e.Path, 0, "cannot read this file: %v", i18n.FileErr(err)))
		return
	}
	var cache imagemeta.Cache
	if dir := ld.Cache("images"); dir != "" {
		cache = imagemeta.DirCache(dir)
	}
	im := scrub.CleanImage(e.Path, data, publish.Match(ld.Config.Images.KeepMetadata, e.Path), cache)
	e.Diags.Add(im.Findings...)
	if im.Out == nil {
		return
	}
	sum := sha256.Sum256(im.Out)
	e.Pub = &Published{Ref: ld.Images.Put(im.Out), Size: int64(len(im.Out)), Sum: hex.EncodeToString(sum[:]),
		Format: im.Format, W: im.W, H: im.H}
}

// fileSum is the SHA-256 (hex) of the bytes a file is published as. It
// is computed once per file, by reading it as a stream: kept on the entry
// while the file is unchanged, and in the cache folder by its path, size
// and time, so that the next build does not read a large file again.
func (ld *Loader) FileSum(e *File) string {
	if e.Pub != nil {
		return e.Pub.Sum
	}
	e.sumOnce.Do(func() {
		c := ld.Cache("sums")
		ph := fnv.New64a()
		ph.Write([]byte(e.Path))
		key := fmt.Sprintf("%016x-%016x", ph.Sum64(), e.Stamp)
		if b, ok := c.Get(key); ok && len(b) == 64 {
			e.sum = string(b)
			return
		}
		r, err := ld.Source.Open(e.RealPath())
		if err != nil {
			return
		}
		defer r.Close()
		h := sha256.New()
		if _, err := io.Copy(h, r); err != nil {
			return
		}
		e.sum = hex.EncodeToString(h.Sum(nil))
		c.Put(key, []byte(e.sum))
	})
	return e.sum
}

// openPublished opens the bytes a file is published as: an image's
// without metadata, any other file's as they are.
func (ld *Loader) OpenPublished(e *File) (io.ReadCloser, error) {
	if e.Pub != nil {
		return io.NopCloser(bytes.NewReader(ld.Images.Get(e.Pub.Ref))), ld.Images.Err()
	}
	return ld.Source.Open(e.RealPath())
}

// publishedSize is the size of what openPublished opens.
func (e *File) PublishedSize() int64 {
	if e.Pub != nil {
		return e.Pub.Size
	}
	return e.Size
}

// checkDocument publishes an Office or LibreOffice document without the
// names its properties carry, and warns of another (a PDF, a signed
// document) that carries one: that is published as it is (see
// imagemeta.CleanDocument for why).
func (ld *Loader) checkDocument(e *File) {
	e.Pub = nil
	if publish.Match(ld.Config.Images.KeepMetadata, e.Path) {
		return
	}
	f, err := ld.Source.Open(e.RealPath())
	if err != nil {
		e.Diags.Add(diag.Errorf(e.Path, 0, "cannot read this file: %v", i18n.FileErr(err)))
		return
	}
	defer f.Close()
	ra, ok := f.(io.ReaderAt)
	if !ok { // a file system without random access: read it, within reason
		if e.Size > 64<<20 {
			return
		}
		data, err := io.ReadAll(f)
		if err != nil {
			e.Diags.Add(diag.Errorf(e.Path, 0, "cannot read this file: %v", i18n.FileErr(err)))
			return
		}
		ra = bytes.NewReader(data)
	}
	// An Office or LibreOffice document is published without the names
	// in its properties; another is said.
	out, findings := scrub.CleanDocument(e.Path, ra, e.Size)
	e.Diags.Add(findings...)
	if out != nil {
		sum := sha256.Sum256(out)
		e.Pub = &Published{Ref: ld.Images.Put(out), Size: int64(len(out)), Sum: hex.EncodeToString(sum[:])}
	}
}

// rebase makes the relative addresses of a page lead where they lead from
// its file, as every Markdown editor shows them: a photo beside
// content/articles/x.md is content/articles/photo.jpg, which a browser
// would look for at /articles/x/photo.jpg. An address that names no file
// from there is left as written (read from the page's address, as other
// tools do). A bundle's index and a section's page are at their folder's
// address: nothing to rebase.
func (ld *Loader) rebase(e *File) markdown.Rebase {
	if !strings.HasPrefix(e.Path, ContentDir+"/") {
		return nil
	}
	n := stem(e.Path)
	folderPage := n == "index" || n == "_index" || readme(n)
	dir := path.Dir(e.Path)
	return func(dest string) (string, bool) {
		u, err := url.Parse(dest)
		if err != nil || u.Path == "" {
			return "", false
		}
		// x.html, as Jekyll and VuePress sites link their pages: the page
		// of x.md beside it, whose address relais makes.
		if ext := path.Ext(u.Path); ext == ".html" || ext == ".htm" {
			from := dir
			p := u.Path
			if strings.HasPrefix(p, "/") { // from the site's top
				from, p = ContentDir, ld.Config.SitePath(p)
			}
			md := path.Join(from, strings.TrimSuffix(p, ext)+".md")
			if f := ld.Files[md]; f != nil && f.IsMarkdown() {
				u.Path = strings.TrimPrefix(md, ContentDir)
				return u.String(), true
			}
		}
		if strings.HasPrefix(u.Path, "/") {
			return "", false // an address from the site's top: as written
		}
		if folderPage {
			return "", false // a folder's page is at its folder's address
		}
		target := path.Join(dir, u.Path)
		f := ld.Files[target]
		if f == nil || f.IsMarkdown() || !strings.HasPrefix(target, ContentDir+"/") {
			return "", false
		}
		u.Path = strings.TrimPrefix(target, ContentDir)
		return u.String(), true
	}
}

// titleFromFile makes a title from a page's file name ("mon-titre.md",
// or the folder of an index.md): words, the first with a capital.
func titleFromFile(p string) string {
	name := stem(p)
	if name == "index" {
		name = path.Base(path.Dir(p))
	}
	name = strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(name))
	if name == "" {
		return "Sans titre"
	}
	r, size := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[size:]
}

// Resizable reports an image relais publishes at its sizes (a JPEG or a
// PNG it could read).
func (e *File) Resizable() bool { return e != nil && e.Pub != nil && e.Pub.Format != "" }

// Out is where the file at p (its path in the site) is published, given
// the site's graph: static/ at the top, content/ files at their path,
// and the files of a page bundle beside the page, wherever its URL puts
// it.
func Out(g *graph.Graph, p string) string {
	if rel, ok := strings.CutPrefix(p, StaticDir+"/"); ok {
		return rel
	}
	rel := strings.TrimPrefix(p, ContentDir+"/")
	for d := path.Dir(rel); d != "." && d != ""; d = path.Dir(d) {
		if b := g.BundleAt(d); b != nil {
			return strings.TrimPrefix(b.URL, "/") + strings.TrimPrefix(rel, d+"/")
		}
	}
	return rel
}
