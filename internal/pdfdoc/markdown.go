package pdfdoc

import (
	"bytes"
	"fmt"
	"html"
	"image"
	"image/jpeg"
	"image/png"
	"math"
	"strings"

	"golang.org/x/image/draw"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"

	"relais/internal/markdown"
)

// Tree is a page's Markdown syntax tree and the source it points into.
type Tree struct {
	Node ast.Node
	Src  []byte
	// From names the page, for what its links and images name (given to
	// Options.Link, Image and Include).
	From string
}

// maxIncludes bounds pages that include pages that include pages.
const maxIncludes = 4

// Markdown writes a page's Markdown: its headings within the current part
// (a level 1 or 2 heading is a level 2 one here), paragraphs, lists,
// quotes and callouts, code, tables, images and links. A first heading
// whose text is skip (the part's own title, written already) is left
// out.
func (d *Doc) Markdown(t Tree, skip string) {
	defer func(from string) { d.from = from }(d.from)
	d.from = t.From
	n := t.Node.FirstChild()
	if h, ok := n.(*ast.Heading); ok && skip != "" && plain(string(inlineText(h, t.Src))) == plain(skip) {
		n = n.NextSibling()
	}
	for ; n != nil; n = n.NextSibling() {
		d.block(n, t.Src, 0)
	}
}

func (d *Doc) block(n ast.Node, src []byte, depth int) {
	switch n := n.(type) {
	case *ast.Heading:
		d.Heading(min(max(n.Level, 2), 3), plain(string(inlineText(n, src))))
	case *ast.Paragraph, *ast.TextBlock:
		if img, ok := onlyImage(n); ok && d.image(img, src) {
			return
		}
		class, _ := n.AttributeString("class")
		st := style{}
		if c, ok := class.([]byte); ok && string(c) == "callout-title" {
			st.bold = true
		}
		ps := d.inlines(n, src, st, nil)
		if _, tight := n.(*ast.TextBlock); tight {
			d.w.Open("P")
			d.text(ps, contentW-(d.left-marginX), 0)
			d.w.Close()
			if endsWithAnswer(n, src) {
				d.AnswerLines(2)
			}
			return
		}
		if endsWithAnswer(n, src) {
			d.w.Open("P")
			d.text(ps, contentW-(d.left-marginX), 0)
			d.w.Close()
			d.AnswerLines(2)
			d.space(2.5)
			return
		}
		d.paragraph(ps)
	case *ast.List:
		num := n.Start
		d.w.Open("L")
		defer d.w.Close()
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			mark := "•"
			if n.IsOrdered() {
				mark = fmt.Sprintf("%d.", num)
				num++
			}
			if box, ok := taskBox(it); ok {
				mark = "☐" // a box to tick, on paper
				if box.IsChecked {
					mark = "☑"
				}
			}
			d.item(mark, func() {
				for c := it.FirstChild(); c != nil; c = c.NextSibling() {
					d.block(c, src, depth)
				}
			})
		}
		d.space(2)
	case *ast.Blockquote:
		// A quote or a callout: indented, with a rule beside it.
		y, page := d.y, d.page()
		step := d.indent()
		d.left += step
		d.x = d.left
		d.w.Open("BlockQuote")
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			d.block(c, src, depth)
		}
		d.w.Close()
		d.left -= step
		if d.page() == page {
			d.w.Line(d.left+2, y, d.left+2, d.y-2, 0.8, answerGray, nil)
		}
		d.x = d.left
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var b bytes.Buffer
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			s := lines.At(i)
			b.Write(s.Value(src))
		}
		d.w.Open("P")
		for _, l := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
			d.text([]piece{{text: strings.ReplaceAll(l, " ", "\u00a0"), st: style{mono: true, size: 10}}}, contentW-(d.left-marginX), 0)
		}
		d.w.Close()
		d.space(2.5)
	case *ast.ThematicBreak:
		d.Rule()
	case *extast.Table:
		var head [][]piece
		var rows [][][]piece
		for r := n.FirstChild(); r != nil; r = r.NextSibling() {
			var cells [][]piece
			_, isHead := r.(*extast.TableHeader)
			for c := r.FirstChild(); c != nil; c = c.NextSibling() {
				cells = append(cells, d.inlines(c, src, style{bold: isHead, size: 10}, nil))
			}
			if isHead {
				head = cells
			} else {
				rows = append(rows, cells)
			}
		}
		if len(head) > 0 {
			d.table(head, rows, nil)
		}
	case *markdown.Include:
		if d.o.Include == nil || depth >= maxIncludes {
			return
		}
		if t, ok := d.o.Include(d.from, n.File); ok {
			from := d.from
			d.from = t.From
			for c := t.Node.FirstChild(); c != nil; c = c.NextSibling() {
				d.block(c, t.Src, depth+1)
			}
			d.from = from
		}
	case *extast.FootnoteList:
		// The notes, after a rule, each with its number: the text's
		// « [1] » leads to it.
		d.Rule()
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			fn, ok := c.(*extast.Footnote)
			if !ok {
				continue
			}
			d.labelled("Note", fmt.Sprintf("[%d]", fn.Index), func() {
				for b := fn.FirstChild(); b != nil; b = b.NextSibling() {
					d.block(b, src, depth)
				}
			})
		}
	case *ast.HTMLBlock:
		// Raw HTML is the site's, for the site: not printed.
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			d.block(c, src, depth)
		}
	}
}

