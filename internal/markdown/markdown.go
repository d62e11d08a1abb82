// Package markdown turns a page's Markdown into HTML with goldmark, and
// reads from the same syntax tree what templates and lists need: the table
// of contents, a plain-text summary, the word count and the links.
//
// # Extensions
//
// GitHub Flavored Markdown (tables, strikethrough, autolinks, task lists;
// see strict.go for how tables and task boxes stay within the
// Content-Security-Policy and accessible),
// footnotes, definition lists, the typographer, attributes ({#id .class})
// and heading ids. Everything relais adds goes through goldmark's own
// extension points:
//
//   - code blocks are highlighted by chroma with CSS classes (never inline
//     styles, which a strict Content-Security-Policy forbids), by a node
//     renderer; Stylesheet writes the matching CSS;
//   - heading ids are made by an IDs generator that folds French accents
//     and keeps ids unique within a page;
//   - root-relative link and image destinations get the site's base path
//     (a site served under https://example.org/iscg/), by an AST
//     transformer, which also records every link with its line for checks;
//   - French typography is an AST transformer on text nodes (see french.go).
//
// Raw HTML is left out unless Options.Unsafe is set.
package markdown

import (
	"bufio"
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"relais/internal/slug"
)

// Options configure a Converter.
type Options struct {
	// Unsafe lets raw HTML through.
	Unsafe bool
	// BasePath is prefixed to root-relative links ("/iscg/"); "" or "/"
	// leaves them as they are.
	BasePath string
	// French turns on French typography.
	French bool
	// Language is the site's language ("fr", "en"): the words the text
	// gets from relais (a callout's title) are in it, French typography
	// or not.
	Language string
	// SummaryWords is the length of a summary made from the text.
	SummaryWords int
	// RightToLeft is set for a site written right to left (Arabic):
	// blocks that start in a left-to-right script are marked so
	// (direction), as right-to-left ones are on other sites.
	RightToLeft bool
	// noRuns leaves numbers in text laid out from the right as they
	// are (isolateNumbers): the reference FuzzRightToLeft compares with.
	noRuns bool
	// ASCIIHeadingIDs removes accents from heading ids, as Hugo's
	// "github-ascii" does ("contexte-general" for « Contexte général »).
	ASCIIHeadingIDs bool
	// HighlightCacheBytes bounds the memory of the cache of highlighted
	// code blocks; 0 is 4 MB.
	HighlightCacheBytes int
	// Marks marks images, links to Markdown files and includes in the
	// HTML (marks.go), for the site to complete them as it renders.
	Marks bool
}

// Heading is an entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Link is a link or image destination found in the Markdown.
type Link struct {
	Dest  string // as written, before the base path is added
	Line  int    // line in the whole file
	Image bool
	Auto  bool   // an autolink (<https://…> or a bare URL), whose text is the URL
	Alt   string // image alt text, or link text
	// Raw is set for a link of raw HTML (an <a href>, an <img src>), read
	// when raw HTML is published: its text is not known.
	Raw bool
	// Alone is set on an image that is all a link holds, and on that
	// link: the image's alt text is the link's name.
	Alone bool
}

// TagAt is the first template tag of another tool a page holds.
type TagAt struct {
	Line  int
	Text  string
	Count int // how many the page holds
}

// Result is what Convert reads from one page.
type Result struct {
	// TemplateTag is the first of the other tools' template tags the page
	// holds ({{< ref >}}, {% include %}): shown as text, left untouched.
	TemplateTag TagAt
	// Includes are the pages the page includes (![[file.md]]), with their
	// lines.
	Includes []Link
	HTML     []byte
	TOC      []Heading
	Words    int
	Summary  string // plain text
	Links    []Link
	IDs      []string // every id given to a heading
	MoreMark bool     // the summary was cut at <!--more-->
	// RawHTML is the line of the first raw HTML that was left out
	// (Options.Unsafe is off), comments aside; 0 when none was.
	RawHTML int
	// Spaced are links and images that stayed text because their address
	// has spaces (![x](/images/Photo du bureau.png)).
	Spaced []Link
	// Title is the text of the heading the page starts with, taken out of
	// the page, when ConvertPage is asked for it.
	Title string
}

