package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// strictCSP keeps GFM's output within a strict Content-Security-Policy and
// accessible:
//
//   - table column alignment becomes a class (align-left, align-center,
//     align-right) instead of a style attribute, which such a policy
//     blocks, and tables can be reached by keyboard (they may scroll);
//   - task list boxes are the characters ☑ and ☐, read by screen readers
//     in the reader's own language, instead of disabled checkboxes that
//     have no label.
type strictCSP struct{}

func (strictCSP) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(alignClasses{}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(taskRenderer{}, 100)))
}

type alignClasses struct{}

func (alignClasses) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *east.Table:
			// A wide table scrolls sideways on a phone: a keyboard user
			// must be able to reach it to scroll it.
			t.SetAttributeString("tabindex", []byte("0"))
		case *east.TableCell:
			if t.Alignment != east.AlignNone {
				t.SetAttributeString("class", []byte("align-"+t.Alignment.String()))
			}
		}
		return ast.WalkContinue, nil
	})
}

type taskRenderer struct{}

func (taskRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTaskCheckBox, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			if n.(*east.TaskCheckBox).IsChecked {
				_, _ = w.WriteString(`<span class="task task-done">☑</span> `)
			} else {
				_, _ = w.WriteString(`<span class="task">☐</span> `)
			}
		}
		return ast.WalkContinue, nil
	})
}
