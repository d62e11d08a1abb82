package markdown

import (
	"bytes"
	"regexp"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Markdown written for other tools holds their template tags: Hugo's
// shortcodes ({{< ref "x" >}}, {{% notice %}}), Liquid's and Nunjucks's
// tags ({% include x %}) and output ({{ page.title }}). relais does not
// run them: an inline parser takes each whole, before quotes, links or
// French spacing could change it, and it is shown as written; Result
// says where the first one is, for a warning.

// tagPattern is a template tag: a shortcode, a tag or an output.
const tagPattern = `\{\{[<%].*?[%>]\}\}|\{%.*?%\}|\{\{.*?\}\}`

var (
	// templateTag matches a template tag at the start of the text.
	templateTag = regexp.MustCompile(`^(?:` + tagPattern + `)`)
	// anyTemplateTag finds template tags anywhere.
	anyTemplateTag = regexp.MustCompile(tagPattern)
)

// TemplateTags are the byte ranges of the template tags of a plain text.
func TemplateTags(src []byte) [][]int {
	if !bytes.Contains(src, []byte("{{")) && !bytes.Contains(src, []byte("{%")) {
		return nil
	}
	return anyTemplateTag.FindAllIndex(src, -1)
}

// KindTemplateTag is the kind of TemplateTag nodes.
var KindTemplateTag = ast.NewNodeKind("TemplateTag")

// TemplateTag is another tool's template tag, kept as written.
type TemplateTag struct {
	ast.BaseInline
	Segment text.Segment
}

// Kind implements ast.Node.
func (n *TemplateTag) Kind() ast.NodeKind { return KindTemplateTag }

// Dump implements ast.Node.
func (n *TemplateTag) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

var tagsKey = parser.NewContextKey()

// tagList records where the page's template tags start.
type tagList struct{ offsets []int }

type templateTags struct{}

func (templateTags) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(tagParser{}, 50)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(tagRenderer{}, 50)))
}

type tagParser struct{}

func (tagParser) Trigger() []byte { return []byte{'{'} }

func (tagParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 4 || (line[1] != '{' && line[1] != '%') {
		return nil
	}
	m := templateTag.FindIndex(line)
	if m == nil {
		return nil
	}
	n := &TemplateTag{Segment: text.NewSegment(seg.Start, seg.Start+m[1])}
	block.Advance(m[1])
	if l, ok := pc.Get(tagsKey).(*tagList); ok {
		l.offsets = append(l.offsets, seg.Start)
	}
	return n
}

type tagRenderer struct{}

func (tagRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindTemplateTag, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(util.EscapeHTML(n.(*TemplateTag).Segment.Value(src)))
		}
		return ast.WalkSkipChildren, nil
	})
}
