// Package pdfdoc makes print-ready documents: A4 PDFs with headings,
// paragraphs, lists, tables and images, a table of contents with links,
// bookmarks and numbered pages, from a Markdown syntax tree (the one pages
// are rendered from) or from blocks given one by one.
//
// It is written by package pdf as a tagged PDF (PDF/UA-1): its structure
// (headings, paragraphs, lists, tables, figures with their alt text,
// links) is in the file for screen readers, page numbers, running
// footers and rules are artifacts. DejaVu fonts are embedded (subset to
// the glyphs used), so that French typography (narrow no-break spaces
// before « ; : ! ? », guillemets, apostrophes) prints as on the site,
// with no font to install, no browser and no network. The same input
// gives the same bytes: the dates are the document's own, and nothing
// else varies.
//
// Text is laid out here rather than by fpdf's Write: words are placed on
// lines across changes of style (a bold word followed by a comma stays
// one word), lines break only at spaces (never at a no-break space), and
// a page break never splits a line, a table row or an image.
package pdfdoc

import (
	"embed"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode"

	"relais/internal/pdf"
)

// The fonts are DejaVu Sans, Bold, Oblique and Sans Mono, cut to the
// characters of Latin scripts and their punctuation (TestFonts makes
// them): a document embeds them subset again to the glyphs it uses. They
// are read once for all documents.
//
//go:embed fonts/*.ttf
var fontFiles embed.FS

var fontFile = map[string]string{"sans": "DejaVuSans.ttf", "sansB": "DejaVuSans-Bold.ttf",
	"sansI": "DejaVuSans-Oblique.ttf", "mono": "DejaVuSansMono.ttf", "arabic": "DejaVuSans-Arabic.ttf"}

// arabicRanges are the characters of the Arabic font, DejaVu Sans cut
// to Arabic with its shaping tables: the letters, their contextual forms
// (presentation forms), and the joiners. Text the Latin fonts lack is
// written in it.
var arabicRanges = [][2]rune{{0x600, 0x6ff}, {0x750, 0x77f}, {0xfb50, 0xfdff}, {0xfe70, 0xfeff}, {0x200c, 0x200f}}

// fonts are the fonts, read once, by family and style ("sansB").
var fonts = sync.OnceValue(func() map[string]*pdf.Font {
	m := map[string]*pdf.Font{}
	for k, name := range fontFile {
		b, err := fontFiles.ReadFile("fonts/" + name)
		if err != nil {
			panic(err) // embedded: cannot fail
		}
		f, err := pdf.ParseFont(strings.TrimSuffix(name, ".ttf"), b)
		if err != nil {
			panic(err) // embedded, and tested
		}
		m[k] = f
	}
	return m
})

// printRanges are the characters the fonts have: Latin scripts, their
// punctuation and spaces (the narrow no-break space of French included),
// and the symbols a handout uses (boxes to tick, arrows, a check mark).
var printRanges = [][2]rune{{0x20, 0x7e}, {0xa0, 0x17f}, {0x218, 0x21b}, {0x2000, 0x2064}, {0x20ac, 0x20ac}, {0x2116, 0x2116},
	{0x2122, 0x2122}, {0x2190, 0x2193}, {0x2212, 0x2212}, {0x25a0, 0x25a1}, {0x25cb, 0x25cf}, {0x2610, 0x2612},
	{0x2713, 0x2714}, {0x2717, 0x2717}}