// taskBox is the box a list item of a task list starts with.
func taskBox(it ast.Node) (*extast.TaskCheckBox, bool) {
	if p := it.FirstChild(); p != nil {
		b, ok := p.FirstChild().(*extast.TaskCheckBox)
		return b, ok
	}
	return nil, false
}

// endsWithAnswer reports whether a paragraph ends with room for an
// answer.
func endsWithAnswer(n ast.Node, src []byte) bool {
	for c := n.LastChild(); c != nil; c = c.PreviousSibling() {
		if a, ok := c.(*markdown.AnswerSpace); ok {
			return a.EndsBlock(src)
		}
	}
	return false
}

// onlyImage returns the image a paragraph is made of, alone.
func onlyImage(n ast.Node) (*ast.Image, bool) {
	img, ok := n.FirstChild().(*ast.Image)
	return img, ok && n.FirstChild() == n.LastChild()
}

// image writes an image of the page, as wide as it prints well (at 150
// dots an inch, no wider than the text, no taller than half a page),
// with its description under it. It reports false if it cannot.
func (d *Doc) image(img *ast.Image, src []byte) bool {
	if d.o.Image == nil {
		return false
	}
	dest := string(img.Destination)
	data, _, ok := d.o.Image(d.from, dest)
	if !ok {
		return false
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width == 0 || cfg.Height == 0 || format != "jpeg" && format != "png" {
		return false
	}
	avail := contentW - (d.left - marginX)
	w := min(avail, float64(cfg.Width)*25.4/150)
	h := w * float64(cfg.Height) / float64(cfg.Width)
	if maxH := (pageH - marginTop - marginBottom) / 2; h > maxH {
		h, w = maxH, maxH*float64(cfg.Width)/float64(cfg.Height)
	}
	im, ok := d.images[dest]
	if !ok {
		// At print resolution: a phone's 4,000 pixels would weigh
		// megabytes for a photo 17 cm wide.
		if px := int(math.Ceil(w / 25.4 * printDPI)); cfg.Width > px*5/4 {
			if small, err := scale(data, format, px); err == nil {
				data = small
			}
		}
		if im, err = d.w.AddImage(data); err != nil {
			return false
		}
		d.images[dest] = im
	}
	d.need(h + 8)
	alt := plain(string(inlineText(img, src)))
	if alt != "" {
		d.w.Open("Figure").Alt = alt
	}
	d.w.DrawImage(im, d.left, d.y, w, h)
	if alt != "" {
		d.w.Close()
	}
	d.x, d.y = d.left, d.y+h+1.5
	// Its description, printed: read already as the figure's alt text.
	d.w.BeginArtifact("Layout")
	defer d.w.EndArtifact()
	if alt := plain(string(inlineText(img, src))); alt != "" {
		d.text([]piece{{text: alt, st: style{italic: true, size: 9, gray: true}}}, avail, 0)
	}
	d.space(3)
	return true
}

// printDPI is the resolution images are printed at.
const printDPI = 200

// scale makes an image (JPEG or PNG) px pixels wide: a JPEG again, of
// good quality, or a PNG (a drawing keeps its sharp edges).
func scale(data []byte, format string, px int) ([]byte, error) {
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b := src.Bounds()
	h := max(1, px*b.Dy()/b.Dx())
	if b.Dx() > 3*px {
		// Halfway at once, roughly (the photo's detail is lost at that
		// size anyway), then finely: Catmull-Rom over 12 megapixels
		// takes seconds.
		mid := image.NewRGBA(image.Rect(0, 0, 2*px, max(1, 2*px*b.Dy()/b.Dx())))
		draw.ApproxBiLinear.Scale(mid, mid.Bounds(), src, b, draw.Src, nil)
		src, b = mid, mid.Bounds()
	}
	dst := image.NewRGBA(image.Rect(0, 0, px, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	var out bytes.Buffer
	if format == "png" {
		err = png.Encode(&out, dst)
	} else {
		err = jpeg.Encode(&out, dst, &jpeg.Options{Quality: 85})
	}
	return out.Bytes(), err
}

// inlines collects the text of n's inline children in pieces.
func (d *Doc) inlines(n ast.Node, src []byte, st style, out []piece) []piece {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			t := html.UnescapeString(string(c.Segment.Value(src)))
			switch {
			case c.HardLineBreak():
				t += "\n"
			case c.SoftLineBreak():
				t += " "
			}
			out = append(out, piece{text: t, st: st})
		case *ast.String:
			// A code string is HTML as it is (a typographer's "&hellip;",
			// a line break's "<br>").
			v := string(c.Value)
			if c.IsCode() && strings.HasPrefix(v, "<br") {
				out = append(out, piece{text: "\n", st: st})
				continue
			}
			v = html.UnescapeString(v)
			if strings.HasSuffix(v, "\n") {
				v = strings.TrimSuffix(v, "\n") + " "
			}
			out = append(out, piece{text: v, st: st})
		case *ast.Emphasis:
			s := st
			if c.Level >= 2 {
				s.bold = true
			} else {
				s.italic = true
			}
			out = d.inlines(c, src, s, out)
		case *ast.CodeSpan:
			s := st
			s.mono = true
			out = append(out, piece{text: string(inlineText(c, src)), st: s})
		case *ast.Link:
			out = d.link(string(c.Destination), d.inlines(c, src, st, nil), st, out)
		case *ast.AutoLink:
			u := string(c.URL(src))
			dest := u
			if c.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(dest, "mailto:") {
				dest = "mailto:" + dest
			}
			s := st
			if d.o.Link != nil {
				s.link = d.o.Link(d.from, dest)
			}
			out = append(out, piece{text: u, st: s})
		case *ast.Image:
			s := st
			s.italic = true
			out = append(out, piece{text: "[" + plain(string(inlineText(c, src))) + "]", st: s})
		case *markdown.AnswerSpace:
			// Room for an answer: a line to write on within the text, or
			// lines under it (AnswerLines) at its end.
			if !c.EndsBlock(src) {
				out = append(out, piece{text: strings.Repeat("_", 16), st: st})
			}
		case *ast.RawHTML:
			// Raw HTML is the site's: not printed.
		case *extast.TaskCheckBox:
			// Its item's label (item).
		case *extast.FootnoteLink:
			out = append(out, piece{text: fmt.Sprintf("[%d]", c.Index), st: st})
		case *extast.FootnoteBacklink:
			// The way back to the text: none on paper.
		default:
			out = d.inlines(c, src, st, out)
		}
	}
	return out
}

// link adds a link's text, clickable, and for a link to another site its
// address after it, so that a printed page still says where it leads.
func (d *Doc) link(dest string, text []piece, st style, out []piece) []piece {
	target := ""
	if d.o.Link != nil {
		target = d.o.Link(d.from, dest)
	}
	if len(target) > maxLink {
		// Not clickable: each line of a link carries its address, and a
		// 200 KB one took gigabytes. Its start is printed.
		s := st
		s.gray, s.size = true, st.pt()*0.85
		out = append(out, text...)
		return append(out, piece{text: " (" + strings.ToValidUTF8(target[:80], "") + "…)", st: s})
	}
	var words strings.Builder
	for _, p := range text {
		if target != "" {
			p.st.link = target
		}
		words.WriteString(p.text)
		out = append(out, p)
	}
	if (strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://")) && plain(words.String()) != target &&
		!strings.HasPrefix(target, d.siteURL()) {
		s := st
		s.gray, s.size = true, st.pt()*0.85
		out = append(out, piece{text: " (" + target + ")", st: s})
	}
	return out
}

// maxLink is the longest address a link of a document keeps.
const maxLink = 2000

// siteURL is the address that links to the site's own pages start with:
// they are clickable, and not printed.
func (d *Doc) siteURL() string {
	if d.o.Link == nil {
		return "\x00"
	}
	if u := d.o.Link("", "/"); u != "" {
		return u
	}
	return "\x00"
}

// inlineText is the text of n's inline children, with French typography
// as it was applied.
func inlineText(n ast.Node, src []byte) []byte {
	var b bytes.Buffer
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if v := string(c.Value); !c.IsCode() || !strings.HasPrefix(v, "<br") {
				b.WriteString(html.UnescapeString(v))
			}
		default:
			b.Write(inlineText(c, src))
		}
	}
	return b.Bytes()
}