// outBuf is a buffer to render into, with the buffered writer goldmark
// wants (it makes one per call otherwise).
type outBuf struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

// Converter converts Markdown. It is safe for concurrent use.
type Converter struct {
	md   goldmark.Markdown
	opts Options
	bufs sync.Pool
}

// New returns a Converter with opts.
func New(opts Options) *Converter {
	if opts.SummaryWords <= 0 {
		opts.SummaryWords = 60
	}
	var rOpts []renderer.Option
	if opts.Unsafe {
		rOpts = append(rOpts, html.WithUnsafe())
	}
	// The typographer's characters themselves, not HTML entities: text
	// taken from the tree (summaries, descriptions, search) is plain
	// text, where « &hellip; » would be shown as it is.
	subs := map[extension.TypographicPunctuation]string{
		extension.LeftDoubleQuote:  "“",
		extension.RightDoubleQuote: "”",
		extension.LeftSingleQuote:  "‘",
		extension.RightSingleQuote: "’",
		extension.Apostrophe:       "’",
		extension.EnDash:           "–",
		extension.EmDash:           "—",
		extension.Ellipsis:         "…",
		extension.LeftAngleQuote:   "«",
		extension.RightAngleQuote:  "»",
	}
	if opts.French {
		subs[extension.LeftDoubleQuote], subs[extension.RightDoubleQuote] = "«\u202f", "\u202f»"
	}
	typo := extension.NewTypographer(extension.WithTypographicSubstitutions(subs))
	transformers := []util.PrioritizedValue{util.Prioritized(&linkTransformer{}, 100),
		util.Prioritized(calloutTransformer{french: strings.HasPrefix(strings.ToLower(opts.Language), "fr") || opts.Language == "" && opts.French}, 200)}
	if opts.French {
		transformers = append(transformers, util.Prioritized(FrenchTypography{}, 999))
	}
	transformers = append(transformers, util.Prioritized(direction{rtl: opts.RightToLeft, noRuns: opts.noRuns}, 1001))
	md := goldmark.New(
		goldmark.WithExtensions(
			// GFM, with tables that align by class.
			templateTags{},
			callouts{french: strings.HasPrefix(strings.ToLower(opts.Language), "fr") || opts.Language == "" && opts.French},
			includes{marks: opts.Marks},
			quickLinkify{},
			answers{},
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough,
			extension.TaskList,
			strictCSP{},
			extension.Footnote,
			extension.DefinitionList,
			typo,
			foldedHeadings{},
			ltrRuns{},
			&highlighting{cacheBytes: opts.HighlightCacheBytes},
		),
		goldmark.WithParserOptions(
			parser.WithAttribute(),
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(transformers...),
		),
		goldmark.WithRendererOptions(rOpts...),
	)
	return &Converter{md: md, opts: opts}
}

var (
	basePathKey = parser.NewContextKey()
	rebaseKey   = parser.NewContextKey()
	linksKey    = parser.NewContextKey()
	rawKey      = parser.NewContextKey() // set when raw HTML is published
)

// Convert renders src, the body of a page whose first line is firstLine in
// its file. It never fails: goldmark renders any input.
func (c *Converter) Convert(src []byte, firstLine int) Result {
	return c.ConvertFunc(src, firstLine, nil)
}

// ConvertFunc is Convert for a caller that stores the HTML itself: it
// passes the HTML to keep, valid only during the call, instead of setting
// Result.HTML. A nil keep sets Result.HTML.
func (c *Converter) ConvertFunc(src []byte, firstLine int, keep func(html []byte)) Result {
	return c.ConvertPage(src, firstLine, false, nil, keep)
}

// A Rebase gives, for a relative address a page's Markdown writes (an
// image beside its file, "photo.jpg"), the address from the site's top
// that it means, when that differs from the one a browser would read
// from the page's own address; ok is false to leave it as written.
type Rebase func(dest string) (siteDest string, ok bool)

