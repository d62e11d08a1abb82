package markdown

import (
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"relais/internal/slug"
)

// foldedIDKey is the attribute of a heading that holds its folded id;
// the heading renderer writes it as an anchor, never as an attribute.
var foldedIDKey = []byte("relais-folded-id")

// foldedAnchors gives each heading whose id has accents a second anchor,
// its id with the accents removed: « Contenus concernés » answers to
// #contenus-concernés, as GitHub and Hugo make it, and to
// #contenus-concernes, as Eleventy, VuePress and Jekyll's plugins make
// it, so that the links of a site moved from them, and links to it from
// other sites, still lead to the heading. A folded id another heading
// already has is not given twice.
type foldedAnchors struct{}

func (foldedAnchors) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	ids, ok := pc.IDs().(*headingIDs)
	if !ok || ids.ascii || !anyNonASCII(ids.order) {
		return
	}
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if c.Type() != ast.TypeBlock {
				continue
			}
			if h, ok := c.(*ast.Heading); ok {
				v, _ := h.AttributeString("id")
				id, _ := v.([]byte)
				if f := FoldID(string(id)); f != string(id) && f != "" && !ids.used[f] {
					ids.Put([]byte(f))
					h.SetAttribute(foldedIDKey, []byte(f))
				}
				continue
			}
			walk(c)
		}
	}
	walk(doc)
}

func anyNonASCII(ss []string) bool {
	for _, s := range ss {
		for i := 0; i < len(s); i++ {
			if s[i] >= utf8.RuneSelf {
				return true
			}
		}
	}
	return false
}

// FoldID is an anchor with its accents removed and its ligatures spelt
// out, as the slug functions of Eleventy and VuePress make anchors.
func FoldID(id string) string {
	if !anyNonASCII([]string{id}) {
		return id
	}
	return ligatures.Replace(slug.RemoveAccents(id))
}

var ligatures = strings.NewReplacer("œ", "oe", "æ", "ae", "ß", "ss")

// headingRenderer writes headings as goldmark does, with the folded
// anchor foldedAnchors gave them first inside.
type headingRenderer struct{}

func (headingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, renderHeading)
}

func renderHeading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	if !entering {
		_, _ = w.WriteString("</h")
		_ = w.WriteByte("0123456"[n.Level])
		_, _ = w.WriteString(">\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<h")
	_ = w.WriteByte("0123456"[n.Level])
	if n.Attributes() != nil {
		html.RenderAttributes(w, node, html.HeadingAttributeFilter)
	}
	_ = w.WriteByte('>')
	if v, ok := n.Attribute(foldedIDKey); ok {
		f, _ := v.([]byte)
		_, _ = w.WriteString(`<span id="`)
		_, _ = w.Write(util.EscapeHTML(f))
		_, _ = w.WriteString(`"></span>`)
	}
	return ast.WalkContinue, nil
}

// foldedHeadings registers both.
type foldedHeadings struct{}

func (foldedHeadings) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(foldedAnchors{}, 1000)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(headingRenderer{}, 100)))
}
