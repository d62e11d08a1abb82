package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A handout's questions leave room for the answer the way she types it in
// a word processor: a run of dots, « Lequel ? …… » or « Nom : ........ ».
// Such a run (two ellipses or more, or four dots or more) is an answer
// space: a dotted line to write on, and at the end of a paragraph or a
// list item, lines across the page. The dots stay in the page's text, for
// screen readers and readers without styles.

// KindAnswerSpace is the kind of AnswerSpace nodes.
var KindAnswerSpace = ast.NewNodeKind("AnswerSpace")

// AnswerSpace is room left for a written answer.
type AnswerSpace struct {
	ast.BaseInline
	Segment text.Segment
}

// Kind implements ast.Node.
func (n *AnswerSpace) Kind() ast.NodeKind { return KindAnswerSpace }

// Dump implements ast.Node.
func (n *AnswerSpace) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// EndsBlock reports whether nothing but spaces or punctuation follows the
// answer space in its paragraph: the answer then gets lines of its own.
func (n *AnswerSpace) EndsBlock(src []byte) bool {
	for c := n.NextSibling(); c != nil; c = c.NextSibling() {
		t, ok := c.(*ast.Text)
		if !ok || len(bytes.Trim(t.Segment.Value(src), " \t\r\n.!?;:\u00a0\u202f")) > 0 {
			return false
		}
	}
	return true
}

const ellipsis = "…"

// answerLength is the length of the answer space at the start of b, or 0:
// four dots or more, or a run of dots and ellipses with two ellipses at
// least (« etc…. » is not one).
func answerLength(b []byte) int {
	i, dots, ellipses := 0, 0, 0
	for i < len(b) {
		if b[i] == '.' {
			i++
			dots++
		} else if bytes.HasPrefix(b[i:], []byte(ellipsis)) {
			i += len(ellipsis)
			ellipses++
		} else {
			break
		}
	}
	if ellipses >= 2 || ellipses == 0 && dots >= 4 {
		return i
	}
	return 0
}

type answers struct{}

func (answers) Extend(m goldmark.Markdown) {
	// Dots are taken before the typographer makes an ellipsis of three;
	// ellipses, which no inline parser can be triggered by, are found in
	// the text after parsing, before French spacing.
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(answerParser{}, 500)),
		parser.WithASTTransformers(util.Prioritized(answerTransformer{}, 900)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(answerRenderer{}, 50)))
}

type answerParser struct{}

func (answerParser) Trigger() []byte { return []byte{'.'} }

func (answerParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	n := answerLength(line)
	if n == 0 {
		return nil
	}
	block.Advance(n)
	return &AnswerSpace{Segment: text.NewSegment(seg.Start, seg.Start+n)}
}

// answerTransformer splits the text around runs of ellipses.
type answerTransformer struct{}

func (answerTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan, *ast.RawHTML, *ast.AutoLink, *TemplateTag, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if bytes.Contains(n.Segment.Value(src), []byte(ellipsis+ellipsis)) {
				texts = append(texts, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, t := range texts {
		splitAnswers(t, src)
	}
}

// splitAnswers replaces t by its text and the answer spaces within.
func splitAnswers(t *ast.Text, src []byte) {
	parent := t.Parent()
	seg := t.Segment
	v := seg.Value(src)
	start, at := 0, ast.Node(t)
	insert := func(n ast.Node) {
		parent.InsertAfter(parent, at, n)
		at = n
	}
	for i := 0; i < len(v); {
		n := 0
		if v[i] == '.' || bytes.HasPrefix(v[i:], []byte(ellipsis)) {
			n = answerLength(v[i:])
		}
		if n == 0 {
			i++
			continue
		}
		if i > start {
			insert(ast.NewTextSegment(text.NewSegment(seg.Start+start, seg.Start+i)))
		}
		insert(&AnswerSpace{Segment: text.NewSegment(seg.Start+i, seg.Start+i+n)})
		i += n
		start = i
	}
	last := ast.NewTextSegment(text.NewSegment(seg.Start+start, seg.Stop))
	last.SetSoftLineBreak(t.SoftLineBreak())
	last.SetHardLineBreak(t.HardLineBreak())
	if start < len(v) || t.SoftLineBreak() || t.HardLineBreak() {
		insert(last)
	}
	parent.RemoveChild(parent, t)
}

type answerRenderer struct{}

func (answerRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAnswerSpace, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			a := n.(*AnswerSpace)
			class := "answer"
			if a.EndsBlock(src) {
				class = "answer answer-lines"
			}
			// The line is drawn by the style sheet; the dots are said.
			_, _ = w.WriteString(`<span class="` + class + `"><span class="visually-hidden">`)
			_, _ = w.Write(util.EscapeHTML(a.Segment.Value(src)))
			_, _ = w.WriteString(`</span></span>`)
		}
		return ast.WalkSkipChildren, nil
	})
}
