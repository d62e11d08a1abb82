package site

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
	"relais/internal/scrub"
	"relais/internal/sources"
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
	"relais/internal/slug"
)

// ContentDir and StaticDir are the folders of a site that hold pages and
// files published as they are.
const (
	ContentDir = page.ContentDir
	StaticDir  = page.StaticDir
	// MaxPageSize is the largest Markdown file relais reads as a page.
	MaxPageSize = 10 << 20
)

// sourceFile is one file of the site's content/ or static/ folder.
type sourceFile struct {
	path  string // relative to the site: "content/articles/x.md"
	link  string // the file the bytes come from, when path is a symlink
	size  int64
	stamp uint64 // size and modification time, to see a change
	mtime time.Time
	page  *page.Page
	rows  []*page.Page // the partners of a directory spreadsheet
	diags diag.List    // findings from reading this file
	// leftOut is set for a path that is not published: a link refused,
	// a special file; diags says why.
	leftOut bool
	// pub is what the file is published as when that differs from its
	// bytes: an image or a document without its metadata.
	pub *published
	// tried is set on an entry that Try reads: its bytes, and its HTML
	// once read, which the site's stores never hold.
	tried *tried
	// sum is the SHA-256 of the file (fileSum), made once.
	sumOnce sync.Once
	sum     string
}

// published are the bytes a file is published as, when they differ from
// the file's (an image or a document without its metadata), held in the
// site's image store.
type published struct {
	ref  blob.Ref
	size int64
	sum  string // SHA-256, hex
	// format ("jpeg" or "png") and size of an image relais can resize;
	// "" for others.
	format string
	w, h   int
}

// MaxImageSize is the largest image relais publishes.
const MaxImageSize = 20 << 20

// isImage reports an image file of the site, by its name.
func (e *sourceFile) isImage() bool {
	switch strings.ToLower(path.Ext(e.path)) {
	case ".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg":
		return true
	}
	return false
}

// isDocument reports a document whose properties may carry its author's
// name.
func (e *sourceFile) isDocument() bool {
	switch strings.ToLower(path.Ext(e.path)) {
	case ".pdf", ".odt", ".ods", ".odp", ".odg", ".docx", ".xlsx", ".pptx":
		return true
	}
	return false
}

// runsInBrowser reports a file that a browser shows as a document of its
// own, with the scripts it carries: SVG, XHTML, HTML.
func (e *sourceFile) runsInBrowser() bool {
	switch strings.ToLower(path.Ext(e.path)) {
	case ".svg", ".xhtml", ".xht", ".html", ".htm":
		return true
	}
	return false
}

// checkActive refuses a file published as it is that would run a script
// from the site's address, unless site.toml lists it on purpose; it
// reports whether the file may go on.
func (s *Site) checkActive(e *sourceFile) bool {
	if publish.Match(s.cfg.Publish.Scripts, e.path) {
		return true
	}
	data, err := fs.ReadFile(s.opts.Source, s.realPath(e))
	if err != nil {
		e.diags.Add(diag.Errorf(e.path, 0, "cannot read this file: %v", i18n.FileErr(err)))
		return false
	}
	a := privacy.ActiveContent(e.path, data)
	if a == nil {
		return true
	}
	e.diags.Add(diag.Errorf(e.path, a.Line, "this file would run code in the reader's browser (%s), from the site's own address", a.What).
		WithHint("remove it from the file; if it is meant to run, list the file in site.toml: [publish] scripts = [\"%s\"]", e.path))
	return false
}

func (e *sourceFile) isPage() bool { return e.page != nil || e.rows != nil }

// pages are the pages read from the file: one, or a spreadsheet's rows.
func (e *sourceFile) pages() []*page.Page {
	if e.page != nil {
		return []*page.Page{e.page}
	}
	return e.rows
}

