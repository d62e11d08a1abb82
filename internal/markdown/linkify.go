package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// quickLinkify is goldmark's linkify extension with a quicker no. Linkify
// is asked at every space of the text whether a URL or an e-mail address
// starts there. An address needs an @, and a URL starts with http:,
// https:, ftp: or www.: in a page without @ (most pages), a word that
// starts with another letter is turned away before linkify's own scans.
type quickLinkify struct{}

// Extend implements goldmark.Extender, as extension.Linkify does.
func (quickLinkify) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(&quickLinkifyParser{InlineParser: extension.NewLinkifyParser()}, 999),
	))
}

type quickLinkifyParser struct{ parser.InlineParser }

var hasAtKey = parser.NewContextKey()

func (q *quickLinkifyParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	hasAt, ok := pc.Get(hasAtKey).(bool)
	if !ok {
		hasAt = bytes.IndexByte(block.Source(), '@') >= 0
		pc.Set(hasAtKey, hasAt)
	}
	if !hasAt {
		line, _ := block.PeekLine()
		if len(line) > 0 {
			switch line[0] { // what linkify steps over first
			case ' ', '*', '_', '~', '(':
				line = line[1:]
			}
		}
		if len(line) == 0 || line[0] != 'h' && line[0] != 'f' && line[0] != 'w' {
			return nil
		}
	}
	return q.InlineParser.Parse(parent, block, pc)
}