// printable lists the characters of printRanges.
func printable() string {
	var b strings.Builder
	for _, r := range printRanges {
		for c := r[0]; c <= r[1]; c++ {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// CanPrint reports whether the fonts have a character.
func CanPrint(r rune) bool {
	return inRanges(r, printRanges) || inRanges(r, arabicRanges) || r == '\n' || r == '\t'
}

func inRanges(r rune, rs [][2]rune) bool {
	for _, rg := range rs {
		if r >= rg[0] && r <= rg[1] {
			return true
		}
	}
	return false
}

// fontRun is text in one font.
type fontRun struct {
	f *pdf.Font
	s string
}

// fontRuns cuts s into runs of the style's font and of the Arabic font,
// for what the first lacks. Spaces and punctuation between two Arabic
// words stay in the Arabic run, so that it is shaped whole.
func fontRuns(st style, s string) []fontRun {
	main, _ := fontOf(st)
	ar := fonts()["arabic"]
	var out []fontRun
	start, cur := 0, main
	for i, r := range s {
		f := main
		if inRanges(r, arabicRanges) && !inRanges(r, printRanges) {
			f = ar
		}
		if f != cur && i > start {
			out = append(out, fontRun{cur, s[start:i]})
			start = i
		}
		cur = f
	}
	if start < len(s) {
		out = append(out, fontRun{cur, s[start:]})
	}
	return out
}

// isRTL reports whether a text's first letter is of a script written
// right to left: its paragraph is laid out from the right.
func isRTL(ps []piece) bool {
	for _, p := range ps {
		for _, r := range p.text {
			switch {
			case r >= 0x590 && r <= 0x8ff || r >= 0xfb1d && r <= 0xfeff:
				return true
			case unicode.IsLetter(r):
				return false
			}
		}
	}
	return false
}

// Options describe a document.
type Options struct {
	Lang    string // "fr": the document's language, for readers and screen readers
	Title   string
	Subject string // a sentence: what the document is
	Author  string
	// Date is the document's date, its creation and modification date:
	// the same document on another day gives the same bytes.
	Date time.Time
	// PageLabel writes a page's number and the number of pages in the
	// footer: "Page %d sur %s".
	PageLabel string
	// Footer is written left of the page number (the document's title).
	Footer string
	// Link returns the address a link of the Markdown of page from (a
	// Tree's From) leads to in a PDF (an absolute URL), or "" to show its
	// text only.
	Link func(from, dest string) string
	// Image returns the bytes of an image of the Markdown of page from and
	// its type ("jpg", "png"), or ok false to show its description
	// instead.
	Image func(from, dest string) (data []byte, kind string, ok bool)
	// Include returns the syntax tree of a page that page from includes
	// (markdown.Include), or ok false.
	Include func(from, file string) (doc Tree, ok bool)
}

// Page geometry, in millimetres.
const (
	pageW, pageH = 210.0, 297.0
	marginX      = 20.0
	marginTop    = 18.0
	marginBottom = 20.0
	contentW     = pageW - 2*marginX
	bodySize     = 11.0 // points
)

// lineH is the height of a line of text of size pt points.
func lineH(pt float64) float64 { return pt * 0.5 }

// Doc is a document being made.
type Doc struct {
	w          *pdf.Writer
	o          Options
	x, y       float64 // where the next text goes, in millimetres
	left       float64 // the left edge of text: the margin, plus indents
	toc        []tocEntry
	tocPage    int // the first page kept for the table of contents; 0 if none
	tocN       int // pages kept for it
	tocHeading string
	tocElem    *pdf.Elem // its place in the structure
	marks      int       // the level of the last bookmark, -1 at the start
	cover      bool      // the first page is a cover
	from       string    // the page of the Markdown being written (Tree.From)
	images     map[string]pdf.Image
}

type tocEntry struct {
	text string
	page int
	y    float64
}

// New starts a document.
func New(o Options) *Doc {
	when := o.Date
	if when.IsZero() {
		when = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if o.PageLabel == "" {
		o.PageLabel = "Page %d / %s"
	}
	w := pdf.New(pdf.Info{Title: o.Title, Subject: o.Subject, Author: o.Author, Lang: o.Lang, Creator: "relais", Date: when}, pageW, pageH)
	return &Doc{w: w, o: o, left: marginX, marks: -1, images: map[string]pdf.Image{}}
}

// page is the current page's number, from 1; 0 before the first.
func (d *Doc) page() int { return d.w.PageNo() }

// footer writes a page's running footer, an artifact: the document's
// title and the page's number out of total.
func (d *Doc) footer(page, total int) {
	if page == 1 && d.cover {
		return // a cover has no number
	}
	d.w.SetPage(page)
	d.w.BeginArtifact("Pagination")
	defer d.w.EndArtifact()
	st := style{size: 8.5, gray: true}
	y := pageH - 12
	if d.o.Footer != "" {
		d.cell(st, marginX, y, contentW*0.7, 4, fit(d, st, d.o.Footer, contentW*0.7), false)
	}
	label := fmt.Sprintf(d.o.PageLabel, page, fmt.Sprint(total))
	d.cell(st, marginX+contentW-d.strW(st, label), y, d.strW(st, label), 4, label, false)
}

// cell writes text in style st in a box w × h millimetres at x, y, as a
// line of text sits in it (its baseline below the middle), and returns
// the text's width. A link's text is blue and underlined, unless noLink
// (draw makes it clickable).
func (d *Doc) cell(st style, x, y, w, h float64, text string, noLink bool) float64 {
	f, size := fontOf(st)
	base := y + h/2 + 0.3*size/ptPerMM
	if noLink || len(st.link) > maxLink {
		st.link = ""
	}
	c := colorOf(st)
	tw := 0.0
	runs := fontRuns(st, text)
	if len(runs) > 1 && isRTL([]piece{{text: text}}) {
		// A word written right to left in two fonts (« ورشة: »): its
		// runs from the right, in reading order in the file.
		tw = d.strW(st, text)
		right := x + tw
		for _, r := range runs {
			sz := size
			if r.f != f {
				_, sz = fontOf(style{size: st.size})
			}
			w := r.f.Width(r.s, sz) / ptPerMM
			right -= w
			d.w.Text(r.f, sz, right, base, r.s, c)
		}
		runs = nil
	}
	for _, r := range runs {
		if r.f != f {
			_, sz := fontOf(style{size: st.size})
			tw += d.w.Text(r.f, sz, x+tw, base, r.s, c)
			continue
		}
		tw += d.w.Text(f, size, x+tw, base, r.s, c)
	}
	if st.link != "" {
		u := base + size/ptPerMM*0.12
		d.w.Line(x, u, x+tw, u, size/ptPerMM*0.06, c, nil)
	}
	return tw
}

const ptPerMM = 72 / 25.4

// boxed puts a box (□) in place of each character the fonts do not have
// (the site warns of them where it reads the page).
func boxed(s string) string {
	return strings.Map(func(r rune) rune {
		if CanPrint(r) {
			return r
		}
		return '□'
	}, s)
}

// fit shortens s with an ellipsis to fit in w in style st.
func fit(d *Doc, st style, s string, w float64) string {
	s = boxed(s)
	if d.strW(st, s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && d.strW(st, string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// strW is the width of s in style st, in millimetres.
func (d *Doc) strW(st style, s string) float64 {
	f, size := fontOf(st)
	w := 0.0
	for _, r := range fontRuns(st, s) {
		if r.f != f {
			_, sz := fontOf(style{size: st.size})
			w += r.f.Width(r.s, sz)
			continue
		}
		w += f.Width(r.s, size)
	}
	return w / ptPerMM
}

// NewPage starts a page.
func (d *Doc) NewPage() {
	d.w.AddPage()
	d.x, d.y = d.left, marginTop
}

// need starts a new page unless h millimetres fit on this one.
func (d *Doc) need(h float64) {
	if d.page() == 0 || d.y+h > pageH-marginBottom {
		d.NewPage()
	}
}

// atTop reports whether nothing was written on the page yet.
func (d *Doc) atTop() bool { return d.y <= marginTop+0.01 }

// space adds vertical space, unless at the top of a page.
func (d *Doc) space(h float64) {
	if !d.atTop() {
		d.y += h
		d.x = d.left
	}
}

// Title writes a cover's title and subtitle.
func (d *Doc) Title(title, subtitle string) {
	d.need(40)
	d.cover = d.page() == 1
	d.y += 20
	d.w.Open("H1")
	d.text([]piece{{text: title, st: style{size: 24, bold: true}}}, contentW, 0)
	d.w.Close()
	if subtitle != "" {
		d.space(6)
		d.w.Open("P")
		d.text([]piece{{text: subtitle, st: style{size: 13}}}, contentW, 0)
		d.w.Close()
	}
	d.space(10)
}

// Heading writes a heading: level 1 starts a part of the document (in
// the table of contents), 2 and 3 are within it. All are bookmarks.
func (d *Doc) Heading(level int, text string) {
	level = min(max(level, 1), 3)
	size := map[int]float64{1: 18, 2: 14, 3: 12}[level]
	if level == 1 {
		d.space(4)
	} else {
		d.space(3)
	}
	// A heading is kept with the first lines of what follows it.
	d.need(lineH(size)*2 + lineH(bodySize)*3)
	mark := min(level-1, d.marks+1)
	d.w.Bookmark(text, mark, d.page(), d.y)
	d.marks = mark
	if level == 1 {
		d.toc = append(d.toc, tocEntry{text: text, page: d.page(), y: d.y})
	}
	d.w.Open(fmt.Sprintf("H%d", level))
	d.text([]piece{{text: text, st: style{size: size, bold: true}}}, contentW-(d.left-marginX), 0)
	d.w.Close()
	d.space(1.5)
}

// Paragraph writes a paragraph of plain text.
func (d *Doc) Paragraph(text string) {
	d.paragraph([]piece{{text: text}})
}

func (d *Doc) paragraph(ps []piece) {
	d.w.Open("P")
	d.text(ps, contentW-(d.left-marginX), 0)
	d.w.Close()
	d.space(2.5)
}

// List writes a bulleted list of plain text items.
func (d *Doc) List(items []string) {
	d.w.Open("L")
	for _, it := range items {
		d.item("•", func() { d.text([]piece{{text: it}}, contentW-(d.left-marginX), 0) })
	}
	d.w.Close()
	d.space(2.5)
}

// item writes a list item: its mark in the margin, then what body writes,
// indented.
func (d *Doc) item(mark string, body func()) { d.labelled("LI", mark, body) }

// labelled writes an element of kind (a list item, a note) whose label
// is in the margin, and what body writes, indented.
func (d *Doc) labelled(kind, mark string, body func()) {
	d.need(lineH(bodySize))
	d.w.Open(kind)
	defer d.w.Close()
	y := d.y
	page := d.page()
	d.w.Open("Lbl")
	d.cell(style{}, d.left, y, 6, lineH(bodySize), mark, true)
	d.w.Close()
	step := d.indent()
	d.left += step
	d.x, d.y = d.left+6-step, y // after the mark, even where lists no longer indent
	if kind == "LI" {
		d.w.Open("LBody")
		body()
		d.w.Close()
	} else {
		body() // a note's label, then its text
	}
	d.left -= step
	if d.page() == page && d.y < y+lineH(bodySize) {
		d.y = y + lineH(bodySize)
	}
	d.x = d.left
	d.space(0.8)
}

// indent is how far a list item or a quote moves the text right: 6 mm,
// until the text is half as wide as the page's (lists and quotes may nest
// a hundred deep), then nothing.
func (d *Doc) indent() float64 {
	if d.left+6 > marginX+contentW/2 {
		return 0
	}
	return 6
}

// Facts writes pairs of a name and its value, one a line.
func (d *Doc) Facts(pairs [][2]string) {
	for _, p := range pairs {
		if p[1] == "" {
			continue
		}
		d.w.Open("P")
		colon := ": " // « Public : » in French only
		if strings.HasPrefix(d.o.Lang, "fr") || d.o.Lang == "" {
			colon = "\u00a0: "
		}
		d.text([]piece{{text: p[0] + colon, st: style{bold: true}}, {text: p[1]}}, contentW-(d.left-marginX), 0)
		d.w.Close()
		d.space(1)
	}
	d.space(2)
}

// Table writes a table with a header row, each column as wide as widths
// says (fractions of the text's width). A row is never split across
// pages, and the header is written again on each page.
func (d *Doc) Table(head []string, rows [][]string, widths []float64) {
	cells := func(texts []string, bold bool) [][]piece {
		out := make([][]piece, len(texts))
		for i, t := range texts {
			out[i] = []piece{{text: t, st: style{bold: bold, size: 10}}}
		}
		return out
	}
	pr := make([][][]piece, len(rows))
	for i, r := range rows {
		pr[i] = cells(r, false)
	}
	d.table(cells(head, true), pr, widths)
}

var (
	border  = pdf.Color{R: 90, G: 90, B: 90}
	headBox = pdf.Color{R: 225, G: 225, B: 225}
)

func (d *Doc) table(head [][]piece, rows [][][]piece, widths []float64) {
	total := contentW - (d.left - marginX)
	ws := make([]float64, len(head))
	for i := range ws {
		if i < len(widths) {
			ws[i] = widths[i] * total
		} else {
			ws[i] = total / float64(len(head))
		}
	}
	const pad = 1.5
	layoutRow := func(r [][]piece) ([][]line, float64) {
		ls := make([][]line, len(ws))
		h := 0.0
		for i := range ws {
			if i < len(r) {
				ls[i] = d.layout(r[i], ws[i]-2*pad, 0)
			}
			h = max(h, height(ls[i]))
		}
		return ls, h + 2*pad
	}
	// again is a header row written again on a new page: an artifact,
	// read once, at the table's top.
	drawRow := func(ls [][]line, h float64, header, again bool) {
		y := d.y
		x := d.left
		if again {
			d.w.BeginArtifact("Pagination")
			defer d.w.EndArtifact()
		} else {
			d.w.Open("TR")
			defer d.w.Close()
		}
		for i, w := range ws {
			if header {
				d.w.Rect(x, y, w, h, 0.2, &border, &headBox)
			} else {
				d.w.Rect(x, y, w, h, 0.2, &border, nil)
			}
			if !again {
				if header {
					d.w.Open("TH").Scope = "Column"
				} else {
					d.w.Open("TD")
				}
			}
			d.draw(ls[i], x+pad, y+pad)
			if !again {
				d.w.Close()
			}
			x += w
		}
		d.x, d.y = d.left, y+h
	}
	hl, hh := layoutRow(head)
	d.need(hh * 2)
	d.w.Open("Table")
	drawRow(hl, hh, true, false)
	for _, r := range rows {
		ls, h := layoutRow(r)
		if d.y+h > pageH-marginBottom {
			d.NewPage()
			drawRow(hl, hh, true, true)
		}
		drawRow(ls, h, false, false)
	}
	d.w.Close()
	d.space(3)
}

// ReserveTOC keeps pages for a table of contents of n entries, titled
// heading, written at the end (Close), here.
func (d *Doc) ReserveTOC(n int, heading string) {
	d.tocHeading = heading
	avail := pageH - marginTop - marginBottom - 20.0
	per := int(avail / tocLine)
	d.tocN = max(1, (n+per-1)/per)
	d.tocElem = d.w.Reserve("Sect")
	for range d.tocN {
		d.NewPage()
		if d.tocPage == 0 {
			d.tocPage = d.page()
			d.w.Bookmark(heading, 0, d.page(), marginTop)
			d.marks = 0
		}
	}
}

const tocLine = 7.0

var tocDots = pdf.Color{R: 110, G: 110, B: 110}

// writeTOC writes the table of contents on the pages kept for it.
func (d *Doc) writeTOC() {
	last := d.page()
	d.w.SetPage(d.tocPage)
	d.w.Enter(d.tocElem)
	defer d.w.Close()
	d.x, d.y = marginX, marginTop
	d.w.Open("H1")
	d.text([]piece{{text: d.tocHeading, st: style{size: 18, bold: true}}}, contentW, 0)
	d.w.Close()
	d.space(4)
	page := d.tocPage
	d.w.Open("TOC")
	for _, e := range d.toc {
		if d.y+tocLine > pageH-marginBottom && page < d.tocPage+d.tocN-1 {
			page++
			d.w.SetPage(page)
			d.x, d.y = marginX, marginTop
		}
		y := d.y
		num := fmt.Sprint(e.page)
		st := style{}
		nw := d.strW(st, num)
		title := fit(d, st, e.text, contentW-nw-12)
		d.w.Open("TOCI")
		d.w.Open("Link")
		tw := d.cell(st, marginX, y, d.strW(st, title), tocLine, title, true)
		// Dots lead the eye to the page number.
		dots := ""
		for d.strW(st, dots+" .") < contentW-tw-nw-3 {
			dots += " ."
		}
		d.w.BeginArtifact("Layout")
		d.w.Text(fonts()["sans"], bodySize, marginX+tw, y+tocLine/2+0.3*bodySize/ptPerMM, dots, tocDots)
		d.w.EndArtifact()
		d.cell(st, marginX+contentW-nw, y, nw, tocLine, num, true)
		d.w.Link(marginX, y, contentW, tocLine, "", e.page, e.y, e.text)
		d.w.Close()
		d.w.Close()
		d.x, d.y = marginX, y+tocLine
	}
	d.w.Close()
	d.w.SetPage(last)
}

// Close writes the table of contents, if pages were kept for it, the
// pages' footers, and the document to w.
func (d *Doc) Close(w io.Writer) error {
	if d.page() == 0 {
		d.NewPage()
	}
	if d.tocPage > 0 {
		d.writeTOC()
	}
	for p := 1; p <= d.w.Pages(); p++ {
		d.footer(p, d.w.Pages())
	}
	return d.w.Output(w)
}

// style is how a piece of text is written.
type style struct {
	size         float64 // points; 0 is the body's
	bold, italic bool
	mono         bool
	link         string
	gray         bool
}

func (s style) pt() float64 {
	if s.size == 0 {
		return bodySize
	}
	return s.size
}

// fontOf is the font and size (points) of text in style s.
func fontOf(s style) (*pdf.Font, float64) {
	k := "sans"
	switch {
	case s.mono:
		k = "mono"
	case s.bold:
		k = "sansB"
	case s.italic:
		k = "sansI"
	}
	size := s.pt()
	if s.mono {
		size *= 0.9
	}
	return fonts()[k], size
}

var (
	linkBlue = pdf.Color{B: 150}
	gray     = pdf.Color{R: 70, G: 70, B: 70}
)

func colorOf(s style) pdf.Color {
	switch {
	case s.link != "":
		return linkBlue
	case s.gray:
		return gray
	}
	return pdf.Black
}

// piece is text in one style.
type piece struct {
	text string
	st   style
}

// word is text between spaces, in one or more styles.
type word struct {
	parts []piece
	w     float64
	space float64 // the width of the space before it; 0 at a line's start
	br    bool    // a line break before it
}

type line struct {
	words []word
	h     float64
	// rtl lines are laid out from the right edge of width: their words
	// from right to left.
	rtl   bool
	width float64
}

func height(ls []line) float64 {
	h := 0.0
	for _, l := range ls {
		h += l.h
	}
	return h
}

// words cuts pieces into words at spaces and line breaks.
func (d *Doc) words(ps []piece) []word {
	var out []word
	var cur word
	var space float64
	br := false
	flush := func() {
		if len(cur.parts) > 0 {
			cur.space, cur.br = space, br
			if n := len(out); n > 0 && !br && closing(cur.parts[0].text) {
				// « ? », « ; », « : », « ! » and « » » never start a
				// line: kept with the word before, after a no-break
				// space (narrow, in French).
				nb := "\u00a0"
				if strings.HasPrefix(d.o.Lang, "fr") {
					nb = "\u202f"
				}
				prev := &out[n-1]
				last := &prev.parts[len(prev.parts)-1]
				last.text += nb
				prev.w += d.strW(last.st, nb)
				prev.parts = append(prev.parts, cur.parts...)
				prev.w += cur.w
			} else {
				out = append(out, cur)
			}
			space, br = 0, false
		}
		cur = word{}
	}
	for _, p := range ps {
		start := 0
		emit := func(end int) {
			if end > start {
				t := p.text[start:end]
				w := d.strW(p.st, t)
				if n := len(cur.parts); n > 0 && cur.parts[n-1].st == p.st {
					cur.parts[n-1].text += t
				} else {
					cur.parts = append(cur.parts, piece{text: t, st: p.st})
				}
				cur.w += w
			}
		}
		p.text = boxed(p.text)
		for i, r := range p.text {
			switch r {
			case ' ', '\t', '\n':
				emit(i)
				flush()
				if r == '\n' {
					br, space = true, 0
				} else {
					space = d.strW(p.st, " ") // none at a line's start: layout drops it
				}
				start = i + 1
			}
		}
		emit(len(p.text))
	}
	flush()
	return out
}

// closing reports whether s starts with punctuation that never starts a
// line in French.
func closing(s string) bool {
	return strings.HasPrefix(s, "?") || strings.HasPrefix(s, "!") || strings.HasPrefix(s, ";") ||
		strings.HasPrefix(s, ":") || strings.HasPrefix(s, "»")
}

// layout places words on lines width wide; the first line starts first
// millimetres in.
func (d *Doc) layout(ps []piece, width, first float64) []line {
	width = max(width, 2) // a column of many in a table: still a letter wide
	var lines []line
	cur := line{}
	x := first
	lh := 0.0
	for _, p := range ps {
		lh = max(lh, lineH(p.st.pt()))
	}
	for _, w := range d.words(ps) {
		if w.w > width && len(w.parts) == 1 && w.parts[0].text != "" {
			// A word longer than a line (an address): cut it, a line at a
			// time. Only the runes that fit are measured, and the rest is
			// never copied: a word of a million letters is cut in linear
			// time.
			p := w.parts[0]
			r := []rune(p.text)
			off := 0
			for d.fitting(p.st, r[off:], width) < len(r)-off {
				h := d.fitting(p.st, r[off:], width-x-w.space)
				if h == 0 {
					if len(cur.words) > 0 {
						lines = append(lines, cur)
						cur, x = line{}, 0
						continue
					}
					// At least a letter a line, however narrow the
					// column: else the word would never be placed.
					h = max(d.fitting(p.st, r[off:], width), 1)
				}
				head := piece{text: string(r[off : off+h]), st: p.st}
				hw := word{parts: []piece{head}, w: d.width(head), space: w.space}
				if w.br && len(cur.words) > 0 {
					lines = append(lines, cur)
					cur, x = line{}, 0
					hw.space = 0
				}
				cur.words = append(cur.words, hw)
				cur.h = lh
				lines = append(lines, cur)
				cur, x = line{}, 0
				off += h
				w.space, w.br = 0, false
			}
			if off > 0 {
				rest := piece{text: string(r[off:]), st: p.st}
				w = word{parts: []piece{rest}, w: d.width(rest)}
			}
		}
		if len(cur.words) > 0 && (w.br || x+w.space+w.w > width) {
			lines = append(lines, cur)
			cur, x = line{}, 0
		}
		if len(cur.words) == 0 {
			w.space = 0
		}
		cur.words = append(cur.words, w)
		cur.h = lh
		x += w.space + w.w
	}
	if len(cur.words) > 0 {
		lines = append(lines, cur)
	}
	if isRTL(ps) {
		for i := range lines {
			lines[i].rtl, lines[i].width = true, width
		}
	}
	return lines
}

func (d *Doc) width(p piece) float64 { return d.strW(p.st, p.text) }

// fitting is how many of the first runes of r fit in w, in style st; it
// measures no further than the first that does not.
func (d *Doc) fitting(st style, r []rune, w float64) int {
	n := 0
	for n < len(r) && d.strW(st, string(r[:n+1])) <= w {
		n++
	}
	return n
}

// draw writes laid out lines from x, y, on the current page, as content
// of the element open. The words of a link are one Link element, and
// one clickable area on each line.
func (d *Doc) draw(ls []line, x, y float64) {
	for _, l := range ls {
		if l.rtl {
			d.drawRTL(l, x, y)
			y += l.h
			continue
		}
		cx := x
		link, from := "", 0.0
		end := func() {
			if link != "" {
				d.w.Link(from, y, cx-from, l.h, link, 0, 0, "")
				d.w.Close()
				link = ""
			}
		}
		for _, w := range l.words {
			for i, p := range w.parts {
				target := p.st.link
				if len(target) > maxLink {
					target = "" // each line would carry it: not clickable
				}
				if target != link {
					end()
					if target != "" && !d.w.InArtifact() {
						d.w.Open("Link")
						link, from = target, cx
						if i == 0 {
							from += w.space
						}
					}
				}
				if i == 0 {
					cx += w.space
				}
				cx += d.cell(p.st, cx, y, 0, l.h, p.text, false)
			}
		}
		end()
		y += l.h
	}
}

// drawRTL writes a line of a paragraph written right to left: its words
// from the right edge leftwards, each as it reads (shaped from the
// right), in reading order in the file. A run of words written left to
// right (a name, a number, an address) keeps its order.
func (d *Doc) drawRTL(l line, x, y float64) {
	right := x + l.width
	ws := l.words
	for i := 0; i < len(ws); {
		// A run of left-to-right words, placed as one.
		j := i + 1
		if !wordRTL(ws[i]) {
			for j < len(ws) && !wordRTL(ws[j]) {
				j++
			}
		}
		w := 0.0
		for k := i; k < j; k++ {
			if k > i {
				w += ws[k].space
			}
			w += ws[k].w
		}
		if i > 0 {
			right -= ws[i].space
		}
		cx := right - w
		for k := i; k < j; k++ {
			if k > i {
				cx += ws[k].space
			}
			for _, p := range ws[k].parts {
				cx += d.cell(p.st, cx, y, 0, l.h, p.text, false)
			}
		}
		right -= w
		i = j
	}
}

func wordRTL(w word) bool { return isRTL(w.parts) }

// grouping are the structure elements that hold others, not text: text
// written right in them is a paragraph of its own.
var grouping = map[string]bool{"Document": true, "Sect": true, "L": true, "Table": true, "TR": true, "TOC": true, "BlockQuote": true}

// text writes pieces as lines width wide from the current position,
// starting new pages as needed (a line is never split). first is where
// the first line starts, from the left edge.
func (d *Doc) text(ps []piece, width, first float64) {
	if d.page() == 0 {
		d.NewPage()
	}
	if e := d.w.Current(); !d.w.InArtifact() && (e == nil || grouping[e.Kind]) {
		d.w.Open("P")
		defer d.w.Close()
	}
	if e := d.w.Current(); e != nil && e.Lang == "" && !strings.HasPrefix(d.o.Lang, "ar") && isRTL(ps) {
		e.Lang = "ar" // Arabic in another language's document: read as Arabic
	}
	startX := d.x
	ls := d.layout(ps, width, max(first, startX-d.left))
	for i, l := range ls {
		if d.y+l.h > pageH-marginBottom {
			d.NewPage()
			startX = d.left
		}
		x := d.left
		if i == 0 {
			x = startX
		}
		d.draw([]line{l}, x, d.y)
		d.x, d.y = d.left, d.y+l.h
	}
}

// Caption writes a line of small gray text (what a document belongs to).
func (d *Doc) Caption(text string) {
	d.w.Open("P")
	d.text([]piece{{text: text, st: style{size: 9, gray: true}}}, contentW-(d.left-marginX), 0)
	d.w.Close()
	d.space(2)
}

var (
	ruleGray   = pdf.Color{R: 120, G: 120, B: 120}
	answerGray = pdf.Color{R: 90, G: 90, B: 90}
)

// Rule draws a horizontal line across the text.
func (d *Doc) Rule() {
	d.need(4)
	y := d.y + 2
	d.w.Line(d.left, y, marginX+contentW, y, 0.3, ruleGray, nil)
	d.x, d.y = d.left, y+3
}

// AnswerLines draws n dotted lines across the text, 9 mm apart, to write
// an answer on.
func (d *Doc) AnswerLines(n int) {
	const gap = 9
	for range n {
		d.need(gap + 1)
		y := d.y + gap
		d.w.Line(d.left, y, marginX+contentW, y, 0.3, answerGray, []float64{0.5, 1})
		d.x, d.y = d.left, y
	}
	d.x = d.left
}

// Err is the first error met while making the document: none, since
// package pdf keeps all in memory until Close, which returns its error
// (an image that cannot be read shows its description instead).
func (d *Doc) Err() error { return nil }

// plain joins lines for a plain text, as one string.
func plain(s string) string { return strings.Join(strings.Fields(s), " ") }