// sheetOf is the section that reads e as a spreadsheet of its entries
// (extension.SheetReader), or nil: such a file is read, never published.
func (s *Site) sheetOf(e *sourceFile) extension.SheetReader {
	rel, ok := strings.CutPrefix(e.path, ContentDir+"/")
	if !ok {
		return nil
	}
	for _, sec := range s.sectionKinds() {
		if r, ok := sec.(extension.SheetReader); ok && r.Sheet(rel) {
			return r
		}
	}
	return nil
}

// isMarkdown reports a Markdown file of content/: a page, or a page that
// could not be read. Other files, static/ included, are published as they
// are.
func (e *sourceFile) isMarkdown() bool {
	return strings.HasPrefix(e.path, ContentDir+"/") && page.IsMarkdownName(e.path)
}

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
	return lang, languageCodes[lang]
}

// languageCodes are the language codes that name translations.
var languageCodes = map[string]bool{"fr": true, "en": true, "de": true, "es": true, "it": true, "pt": true, "ar": true,
	"nl": true, "ru": true, "tr": true, "pl": true, "ro": true, "zh": true, "uk": true, "fa": true, "ps": true, "ta": true,
	"wo": true, "ber": true}

// Ignored reports names that are not part of a site and are never
// published (package sources).
func Ignored(name string) bool { return sources.Ignored(name) }

// walk lists the files at root in fsys (package sources), a finding kept
// with each path left out.
func walk(fsys fs.FS, root, out string) []*sourceFile {
	var list []*sourceFile
	for _, f := range sources.Walk(fsys, root, out) {
		if f.Finding != nil {
			list = append(list, &sourceFile{path: f.Path, diags: diag.List{f.Finding}, leftOut: true})
			continue
		}
		list = append(list, &sourceFile{path: f.Path, link: f.Link, size: f.Size, stamp: f.Stamp, mtime: f.ModTime})
	}
	return list
}

func isAncestor(a, b string) bool { return sources.IsAncestor(a, b) }

// parseAll reads and parses the files. Section pages go first: the
// fields they cascade are part of the pages below them, which are read
// again when those fields change.
func (s *Site) parseAll(ents []*sourceFile) {
	var secs, rest []*sourceFile
	for _, e := range ents {
		if e.isSectionFile() {
			secs = append(secs, e)
		} else {
			rest = append(rest, e)
		}
	}
	s.parseEach(secs)
	if dirs := s.updateCascades(); len(dirs) > 0 {
		in := make(map[*sourceFile]bool, len(rest))
		for _, e := range rest {
			in[e] = true
		}
		for _, e := range s.files {
			if in[e] || !e.isMarkdown() || e.isSectionFile() || e.leftOut {
				continue
			}
			for _, d := range dirs {
				if isAncestor(path.Join(ContentDir, d), e.path) {
					s.gen++
					e.stamp ^= s.gen * 0x9e3779b97f4a7c15 // changed, as a file edited
					// Read again as an edited file is: what its last
					// reading found (a warning) must not keep it from
					// being read (parseEach reads a file without findings).
					e.diags = nil
					rest = append(rest, e)
					break
				}
			}
		}
	}
	s.parseEach(rest)
	for _, e := range ents {
		for _, p := range e.pages() {
			p.Num = s.graph.Num(p.ID)
		}
	}
}

// isSectionFile reports a section's page: _index.md, or index.md at the
// top.
func (e *sourceFile) isSectionFile() bool {
	if !e.isMarkdown() {
		return false
	}
	st := stem(e.path)
	if lang, ok := translationOf(e.path); ok {
		st = strings.TrimSuffix(st, "."+lang)
	}
	return st == "_index" || st == "index" && path.Dir(e.path) == ContentDir
}