// ConvertPage is ConvertFunc; with takeTitle, a heading that starts the
// page is taken out of it and returned as Result.Title, for a page whose
// front matter has no title (so that it is not shown twice). rebase, if
// not nil, rewrites relative addresses as written from the page's file.
func (c *Converter) ConvertPage(src []byte, firstLine int, takeTitle bool, rebase Rebase, keep func(html []byte)) Result {
	if c.opts.Marks && bytes.IndexByte(src, 0) >= 0 {
		// NUL marks what the site completes (marks.go): none other may be
		// in the HTML. CommonMark makes it U+FFFD; code blocks kept it.
		src = bytes.ReplaceAll(src, []byte{0}, []byte("\uFFFD"))
	}
	doc, ids, links, tags, incs := c.parse(src, rebase)

	var res Result
	if takeTitle {
		if h, ok := doc.FirstChild().(*ast.Heading); ok {
			res.Title = strings.TrimSpace(plainText(h, src))
			doc.RemoveChild(doc, h)
		}
	}
	if len(links.items) > 0 {
		lines := newLineIndex(src, firstLine)
		for i := range links.items {
			links.items[i].Line = lines.line(links.offsets[i])
		}
	}
	res.Links = links.items
	res.IDs = ids.order
	if len(incs.files) > 0 {
		lines := newLineIndex(src, firstLine)
		for i, f := range incs.files {
			res.Includes = append(res.Includes, Link{Dest: f, Line: lines.line(incs.offsets[i])})
		}
	}
	if n := len(tags.offsets); n > 0 {
		lines := newLineIndex(src, firstLine)
		at := tags.offsets[0]
		m := templateTag.FindIndex(src[at:])
		res.TemplateTag = TagAt{Line: lines.line(at), Text: string(src[at : at+m[1]]), Count: n}
	}
	// What the page loses without a word, found in one walk: links that
	// stayed text, and raw HTML the renderer leaves out.
	spaced, raw := bytes.Contains(src, []byte("](")), !c.opts.Unsafe && bytes.IndexByte(src, '<') >= 0
	if spaced || raw {
		res.Spaced, res.RawHTML = leftovers(doc, src, firstLine, spaced, raw)
	}

	ob, _ := c.bufs.Get().(*outBuf)
	if ob == nil {
		ob = &outBuf{}
		ob.w = bufio.NewWriterSize(&ob.buf, 8<<10)
	}
	ob.buf.Reset()
	ob.w.Reset(&ob.buf)
	// Rendering into memory cannot fail on I/O; keep what was written.
	_ = c.md.Renderer().Render(ob.w, src, doc)
	_ = ob.w.Flush()
	if keep == nil {
		res.HTML = bytes.Clone(ob.buf.Bytes())
	} else {
		keep(ob.buf.Bytes())
	}
	c.bufs.Put(ob)

	res.TOC = toc(doc, src)
	res.Words, res.Summary, res.MoreMark = summarize(doc, src, c.opts.SummaryWords)
	return res
}

// parse parses src with the transformers of pages, returning the
// document and what they found.
func (c *Converter) parse(src []byte, rebase Rebase) (ast.Node, *headingIDs, *linkList, *tagList, *includeList) {
	ids := &headingIDs{used: map[string]bool{}, ascii: c.opts.ASCIIHeadingIDs}
	pctx := parser.NewContext(parser.WithIDs(ids))
	pctx.Set(basePathKey, c.opts.BasePath)
	if rebase != nil {
		pctx.Set(rebaseKey, rebase)
	}
	links := &linkList{}
	pctx.Set(linksKey, links)
	tags := &tagList{}
	pctx.Set(tagsKey, tags)
	incs := &includeList{}
	pctx.Set(includesKey, incs)
	if c.opts.Unsafe {
		pctx.Set(rawKey, true)
	}
	doc := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(pctx))
	return doc, ids, links, tags, incs
}

// Parse returns the syntax tree of a page's Markdown as ConvertPage
// renders it: French typography, callouts, includes (Include nodes) and
// links with the base path, for renderers other than HTML (a PDF).
func (c *Converter) Parse(src []byte) ast.Node {
	doc, _, _, _, _ := c.parse(src, nil)
	return doc
}

// toc lists the headings of levels 2 to 4.
func toc(doc ast.Node, src []byte) []Heading {
	var out []Heading
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok || h.Level < 2 || h.Level > 4 {
			continue
		}
		id, _ := h.AttributeString("id")
		idb, _ := id.([]byte)
		out = append(out, Heading{Level: h.Level, ID: string(idb), Text: plainText(h, src)})
	}
	return out
}

