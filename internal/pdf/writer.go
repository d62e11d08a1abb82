// Package pdf writes tagged PDF documents (PDF/UA-1) for package pdfdoc:
// pages of text in embedded TrueType fonts (subset to the glyphs used,
// shaped for Arabic and other scripts that join or reorder letters),
// lines, rectangles and images, links, bookmarks, and the structure tree
// a screen reader follows (headings, paragraphs, lists, tables, figures
// with their alt text, links), every other mark being an artifact.
//
// Positions are in millimetres from the top left corner of the page, as
// pdfdoc lays pages out. The same calls give the same bytes.
package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// Info describes a document.
type Info struct {
	Title, Subject, Author string
	Lang                   string // "fr"
	Creator                string
	Date                   time.Time // its creation and modification date
}

// Color is an RGB colour.
type Color struct{ R, G, B uint8 }

// Black is the colour of text.
var Black = Color{}

const ptPerMM = 72 / 25.4

// Writer makes a document.
type Writer struct {
	info        Info
	wMM, hMM    float64
	pages       []*page
	cur         int // the current page, from 0; -1 before the first
	fonts       []*fontUse
	fontIdx     map[*Font]*fontUse
	images      []*imageObj
	imageIdx    map[string]*imageObj
	outlines    []outline
	root        *Elem
	stack       []*Elem
	artifact    int
	artifactTyp []string
	annots      int
	plain       bool // content streams not compressed
	// The marked content left open (mark), and whether the last mark
	// must be ended at once.
	mcOpen bool
	mcElem *Elem
	mcPage int
	eager  bool
}

// SetCompression says whether the content of pages is compressed (it
// is, unless told otherwise: tests read it).
func (w *Writer) SetCompression(on bool) { w.plain = !on }

type page struct {
	content bytes.Buffer
	annots  []*annot
	mcids   []*Elem // the element of each marked content, by MCID
}

type fontUse struct {
	f    *Font
	res  string
	used map[uint16][]rune
}

type annot struct {
	rect     [4]float64 // points
	uri      string
	destPage int // from 0, when uri is ""
	destY    float64
	elem     *Elem
	alt      string
	key      int // in the parent tree
	obj      int // its object number, when written
}

type outline struct {
	title string
	level int
	page  int
	y     float64
}

// Elem is an element of the document's structure: a heading, a
// paragraph, a list and its items, a table and its cells, a figure, a
// link. What is drawn while it is open is its content.
type Elem struct {
	Kind string // a standard structure type: H1, P, L, LI, Lbl, LBody, Table, TR, TH, TD, Figure, Link, Note, TOC, TOCI, Sect, Document…
	// Alt is a figure's text alternative; ActualText replaces the
	// content's text; Lang is the element's language when it differs
	// from the document's.
	Alt, ActualText, Lang string
	// Scope is a table header's ("Column", "Row").
	Scope  string
	parent *Elem
	kids   []kid
	num    int // its object number, when written
}

type kid struct {
	elem  *Elem
	page  int
	mcid  int
	annot *annot
}

// New starts a document of pages w × h millimetres.
func New(info Info, w, h float64) *Writer {
	wr := &Writer{info: info, wMM: w, hMM: h, cur: -1, fontIdx: map[*Font]*fontUse{}, imageIdx: map[string]*imageObj{}}
	wr.root = &Elem{Kind: "Document"}
	return wr
}

// AddPage starts a page, which becomes the current one.
func (w *Writer) AddPage() {
	w.closeMC()
	w.pages = append(w.pages, &page{})
	w.cur = len(w.pages) - 1
}

// SetPage makes page n (from 1) the current one again.
func (w *Writer) SetPage(n int) {
	w.closeMC()
	if n >= 1 && n <= len(w.pages) {
		w.cur = n - 1
	}
}

// PageNo is the current page's number, from 1; 0 before the first.
func (w *Writer) PageNo() int { return w.cur + 1 }

// Pages is the number of pages.
func (w *Writer) Pages() int { return len(w.pages) }

// Open starts an element inside the one open, and returns it.
func (w *Writer) Open(kind string) *Elem {
	e := w.Reserve(kind)
	w.stack = append(w.stack, e)
	return e
}

// Reserve adds an element inside the one open, at this place in the
// reading order, without opening it: Enter opens it later (a table of
// contents written once the pages are known).
func (w *Writer) Reserve(kind string) *Elem {
	parent := w.root
	if n := len(w.stack); n > 0 {
		parent = w.stack[n-1]
	}
	e := &Elem{Kind: kind, parent: parent}
	parent.kids = append(parent.kids, kid{elem: e})
	return e
}