// updateCascades sets the fields each section cascades from the section
// pages read, and returns the folders where they changed.
func (s *Site) updateCascades() []string {
	now := map[string][]frontmatter.Field{}
	for _, e := range s.files {
		if e.page != nil && len(e.page.Cascade) > 0 && e.isSectionFile() {
			now[e.page.Dir] = e.page.Cascade
		}
	}
	var changed []string
	for d, c := range now {
		if fmt.Sprintf("%#v", c) != fmt.Sprintf("%#v", s.cascades[d]) {
			changed = append(changed, d)
		}
	}
	for d := range s.cascades {
		if now[d] == nil {
			changed = append(changed, d)
		}
	}
	s.cascades = now
	return changed
}

// inherited are the fields the sections above a page in folder dir
// cascade to it that its own fields do not set: the nearest section's
// wins, and params are given one by one. The farthest come first, so
// that what is nearer, and the page's own, are decoded after them.
func (s *Site) inherited(dir string, own []frontmatter.Field) []frontmatter.Field {
	if len(s.cascades) == 0 {
		return nil
	}
	set := map[string]bool{}
	for _, f := range own {
		set[strings.ToLower(f.Key)] = true
	}
	var levels [][]frontmatter.Field
	for d := dir; ; d = graph.ParentDir(d) {
		var level []frontmatter.Field
		for _, f := range s.cascades[d] {
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
func (s *Site) parseEach(ents []*sourceFile) {
	work := make(chan *sourceFile)
	var wg sync.WaitGroup
	// Twice as many workers as cores: reading a file and storing its
	// HTML wait on the system, and another worker converts meanwhile
	// (10,000 pages: 2.8 s to 2.55 s).
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e := range work {
				s.parse(e)
			}
		}()
	}
	limit := int64(s.cfg.Publish.LargeFileMB) << 20
	for _, e := range ents {
		if (e.isMarkdown() || s.sheetOf(e) != nil || e.isImage() || e.isDocument() || e.runsInBrowser()) && len(e.diags) == 0 {
			work <- e
		} else if e.size > limit && !e.leftOut {
			e.diags.Add(diag.Warnf(e.path, 0, "this file is %d MB: every reader who downloads it, or the kit that holds it, waits for all of it", e.size>>20).
				WithHint("make it lighter (a video can be exported smaller), or link to where it is hosted; [publish] largeFileMB in site.toml sets this limit"))
		}
	}
	close(work)
	wg.Wait()
}

// parse reads one Markdown file into e.page, with its findings in e.diags.
func (s *Site) parse(e *sourceFile) {
	e.diags = nil
	e.page, e.rows = nil, nil
	defer func() {
		// No input may crash the generator: report the file instead.
		if r := recover(); r != nil {
			e.page = nil
			e.diags.Add(diag.Errorf(e.path, 0, "relais failed on this file (%v)", r).
				WithHint("this is a bug in relais; please report it with the file"))
		}
	}()
	if r := s.sheetOf(e); r != nil {
		s.parseSheet(e, r)
		return
	}
	if e.runsInBrowser() && (!s.checkActive(e) || !e.isImage()) {
		return // published as it is, or refused; an SVG is cleaned below
	}
	if e.isImage() {
		s.cleanImage(e)
		return
	}
	if e.isDocument() {
		s.checkDocument(e)
		return
	}
	lang, translated := translationOf(e.path)
	if translated && !strings.EqualFold(lang, s.cfg.Language) {
		orig := strings.TrimSuffix(stem(e.path), "."+lang) + path.Ext(e.path)
		e.diags.Add(diag.Warnf(e.path, 0, "this is named as the translation (%s) of %s: relais does not publish translations yet, so it is left out", lang, orig).
			WithHint("to publish it as a page of its own, rename it without .%s (such as %s-%s%s)", lang, strings.TrimSuffix(stem(e.path), "."+lang), lang, path.Ext(e.path)))
		return
	}
	if e.size > MaxPageSize {
		e.diags.Add(diag.Errorf(e.path, 0, "this Markdown file is %d MB, more than the %d MB a page may be",
			e.size>>20, MaxPageSize>>20).
			WithHint("split it into several pages; large documents belong beside a page as downloads (PDF, ODT)"))
		return
	}
	src, ok := s.readPage(e)
	if !ok {
		return
	}
	doc, err := frontmatter.Split(e.path, src)
	if err != nil {
		e.diags.AddErr(e.path, err)
		return
	}
	fields, err := frontmatter.Parse(e.path, doc)
	if err != nil {
		e.diags.AddErr(e.path, err)
		return
	}
	switch line, limit := markdown.Limits(doc.Body, doc.BodyStart); limit {
	case markdown.Nesting:
		e.diags.Add(diag.Errorf(e.path, line, "lists or quotes (>) are nested here more than %d levels deep", markdown.MaxNesting).
			WithHint("this is surely a mistake: remove the spaces, - or > at the start of the line"))
		return
	case markdown.Links:
		e.diags.Add(diag.Errorf(e.path, line, "this paragraph opens more than %d links", markdown.MaxLinks).
			WithHint("this is surely a mistake: check the ]( of the links, or split the paragraph"))
		return
	case markdown.Columns:
		e.diags.Add(diag.Errorf(e.path, line, "this table has more than %d columns", markdown.MaxColumns).
			WithHint("split it into several tables, or put the data in a spreadsheet beside the page"))
		return
	}
	p, rel := s.placePage(e, lang, translated)
	s.decodePage(e, p, rel, fields, lang, translated)
	// Markdown in a title ([RGAA](…), *mot*) is its text: a title is shown
	// in <title>, lists and feeds, where links and emphasis have no place.
	p.Title = s.conv.InlineText(p.Title)
	if s.cfg.FrenchTypography() {
		// Titles and summaries appear in templates: same rules as the text.
		p.Title = markdown.FrenchText(p.Title)
		p.Description = markdown.FrenchText(p.Description)
		p.Summary = markdown.FrenchText(p.Summary)
	}
	s.convertPage(e, p, doc)
	e.page = p
}

// readPage reads the Markdown file of e, or says in e.diags why it
// cannot be a page (too large, not UTF-8 text, empty).
func (s *Site) readPage(e *sourceFile) ([]byte, bool) {
	var src []byte
	var err error
	if e.tried != nil {
		src = e.tried.src
	} else if src, err = fs.ReadFile(s.opts.Source, s.realPath(e)); err != nil {
		e.diags.Add(diag.Errorf(e.path, 0, "cannot read this file: %v", i18n.FileErr(err)))
		return nil, false
	}
	if len(src) > MaxPageSize {
		e.diags.Add(diag.Errorf(e.path, 0, "this Markdown file is more than %d MB", MaxPageSize>>20))
		return nil, false
	}
	if !utf8.Valid(src) {
		line, col := badUTF8(src)
		e.diags.Add((&diag.Finding{File: e.path, Line: line, Col: col}).Say("this file is not UTF-8 text: the character here cannot be read").
			WithHint("save the file as UTF-8 in your editor (« Enregistrer sous », encodage UTF-8)"))
		return nil, false
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(src, []byte("\ufeff")))) == 0 {
		e.diags.Add(diag.Errorf(e.path, 1, "this file is empty").
			WithHint("write the page (at least a title in front matter), or delete the file"))
		return nil, false
	}
	return src, true
}

