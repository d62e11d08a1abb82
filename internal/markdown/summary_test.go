package markdown

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// summarizeSimple is the plain way to count words and make a summary:
// the text of each block as a string, split into words. summarize must
// give the same results without the copies.
func summarizeSimple(doc ast.Node, src []byte, limit int) (words int, summary string, more bool) {
	var before, paraWords []string
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if hb, ok := n.(*ast.HTMLBlock); ok && isMoreMark(hb, src) {
			more = true
			continue
		}
		var t string
		switch n.Kind() {
		case ast.KindFencedCodeBlock, ast.KindCodeBlock:
			t = string(n.Lines().Value(src))
		default:
			t = flatText(n, src, true)
		}
		w := strings.FieldsFunc(t, unicode.IsSpace)
		words += len(w)
		if !more && len(w) > 0 {
			before = append(before, strings.Join(w, " "))
		}
		if proseBlock(n.Kind()) && len(paraWords) <= limit {
			paraWords = append(paraWords, strings.FieldsFunc(flatText(n, src, false), unicode.IsSpace)...)
		}
	}
	if more {
		return words, strings.Join(before, " "), true
	}
	if len(paraWords) > limit {
		cut := strings.Join(paraWords[:limit], " ")
		if !strings.HasSuffix(cut, ".") && !strings.HasSuffix(cut, "!") && !strings.HasSuffix(cut, "?") && !strings.HasSuffix(cut, "…") {
			cut += "…"
		}
		return words, cut, false
	}
	return words, strings.Join(paraWords, " "), false
}

// flatText is the text of n, a space at the start of each block (list
// items and table cells are words apart), and the alt text of images only
// if alt.
func flatText(n ast.Node, src []byte, alt bool) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for cc := t.FirstChild(); cc != nil; cc = cc.NextSibling() {
				b.Write(cc.(*ast.Text).Segment.Value(src))
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Image:
			if !alt {
				return ast.WalkSkipChildren, nil
			}
		}
		if c.Type() == ast.TypeBlock {
			b.WriteByte(' ')
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

var summaryCases = []struct {
	name  string
	src   string
	limit int
}{
	{"short", "Un deux trois.", 5},
	{"exact limit", "Un deux trois quatre cinq.", 5},
	{"cut", "Un deux trois quatre cinq six sept.", 3},
	{"cut after a full stop", "Un deux trois. Quatre cinq.", 3},
	{"two paragraphs", "Un deux.\n\nTrois quatre cinq six.", 4},
	{"heading and list between", "# Titre ici\n\nUn deux.\n\n- point un\n- point deux\n\nTrois quatre.", 10},
	{"emphasis inside words", "Un **gras**ici et *ita*lique `code span` fin.", 20},
	{"soft line breaks", "Un deux\ntrois quatre\ncinq.", 3},
	{"hard line break", "Un deux  \ntrois.", 10},
	{"code block counted", "Texte.\n\n```go\nfunc main() {}\n```\n\nFin du texte.", 10},
	{"indented code", "Texte.\n\n    code indenté ici\n\nFin.", 10},
	{"more mark", "Un deux trois.\n\nQuatre.\n\n<!--more-->\n\nCinq six.", 2},
	{"more mark first", "<!--more-->\n\nUn deux.", 5},
	{"two more marks", "Un.\n\n<!--more-->\n\nDeux.\n\n<!--more-->\n\nTrois.", 5},
	{"accents and quotes", "« Écoute » : l’accueil, c’est ça ! Évaluer ?", 4},
	{"non-breaking spaces", "10\u00a0km et 5\u202f% de\u00a0plus.", 3},
	{"table", "| a | b |\n|---|---|\n| un deux | trois |\n\nFin.", 10},
	{"raw html inline", "Un <b>deux</b> trois.", 10},
	{"empty", "", 5},
	{"only spaces", "   \n\n  ", 5},
	{"footnote", "Texte[^1].\n\n[^1]: Une note longue ici.", 10},
	{"list first", "- Un point\n- Deux points\n\nEnsuite.", 10},
	{"only a table", "| Jour | Heure |\n|---|---|\n| lundi | 9 h |", 10},
	{"quote", "> Une citation ici.\n\nSuite.", 10},
	{"image alt left out", "Le bureau. ![Photo du bureau vu de la rue](b.jpg)", 10},
	{"image only", "![Une photo](a.jpg)\n\nLe texte.", 10},
	{"cut inside a list", "- un deux trois\n- quatre cinq six", 4},
}

func TestSummarize(t *testing.T) {
	for _, french := range []bool{false, true} {
		c := New(Options{French: french})
		for _, tc := range summaryCases {
			src := []byte(tc.src)
			doc := c.md.Parser().Parse(text.NewReader(src))
			gw, gs, gm := summarize(doc, src, tc.limit)
			ww, wsum, wm := summarizeSimple(doc, src, tc.limit)
			if gw != ww || gs != wsum || gm != wm {
				t.Errorf("%s (french %v): got (%d, %q, %v), want (%d, %q, %v)", tc.name, french, gw, gs, gm, ww, wsum, wm)
			}
		}
	}
}

func FuzzSummarize(f *testing.F) {
	for _, tc := range summaryCases {
		f.Add(tc.src, tc.limit)
	}
	c := New(Options{French: true})
	f.Fuzz(func(t *testing.T, s string, limit int) {
		// Pages are UTF-8 (the site refuses other files): in invalid text
		// a character's bytes may be split across two text nodes.
		if limit < 0 || limit > 100 || !utf8.ValidString(s) {
			return
		}
		src := []byte(s)
		doc := c.md.Parser().Parse(text.NewReader(src))
		gw, gs, gm := summarize(doc, src, limit)
		ww, wsum, wm := summarizeSimple(doc, src, limit)
		if gw != ww || gs != wsum || gm != wm {
			t.Errorf("got (%d, %q, %v), want (%d, %q, %v)", gw, gs, gm, ww, wsum, wm)
		}
	})
}

// spaceAt looks closely only at characters led by C2, E1, E2 or E3: every
// non-ASCII space must be among them.
func TestSpaceLeads(t *testing.T) {
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if !unicode.IsSpace(r) {
			continue
		}
		b := utf8.AppendRune(nil, r)
		if space, size := spaceAt(b, 0); !space || size != len(b) {
			t.Errorf("spaceAt(%U) = %v, %d; want true, %d", r, space, size, len(b))
		}
	}
}