// Enter opens an element made before (Open, Reserve) again.
func (w *Writer) Enter(e *Elem) { w.stack = append(w.stack, e) }

// Close ends the element opened last.
func (w *Writer) Close() {
	if n := len(w.stack); n > 0 {
		w.stack = w.stack[:n-1]
	}
}

// Current is the element open, or nil.
func (w *Writer) Current() *Elem {
	if n := len(w.stack); n > 0 {
		return w.stack[n-1]
	}
	return nil
}

// BeginArtifact starts marks that are not content (typ: "Pagination"
// for running headers and page numbers, "Layout" for rules and borders):
// readers skip them. EndArtifact ends them.
func (w *Writer) BeginArtifact(typ string) {
	w.artifact++
	w.artifactTyp = append(w.artifactTyp, typ)
}

// InArtifact reports whether marks are artifacts (BeginArtifact).
func (w *Writer) InArtifact() bool { return w.artifact > 0 }

// EndArtifact ends what BeginArtifact began.
func (w *Writer) EndArtifact() {
	if w.artifact > 0 {
		w.artifact--
		w.artifactTyp = w.artifactTyp[:len(w.artifactTyp)-1]
	}
}

func (w *Writer) pg() *page {
	if w.cur < 0 {
		w.AddPage()
	}
	return w.pages[w.cur]
}

// mark starts the marked content of what follows on the page: an
// artifact, or a new part of the open element's content. actual is the
// text it stands for, in reading order, when its glyphs are not. The
// content of one element drawn in a row on one page is one marked
// content (it stays open until something else is drawn): a document
// of a thousand words is not a thousand parts.
func (w *Writer) mark(artifact bool, actual string) {
	p := w.pg()
	e := w.Current()
	content := !artifact && w.artifact == 0 && e != nil
	if content && actual == "" && w.mcOpen && w.mcElem == e && w.mcPage == w.cur {
		return
	}
	w.closeMC()
	w.eager = true
	if !content {
		typ := "Layout"
		if n := len(w.artifactTyp); n > 0 && w.artifact > 0 {
			typ = w.artifactTyp[n-1]
		}
		fmt.Fprintf(&p.content, "/Artifact <</Type /%s>> BDC\n", typ)
		return
	}
	id := len(p.mcids)
	p.mcids = append(p.mcids, e)
	e.kids = append(e.kids, kid{page: w.cur, mcid: id})
	tag := e.Kind
	switch tag {
	case "L", "Table", "TR", "Document", "Sect", "TOC":
		tag = "Span" // text right inside a grouping element
	}
	if actual != "" {
		fmt.Fprintf(&p.content, "/%s <</MCID %d /ActualText %s>> BDC\n", tag, id, textString(actual))
		return
	}
	fmt.Fprintf(&p.content, "/%s <</MCID %d>> BDC\n", tag, id)
	w.eager = false
	w.mcOpen, w.mcElem, w.mcPage = true, e, w.cur
}

// endMark ends what mark began, unless it stays open for more of the
// same element.
func (w *Writer) endMark() {
	if w.eager {
		w.pg().content.WriteString("EMC\n")
		w.eager = false
	}
}

// closeMC ends the marked content left open.
func (w *Writer) closeMC() {
	if w.mcOpen {
		w.pages[w.mcPage].content.WriteString("EMC\n")
		w.mcOpen = false
	}
}

