package markdown

import (
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// direction marks the blocks written in a script whose direction is not
// the page's: an Arabic paragraph in a French page is laid out from the
// right and read aloud in Arabic (dir="rtl" lang="ar"); a French one in
// an Arabic page from the left (dir="ltr"). A block's direction is its
// first letter's, as the Unicode bidirectional algorithm has it; a block
// with no letter is left alone. Paragraphs, headings, list items and
// table cells are marked.
type direction struct {
	rtl    bool // the page's direction
	noRuns bool // Options.noRuns
}

func (d direction) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	if !d.rtl && !hasRTL(src) {
		return // most pages: nothing to mark, nothing walked
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph, ast.KindHeading, ast.KindListItem:
		default:
			if n.Type() == ast.TypeInline {
				return ast.WalkSkipChildren, nil
			}
			if n.Kind().String() != "TableCell" {
				return ast.WalkContinue, nil
			}
		}
		if _, ok := n.Parent().(*ast.ListItem); ok && n.Kind() == ast.KindParagraph {
			return ast.WalkSkipChildren, nil // its item is marked
		}
		rtl, lang, ok := firstStrong(n, src)
		if !d.noRuns && (rtl || !ok && d.rtl) {
			isolateNumbers(n, src) // laid out from the right: numbers keep their order
		}
		if !ok || rtl == d.rtl {
			return ast.WalkSkipChildren, nil
		}
		if rtl {
			n.SetAttributeString("dir", []byte("rtl"))
			n.SetAttributeString("lang", []byte(lang))
		} else {
			n.SetAttributeString("dir", []byte("ltr"))
		}
		return ast.WalkSkipChildren, nil
	})
}

// firstStrong is the direction of a block's first letter, and for a
// right-to-left one, its language (Arabic or Hebrew).
func firstStrong(n ast.Node, src []byte) (rtl bool, lang string, ok bool) {
	for _, r := range string(plainText(n, src)) {
		switch {
		case r >= 0x0590 && r <= 0x05ff || r >= 0xfb1d && r <= 0xfb4f:
			return true, "he", true
		case r >= 0x0600 && r <= 0x08ff || r >= 0xfb50 && r <= 0xfdff || r >= 0xfe70 && r <= 0xfeff:
			return true, "ar", true
		case unicode.IsLetter(r):
			return false, "", true
		}
	}
	return false, "", false
}

// hasRTL reports whether src may hold a letter of a right-to-left script:
// a UTF-8 sequence of U+0580–U+08FF or U+FB1D–U+FEFF (a few others pass,
// and are looked at closely).
func hasRTL(src []byte) bool {
	for i, c := range src {
		switch {
		case c >= 0xd6 && c <= 0xdf:
			return true
		case c == 0xe0 && i+1 < len(src) && src[i+1] >= 0xa0 && src[i+1] <= 0xa3:
			return true
		case c == 0xef && i+1 < len(src) && src[i+1] >= 0xac && src[i+1] <= 0xbb:
			return true
		}
	}
	return false
}

// KindLTR is an inline run laid out from the left whatever the
// direction around it: a phone number in Arabic text.
var KindLTR = ast.NewNodeKind("LTR")

// ltr is a KindLTR node; its children are the run's text.
type ltr struct{ ast.BaseInline }

func (n *ltr) Kind() ast.NodeKind         { return KindLTR }
func (n *ltr) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }
func (ltrRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindLTR, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<span dir="ltr">`)
		} else {
			_, _ = w.WriteString("</span>")
		}
		return ast.WalkContinue, nil
	})
}

// ltrRenderer writes a KindLTR run as a span whose dir isolates it.
type ltrRenderer struct{}

// ltrRuns registers ltrRenderer.
type ltrRuns struct{}

func (ltrRuns) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(ltrRenderer{}, 100)))
}

// isolateNumbers puts each number of several groups in the text of a
// block laid out from the right (« 01 23 45 67 89 », « +33 1 23 45 67
// 89 ») in a run laid out from the left: the bidirectional algorithm
// would otherwise show its groups from the right, « 89 67 45 23 01 ».
func isolateNumbers(block ast.Node, src []byte) {
	var texts []*ast.Text
	_ = ast.Walk(block, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering {
			texts = append(texts, t)
		}
		if entering && (n.Kind() == ast.KindCodeSpan || n.Kind() == ast.KindLink || n.Kind() == ast.KindAutoLink) {
			return ast.WalkSkipChildren, nil // a link to a tel: number has its own direction
		}
		return ast.WalkContinue, nil
	})
	for i, t := range texts {
		if t == nil {
			continue // joined to the one before
		}
		// Text the parser cut (at a dot, a quote) is read whole: a
		// following piece that goes on where this one ends joins it.
		for next, ok := t.NextSibling().(*ast.Text); ok && !t.SoftLineBreak() && !t.HardLineBreak() &&
			next.Segment.Start == t.Segment.Stop && next.IsRaw() == t.IsRaw(); next, ok = t.NextSibling().(*ast.Text) {
			t.Segment = text.NewSegment(t.Segment.Start, next.Segment.Stop)
			t.SetSoftLineBreak(next.SoftLineBreak())
			t.SetHardLineBreak(next.HardLineBreak())
			t.Parent().RemoveChild(t.Parent(), next)
			for j := i + 1; j < len(texts); j++ {
				if texts[j] == next {
					texts[j] = nil
				}
			}
		}
		seg := t.Segment
		for {
			start, end := groupedNumber(seg.Value(src))
			if start < 0 {
				break
			}
			parent := t.Parent()
			if start > 0 {
				before := ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+start))
				parent.InsertBefore(parent, t, before)
			}
			run := &ltr{}
			run.AppendChild(run, ast.NewTextSegment(text.NewSegment(seg.Start+start, seg.Start+end)))
			parent.InsertBefore(parent, t, run)
			seg = text.NewSegment(seg.Start+end, seg.Stop)
			t.Segment = seg
		}
	}
}

// groupedNumber finds in b a number written in groups (two or more runs
// of digits apart by one space, dot or dash, six digits or more, a + at
// its start allowed), as phone numbers are: its start and end, or -1.
func groupedNumber(b []byte) (start, end int) {
	for i := 0; i < len(b); i++ {
		if !asciiDigit(b[i]) || i > 0 && (asciiDigit(b[i-1]) || b[i-1] == '+') {
			if b[i] != '+' || i+1 >= len(b) || !asciiDigit(b[i+1]) {
				continue
			}
		}
		j, digits, groups := i, 0, 0
		if b[j] == '+' {
			j++
		}
		for {
			k := j
			for k < len(b) && asciiDigit(b[k]) {
				k++
			}
			if k == j {
				break
			}
			digits += k - j
			groups++
			j = k
			if j+1 < len(b) && (b[j] == ' ' || b[j] == '.' || b[j] == '-') && asciiDigit(b[j+1]) {
				j++
				continue
			}
			break
		}
		if groups >= 2 && digits >= 6 {
			return i, j
		}
		i = j
	}
	return -1, -1
}

func asciiDigit(c byte) bool { return c >= '0' && c <= '9' }
