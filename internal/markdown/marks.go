package markdown

import (
	"bufio"
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// With Options.Marks, what the site completes when it renders a page is
// marked in the HTML as it is converted, instead of being looked for in
// the HTML at every render: an image (which may become a <picture> of
// its sizes), a link to a Markdown file (which leads to its page) and an
// include (which becomes the included page). A mark is a NUL byte, a
// kind, its parts separated by \x01, and a NUL: with marks, every NUL of
// a source is made U+FFFD first (as CommonMark says, and code blocks too),
// so no other NUL is ever in the HTML.
const (
	MarkImage   = 'I' // A: the src as written, escaped; B: the rest of the tag, from after src's quote
	MarkLink    = 'L' // A: the file, escaped; B: the fragment, with its #
	MarkInclude = 'N' // A: the file, escaped
)

// Mark is a mark of a page's HTML.
type Mark struct {
	Kind byte
	A, B string
}

// Plain is the HTML the mark stands for, as goldmark writes it.
func (m Mark) Plain() string {
	switch m.Kind {
	case MarkImage:
		return `<img src="` + m.A + `"` + m.B
	case MarkLink:
		return m.A + m.B
	case MarkInclude:
		return "<!--relais:include " + m.A + "-->"
	}
	return ""
}

// EachMark calls text with the HTML between marks and mark with each
// mark, in order, in one pass.
func EachMark(h string, text func(string), mark func(Mark)) {
	for {
		i := strings.IndexByte(h, 0)
		if i < 0 || i+1 >= len(h) {
			if h != "" {
				text(h)
			}
			return
		}
		j := strings.IndexByte(h[i+1:], 0)
		if j < 0 {
			text(h)
			return
		}
		if i > 0 {
			text(h[:i])
		}
		body := h[i+1 : i+1+j]
		// An include's file is written as it is, and may hold a \x01;
		// the addresses of images and links are escaped and never do.
		a, b := body[1:], ""
		if body[0] != MarkInclude {
			a, b, _ = strings.Cut(a, "\x01")
		}
		mark(Mark{Kind: body[0], A: a, B: b})
		h = h[i+1+j+1:]
	}
}

// Plain is h without its marks, as goldmark writes it (the editor's
// preview of a text).
func Plain(h []byte) []byte {
	if bytes.IndexByte(h, 0) < 0 {
		return h
	}
	var b strings.Builder
	EachMark(string(h), func(s string) { b.WriteString(s) }, func(m Mark) { b.WriteString(m.Plain()) })
	return []byte(b.String())
}

func writeMark(w util.BufWriter, kind byte, a, b string) {
	_ = w.WriteByte(0)
	_ = w.WriteByte(kind)
	_, _ = w.WriteString(a)
	if b != "" {
		_ = w.WriteByte(1)
		_, _ = w.WriteString(b)
	}
	_ = w.WriteByte(0)
}

// markRenderer writes images and links as goldmark's HTML renderer does
// (it calls it, with the same options), marked.
type markRenderer struct {
	inner       *html.Renderer
	image, link renderer.NodeRendererFunc
}

func newMarkRenderer() *markRenderer {
	return &markRenderer{inner: html.NewRenderer().(*html.Renderer)}
}

// SetOption gives the inner renderer the converter's options (Unsafe).
func (m *markRenderer) SetOption(name renderer.OptionName, value any) { m.inner.SetOption(name, value) }

type capture struct{ m *markRenderer }

func (c capture) Register(kind ast.NodeKind, f renderer.NodeRendererFunc) {
	switch kind {
	case ast.KindImage:
		c.m.image = f
	case ast.KindLink:
		c.m.link = f
	}
}

func (m *markRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	m.inner.RegisterFuncs(capture{m})
	reg.Register(ast.KindImage, m.renderImage)
	reg.Register(ast.KindLink, m.renderLink)
}

// inner is what the inner renderer writes for n.
func inner(f renderer.NodeRendererFunc, src []byte, n ast.Node, entering bool) (string, ast.WalkStatus, error) {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	st, err := f(w, src, n, entering)
	w.Flush()
	return buf.String(), st, err
}

func (m *markRenderer) renderImage(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	tag, st, err := inner(m.image, src, n, entering)
	const open = `<img src="`
	if rest, ok := strings.CutPrefix(tag, open); ok {
		if q := strings.IndexByte(rest, '"'); q >= 0 {
			writeMark(w, MarkImage, rest[:q], rest[q+1:])
			return st, err
		}
	}
	_, _ = w.WriteString(tag)
	return st, err
}

// markdownFile reports a link's destination (as written in the HTML)
// that names a Markdown file: its path, and its fragment.
func markdownFile(dest string) (file, frag string, ok bool) {
	file, frag = dest, ""
	if i := strings.IndexByte(dest, '#'); i >= 0 {
		file, frag = dest[:i], dest[i:]
	}
	for _, ext := range []string{".md", ".markdown", ".mdown", ".mkd", ".mkdn"} {
		if strings.HasSuffix(file, ext) {
			return file, frag, true
		}
	}
	return "", "", false
}

func (m *markRenderer) renderLink(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	tag, st, err := inner(m.link, src, n, entering)
	const open = `<a href="`
	if rest, ok := strings.CutPrefix(tag, open); entering && ok {
		if q := strings.IndexByte(rest, '"'); q >= 0 {
			if file, frag, ok := markdownFile(rest[:q]); ok {
				_, _ = w.WriteString(open)
				writeMark(w, MarkLink, file, frag)
				_, _ = w.WriteString(rest[q:])
				return st, err
			}
		}
	}
	_, _ = w.WriteString(tag)
	return st, err
}