// InlineText is the text of s read as Markdown: "Le [RGAA](https://…)
// et *moi*" is "Le RGAA et moi". Text without Markdown's inline marks is
// returned as it is.
func (c *Converter) InlineText(s string) string {
	if !strings.ContainsAny(s, "[*_`<\\") {
		return s
	}
	src := []byte(s)
	doc := c.md.Parser().Parse(text.NewReader(src))
	var b strings.Builder
	walkText(doc, src, func(t []byte) { b.Write(t) })
	if t := strings.TrimSpace(b.String()); t != "" {
		return t
	}
	return s
}

// plainText returns the text of n and its descendants.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	walkText(n, src, func(t []byte) { b.Write(t) })
	return strings.TrimSpace(b.String())
}

var space = []byte{' '}

// walkText passes the text of n and its descendants to write, in order,
// where it lies in the source: text, code spans, a space for a line
// break; raw HTML left out.
func walkText(n ast.Node, src []byte, write func([]byte)) { walkTextNodes(n, src, write, nil) }

// walkTextNodes is walkText that also passes visit, when not nil, every
// other node as it enters and leaves it: a block starts a new word, an
// image's alt text lies between its entering and leaving.
func walkTextNodes(n ast.Node, src []byte, write func([]byte), visit func(c ast.Node, entering bool)) {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if visit != nil && c.Kind() != ast.KindText {
			visit(c, entering)
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				write(space)
			}
		case *ast.String:
			write(t.Value)
		case *ast.CodeSpan:
			for cc := t.FirstChild(); cc != nil; cc = cc.NextSibling() {
				if tt, ok := cc.(*ast.Text); ok {
					write(tt.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// summarize counts the words of the page and makes its summary: the text
// before a <!--more--> line, or else the first words of its text
// (paragraphs, lists, quotes, tables; not headings, code or the alt text
// of images, which would read as cut-off captions). It reads the text
// where it lies in the source, without copying it.
func summarize(doc ast.Node, src []byte, limit int) (words int, summary string, more bool) {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if hb, ok := n.(*ast.HTMLBlock); ok && isMoreMark(hb, src) {
			more = true
			break
		}
	}
	ws := wordSink{limit: limit}
	if more {
		ws.limit = -1
	}
	seenMore := false
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if hb, ok := n.(*ast.HTMLBlock); ok && isMoreMark(hb, src) {
			seenMore = true
			continue
		}
		keep := !seenMore && (more || proseBlock(n.Kind()))
		ws.keep = keep
		ws.inWord = false
		switch n.Kind() {
		case ast.KindFencedCodeBlock, ast.KindCodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				ws.write(seg.Value(src))
			}
		default:
			walkTextNodes(n, src, ws.write, func(c ast.Node, entering bool) {
				switch {
				case c.Kind() == ast.KindImage:
					ws.keep = keep && (more || !entering)
				case entering && c.Type() == ast.TypeBlock:
					ws.inWord = false // list items and table cells are words apart
				}
			})
		}
	}
	summary = string(ws.buf)
	if ws.cut {
		if !strings.HasSuffix(summary, ".") && !strings.HasSuffix(summary, "!") && !strings.HasSuffix(summary, "?") && !strings.HasSuffix(summary, "…") {
			summary += "…"
		}
	}
	return ws.count, summary, more
}

// proseBlock reports the blocks whose text a summary made from the first
// words is made of.
func proseBlock(k ast.NodeKind) bool {
	switch k {
	case ast.KindParagraph, ast.KindList, ast.KindBlockquote, east.KindTable, east.KindDefinitionList:
		return true
	}
	return false
}

// wordSink counts the words of the text written to it and, while keep is
// set, keeps them separated by single spaces, up to limit words (no limit
// if negative); cut tells that a word past the limit was left out.
type wordSink struct {
	count  int
	inWord bool
	keep   bool
	limit  int
	kept   int
	cut    bool
	buf    []byte
}

func (w *wordSink) write(b []byte) {
	for i := 0; i < len(b); {
		if !w.keep || w.cut {
			w.countWords(b[i:])
			return
		}
		space, size := spaceAt(b, i)
		if space {
			w.inWord = false
			i += size
			continue
		}
		if !w.inWord {
			w.inWord = true
			w.count++
			if w.limit >= 0 && w.kept == w.limit {
				w.cut = true
				continue // counted: the rest is only counted
			}
			if len(w.buf) > 0 {
				w.buf = append(w.buf, ' ')
			}
			w.kept++
		}
		w.buf = append(w.buf, b[i:i+size]...)
		i += size
	}
}

// countWords counts the words of b, keeping nothing: most of a page's text
// comes after its summary.
func (w *wordSink) countWords(b []byte) {
	in, n := w.inWord, w.count
	for i := 0; i < len(b); {
		if c := b[i]; c < utf8.RuneSelf {
			if asciiSpace[c] {
				in = false
			} else if !in {
				in = true
				n++
			}
			i++
			continue
		}
		space, size := spaceAt(b, i)
		if space {
			in = false
		} else if !in {
			in = true
			n++
		}
		i += size
	}
	w.inWord, w.count = in, n
}

// asciiSpace holds the ASCII characters unicode.IsSpace accepts.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// spaceAt reports whether the character at b[i] is a space, and how many
// bytes to step over. Only characters led by C2, E1, E2 or E3 may be
// non-ASCII spaces (U+0085, U+00A0, U+1680, U+2000 to U+205F, U+3000): the
// bytes of any other character are stepped over one by one, as parts of a
// word, which counts the same.
func spaceAt(b []byte, i int) (bool, int) {
	c := b[i]
	if c < utf8.RuneSelf {
		return asciiSpace[c], 1
	}
	if c != 0xC2 && (c < 0xE1 || c > 0xE3) {
		return false, 1
	}
	r, size := utf8.DecodeRune(b[i:])
	return unicode.IsSpace(r), size
}

func isMoreMark(hb *ast.HTMLBlock, src []byte) bool {
	return strings.TrimSpace(string(hb.Lines().Value(src))) == "<!--more-->"
}

// headingIDs makes heading ids from heading text as GitHub and Hugo do,
// so that anchors written for them keep working: letters (accents kept,
// or removed with ascii), digits and "_" lower-cased, each space and "-"
// a "-", anything else left out ("Smileys & Emotion" is
// "smileys--emotion", "Go's layout" "gos-layout"); unique within the page
// ("contexte", "contexte-1", …).
type headingIDs struct {
	ascii bool
	used  map[string]bool
	order []string
	// next is the suffix to try next for a base, so that many headings
	// with the same text take linear time, not quadratic.
	next map[string]int
}

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	base := HeadingID(string(value), h.ascii)
	if base == "" {
		base = "section"
	}
	id := base
	if h.used[id] {
		if h.next == nil {
			h.next = map[string]int{}
		}
		i := max(h.next[base], 1)
		for id = base + "-" + strconv.Itoa(i); h.used[id]; id = base + "-" + strconv.Itoa(i) {
			i++
		}
		h.next[base] = i + 1
	}
	h.used[id] = true
	h.order = append(h.order, id)
	return []byte(id)
}

