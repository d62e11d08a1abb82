package markdown

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// An include is a paragraph that is only ![[file.md]], as Obsidian and
// other editors embed a note: the text of that page is shown there. It is
// what other tools' include shortcodes are for. The converter leaves a
// mark (MarkInclude; <!--relais:include file.md--> without Options.Marks)
// that the site replaces with the
// page's HTML when it renders (so that an edit of the included page shows
// in every page that includes it); Result.Includes lists them, to check.

// includeLine matches an include paragraph.
var includeLine = regexp.MustCompile(`^!\[\[([^\[\]|#]+\.(?:md|markdown|mdown|mkd|mkdn))\]\]\s*$`)

// KindInclude is the kind of Include nodes.
var KindInclude = ast.NewNodeKind("Include")

// Include is an include paragraph.
type Include struct {
	ast.BaseBlock
	File string
}

// Kind implements ast.Node.
func (n *Include) Kind() ast.NodeKind { return KindInclude }

// Dump implements ast.Node.
func (n *Include) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"File": n.File}, nil)
}

var includesKey = parser.NewContextKey()

// includeList records the includes of a page and where they are.
type includeList struct {
	files   []string
	offsets []int
}

type includeTransformer struct{}

func (includeTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	list, _ := pc.Get(includesKey).(*includeList)
	var paras []*ast.Paragraph
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if p, ok := n.(*ast.Paragraph); ok && p.Lines().Len() == 1 {
			paras = append(paras, p)
		}
	}
	for _, p := range paras {
		seg := p.Lines().At(0)
		m := includeLine.FindSubmatch(seg.Value(src))
		if m == nil || strings.Contains(string(m[1]), "--") {
			continue
		}
		inc := &Include{File: strings.TrimSpace(string(m[1]))}
		doc.ReplaceChild(doc, p, inc)
		if list != nil {
			list.files = append(list.files, inc.File)
			list.offsets = append(list.offsets, seg.Start)
		}
	}
}

type includeRenderer struct{ marks bool }

func (r includeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindInclude, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkSkipChildren, nil
		}
		file := string(util.EscapeHTML([]byte(n.(*Include).File)))
		if r.marks {
			writeMark(w, MarkInclude, file, "")
			_ = w.WriteByte('\n')
		} else {
			_, _ = w.WriteString("<!--relais:include " + file + "-->\n")
		}
		return ast.WalkSkipChildren, nil
	})
}

// includes is the include extension; with marks, images and links to
// Markdown files are marked too (Options.Marks).
type includes struct{ marks bool }

func (x includes) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(includeTransformer{}, 150)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(includeRenderer{x.marks}, 50)))
	if x.marks {
		m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(newMarkRenderer(), 40)))
	}
}