func num(v float64) string {
	v = math.Round(v*1000) / 1000
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func (w *Writer) x(mm float64) string { return num(mm * ptPerMM) }
func (w *Writer) y(mm float64) string { return num((w.hMM - mm) * ptPerMM) }

func (c Color) fill() string {
	return fmt.Sprintf("%s %s %s rg", num(float64(c.R)/255), num(float64(c.G)/255), num(float64(c.B)/255))
}

func (c Color) stroke() string {
	return fmt.Sprintf("%s %s %s RG", num(float64(c.R)/255), num(float64(c.G)/255), num(float64(c.B)/255))
}

func (w *Writer) use(f *Font) *fontUse {
	u := w.fontIdx[f]
	if u == nil {
		u = &fontUse{f: f, res: fmt.Sprintf("F%d", len(w.fonts)+1), used: map[uint16][]rune{}}
		w.fonts = append(w.fonts, u)
		w.fontIdx[f] = u
	}
	return u
}

// Text draws s in font f at size points from x, its baseline at y, and
// returns its width in millimetres. It is content of the element open
// (or an artifact, between BeginArtifact and EndArtifact).
func (w *Writer) Text(f *Font, size, x, y float64, s string, c Color) float64 {
	if s == "" {
		return 0
	}
	r := f.shape(s)
	u := w.use(f)
	for _, g := range r.glyphs {
		if _, ok := u.used[g.id]; !ok || len(u.used[g.id]) == 0 && len(g.text) > 0 {
			u.used[g.id] = g.text
		}
	}
	actual := ""
	if r.rtl {
		actual = s // its glyphs are drawn from the left: the text reads from the right
	}
	w.mark(false, actual)
	p := &w.pg().content
	fmt.Fprintf(p, "BT %s /%s %s Tf ", c.fill(), u.res, num(size))
	scale := size / f.upem / ptPerMM // font units to millimetres
	shaped := false
	for _, g := range r.glyphs {
		if g.dx != 0 || g.dy != 0 || math.Abs(g.advance-float64(f.advanceOf(g.id))) > 0.5 {
			shaped = true
		}
	}
	if !shaped {
		fmt.Fprintf(p, "%s %s Td <", w.x(x), w.y(y))
		for _, g := range r.glyphs {
			fmt.Fprintf(p, "%04X", g.id)
		}
		p.WriteString("> Tj ET\n")
	} else {
		pen := x
		for _, g := range r.glyphs {
			fmt.Fprintf(p, "1 0 0 1 %s %s Tm <%04X> Tj ", w.x(pen+g.dx*scale), w.y(y-g.dy*scale), g.id)
			pen += g.advance * scale
		}
		p.WriteString("ET\n")
	}
	w.endMark()
	return r.advance * scale
}

// Line draws a line, an artifact: a rule, a border, a line to write on.
// dash is the lengths of its dashes and gaps, in millimetres, or nil.
func (w *Writer) Line(x1, y1, x2, y2, width float64, c Color, dash []float64) {
	w.mark(true, "")
	p := &w.pg().content
	fmt.Fprintf(p, "q %s %s w ", c.stroke(), num(width*ptPerMM))
	if len(dash) > 0 {
		p.WriteString("[")
		for i, d := range dash {
			if i > 0 {
				p.WriteString(" ")
			}
			p.WriteString(num(d * ptPerMM))
		}
		p.WriteString("] 0 d ")
	}
	fmt.Fprintf(p, "%s %s m %s %s l S Q\n", w.x(x1), w.y(y1), w.x(x2), w.y(y2))
	w.endMark()
}

// Rect draws a rectangle, an artifact, with a border of width in stroke
// (nil: none) and filled with fill (nil: not filled).
func (w *Writer) Rect(x, y, wd, h, width float64, stroke, fill *Color) {
	if stroke == nil && fill == nil {
		return
	}
	w.mark(true, "")
	p := &w.pg().content
	p.WriteString("q ")
	op := "S"
	if stroke != nil {
		fmt.Fprintf(p, "%s %s w ", stroke.stroke(), num(width*ptPerMM))
	}
	if fill != nil {
		p.WriteString(fill.fill() + " ")
		op = "f"
		if stroke != nil {
			op = "B"
		}
	}
	fmt.Fprintf(p, "%s %s %s %s re %s Q\n", w.x(x), w.y(y+h), num(wd*ptPerMM), num(h*ptPerMM), op)
	w.endMark()
}

// Link makes the area a link to uri (a web address), or, with uri "",
// to page (from 1) at y millimetres from its top. alt says where it
// leads. It belongs to the Link element open, if one is.
func (w *Writer) Link(x, y, wd, h float64, uri string, page int, destY float64, alt string) {
	a := &annot{rect: [4]float64{x * ptPerMM, (w.hMM - y - h) * ptPerMM, (x + wd) * ptPerMM, (w.hMM - y) * ptPerMM},
		uri: uri, destPage: page - 1, destY: destY, alt: alt}
	if e := w.Current(); e != nil && e.Kind == "Link" && w.artifact == 0 {
		a.elem = e
		e.kids = append(e.kids, kid{annot: a, page: w.cur})
	}
	p := w.pg()
	p.annots = append(p.annots, a)
}

// Bookmark adds an entry to the document's outline, at level (0 the
// top), leading to page (from 1) y millimetres from its top.
func (w *Writer) Bookmark(title string, level, page int, y float64) {
	w.outlines = append(w.outlines, outline{title: title, level: level, page: page - 1, y: y})
}

// textString is s as a PDF text string: UTF-16 with its byte order
// mark, in hex.
func textString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// Output writes the document.
func (w *Writer) Output(out io.Writer) error {
	if len(w.pages) == 0 {
		w.AddPage()
	}
	w.closeMC()
	o := &objWriter{}
	catalog, pagesObj := o.alloc(), o.alloc()
	res := w.resources(o)
	// Pages and structure elements are numbered first: links, the
	// structure and the pages point at one another.
	pageRefs := make([]int, len(w.pages))
	for i := range w.pages {
		pageRefs[i] = o.alloc()
	}
	var elems []*Elem
	var walk func(e *Elem)
	walk = func(e *Elem) {
		e.num = o.alloc()
		elems = append(elems, e)
		for _, k := range e.kids {
			if k.elem != nil {
				walk(k.elem)
			}
		}
	}
	walk(w.root)
	structRoot := o.alloc()
	nextKey := w.writePages(o, pageRefs, pagesObj, res)
	w.writeStructure(o, elems, pageRefs, structRoot, nextKey)
	outlinesObj := 0
	if len(w.outlines) > 0 {
		outlinesObj = o.outlines(w, pageRefs)
	}
	meta := o.alloc()
	o.stream(meta, "/Type /Metadata /Subtype /XML", []byte(w.xmp()), false)
	info := o.alloc()
	o.put(info, w.infoDict())
	var cat strings.Builder
	fmt.Fprintf(&cat, "<</Type /Catalog /Pages %d 0 R /MarkInfo <</Marked true>> /StructTreeRoot %d 0 R /Metadata %d 0 R /ViewerPreferences <</DisplayDocTitle true>>",
		pagesObj, structRoot, meta)
	if w.info.Lang != "" {
		fmt.Fprintf(&cat, " /Lang %s", pdfString(w.info.Lang))
	}
	if outlinesObj > 0 {
		fmt.Fprintf(&cat, " /Outlines %d 0 R /PageMode /UseOutlines", outlinesObj)
	}
	cat.WriteString(">>")
	o.put(catalog, cat.String())
	return o.write(out, catalog, info)
}

// resources writes the fonts and images, and the resource dictionary
// all pages share; it returns its number.
func (w *Writer) resources(o *objWriter) int {
	fontRefs := make([]int, len(w.fonts))
	for i, u := range w.fonts {
		fontRefs[i] = o.font(u)
	}
	imgRefs := make([]int, len(w.images))
	for i, im := range w.images {
		imgRefs[i] = o.image(im)
	}
	res := o.alloc()
	var rb strings.Builder
	rb.WriteString("<</ProcSet [/PDF /Text /ImageB /ImageC]")
	if len(w.fonts) > 0 {
		rb.WriteString(" /Font <<")
		for i, u := range w.fonts {
			fmt.Fprintf(&rb, " /%s %d 0 R", u.res, fontRefs[i])
		}
		rb.WriteString(" >>")
	}
	if len(w.images) > 0 {
		rb.WriteString(" /XObject <<")
		for i, im := range w.images {
			fmt.Fprintf(&rb, " /%s %d 0 R", im.res, imgRefs[i])
		}
		rb.WriteString(" >>")
	}
	rb.WriteString(">>")
	o.put(res, rb.String())
	return res
}

// writePages writes the pages, their content and their links, and the
// page tree; it returns the parent tree's next key (the pages take the
// first ones, their links in the structure the next).
func (w *Writer) writePages(o *objWriter, pageRefs []int, pagesObj, res int) int {
	nextKey := len(w.pages)
	for i, p := range w.pages {
		content := o.alloc()
		o.stream(content, "", p.content.Bytes(), !w.plain)
		var annotRefs []string
		for _, a := range p.annots {
			n := o.alloc()
			var d strings.Builder
			fmt.Fprintf(&d, "<</Type /Annot /Subtype /Link /Rect [%s %s %s %s] /Border [0 0 0] /F 4", num(a.rect[0]), num(a.rect[1]), num(a.rect[2]), num(a.rect[3]))
			if a.uri != "" {
				fmt.Fprintf(&d, " /A <</S /URI /URI %s>>", pdfString(a.uri))
			} else if a.destPage >= 0 && a.destPage < len(pageRefs) {
				fmt.Fprintf(&d, " /Dest [%d 0 R /XYZ 0 %s null]", pageRefs[a.destPage], w.y(a.destY))
			}
			if a.alt != "" {
				fmt.Fprintf(&d, " /Contents %s", textString(a.alt))
			}
			if a.elem != nil {
				a.key = nextKey
				nextKey++
				fmt.Fprintf(&d, " /StructParent %d", a.key)
			}
			d.WriteString(">>")
			o.put(n, d.String())
			a.obj = n
			annotRefs = append(annotRefs, fmt.Sprintf("%d 0 R", n))
		}
		d := fmt.Sprintf("<</Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Resources %d 0 R /Contents %d 0 R /StructParents %d /Tabs /S",
			pagesObj, num(w.wMM*ptPerMM), num(w.hMM*ptPerMM), res, content, i)
		if len(annotRefs) > 0 {
			d += " /Annots [" + strings.Join(annotRefs, " ") + "]"
		}
		o.put(pageRefs[i], d+">>")
	}
	kids := make([]string, len(pageRefs))
	for i, n := range pageRefs {
		kids[i] = fmt.Sprintf("%d 0 R", n)
	}
	o.put(pagesObj, fmt.Sprintf("<</Type /Pages /Kids [%s] /Count %d>>", strings.Join(kids, " "), len(pageRefs)))
	return nextKey
}

// writeStructure writes the structure tree: its elements, the parent
// tree (what element each marked content and link belongs to) and its
// root.
func (w *Writer) writeStructure(o *objWriter, elems []*Elem, pageRefs []int, structRoot, nextKey int) {
	for _, e := range elems {
		o.put(e.num, e.dict(structRoot, pageRefs))
	}
	var nums strings.Builder
	for i, p := range w.pages {
		fmt.Fprintf(&nums, " %d [", i)
		for j, e := range p.mcids {
			if j > 0 {
				nums.WriteString(" ")
			}
			fmt.Fprintf(&nums, "%d 0 R", e.num)
		}
		nums.WriteString("]")
	}
	for _, p := range w.pages {
		for _, a := range p.annots {
			if a.elem != nil {
				fmt.Fprintf(&nums, " %d %d 0 R", a.key, a.elem.num)
			}
		}
	}
	parentTree := o.alloc()
	o.put(parentTree, "<</Nums ["+strings.TrimSpace(nums.String())+"]>>")
	o.put(structRoot, fmt.Sprintf("<</Type /StructTreeRoot /K [%d 0 R] /ParentTree %d 0 R /ParentTreeNextKey %d>>", w.root.num, parentTree, nextKey))
}

// dict is an element's dictionary.
func (e *Elem) dict(structRoot int, pageRefs []int) string {
	var d strings.Builder
	parent := structRoot
	if e.parent != nil {
		parent = e.parent.num
	}
	fmt.Fprintf(&d, "<</Type /StructElem /S /%s /P %d 0 R", e.Kind, parent)
	if e.Alt != "" {
		fmt.Fprintf(&d, " /Alt %s", textString(e.Alt))
	}
	if e.ActualText != "" {
		fmt.Fprintf(&d, " /ActualText %s", textString(e.ActualText))
	}
	if e.Lang != "" {
		fmt.Fprintf(&d, " /Lang %s", pdfString(e.Lang))
	}
	if e.Scope != "" {
		fmt.Fprintf(&d, " /A <</O /Table /Scope /%s>>", e.Scope)
	}
	var ks []string
	for _, k := range e.kids {
		switch {
		case k.elem != nil:
			ks = append(ks, fmt.Sprintf("%d 0 R", k.elem.num))
		case k.annot != nil:
			ks = append(ks, fmt.Sprintf("<</Type /OBJR /Obj %d 0 R /Pg %d 0 R>>", k.annot.obj, pageRefs[k.page]))
		default:
			ks = append(ks, fmt.Sprintf("<</Type /MCR /Pg %d 0 R /MCID %d>>", pageRefs[k.page], k.mcid))
		}
	}
	if len(ks) > 0 {
		fmt.Fprintf(&d, " /K [%s]", strings.Join(ks, " "))
	}
	d.WriteString(">>")
	return d.String()
}

// infoDict is the document information dictionary.
func (w *Writer) infoDict() string {
	date := w.info.Date.UTC().Format("20060102150405") + "+00'00'"
	var d strings.Builder
	fmt.Fprintf(&d, "<</Title %s", textString(w.info.Title))
	if w.info.Subject != "" {
		fmt.Fprintf(&d, " /Subject %s", textString(w.info.Subject))
	}
	if w.info.Author != "" {
		fmt.Fprintf(&d, " /Author %s", textString(w.info.Author))
	}
	if w.info.Creator != "" {
		fmt.Fprintf(&d, " /Creator %s /Producer %s", textString(w.info.Creator), textString(w.info.Creator))
	}
	fmt.Fprintf(&d, " /CreationDate (D:%s) /ModDate (D:%s)>>", date, date)
	return d.String()
}

// xmp is the document's XMP metadata: its title, description, author
// and language, and that it follows PDF/UA-1.
func (w *Writer) xmp() string {
	esc := func(s string) string {
		return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
	}
	lang := w.info.Lang
	if lang == "" {
		lang = "x-default"
	}
	date := w.info.Date.UTC().Format("2006-01-02T15:04:05Z")
	var b strings.Builder
	b.WriteString(`<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<pdfuaid:part>1</pdfuaid:part>
<dc:format>application/pdf</dc:format>
`)
	fmt.Fprintf(&b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:title>\n", esc(w.info.Title))
	if w.info.Subject != "" {
		fmt.Fprintf(&b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:description>\n", esc(w.info.Subject))
	}
	if w.info.Author != "" {
		fmt.Fprintf(&b, "<dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:creator>\n", esc(w.info.Author))
	}
	fmt.Fprintf(&b, "<dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag></dc:language>\n", esc(lang))
	fmt.Fprintf(&b, "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n", date, date)
	if w.info.Creator != "" {
		fmt.Fprintf(&b, "<xmp:CreatorTool>%s</xmp:CreatorTool>\n<pdf:Producer>%s</pdf:Producer>\n", esc(w.info.Creator), esc(w.info.Creator))
	}
	b.WriteString("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>")
	return b.String()
}

// pdfString is s as a PDF literal string of ASCII, escaped (an address,
// a language tag).
func pdfString(s string) string {
	var b strings.Builder
	b.WriteString("(")
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '(' || c == ')' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, "\\%03o", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteString(")")
	return b.String()
}

// objWriter numbers and writes the objects of a file.
type objWriter struct {
	objs [][]byte // by number - 1
}

func (o *objWriter) alloc() int {
	o.objs = append(o.objs, nil)
	return len(o.objs)
}

func (o *objWriter) put(n int, body string) { o.objs[n-1] = []byte(body) }

// stream puts a stream object: its dictionary's other entries, and its
// data, compressed when zip.
func (o *objWriter) stream(n int, dict string, data []byte, zip bool) {
	var b bytes.Buffer
	if zip {
		var z bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&z, zlib.DefaultCompression)
		zw.Write(data)
		zw.Close()
		data = z.Bytes()
		dict = strings.TrimSpace(dict + " /Filter /FlateDecode")
	}
	fmt.Fprintf(&b, "<<%s /Length %d>>\nstream\n", dict, len(data))
	b.Write(data)
	b.WriteString("\nendstream")
	o.objs[n-1] = b.Bytes()
}

func (o *objWriter) write(out io.Writer, catalog, info int) error {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(o.objs))
	for i, body := range o.objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n", i+1)
		b.Write(body)
		b.WriteString("\nendobj\n")
	}
	sum := sha256.Sum256(b.Bytes())
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(o.objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /ID [<%X> <%X>]>>\nstartxref\n%d\n%%%%EOF\n",
		len(o.objs)+1, catalog, info, sum[:16], sum[:16], xref)
	_, err := out.Write(b.Bytes())
	return err
}

