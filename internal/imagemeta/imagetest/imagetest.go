// Package imagetest makes images as phones and editors write them, with
// their metadata, for the tests of the packages that must remove it.
package imagetest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// TIFF writes a little-endian TIFF block: IFD0 with make, model, artist,
// orientation, and pointers to an Exif IFD (camera owner) and a GPS IFD
// (45.7578 N, 4.8320 E).
func TIFF(orientation uint16) []byte {
	var data bytes.Buffer // values stored after the IFDs
	type ent struct {
		tag, typ uint16
		count    uint32
		val      []byte // inline (≤4 bytes) or stored
	}
	le := binary.LittleEndian
	ascii := func(tag uint16, s string) ent { return ent{tag, 2, uint32(len(s) + 1), append([]byte(s), 0)} }
	short := func(tag, v uint16) ent { b := make([]byte, 2); le.PutUint16(b, v); return ent{tag, 3, 1, b} }
	long := func(tag uint16, v uint32) ent { b := make([]byte, 4); le.PutUint32(b, v); return ent{tag, 4, 1, b} }
	rat := func(tag uint16, vs ...uint32) ent {
		var b []byte
		for _, v := range vs {
			b = le.AppendUint32(b, v)
			b = le.AppendUint32(b, 1)
		}
		return ent{tag, 5, uint32(len(vs)), b}
	}
	// Layout: header (8), IFD0, Exif IFD, GPS IFD, then data.
	ifd0 := []ent{ascii(0x010f, "Apple"), ascii(0x0110, "iPhone 13"), short(0x0112, orientation), ascii(0x013b, "Marie Dupont"), long(0x8769, 0), long(0x8825, 0)}
	exif := []ent{ascii(0xa430, "Marie D.")}
	gps := []ent{ascii(1, "N"), rat(2, 45, 45, 28), ascii(3, "E"), rat(4, 4, 49, 55)}
	size := func(es []ent) int { return 2 + 12*len(es) + 4 }
	off0 := 8
	offExif := off0 + size(ifd0)
	offGPS := offExif + size(exif)
	dataAt := offGPS + size(gps)
	le.PutUint32(ifd0[4].val, uint32(offExif))
	le.PutUint32(ifd0[5].val, uint32(offGPS))
	var out bytes.Buffer
	out.WriteString("II*\x00")
	binary.Write(&out, le, uint32(off0))
	for _, es := range [][]ent{ifd0, exif, gps} {
		binary.Write(&out, le, uint16(len(es)))
		for _, e := range es {
			binary.Write(&out, le, e.tag)
			binary.Write(&out, le, e.typ)
			binary.Write(&out, le, e.count)
			if len(e.val) <= 4 {
				v := make([]byte, 4)
				copy(v, e.val)
				out.Write(v)
			} else {
				binary.Write(&out, le, uint32(dataAt+data.Len()))
				data.Write(e.val)
			}
		}
		binary.Write(&out, le, uint32(0))
	}
	out.Write(data.Bytes())
	return out.Bytes()
}

// Segment is a JPEG segment.
func Segment(marker byte, body []byte) []byte {
	return append([]byte{0xff, marker, byte((len(body) + 2) >> 8), byte(len(body) + 2)}, body...)
}

// PhoneJPEG is a 40×30 photo as a phone writes it: EXIF (GPS, camera,
// owner, orientation), XMP, IPTC, a comment and an ICC profile.
func PhoneJPEG(t testing.TB, orientation uint16) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		for y := range 30 {
			img.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), 100, 255})
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, nil); err != nil {
		t.Fatal(err)
	}
	return WithPhoneMetadata(enc.Bytes(), orientation)
}

// WithPhoneMetadata is the JPEG e with what a phone writes in its photos:
// EXIF (GPS, camera, owner, orientation), XMP, IPTC, a comment and an ICC
// profile.
func WithPhoneMetadata(e []byte, orientation uint16) []byte {
	var b []byte
	b = append(b, e[:2]...)
	b = append(b, Segment(0xe1, append([]byte("Exif\x00\x00"), TIFF(orientation)...))...)
	b = append(b, Segment(0xe1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><dc:creator>Marie Dupont</dc:creator></x:xmpmeta>"))...)
	b = append(b, Segment(0xed, []byte("Photoshop 3.0\x008BIM IPTC Marie Dupont"))...)
	b = append(b, Segment(0xfe, []byte("Bureau de Marie Dupont"))...)
	b = append(b, Segment(0xe2, []byte("ICC_PROFILE\x00\x01\x01fake-profile"))...)
	return append(b, e[2:]...)
}

// Chunk is a PNG chunk.
func Chunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

// TextPNG is a PNG with its author in tEXt, an iTXt, an eXIf and a time.
func TextPNG(t testing.TB) []byte {
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	var enc bytes.Buffer
	if err := png.Encode(&enc, img); err != nil {
		t.Fatal(err)
	}
	e := enc.Bytes()
	iend := bytes.Index(e, []byte("IEND")) - 4
	var b []byte
	b = append(b, e[:iend]...)
	b = append(b, Chunk("tEXt", []byte("Author\x00Marie Dupont"))...)
	b = append(b, Chunk("iTXt", []byte("Comment\x00\x00\x00fr\x00\x00Chez Marie Dupont"))...)
	b = append(b, Chunk("eXIf", TIFF(1))...)
	b = append(b, Chunk("tIME", []byte{7, 234, 11, 26, 12, 0, 0})...)
	b = append(b, Chunk("iCCP", []byte("profil\x00\x00fake"))...)
	return append(b, e[iend:]...)
}

// Photo is a plain w×h JPEG, smooth as a photo is.
func Photo(t testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x + y) % 256), 255})
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return enc.Bytes()
}
