// Package pdfdoc makes print-ready documents: A4 PDFs with headings,
// paragraphs, lists, tables and images, a table of contents with links,
// bookmarks and numbered pages, from a Markdown syntax tree (the one pages
// are rendered from) or from blocks given one by one.
//
// It is made with go-pdf/fpdf, with DejaVu fonts embedded (subset to the
// characters used), so that French typography (narrow no-break spaces
// before « ; : ! ? », guillemets, apostrophes) prints as on the site, with
// no font to install, no browser and no network. The same input gives the
// same bytes: the dates are the document's own, and nothing else varies.
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

	"github.com/go-pdf/fpdf"
)

// The fonts are DejaVu Sans, Bold, Oblique and Sans Mono, cut to the
// characters of Latin scripts and their punctuation (fonts/cut_test.go
// makes them): a document embeds them cut again to what it uses, and a
// font is added to a document only when it uses it, since reading a font
// is most of the time a document takes.
//
//go:embed fonts/*.ttf
var fontFiles embed.FS

var fontFile = map[string]string{"sans": "DejaVuSans.ttf", "sansB": "DejaVuSans-Bold.ttf",
	"sansI": "DejaVuSans-Oblique.ttf", "mono": "DejaVuSansMono.ttf"}

// fontBytes are the fonts, read once.
var fontBytes = sync.OnceValue(func() map[string][]byte {
	m := map[string][]byte{}
	for k, name := range fontFile {
		b, err := fontFiles.ReadFile("fonts/" + name)
		if err != nil {
			panic(err) // embedded: cannot fail
		}
		m[k] = b
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
	for _, rg := range printRanges {
		if r >= rg[0] && r <= rg[1] {
			return true
		}
	}
	return r == '\n' || r == '\t'
}

// font adds a font to the document the first time it is used.
func (d *Doc) font(family, style string) {
	if k := family + style; !d.added[k] {
		d.f.AddUTF8FontFromBytes(family, style, fontBytes()[k])
		d.added[k] = true
	}
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
	f          *fpdf.Fpdf
	o          Options
	left       float64 // the left edge of text: the margin, plus indents
	toc        []tocEntry
	tocPage    int // the first page kept for the table of contents; 0 if none
	tocN       int // pages kept for it
	tocHeading string
	marks      int             // the level of the last bookmark, -1 at the start
	cover      bool            // the first page is a cover
	added      map[string]bool // the fonts added, by family and style
	from       string          // the page of the Markdown being written (Tree.From)
	images     map[string]bool
}

type tocEntry struct {
	text string
	page int
	link int
}

// New starts a document.
func New(o Options) *Doc {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	when := o.Date
	if when.IsZero() {
		when = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	f.SetCreationDate(when.UTC())
	f.SetModificationDate(when.UTC())
	f.SetCatalogSort(true)
	f.SetCompression(true)
	f.SetTitle(o.Title, true)
	if o.Subject != "" {
		f.SetSubject(o.Subject, true)
	}
	if o.Author != "" {
		f.SetAuthor(o.Author, true)
	}
	f.SetCreator("relais", true)
	f.SetProducer("relais", true)
	if o.Lang != "" {
		f.SetLang(o.Lang)
	}
	f.SetMargins(marginX, marginTop, marginX)
	f.SetAutoPageBreak(false, marginBottom) // lines, rows and images are kept whole here
	f.SetCellMargin(0)
	f.AliasNbPages("{nb}")
	if o.PageLabel == "" {
		o.PageLabel = "Page %d / %s"
	}
	d := &Doc{f: f, o: o, left: marginX, marks: -1, images: map[string]bool{}, added: map[string]bool{}}
	f.SetFooterFunc(d.footer)
	return d
}

func (d *Doc) footer() {
	f := d.f
	if f.PageNo() == 1 && d.cover {
		return // a cover has no number
	}
	d.setFont(style{size: 8.5})
	f.SetTextColor(60, 60, 60)
	y := pageH - 12
	if d.o.Footer != "" {
		f.SetXY(marginX, y)
		f.CellFormat(contentW*0.7, 4, fit(f, d.o.Footer, contentW*0.7), "", 0, "L", false, 0, "")
	}
	f.SetXY(marginX, y)
	f.CellFormat(contentW, 4, fmt.Sprintf(d.o.PageLabel, f.PageNo(), "{nb}"), "", 0, "R", false, 0, "")
	f.SetTextColor(0, 0, 0)
}

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

// fit shortens s with an ellipsis to fit in w at the current font.
func fit(f *fpdf.Fpdf, s string, w float64) string {
	s = boxed(s)
	if f.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && f.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// NewPage starts a page.
func (d *Doc) NewPage() {
	d.f.AddPage()
	d.f.SetXY(d.left, marginTop)
}

// need starts a new page unless h millimetres fit on this one.
func (d *Doc) need(h float64) {
	if d.f.PageNo() == 0 || d.f.GetY()+h > pageH-marginBottom {
		d.NewPage()
	}
}

// atTop reports whether nothing was written on the page yet.
func (d *Doc) atTop() bool { return d.f.GetY() <= marginTop+0.01 }

// space adds vertical space, unless at the top of a page.
func (d *Doc) space(h float64) {
	if !d.atTop() {
		d.f.SetY(d.f.GetY() + h)
		d.f.SetX(d.left)
	}
}

// Title writes a cover's title and subtitle.
func (d *Doc) Title(title, subtitle string) {
	d.need(40)
	d.cover = d.f.PageNo() == 1
	d.f.SetY(d.f.GetY() + 20)
	d.text([]piece{{text: title, st: style{size: 24, bold: true}}}, contentW, 0)
	if subtitle != "" {
		d.space(6)
		d.text([]piece{{text: subtitle, st: style{size: 13}}}, contentW, 0)
	}
	d.space(10)
}

// Heading writes a heading: level 1 starts a part of the document (in
// the table of contents), 2 and 3 are within it. All are bookmarks.
func (d *Doc) Heading(level int, text string) {
	size := map[int]float64{1: 18, 2: 14, 3: 12}[min(max(level, 1), 3)]
	if level == 1 {
		d.space(4)
	} else {
		d.space(3)
	}
	// A heading is kept with the first lines of what follows it.
	d.need(lineH(size)*2 + lineH(bodySize)*3)
	mark := min(level-1, d.marks+1)
	d.f.Bookmark(text, mark, -1)
	d.marks = mark
	if level == 1 {
		link := d.f.AddLink()
		d.f.SetLink(link, d.f.GetY(), d.f.PageNo())
		d.toc = append(d.toc, tocEntry{text: text, page: d.f.PageNo(), link: link})
	}
	d.text([]piece{{text: text, st: style{size: size, bold: true}}}, contentW-(d.left-marginX), 0)
	d.space(1.5)
}

// Paragraph writes a paragraph of plain text.
func (d *Doc) Paragraph(text string) {
	d.paragraph([]piece{{text: text}})
}

func (d *Doc) paragraph(ps []piece) {
	d.text(ps, contentW-(d.left-marginX), 0)
	d.space(2.5)
}

// List writes a bulleted list of plain text items.
func (d *Doc) List(items []string) {
	for _, it := range items {
		d.item("•", func() { d.text([]piece{{text: it}}, contentW-(d.left-marginX), 0) })
	}
	d.space(2.5)
}

// item writes a list item: its mark in the margin, then what body writes,
// indented.
func (d *Doc) item(mark string, body func()) {
	d.need(lineH(bodySize))
	d.setFont(style{})
	y := d.f.GetY()
	page := d.f.PageNo()
	d.f.SetXY(d.left, y)
	d.f.CellFormat(6, lineH(bodySize), mark, "", 0, "L", false, 0, "")
	step := d.indent()
	d.left += step
	d.f.SetXY(d.left+6-step, y) // after the mark, even where lists no longer indent
	body()
	d.left -= step
	if d.f.PageNo() == page && d.f.GetY() < y+lineH(bodySize) {
		d.f.SetY(y + lineH(bodySize))
	}
	d.f.SetX(d.left)
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
		d.text([]piece{{text: p[0] + "\u00a0: ", st: style{bold: true}}, {text: p[1]}}, contentW-(d.left-marginX), 0)
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
	drawRow := func(ls [][]line, h float64, fill bool) {
		y := d.f.GetY()
		x := d.left
		d.f.SetDrawColor(90, 90, 90)
		d.f.SetLineWidth(0.2)
		for i, w := range ws {
			if fill {
				d.f.SetFillColor(225, 225, 225)
				d.f.Rect(x, y, w, h, "FD")
			} else {
				d.f.Rect(x, y, w, h, "D")
			}
			d.draw(ls[i], x+pad, y+pad)
			x += w
		}
		d.f.SetXY(d.left, y+h)
	}
	hl, hh := layoutRow(head)
	d.need(hh * 2)
	drawRow(hl, hh, true)
	for _, r := range rows {
		ls, h := layoutRow(r)
		if d.f.GetY()+h > pageH-marginBottom {
			d.NewPage()
			drawRow(hl, hh, true)
		}
		drawRow(ls, h, false)
	}
	d.space(3)
}

// ReserveTOC keeps pages for a table of contents of n entries, titled
// heading, written at the end (Close), here.
func (d *Doc) ReserveTOC(n int, heading string) {
	d.tocHeading = heading
	avail := pageH - marginTop - marginBottom - 20.0
	per := int(avail / tocLine)
	d.tocN = max(1, (n+per-1)/per)
	for range d.tocN {
		d.NewPage()
		if d.tocPage == 0 {
			d.tocPage = d.f.PageNo()
			d.f.Bookmark(heading, 0, marginTop)
			d.marks = 0
		}
	}
}

const tocLine = 7.0

// writeTOC writes the table of contents on the pages kept for it.
func (d *Doc) writeTOC() {
	last := d.f.PageNo()
	d.f.SetPage(d.tocPage)
	d.f.SetXY(marginX, marginTop)
	d.text([]piece{{text: d.tocHeading, st: style{size: 18, bold: true}}}, contentW, 0)
	d.space(4)
	page := d.tocPage
	for _, e := range d.toc {
		if d.f.GetY()+tocLine > pageH-marginBottom && page < d.tocPage+d.tocN-1 {
			page++
			d.f.SetPage(page)
			d.f.SetXY(marginX, marginTop)
		}
		y := d.f.GetY()
		num := fmt.Sprint(e.page)
		d.setFont(style{})
		nw := d.f.GetStringWidth(num)
		title := fit(d.f, e.text, contentW-nw-12)
		tw := d.f.GetStringWidth(title)
		d.f.SetXY(marginX, y)
		d.f.CellFormat(tw, tocLine, title, "", 0, "L", false, e.link, "")
		// Dots lead the eye to the page number.
		d.f.SetTextColor(110, 110, 110)
		dots := ""
		for d.f.GetStringWidth(dots+" .") < contentW-tw-nw-3 {
			dots += " ."
		}
		d.f.SetXY(marginX+tw, y)
		d.f.CellFormat(contentW-tw-nw-1, tocLine, dots, "", 0, "L", false, e.link, "")
		d.f.SetTextColor(0, 0, 0)
		d.f.SetXY(marginX+contentW-nw, y)
		d.f.CellFormat(nw, tocLine, num, "", 0, "R", false, e.link, "")
		d.f.SetXY(marginX, y+tocLine)
	}
	d.f.SetPage(last)
}

// Close writes the table of contents, if pages were kept for it, and
// the document to w.
func (d *Doc) Close(w io.Writer) error {
	if d.f.PageNo() == 0 {
		d.NewPage()
	}
	if d.tocPage > 0 {
		d.writeTOC()
	}
	return d.f.Output(w)
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

func (d *Doc) setFont(s style) {
	family, st := "sans", ""
	switch {
	case s.mono:
		family = "mono"
	case s.bold:
		st = "B"
	case s.italic:
		st = "I"
	}
	if s.link != "" { // links are underlined: they read so in black and white
		st += "U"
	}
	size := s.pt()
	if s.mono {
		size *= 0.9
	}
	d.font(family, strings.TrimSuffix(st, "U"))
	d.f.SetFont(family, st, size)
	switch {
	case s.link != "":
		d.f.SetTextColor(0, 0, 150)
	case s.gray:
		d.f.SetTextColor(70, 70, 70)
	default:
		d.f.SetTextColor(0, 0, 0)
	}
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
			out = append(out, cur)
			space, br = 0, false
		}
		cur = word{}
	}
	for _, p := range ps {
		d.setFont(p.st)
		start := 0
		emit := func(end int) {
			if end > start {
				t := p.text[start:end]
				w := d.f.GetStringWidth(t)
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
					space = d.f.GetStringWidth(" ") // none at a line's start: layout drops it
				}
				start = i + 1
			}
		}
		emit(len(p.text))
	}
	flush()
	return out
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
	return lines
}

func (d *Doc) width(p piece) float64 {
	d.setFont(p.st)
	return d.f.GetStringWidth(p.text)
}

// fitting is how many of the first runes of r fit in w, in style st; it
// measures no further than the first that does not.
func (d *Doc) fitting(st style, r []rune, w float64) int {
	d.setFont(st)
	n := 0
	for n < len(r) && d.f.GetStringWidth(string(r[:n+1])) <= w {
		n++
	}
	return n
}

// draw writes laid out lines from x, y, on the current page.
func (d *Doc) draw(ls []line, x, y float64) {
	for _, l := range ls {
		cx := x
		for _, w := range l.words {
			cx += w.space
			for _, p := range w.parts {
				d.setFont(p.st)
				pw := d.f.GetStringWidth(p.text)
				d.f.SetXY(cx, y)
				link := p.st.link
				if len(link) > maxLink {
					link = "" // each line would carry it: not clickable
				}
				d.f.CellFormat(pw, l.h, p.text, "", 0, "L", false, 0, link)
				cx += pw
			}
		}
		y += l.h
	}
	d.f.SetTextColor(0, 0, 0)
}

// text writes pieces as lines width wide from the current position,
// starting new pages as needed (a line is never split). first is where
// the first line starts, from the left edge.
func (d *Doc) text(ps []piece, width, first float64) {
	if d.f.PageNo() == 0 {
		d.NewPage()
	}
	startX := d.f.GetX()
	ls := d.layout(ps, width, max(first, startX-d.left))
	for i, l := range ls {
		if d.f.GetY()+l.h > pageH-marginBottom {
			d.NewPage()
			startX = d.left
		}
		x := d.left
		if i == 0 {
			x = startX
		}
		d.draw([]line{l}, x, d.f.GetY())
		d.f.SetXY(d.left, d.f.GetY()+l.h)
	}
}

// Caption writes a line of small gray text (what a document belongs to).
func (d *Doc) Caption(text string) {
	d.text([]piece{{text: text, st: style{size: 9, gray: true}}}, contentW-(d.left-marginX), 0)
	d.space(2)
}

// Rule draws a horizontal line across the text.
func (d *Doc) Rule() {
	d.need(4)
	y := d.f.GetY() + 2
	d.f.SetDrawColor(120, 120, 120)
	d.f.SetLineWidth(0.3)
	d.f.Line(d.left, y, marginX+contentW, y)
	d.f.SetXY(d.left, y+3)
}

// AnswerLines draws n dotted lines across the text, 9 mm apart, to write
// an answer on.
func (d *Doc) AnswerLines(n int) {
	const gap = 9
	d.f.SetDrawColor(90, 90, 90)
	d.f.SetLineWidth(0.3)
	d.f.SetDashPattern([]float64{0.5, 1}, 0)
	for range n {
		d.need(gap + 1)
		y := d.f.GetY() + gap
		d.f.Line(d.left, y, marginX+contentW, y)
		d.f.SetXY(d.left, y)
	}
	d.f.SetDashPattern(nil, 0)
	d.f.SetX(d.left)
}

// Err is the first error met while making the document.
func (d *Doc) Err() error { return d.f.Error() }

// plain joins lines for a plain text, as one string.
func plain(s string) string { return strings.Join(strings.Fields(s), " ") }