// outlines writes the bookmarks as a tree by level, and returns the
// outline dictionary's number.
func (o *objWriter) outlines(w *Writer, pageRefs []int) int {
	type node struct {
		ol       outline
		n        int
		parent   *node
		kids     []*node
		children int // all descendants
	}
	root := &node{n: o.alloc()}
	stack := []*node{root}
	var all []*node
	for _, ol := range w.outlines {
		for len(stack) > 1 && stack[len(stack)-1].ol.level >= ol.level {
			stack = stack[:len(stack)-1]
		}
		nd := &node{ol: ol, n: o.alloc(), parent: stack[len(stack)-1]}
		nd.parent.kids = append(nd.parent.kids, nd)
		stack = append(stack, nd)
		all = append(all, nd)
	}
	var count func(n *node) int
	count = func(n *node) int {
		c := 0
		for _, k := range n.kids {
			c += 1 + count(k)
		}
		n.children = c
		return c
	}
	count(root)
	for _, nd := range all {
		var d strings.Builder
		fmt.Fprintf(&d, "<</Title %s /Parent %d 0 R", textString(nd.ol.title), nd.parent.n)
		sib := nd.parent.kids
		for i, k := range sib {
			if k == nd {
				if i > 0 {
					fmt.Fprintf(&d, " /Prev %d 0 R", sib[i-1].n)
				}
				if i+1 < len(sib) {
					fmt.Fprintf(&d, " /Next %d 0 R", sib[i+1].n)
				}
			}
		}
		if len(nd.kids) > 0 {
			fmt.Fprintf(&d, " /First %d 0 R /Last %d 0 R /Count %d", nd.kids[0].n, nd.kids[len(nd.kids)-1].n, nd.children)
		}
		if nd.ol.page >= 0 && nd.ol.page < len(pageRefs) {
			fmt.Fprintf(&d, " /Dest [%d 0 R /XYZ 0 %s null]", pageRefs[nd.ol.page], w.y(nd.ol.y))
		}
		d.WriteString(">>")
		o.put(nd.n, d.String())
	}
	d := "<</Type /Outlines"
	if len(root.kids) > 0 {
		d += fmt.Sprintf(" /First %d 0 R /Last %d 0 R /Count %d", root.kids[0].n, root.kids[len(root.kids)-1].n, root.children)
	}
	o.put(root.n, d+">>")
	return root.n
}