// HeadingID is the id GitHub and Hugo give a heading of text s (Hugo's
// "github" kind, or "github-ascii" with ascii), before it is made unique.
func HeadingID(s string, ascii bool) string {
	if ascii {
		s = slug.RemoveAccents(s)
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case ascii && r >= utf8.RuneSelf:
		case r == '-' || r == ' ':
			b.WriteByte('-')
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func (h *headingIDs) Put(value []byte) {
	h.used[string(value)] = true
	h.order = append(h.order, string(value))
}

// lineIndex maps byte offsets of the body to lines of the whole file.
type lineIndex struct {
	starts []int
	first  int
}

func newLineIndex(src []byte, first int) lineIndex {
	starts := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		starts = append(starts, i)
	}
	return lineIndex{starts: starts, first: first}
}

func (l lineIndex) line(off int) int {
	lo, hi := 0, len(l.starts)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if l.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return l.first + lo
}

// MaxNesting is how deeply lists and block quotes may nest in a page: the
// parser's time grows with the cube of the depth, and no real page comes
// near it.
const MaxNesting = 100

// MaxLinks is how many link openings ("](") a paragraph may hold: the
// parser looks for the end of each to the end of the paragraph, so that
// many unclosed ones take time that grows with their square (20,000: 3 s;
// 80,000: 82 s).
const MaxLinks = 1000

// MaxColumns is how many columns a table may have: a table's memory grows
// with its columns times its rows (a 5,000-column table took 270 bytes a
// byte of text).
const MaxColumns = 100

// A Limit is which bound a page's text goes past.
type Limit int

const (
	NoLimit Limit = iota
	Nesting       // lists or quotes nested deeper than MaxNesting
	Links         // more than MaxLinks link openings in a paragraph
	Columns       // a table of more than MaxColumns columns
)

// Limits returns the first line of src (a page body starting at line
// first) that goes past a bound the parser needs, and which; it is read
// before the parser sees the text, in one pass:
//
//   - lists or block quotes nested deeper than MaxNesting: an indentation
//     of more than four columns a level, more quote marks, or more list
//     markers one after the other ("- - - x") at the start of the line;
//   - more than MaxLinks link openings in one paragraph;
//   - a table whose delimiter row has more than MaxColumns cells.
func Limits(src []byte, first int) (int, Limit) {
	line := first
	links := 0 // in the paragraph so far
	for len(src) > 0 {
		end := bytes.IndexByte(src, '\n')
		if end < 0 {
			end = len(src)
		}
		l := src[:end]
		if depth(l) > MaxNesting {
			return line, Nesting
		}
		if len(bytes.TrimSpace(l)) == 0 {
			links = 0
		} else if links += bytes.Count(l, []byte("](")); links > MaxLinks {
			return line, Links
		}
		if n := delimiterCells(l); n > MaxColumns {
			return line, Columns
		}
		if end == len(src) {
			break
		}
		src = src[end+1:]
		line++
	}
	return 0, NoLimit
}

// depth is how deeply the start of a line nests lists and quotes: quote
// marks, list markers one after the other, or a quarter of its
// indentation, whichever is most.
func depth(l []byte) int {
	col, quotes, markers := 0, 0, 0
	for i := 0; i < len(l); i++ {
		switch c := l[i]; {
		case c == ' ':
			col++
		case c == '\t':
			col += 4 - col%4
		case c == '>':
			quotes++
			col++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(l) && (l[i+1] == ' ' || l[i+1] == '\t'):
			markers++
			col++
		case c >= '0' && c <= '9':
			j := i
			for j < len(l) && j-i < 9 && l[j] >= '0' && l[j] <= '9' {
				j++
			}
			if j+1 < len(l) && (l[j] == '.' || l[j] == ')') && (l[j+1] == ' ' || l[j+1] == '\t') {
				markers++
				col += j - i + 1
				i = j
				continue
			}
			return max(quotes, markers, col/4)
		default:
			return max(quotes, markers, col/4)
		}
	}
	return max(quotes, markers, col/4)
}

// delimiterCells is how many cells a table's delimiter row has (| --- |
// :---: |), or 0 for another line. It allocates nothing: it runs on every
// line of every page.
func delimiterCells(l []byte) int {
	t := bytes.TrimSpace(l)
	if bytes.IndexByte(t, '|') < 0 || bytes.IndexByte(t, '-') < 0 {
		return 0
	}
	t = bytes.TrimSuffix(bytes.TrimPrefix(t, []byte("|")), []byte("|"))
	n := 0
	for len(t) > 0 || n == 0 {
		cell := t
		if i := bytes.IndexByte(t, '|'); i >= 0 {
			cell, t = t[:i], t[i+1:]
		} else {
			t = nil
		}
		cell = bytes.Trim(bytes.TrimSpace(cell), ":")
		if len(cell) == 0 || len(bytes.Trim(cell, "-")) > 0 {
			return 0
		}
		n++
	}
	return n
}

// wordBullets are the bullets Word and LibreOffice put before list items,
// which a copy and paste keeps as text. Each starts with the byte 0xE2 in
// UTF-8.
var wordBullets = []string{"•", "◦", "▪", "‣", "●", "○", "■", "□", "➢", "✓"}

// WordBullets rewrites lines that start with a bullet pasted from a word
// processor ("•\tTexte") as Markdown list items ("- Texte"), keeping every
// line where it was; it returns the first such line (in a body starting at
// line first), or 0.
func WordBullets(src []byte, first int) ([]byte, int) {
	var out []byte
	at := 0
	for i, line := 0, first; i < len(src); line++ {
		end := bytes.IndexByte(src[i:], '\n')
		if end < 0 {
			end = len(src) - i
		}
		l := src[i : i+end]
		indent := len(l) - len(bytes.TrimLeft(l, " "))
		rest := l[indent:]
		for _, b := range wordBullets {
			if len(rest) == 0 || rest[0] != 0xE2 { // every bullet's first byte in UTF-8
				break
			}
			if after, ok := bytes.CutPrefix(rest, []byte(b)); ok && len(after) > 0 && (after[0] == ' ' || after[0] == '\t') {
				if out == nil {
					out = make([]byte, 0, len(src))
					out = append(out, src[:i]...)
					at = line
				}
				out = append(out, l[:indent]...)
				out = append(out, "- "...)
				out = append(out, bytes.TrimLeft(after, " \t")...)
				l = nil
				break
			}
		}
		if out != nil && l != nil {
			out = append(out, l...)
		}
		i += end
		if i < len(src) {
			if out != nil {
				out = append(out, '\n')
			}
			i++
		}
	}
	if out == nil {
		return src, 0
	}
	return out, at
}

// spacedLink is a link or image whose address has a space: Markdown does
// not read it as a link, so it stays text.
var spacedLink = regexp.MustCompile(`(!?)\[([^\]\n]*)\]\(([^)<>\n]*[^)<>\s"'][ \t]+[^)<>\n"']*\.[A-Za-z0-9]{2,5})\)`)

// maybeSpacedLink reports whether line may hold a spacedLink: a "]("
// followed by a space or a tab before the next ")". The expression
// backtracks over every line; this look at its bytes lets almost every
// line go without it (it was a sixth of a build's time).
func maybeSpacedLink(line []byte) bool {
	for {
		i := bytes.Index(line, []byte("]("))
		if i < 0 {
			return false
		}
		line = line[i+2:]
		end := bytes.IndexByte(line, ')')
		if end < 0 {
			return false // no address ends on this line
		}
		if bytes.ContainsAny(line[:end], " \t") {
			return true
		}
		line = line[end:]
	}
}

// leftovers finds what a page loses without a word: with spaced, links
// and images left as text because their address has spaces (in the text
// of paragraphs and headings, not code); with raw, the line of the first
// raw HTML the renderer leaves out (comments and <!--more--> aside), or 0.
func leftovers(doc ast.Node, src []byte, firstLine int, spaced, raw bool) ([]Link, int) {
	var out []Link
	rawLine := 0
	var lines lineIndex
	lineOf := func(off int) int {
		if lines.starts == nil {
			lines = newLineIndex(src, firstLine)
		}
		return lines.line(off)
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.CodeSpan:
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			if raw && rawLine == 0 && t.HTMLBlockType != ast.HTMLBlockType2 && t.Lines().Len() > 0 { // not a comment
				rawLine = lineOf(t.Lines().At(0).Start)
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			if raw && rawLine == 0 && t.Segments.Len() > 0 {
				if seg := t.Segments.At(0); !bytes.HasPrefix(seg.Value(src), []byte("<!--")) {
					rawLine = lineOf(seg.Start)
				}
			}
		case *ast.Paragraph, *ast.Heading, *ast.TextBlock:
			if !spaced {
				break
			}
			segs := n.Lines()
			for i := range segs.Len() {
				seg := segs.At(i)
				line := src[seg.Start:seg.Stop]
				if !maybeSpacedLink(line) {
					continue
				}
				for _, m := range spacedLink.FindAllSubmatchIndex(line, -1) {
					out = append(out, Link{Dest: string(line[m[6]:m[7]]), Alt: string(line[m[4]:m[5]]),
						Image: m[3] > m[2], Line: lineOf(seg.Start + m[0])})
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return out, rawLine
}
