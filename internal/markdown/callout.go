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
		if t, ok := q.AttributeString(titleAttr); ok {
			class, _ := q.AttributeString("class")
			q.RemoveAttributes()
			q.SetAttributeString("class", class)
			h := ast.NewParagraph()
			h.SetAttributeString("class", []byte("callout-title"))
			h.AppendChild(h, ast.NewString(t.([]byte)))
			if q.FirstChild() == nil {
				q.AppendChild(q, h)
			} else {
				q.InsertBefore(q, q.FirstChild(), h)
			}
			continue
		}
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

type callouts struct{ french bool }

func (c callouts) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(containerParser{fence: true, french: c.french}, 650),
		util.Prioritized(containerParser{french: c.french}, 650)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(calloutRenderer{}, 100)))
}

// Other tools write callouts as containers: VuePress and Docusaurus as
// "::: tip Titre" … ":::", MkDocs as "!!! note \"Titre\"" with its text
// indented by four spaces. containerParser reads both into the same
// callout as "> [!NOTE]", with their title when they give one.
type containerParser struct {
	fence  bool // ":::" (closed by ":::"), or "!!!" (the indented lines)
	french bool
}

// titleAttr holds a container's title until its callout is made.
const titleAttr = "data-relais-callout-title"

// containerLine matches a container's first line: its kind and title.
var containerLine = regexp.MustCompile(`^(?::::+|!!!|\?\?\?)\s*([\p{L}-]+)\s*(.*)$`)

// containerKinds adds the names VuePress, Docusaurus and MkDocs give.
var containerKinds = map[string]string{"abstract": "note", "summary": "note", "success": "note", "question": "note",
	"example": "note", "quote": "note", "details": "note", "failure": "warning", "bug": "warning", "error": "warning"}

func (p containerParser) Trigger() []byte {
	if p.fence {
		return []byte{':'}
	}
	return []byte{'!', '?'}
}

func (p containerParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	t := strings.TrimSpace(string(line))
	if p.fence != strings.HasPrefix(t, ":::") || !p.fence && !strings.HasPrefix(t, "!!!") && !strings.HasPrefix(t, "???") {
		return nil, parser.NoChildren // an image, a question: not a container
	}
	m := containerLine.FindStringSubmatch(t)
	if m == nil {
		return nil, parser.NoChildren
	}
	name := strings.ToLower(m[1])
	kind := calloutKinds[name]
	if kind == "" {
		kind = containerKinds[name]
	}
	if kind == "" {
		return nil, parser.NoChildren
	}
	title := strings.Trim(strings.TrimSpace(m[2]), `"`)
	if title == "" {
		label := map[string][2]string{"note": {"Note", "À retenir"}, "warning": {"Warning", "Attention"}}[kind]
		title = label[0]
		if p.french {
			title = label[1]
		}
	}
	q := ast.NewBlockquote()
	// Its title is added once the blocks are parsed (calloutTransformer):
	// no inline node may stand among blocks being parsed.
	q.SetAttributeString("class", []byte("callout callout-"+kind))
	q.SetAttributeString(titleAttr, []byte(title))
	reader.Advance(seg.Len() - 1)
	return q, parser.HasChildren
}

func (p containerParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, seg := reader.PeekLine()
	if p.fence {
		if t := strings.TrimSpace(string(line)); strings.HasPrefix(t, ":::") && strings.Trim(t, ":") == "" {
			reader.Advance(seg.Len() - 1)
			return parser.Close
		}
		return parser.Continue | parser.HasChildren
	}
	if util.IsBlank(line) {
		return parser.Continue | parser.HasChildren
	}
	pos, padding := util.IndentPosition(line, reader.LineOffset(), 4)
	if pos < 0 {
		return parser.Close
	}
	reader.AdvanceAndSetPadding(pos, padding)
	return parser.Continue | parser.HasChildren
}

func (containerParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (containerParser) CanInterruptParagraph() bool                                { return true }
func (containerParser) CanAcceptIndentedLine() bool                                { return false }
