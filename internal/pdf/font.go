package pdf

import (
	"bytes"
	"slices"
	"sync"
	"unicode"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// Font is a TrueType font a document embeds, subset to the glyphs it
// uses. Text is shaped with HarfBuzz's rules (go-text/typesetting) where
// a script needs it (Arabic joined and right to left, combining marks);
// other text is read glyph by glyph from the font's character map, as
// fast as a table lookup. A Font may be shared by documents made at the
// same time.
type Font struct {
	name string // the PostScript name, without the subset's tag
	file *sfnt
	fnt  *font.Font
	upem float64

	ascent, descent, capHeight float64 // font units
	bbox                       [4]int16
	italicAngle                float64
	flags                      int

	faces sync.Pool // *font.Face: a face is not safe for concurrent use
}

// ParseFont reads a TrueType font. name is its PostScript name
// ("DejaVuSans-Bold").
func ParseFont(name string, data []byte) (*Font, error) {
	file, face, err := parse(data)
	if err != nil {
		return nil, err
	}
	f := &Font{name: name, file: file, fnt: face.Font, upem: float64(face.Upem())}
	f.faces.New = func() any { return font.NewFace(f.fnt) }
	f.faces.Put(face)
	ext, _ := face.FontHExtents()
	f.ascent, f.descent = float64(ext.Ascender), float64(ext.Descender)
	f.bbox = [4]int16{file.i16("head", 36), file.i16("head", 38), file.i16("head", 40), file.i16("head", 42)}
	f.capHeight = 0.7 * f.upem
	if os2 := file.tables["OS/2"]; len(os2) >= 90 && file.u16("OS/2", 0) >= 2 {
		f.capHeight = float64(file.i16("OS/2", 88))
	}
	if post := file.tables["post"]; len(post) >= 8 {
		f.italicAngle = float64(int32(uint32(file.u16("post", 4))<<16|uint32(file.u16("post", 6)))) / 65536
	}
	f.flags = 32 // nonsymbolic
	if f.italicAngle != 0 {
		f.flags |= 64
	}
	if len(file.tables["post"]) >= 16 && file.u16("post", 12)|file.u16("post", 14) != 0 {
		f.flags |= 1 // fixed pitch
	}
	return f, nil
}

// Has reports whether the font has a glyph for r.
func (f *Font) Has(r rune) bool {
	face := f.faces.Get().(*font.Face)
	defer f.faces.Put(face)
	_, ok := face.NominalGlyph(r)
	return ok
}

// glyph is a glyph placed in a run of text: its advance (font units), and
// the text it stands for (for copying and reading aloud).
type glyph struct {
	id      uint16
	advance float64
	dx, dy  float64 // offset from where the pen is, font units
	text    []rune
}

// run is text shaped in one font.
type run struct {
	glyphs  []glyph
	advance float64 // font units
	rtl     bool
	text    string // logical order
}

// needsShaping reports whether s has runes whose glyphs depend on their
// neighbours: right-to-left scripts (joined letters) and combining marks.
func needsShaping(s string) bool {
	for _, r := range s {
		if r >= 0x0590 && (r <= 0x08ff || r >= 0xfb1d && r <= 0xfefc) || r >= 0x0300 && unicode.Is(unicode.Mn, r) {
			return true
		}
	}
	return false
}

func isRTL(s string) bool {
	for _, r := range s {
		if r >= 0x0590 && r <= 0x08ff || r >= 0xfb1d && r <= 0xfefc {
			return true
		}
	}
	return false
}

// shape turns text into glyphs, in the order they are drawn from the
// left.
func (f *Font) shape(s string) run {
	face := f.faces.Get().(*font.Face)
	defer f.faces.Put(face)
	out := run{text: s}
	if !needsShaping(s) {
		for _, r := range s {
			g, _ := face.NominalGlyph(r)
			adv := float64(face.HorizontalAdvance(g))
			out.glyphs = append(out.glyphs, glyph{id: uint16(g), advance: adv, text: []rune{r}})
			out.advance += adv
		}
		return out
	}
	rs := []rune(s)
	in := shaping.Input{Text: rs, RunStart: 0, RunEnd: len(rs), Direction: di.DirectionLTR, Face: face,
		Size: fixed.I(int(f.upem)), Script: language.Latin, Language: language.NewLanguage("fr")}
	if isRTL(s) {
		out.rtl = true
		in.Direction = di.DirectionRTL
		in.Script, in.Language = language.Arabic, language.NewLanguage("ar")
		for _, r := range rs {
			if r >= 0x0590 && r <= 0x05ff || r >= 0xfb1d && r <= 0xfb4f {
				in.Script, in.Language = language.Hebrew, language.NewLanguage("he")
				break
			}
		}
	}
	var sh shaping.HarfbuzzShaper
	o := sh.Shape(in)
	unit := func(v fixed.Int26_6) float64 { return float64(v) / 64 }
	for _, g := range o.Glyphs {
		var text []rune
		// The first glyph of a cluster stands for its runes; the others
		// (marks drawn apart) for none.
		if g.GlyphCount >= 1 && g.ClusterIndex >= 0 && g.ClusterIndex+g.RuneCount <= len(rs) {
			text = rs[g.ClusterIndex : g.ClusterIndex+g.RuneCount]
			if out.rtl && len(text) > 1 {
				// Readers take the text of a right-to-left line in the
				// order it is drawn, then turn it around, a ligature's
				// letters too: lam-alef (لا) is written « ال » so that
				// it reads « لا » (Poppler, pdf.js).
				text = slices.Clone(text)
				slices.Reverse(text)
			}
		}
		out.glyphs = append(out.glyphs, glyph{id: uint16(g.GlyphID), advance: unit(g.XAdvance), dx: unit(g.XOffset), dy: unit(g.YOffset), text: text})
		out.advance += unit(g.XAdvance)
	}
	// A cluster's text goes with its first glyph only.
	seen := map[int]bool{}
	for i, g := range o.Glyphs {
		if seen[g.ClusterIndex] {
			out.glyphs[i].text = nil
		}
		seen[g.ClusterIndex] = true
	}
	return out
}

// Width is the width of s in the font at size points, in points.
func (f *Font) Width(s string, size float64) float64 {
	if needsShaping(s) {
		return f.shape(s).advance * size / f.upem
	}
	face := f.faces.Get().(*font.Face)
	defer f.faces.Put(face)
	adv := 0.0
	for _, r := range s {
		g, _ := face.NominalGlyph(r)
		adv += float64(face.HorizontalAdvance(g))
	}
	return adv * size / f.upem
}

// advanceOf is a glyph's advance, in font units.
func (f *Font) advanceOf(g uint16) float32 {
	face := f.faces.Get().(*font.Face)
	defer f.faces.Put(face)
	return face.HorizontalAdvance(font.GID(g))
}

// CutFont is a TrueType font with the outlines of the characters of
// runes only (and their character map, names and metrics): a smaller
// font to embed in the program. Other glyphs keep their number, empty.
// With layout, the shaping tables are kept (a script whose letters join
// needs them; its contextual forms must be among runes, as Unicode's
// presentation forms); else they are left out.
func CutFont(data []byte, runes string, layout bool) ([]byte, error) {
	file, face, err := parse(data)
	if err != nil {
		return nil, err
	}
	used := map[uint16]bool{}
	for _, r := range runes {
		if g, ok := face.NominalGlyph(r); ok {
			used[uint16(g)] = true
		}
	}
	tables := []string{"hhea", "hmtx", "maxp", "cvt ", "fpgm", "prep", "cmap", "name", "OS/2", "post"}
	if layout {
		tables = append(tables, "GSUB", "GPOS", "GDEF")
	}
	return file.cut(used, tables...), nil
}

// parse reads a font's tables (for subsetting) and its face (for
// shaping and metrics).
func parse(data []byte) (*sfnt, *font.Face, error) {
	file, err := parseSFNT(data)
	if err != nil {
		return nil, nil, err
	}
	face, err := font.ParseTTF(bytes.NewReader(data))
	if err != nil {
		return nil, nil, errFont
	}
	return file, face, nil
}
