package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

// linkList collects the links of one page while it is parsed.
type linkList struct {
	items   []Link
	offsets []int
}

// linkTransformer records link and image destinations with their position
// and prefixes root-relative ones with the site's base path.
type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	base, _ := pc.Get(basePathKey).(string)
	base = strings.TrimSuffix(base, "/")
	links, _ := pc.Get(linksKey).(*linkList)
	rebase, _ := pc.Get(rebaseKey).(Rebase)
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		var l Link
		switch t := n.(type) {
		case *ast.Link:
			dest = &t.Destination
			l.Alt = plainText(t, src)
			l.Alone = t.ChildCount() == 1 && t.FirstChild().Kind() == ast.KindImage
		case *ast.Image:
			dest = &t.Destination
			l.Image = true
			l.Alt = plainText(t, src)
			if p := t.Parent(); p != nil && p.Kind() == ast.KindLink && p.ChildCount() == 1 {
				l.Alone = true
			}
		case *ast.HTMLBlock, *ast.RawHTML:
			if raw, _ := pc.Get(rawKey).(bool); raw && links != nil {
				rawLinks(n, src, links)
			}
			return ast.WalkContinue, nil
		case *ast.AutoLink:
			u := t.URL(src)
			l.Dest = string(u)
			if t.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(l.Dest), "mailto:") {
				// A bare address is a mail link (goldmark writes
				// href="mailto:…"), never a path of the site.
				l.Dest = "mailto:" + l.Dest
			}
			l.Auto = true
			if links != nil {
				links.items = append(links.items, l)
				links.offsets = append(links.offsets, textOffset(n, src, t.Label(src)))
			}
			return ast.WalkContinue, nil
		default:
			return ast.WalkContinue, nil
		}
		if rebase != nil && (relative(*dest) || htmlPage(*dest)) {
			if d, ok := rebase(string(*dest)); ok {
				*dest = []byte(d)
			}
		}
		l.Dest = string(*dest)
		if links != nil {
			links.items = append(links.items, l)
			links.offsets = append(links.offsets, blockOffset(n))
		}
		if base != "" && strings.HasPrefix(l.Dest, "/") && !strings.HasPrefix(l.Dest, "//") {
			*dest = []byte(base + l.Dest)
		}
		return ast.WalkContinue, nil
	})
}

// relative reports an address relative to the page that writes it: not
// from the site's top, not an anchor of the page, no scheme.
// htmlPage reports an address of the site that names an HTML page
// ("/guide/etape.html"), as Jekyll and VuePress sites link their pages:
// rebase may lead it to the page of its Markdown file.
func htmlPage(dest []byte) bool {
	if len(dest) < 2 || dest[0] != '/' || dest[1] == '/' {
		return false
	}
	if i := bytes.IndexAny(dest, "?#"); i >= 0 {
		dest = dest[:i]
	}
	return bytes.HasSuffix(dest, []byte(".html")) || bytes.HasSuffix(dest, []byte(".htm"))
}

func relative(dest []byte) bool {
	if len(dest) == 0 || dest[0] == '/' || dest[0] == '#' || dest[0] == '?' {
		return false
	}
	if i := bytes.IndexAny(dest, ":/?#"); i >= 0 && dest[i] == ':' {
		return false // a scheme: https:, mailto:, tel:
	}
	return true
}

// textOffset returns the source offset of text (an autolink's, which has
// no text node) in the block holding n, so that its line is its own and
// not the block's first; or the block's offset when it is not found.
func textOffset(n ast.Node, src, text []byte) int {
	for p := n; p != nil && len(text) > 0; p = p.Parent() {
		if p.Type() != ast.TypeBlock {
			continue
		}
		if lines := p.Lines(); lines != nil {
			for i := range lines.Len() {
				seg := lines.At(i)
				if j := bytes.Index(src[seg.Start:seg.Stop], text); j >= 0 {
					return seg.Start + j
				}
			}
		}
		break
	}
	return blockOffset(n)
}

// blockOffset returns the source offset of an inline node: of its first
// text, or else of the block holding it.
func blockOffset(n ast.Node) int {
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	for p := n; p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock {
			if lines := p.Lines(); lines != nil && lines.Len() > 0 {
				return lines.At(0).Start
			}
		}
	}
	return 0
}

// rawAttrs are the attributes of raw HTML whose URLs are checked as
// Markdown links are: where they lead must exist.
var rawAttrs = map[string]string{"a": "href", "area": "href", "img": "src", "source": "src", "video": "src",
	"audio": "src", "iframe": "src", "link": "href", "script": "src", "embed": "src", "object": "data"}

// rawLinks adds the links of a raw HTML node, each at the line of its
// segment.
func rawLinks(n ast.Node, src []byte, links *linkList) {
	var segs *text.Segments
	switch t := n.(type) {
	case *ast.HTMLBlock:
		segs = t.Lines()
	case *ast.RawHTML:
		segs = t.Segments
	}
	if segs == nil {
		return
	}
	for i := range segs.Len() {
		seg := segs.At(i)
		z := html.NewTokenizer(bytes.NewReader(seg.Value(src)))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			name, more := z.TagName()
			want := rawAttrs[string(name)]
			var l Link
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch {
				case string(k) == want:
					l.Dest = string(v)
				case string(k) == "alt":
					l.Alt = string(v)
				}
			}
			if want == "" || l.Dest == "" {
				continue
			}
			l.Raw, l.Image = true, string(name) == "img"
			links.items = append(links.items, l)
			links.offsets = append(links.offsets, seg.Start)
		}
	}
}