// placePage makes the page of e, named and placed by its path: a
// section's page (_index.md), a bundle's (index.md), or a page of its
// folder. rel is its path under content/.
func (s *Site) placePage(e *sourceFile, lang string, translated bool) (*page.Page, string) {
	p := &page.Page{Meta: page.Meta{File: e.path}}
	rel := strings.TrimPrefix(e.path, ContentDir+"/")
	p.ID = rel
	dir, name := path.Dir(rel), path.Base(rel)
	if dir == "." {
		dir = ""
	}
	st := stem(name)
	if translated {
		st = strings.TrimSuffix(st, "."+lang) // _index.fr.md on a French site
	}
	switch {
	case st == "_index", st == "index" && dir == "":
		// index.md at the top is the home page, as other tools have it.
		p.Kind = page.KindSection
		if dir == "" {
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
	p.Section = strings.SplitN(p.Dir, "/", 2)[0]
	return p, rel
}

// decodePage reads the page's fields (with those its sections give it)
// and, for an entry of a kind of section, the section's own fields into
// p.Extra.
func (s *Site) decodePage(e *sourceFile, p *page.Page, rel string, fields []frontmatter.Field, lang string, translated bool) {
	keys := s.keys.page
	sec := -1
	if p.Kind == page.KindPage {
		sec = s.sectionOf(rel)
	}
	if sec >= 0 {
		keys = s.keys.sections[sec]
	}
	own := fields
	if p.Kind == page.KindPage {
		if in := s.inherited(p.Dir, fields); len(in) > 0 {
			fields = append(in, fields...)
		}
	}
	p.Decode(fields, keys, &e.diags)
	if translated && p.Slug == "" {
		// x.fr.md on a French site is x.
		p.Slug = slug.Make(strings.TrimSuffix(stem(e.path), "."+lang))
	}
	if sec >= 0 {
		// A kit's or partner's own fields: those of its sections are not
		// cascaded into them.
		x, findings := s.sectionKinds()[sec].Decode(e.path, own, s.cfg, s.clock())
		e.diags.Add(findings...)
		p.Extra = x
	}
}

// convertPage makes the page's HTML, table of contents, words, links and
// summary from its Markdown, with what is wrong in its text.
func (s *Site) convertPage(e *sourceFile, p *page.Page, doc frontmatter.Doc) {
	body := doc.Body
	for _, sec := range s.sectionKinds() {
		if c, ok := sec.(extension.TextChecker); ok && p.Section == sec.Folder() {
			e.diags.Add(c.CheckText(p, body, doc.BodyStart)...)
		}
	}
	if fixed, line := markdown.WordBullets(body, doc.BodyStart); line > 0 {
		body = fixed
		e.diags.Add(diag.Warnf(e.path, line, "this line starts with a bullet pasted from a word processor (•): read as a list").
			WithHint("in Markdown a list item starts with « - » and a space: write - Texte"))
	}
	untitled := p.Title == "" && p.Kind == page.KindPage && !s.ownTitle(e.path)
	res := s.conv.ConvertPage(body, doc.BodyStart, untitled, s.rebase(e), func(html []byte) {
		if e.tried != nil {
			e.tried.html = bytes.Clone(html)
			return
		}
		p.Content = s.blobs.Put(html)
		p.ContentSum = maphash.Bytes(hashSeed, html)
	})
	if untitled {
		// No empty <h1>, <title> or link in lists: its first heading, or
		// its file name.
		from := i18n.T("its first heading")
		p.Title = res.Title
		if p.Title == "" {
			from, p.Title = i18n.T("its file name"), titleFromFile(e.path)
		}
		if s.cfg.FrenchTypography() {
			p.Title = markdown.FrenchText(p.Title)
		}
		e.diags.Add(diag.Warnf(e.path, 1, "this page has no title: it takes %s, « %s »", from, p.Title).
			WithHint("add title: \"…\" to its front matter: it names the page in lists, tabs and search results"))
	}
	for _, ln := range res.Spaced {
		what, bang := i18n.T("this link"), ""
		if ln.Image {
			what, bang = i18n.T("this image"), "!"
		}
		e.diags.Add(diag.Warnf(e.path, ln.Line, "%s stays text: its address has spaces (%s)", what, ln.Dest).
			WithHint("put the address between < >: %s[%s](<%s>), or rename the file without spaces", bang, ln.Alt, ln.Dest))
	}
	if t := res.TemplateTag; t.Count > 0 {
		more := ""
		if t.Count > 1 {
			more = fmt.Sprintf(" (and %d more further down)", t.Count-1)
		}
		e.diags.Add(diag.Warnf(e.path, t.Line, "%s is a template tag of another tool (Hugo, Jekyll, Eleventy)%s: relais shows it as it is written", t.Text, more).
			WithHint("write what it does in Markdown: a link [text](/page/) for ref, the text itself for include, a quote (>) for a note"))
	}
	if res.RawHTML > 0 {
		e.diags.Add(diag.Warnf(e.path, res.RawHTML, "the raw HTML here, and any further down, is left out of the page: raw HTML is off").
			WithHint("write it in Markdown, or, if the site's HTML can be trusted, set [markdown] unsafe = true in site.toml " +
				"(loads from other sites are still refused)"))
	}
	p.TOC = res.TOC
	p.Words = res.Words
	p.Links = res.Links
	p.Includes = res.Includes
	for _, ln := range res.Links {
		if ln.Image && s.priv.Foreign(ln.Dest) {
			e.diags.Add(diag.Errorf(e.path, ln.Line, "this image would be loaded from another site: %s", ln.Dest).
				WithHint(privacyHint))
		}
	}
	if p.Summary == "" {
		p.Summary = res.Summary
		if s.cfg.FrenchTypography() {
			// As the text: lists, descriptions and feeds show it.
			p.Summary = markdown.FrenchText(p.Summary)
		}
	}
}

func (s *Site) realPath(e *sourceFile) string {
	if e.link != "" {
		return e.link
	}
	return e.path
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

// privacyHint says what to do about a load from another site.
const privacyHint = "a reader's visit would be known to that site: put a copy of the file in the site, " +
	"or, if that site can be trusted, allow its origin in site.toml: [privacy] allowedOrigins = [\"https://…\"]"

// parseSheet reads the entries of a spreadsheet (extension.SheetReader), a page
// each.
func (s *Site) parseSheet(e *sourceFile, r extension.SheetReader) {
	if e.size > MaxPageSize {
		e.diags.Add(diag.Errorf(e.path, 0, "this spreadsheet is %d MB, more than the %d MB relais reads", e.size>>20, MaxPageSize>>20).
			WithHint("a spreadsheet of partners holds a row per partner and weighs a few hundred KB: keep only the partners in it"))
		return
	}
	data, err := fs.ReadFile(s.opts.Source, s.realPath(e))
	if err != nil {
		e.diags.Add(diag.Errorf(e.path, 0, "cannot read this file: %v", i18n.FileErr(err)))
		return
	}
	rows, findings := r.ReadSheet(e.path, data, s.cfg, s.clock())
	e.diags.Add(findings...)
	for _, p := range rows {
		if s.cfg.FrenchTypography() {
			// Titles and summaries appear in templates: same rules as
			// the text.
			p.Title = markdown.FrenchText(p.Title)
			p.Description = markdown.FrenchText(p.Description)
			p.Summary = p.Description
		}
	}
	e.rows = rows
}

// cleanImage reads an image and keeps what it is published as: without
// its metadata (package imagemeta), unless the site keeps it on purpose.
// A photo that held a position or a name says so.
func (s *Site) cleanImage(e *sourceFile) {
	e.pub = nil
	if e.size > MaxImageSize {
		e.diags.Add(diag.Errorf(e.path, 0, "this image is %d MB, more than the %d MB relais publishes", e.size>>20, MaxImageSize>>20).
			WithHint("make it smaller before adding it: a photo for the web needs no more than 2,000 pixels across " +
				"(any photo editor can export it smaller, as JPEG)"))
		return
	}
	data, err := fs.ReadFile(s.opts.Source, s.realPath(e))
	if err != nil {
		e.diags.Add(diag.Errorf(e.path, 0, "cannot read this file: %v", i18n.FileErr(err)))
		return
	}
	var cache imagemeta.Cache
	if dir := s.cache("images"); dir != "" {
		cache = imagemeta.DirCache(dir)
	}
	im := scrub.CleanImage(e.path, data, publish.Match(s.cfg.Images.KeepMetadata, e.path), cache)
	e.diags.Add(im.Findings...)
	if im.Out == nil {
		return
	}
	sum := sha256.Sum256(im.Out)
	e.pub = &published{ref: s.images.Put(im.Out), size: int64(len(im.Out)), sum: hex.EncodeToString(sum[:]),
		format: im.Format, w: im.W, h: im.H}
}

// fileSum is the SHA-256 (hex) of the bytes a file is published as. It
// is computed once per file, by reading it as a stream: kept on the entry
// while the file is unchanged, and in the cache folder by its path, size
// and time, so that the next build does not read a large file again.
func (s *Site) fileSum(e *sourceFile) string {
	if e.pub != nil {
		return e.pub.sum
	}
	e.sumOnce.Do(func() {
		c := s.cache("sums")
		ph := fnv.New64a()
		ph.Write([]byte(e.path))
		key := fmt.Sprintf("%016x-%016x", ph.Sum64(), e.stamp)
		if b, ok := c.Get(key); ok && len(b) == 64 {
			e.sum = string(b)
			return
		}
		r, err := s.opts.Source.Open(s.realPath(e))
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
func (s *Site) openPublished(e *sourceFile) (io.ReadCloser, error) {
	if e.pub != nil {
		return io.NopCloser(bytes.NewReader(s.images.Get(e.pub.ref))), s.images.Err()
	}
	return s.opts.Source.Open(s.realPath(e))
}

// publishedSize is the size of what openPublished opens.
func (e *sourceFile) publishedSize() int64 {
	if e.pub != nil {
		return e.pub.size
	}
	return e.size
}

// checkDocument publishes an Office or LibreOffice document without the
// names its properties carry, and warns of another (a PDF, a signed
// document) that carries one: that is published as it is (see
// imagemeta.CleanDocument for why).
func (s *Site) checkDocument(e *sourceFile) {
	e.pub = nil
	if publish.Match(s.cfg.Images.KeepMetadata, e.path) {
		return
	}
	f, err := s.opts.Source.Open(s.realPath(e))
	if err != nil {
		e.diags.Add(diag.Errorf(e.path, 0, "cannot read this file: %v", i18n.FileErr(err)))
		return
	}
	defer f.Close()
	ra, ok := f.(io.ReaderAt)
	if !ok { // a file system without random access: read it, within reason
		if e.size > 64<<20 {
			return
		}
		data, err := io.ReadAll(f)
		if err != nil {
			e.diags.Add(diag.Errorf(e.path, 0, "cannot read this file: %v", i18n.FileErr(err)))
			return
		}
		ra = bytes.NewReader(data)
	}
	// An Office or LibreOffice document is published without the names
	// in its properties; another is said.
	out, findings := scrub.CleanDocument(e.path, ra, e.size)
	e.diags.Add(findings...)
	if out != nil {
		sum := sha256.Sum256(out)
		e.pub = &published{ref: s.images.Put(out), size: int64(len(out)), sum: hex.EncodeToString(sum[:])}
	}
}

// rebase makes the relative addresses of a page lead where they lead from
// its file, as every Markdown editor shows them: a photo beside
// content/articles/x.md is content/articles/photo.jpg, which a browser
// would look for at /articles/x/photo.jpg. An address that names no file
// from there is left as written (read from the page's address, as other
// tools do). A bundle's index and a section's page are at their folder's
// address: nothing to rebase.
func (s *Site) rebase(e *sourceFile) markdown.Rebase {
	if n := stem(e.path); n == "index" || n == "_index" || !strings.HasPrefix(e.path, ContentDir+"/") {
		return nil
	}
	dir := path.Dir(e.path)
	return func(dest string) (string, bool) {
		u, err := url.Parse(dest)
		if err != nil || u.Path == "" {
			return "", false
		}
		target := path.Join(dir, u.Path)
		f := s.files[target]
		if f == nil || f.isMarkdown() || !strings.HasPrefix(target, ContentDir+"/") {
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