// font writes a font's objects and returns the number of its Type0
// dictionary.
func (o *objWriter) font(u *fontUse) int {
	f := u.f
	gids := make([]int, 0, len(u.used))
	for g := range u.used {
		gids = append(gids, int(g))
	}
	sort.Ints(gids)
	used := map[uint16]bool{}
	h := sha256.New()
	for _, g := range gids {
		used[uint16(g)] = true
		fmt.Fprint(h, g, ",")
	}
	sum := h.Sum(nil)
	var tag [6]byte
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	name := string(tag[:]) + "+" + f.name
	file := o.alloc()
	sub := f.file.subset(used)
	o.stream(file, fmt.Sprintf("/Length1 %d", len(sub)), sub, true)
	k := 1000 / f.upem
	desc := o.alloc()
	o.put(desc, fmt.Sprintf("<</Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%s %s %s %s] /ItalicAngle %s /Ascent %s /Descent %s /CapHeight %s /StemV 80 /FontFile2 %d 0 R>>",
		name, f.flags, num(float64(f.bbox[0])*k), num(float64(f.bbox[1])*k), num(float64(f.bbox[2])*k), num(float64(f.bbox[3])*k),
		num(f.italicAngle), num(f.ascent*k), num(f.descent*k), num(f.capHeight*k), file))
	var widths strings.Builder
	for _, g := range gids {
		fmt.Fprintf(&widths, "%d [%s] ", g, num(float64(f.advanceOf(uint16(g)))*k))
	}
	cid := o.alloc()
	o.put(cid, fmt.Sprintf("<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor %d 0 R /CIDToGIDMap /Identity /DW 0 /W [%s]>>",
		name, desc, strings.TrimSpace(widths.String())))
	var cm strings.Builder
	cm.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var mapped []int
	for _, g := range gids {
		if len(u.used[uint16(g)]) > 0 {
			mapped = append(mapped, g)
		}
	}
	for i := 0; i < len(mapped); i += 100 {
		part := mapped[i:min(i+100, len(mapped))]
		fmt.Fprintf(&cm, "%d beginbfchar\n", len(part))
		for _, g := range part {
			fmt.Fprintf(&cm, "<%04X> <", g)
			for _, c := range utf16.Encode(u.used[uint16(g)]) {
				fmt.Fprintf(&cm, "%04X", c)
			}
			cm.WriteString(">\n")
		}
		cm.WriteString("endbfchar\n")
	}
	cm.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	toU := o.alloc()
	o.stream(toU, "", []byte(cm.String()), true)
	t0 := o.alloc()
	o.put(t0, fmt.Sprintf("<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>", name, cid, toU))
	return t0
}
