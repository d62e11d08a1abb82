package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// sfnt is a TrueType font file's table directory: the bytes of each
// table, by tag.
type sfnt struct {
	tables map[string][]byte
}

var errFont = errors.New("not a TrueType font relais can embed")

func parseSFNT(data []byte) (*sfnt, error) {
	if len(data) < 12 {
		return nil, errFont
	}
	if v := binary.BigEndian.Uint32(data); v != 0x00010000 && v != 0x74727565 { // 'true'
		return nil, fmt.Errorf("%w (CFF outlines or a collection)", errFont)
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if len(data) < 12+16*n {
		return nil, errFont
	}
	s := &sfnt{tables: map[string][]byte{}}
	for i := range n {
		rec := data[12+16*i:]
		off, ln := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(ln) > uint64(len(data)) {
			return nil, errFont
		}
		s.tables[string(rec[:4])] = data[off : off+ln]
	}
	for _, t := range []string{"head", "hhea", "hmtx", "loca", "glyf", "maxp"} {
		if _, ok := s.tables[t]; !ok {
			return nil, fmt.Errorf("%w (no %s table)", errFont, t)
		}
	}
	if len(s.tables["head"]) < 54 || len(s.tables["maxp"]) < 6 {
		return nil, errFont
	}
	return s, nil
}

func (s *sfnt) u16(table string, off int) uint16 {
	b := s.tables[table]
	if off+2 > len(b) {
		return 0
	}
	return binary.BigEndian.Uint16(b[off:])
}

func (s *sfnt) i16(table string, off int) int16 { return int16(s.u16(table, off)) }

func (s *sfnt) numGlyphs() int { return int(s.u16("maxp", 4)) }

// glyphRange is where glyph g's outline is in glyf, from loca.
func (s *sfnt) glyphRange(g int) (int, int) {
	loca := s.tables["loca"]
	if g+1 > s.numGlyphs() {
		return 0, 0
	}
	var a, b int
	if s.i16("head", 50) == 0 { // short offsets, halved
		if 2*g+4 > len(loca) {
			return 0, 0
		}
		a, b = 2*int(binary.BigEndian.Uint16(loca[2*g:])), 2*int(binary.BigEndian.Uint16(loca[2*g+2:]))
	} else {
		if 4*g+8 > len(loca) {
			return 0, 0
		}
		a, b = int(binary.BigEndian.Uint32(loca[4*g:])), int(binary.BigEndian.Uint32(loca[4*g+4:]))
	}
	if a > b || b > len(s.tables["glyf"]) {
		return 0, 0
	}
	return a, b
}

// components are the glyphs a composite glyph is made of.
func (s *sfnt) components(g int) []int {
	a, b := s.glyphRange(g)
	glyf := s.tables["glyf"][a:b]
	if len(glyf) < 10 || int16(binary.BigEndian.Uint16(glyf)) >= 0 {
		return nil
	}
	var out []int
	for p := 10; p+4 <= len(glyf); {
		flags := binary.BigEndian.Uint16(glyf[p:])
		out = append(out, int(binary.BigEndian.Uint16(glyf[p+2:])))
		p += 4
		if flags&0x1 != 0 { // ARG_1_AND_2_ARE_WORDS
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&0x8 != 0: // WE_HAVE_A_SCALE
			p += 2
		case flags&0x40 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
			p += 4
		case flags&0x80 != 0: // WE_HAVE_A_TWO_BY_TWO
			p += 8
		}
		if flags&0x20 == 0 { // MORE_COMPONENTS
			break
		}
	}
	return out
}

// subset is the font with only the outlines of the glyphs used (and of
// the glyphs they are made of, and glyph 0): the others keep their number
// and are empty, so that a document's glyph numbers are the font's. The
// tables a PDF reader needs are kept; the others (names, the character
// map, OpenType layout) are not: the PDF says which glyph to draw.
func (s *sfnt) subset(used map[uint16]bool) []byte {
	return s.cut(used, "hhea", "hmtx", "maxp", "cvt ", "fpgm", "prep")
}

// cut is the font with only the outlines of the glyphs used (see subset),
// and tables: those a PDF reader needs, and those named.
func (s *sfnt) cut(used map[uint16]bool, tables ...string) []byte {
	keep := map[int]bool{0: true}
	var todo []int
	for g := range used {
		todo = append(todo, int(g))
	}
	for len(todo) > 0 {
		g := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if keep[g] || g >= s.numGlyphs() {
			continue
		}
		keep[g] = true
		todo = append(todo, s.components(g)...)
	}
	n := s.numGlyphs()
	var glyf []byte
	loca := make([]byte, 4*(n+1))
	for g := range n {
		binary.BigEndian.PutUint32(loca[4*g:], uint32(len(glyf)))
		if keep[g] {
			a, b := s.glyphRange(g)
			glyf = append(glyf, s.tables["glyf"][a:b]...)
			for len(glyf)%4 != 0 {
				glyf = append(glyf, 0)
			}
		}
	}
	binary.BigEndian.PutUint32(loca[4*n:], uint32(len(glyf)))
	head := append([]byte(nil), s.tables["head"]...)
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(head[50:], 1) // long offsets
	out := map[string][]byte{"head": head, "loca": loca, "glyf": glyf}
	for _, t := range tables {
		if b, ok := s.tables[t]; ok {
			out[t] = b
		}
	}
	if p := out["post"]; len(p) >= 32 {
		// Version 3: no glyph names (they weigh more than the outlines
		// kept); the metrics stay.
		p = append([]byte(nil), p[:32]...)
		binary.BigEndian.PutUint32(p, 0x00030000)
		out["post"] = p
	}
	file := writeSFNT(out)
	sum := 0xB1B0AFBA - checksum(file)
	for p, rec := 12, 0; rec < len(out); p, rec = p+16, rec+1 {
		if string(file[p:p+4]) == "head" {
			off := binary.BigEndian.Uint32(file[p+8:])
			binary.BigEndian.PutUint32(file[off+8:], sum)
		}
	}
	return file
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

// writeSFNT writes a font file of tables, by tag, in the order of tags.
func writeSFNT(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	es := 0
	for 1<<(es+1) <= n {
		es++
	}
	out := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(16<<es))
	binary.BigEndian.PutUint16(out[8:], uint16(es))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-16<<es))
	for i, t := range tags {
		b := tables[t]
		off := len(out)
		out = append(out, b...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		rec := out[12+16*i:]
		copy(rec, t)
		binary.BigEndian.PutUint32(rec[4:], checksum(b))
		binary.BigEndian.PutUint32(rec[8:], uint32(off))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(b)))
	}
	return out
}
