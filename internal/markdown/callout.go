package markdown

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A callout is a quote whose first line names its kind, as GitHub writes
// them (and Obsidian): "> [!NOTE]" or "> [!WARNING]", or in French
// "> [!À RETENIR]", "> [!ATTENTION]". It is what other tools' note and
// warning shortcodes are for, in a syntax that needs no programming. The
// quote gets the class callout and callout-note or callout-warning, and
// its first line becomes its title, « À retenir » or « Attention ».

// calloutLine matches the first line of a callout.
var calloutLine = regexp.MustCompile(`^\[!([^\]]+)\]\s*$`)

// calloutKinds maps the names a callout's line may give to its kind.
var calloutKinds = map[string]string{"note": "note", "tip": "note", "important": "note", "info": "note",
	"à retenir": "note", "a retenir": "note", "retenir": "note", "info-bulle": "note",
	"warning": "warning", "caution": "warning", "attention": "warning", "danger": "warning"}

type calloutTransformer struct{ french bool }

func (c calloutTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		para, ok := q.FirstChild().(*ast.Paragraph)
		if !ok || para.Lines().Len() == 0 {
			continue
		}
		first := para.Lines().At(0)
		m := calloutLine.FindSubmatch(first.Value(src))
		if m == nil {
			continue
		}
		kind := calloutKinds[strings.ToLower(strings.TrimSpace(string(m[1])))]
		if kind == "" {
			continue
		}
		// The first line's text goes: the title replaces it.
		for n := para.FirstChild(); n != nil; {
			next := n.NextSibling()
			if t, ok := n.(*ast.Text); ok && t.Segment.Start >= first.Start && t.Segment.Stop <= first.Stop {
				para.RemoveChild(para, n)
			} else if !ok || t.Segment.Start >= first.Stop {
				break
			} else {
				para.RemoveChild(para, n)
			}
			n = next
		}
		if para.ChildCount() == 0 {
			q.RemoveChild(q, para)
		}
		title := map[string][2]string{"note": {"Note", "À retenir"}, "warning": {"Warning", "Attention"}}[kind]
		label := title[0]
		if c.french {
			label = title[1]
		}
		h := ast.NewParagraph()
		h.SetAttributeString("class", []byte("callout-title"))
		h.AppendChild(h, ast.NewString([]byte(label)))
		q.InsertBefore(q, q.FirstChild(), h)
		q.SetAttributeString("class", []byte("callout callout-"+kind))
	}
}

// calloutRenderer writes a callout as an aside with the note role (it is
// not a quotation); other quotes as goldmark does.
type calloutRenderer struct{}

func (calloutRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindBlockquote, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		class, _ := n.AttributeString("class")
		b, _ := class.([]byte)
		callout := strings.HasPrefix(string(b), "callout")
		switch {
		case entering && callout:
			_, _ = w.WriteString(`<aside role="note"`)
			html.RenderAttributes(w, n, html.GlobalAttributeFilter)
			_, _ = w.WriteString(">\n")
		case entering:
			if n.Attributes() != nil {
				_, _ = w.WriteString("<blockquote")
				html.RenderAttributes(w, n, html.BlockquoteAttributeFilter)
				_ = w.WriteByte('>')
			} else {
				_, _ = w.WriteString("<blockquote>\n")
			}
		case callout:
			_, _ = w.WriteString("</aside>\n")
		default:
			_, _ = w.WriteString("</blockquote>\n")
		}
		return ast.WalkContinue, nil
	})
}

type callouts struct{}

func (callouts) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(calloutRenderer{}, 100)))
}
