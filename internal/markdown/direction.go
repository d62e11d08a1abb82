package markdown

import (
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// direction marks the blocks written in a script whose direction is not
// the page's: an Arabic paragraph in a French page is laid out from the
// right and read aloud in Arabic (dir="rtl" lang="ar"); a French one in
// an Arabic page from the left (dir="ltr"). A block's direction is its
// first letter's, as the Unicode bidirectional algorithm has it; a block
// with no letter is left alone. Paragraphs, headings, list items and
// table cells are marked.
type direction struct{ rtl bool } // the page's direction

func (d direction) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	if !d.rtl && !hasRTL(src) {
		return // most pages: nothing to mark, nothing walked
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph, ast.KindHeading, ast.KindListItem:
		default:
			if n.Type() == ast.TypeInline {
				return ast.WalkSkipChildren, nil
			}
			if n.Kind().String() != "TableCell" {
				return ast.WalkContinue, nil
			}
		}
		if _, ok := n.Parent().(*ast.ListItem); ok && n.Kind() == ast.KindParagraph {
			return ast.WalkSkipChildren, nil // its item is marked
		}
		rtl, lang, ok := firstStrong(n, src)
		if !ok || rtl == d.rtl {
			return ast.WalkSkipChildren, nil
		}
		if rtl {
			n.SetAttributeString("dir", []byte("rtl"))
			n.SetAttributeString("lang", []byte(lang))
		} else {
			n.SetAttributeString("dir", []byte("ltr"))
		}
		return ast.WalkSkipChildren, nil
	})
}

// firstStrong is the direction of a block's first letter, and for a
// right-to-left one, its language (Arabic or Hebrew).
func firstStrong(n ast.Node, src []byte) (rtl bool, lang string, ok bool) {
	for _, r := range string(plainText(n, src)) {
		switch {
		case r >= 0x0590 && r <= 0x05ff || r >= 0xfb1d && r <= 0xfb4f:
			return true, "he", true
		case r >= 0x0600 && r <= 0x08ff || r >= 0xfb50 && r <= 0xfdff || r >= 0xfe70 && r <= 0xfeff:
			return true, "ar", true
		case unicode.IsLetter(r):
			return false, "", true
		}
	}
	return false, "", false
}

// hasRTL reports whether src may hold a letter of a right-to-left script:
// a UTF-8 sequence of U+0580–U+08FF or U+FB1D–U+FEFF (a few others pass,
// and are looked at closely).
func hasRTL(src []byte) bool {
	for i, c := range src {
		switch {
		case c >= 0xd6 && c <= 0xdf:
			return true
		case c == 0xe0 && i+1 < len(src) && src[i+1] >= 0xa0 && src[i+1] <= 0xa3:
			return true
		case c == 0xef && i+1 < len(src) && src[i+1] >= 0xac && src[i+1] <= 0xbb:
			return true
		}
	}
	return false
}
