// Package imagemeta removes from images what says where, when, with what
// and by whom they were taken: EXIF (GPS position, camera, owner, dates,
// the thumbnail that keeps the original picture), XMP, IPTC, maker notes,
// comments, and PNG and GIF text. A photo of an office or a shelter's
// garden gives its place; people living with violence read the site.
//
// The pixels are not touched where nothing else is needed: JPEG segments,
// PNG and WebP chunks and GIF extensions are dropped losslessly, and ICC
// colour profiles are kept. A JPEG whose EXIF orientation turns it is
// decoded, turned and encoded again (quality 92), so that it shows the
// right way up once its orientation is gone.
package imagemeta

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/gif" // image.DecodeConfig
	"image/jpeg"
	_ "image/png" // image.DecodeConfig

	"golang.org/x/image/webp"

	"relais/internal/diskcache"
	"relais/internal/i18n"
)

// Found is what a cleaning removed, for a message.
type Found struct {
	GPS      bool // a position
	Lat, Lon float64
	Camera   string // make and model
	Owner    string // artist, copyright, camera owner
	Kinds    []string
	Rotated  bool // the pixels were turned by the EXIF orientation
}

// Sensitive reports what identifies a place or a person.
func (f Found) Sensitive() bool { return f.GPS || f.Owner != "" || f.Camera != "" }

// Format names an image format by its first bytes, or "".
func Format(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}):
		return "jpeg"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "webp"
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return "gif"
	}
	return ""
}

// MaxSide is the largest width or height relais reads: beyond it an
// image is refused before its pixels are decoded (a photo of 8,000 by
// 8,000 pixels takes 256 MB once decoded; a 20,000-pixel one 1.6 GB).
const MaxSide = 8000

// TooLargeError refuses an image larger than MaxSide, by its header.
type TooLargeError struct{ W, H int }

func (e *TooLargeError) Error() string {
	return i18n.T("this image is %d×%d pixels, more than the %d relais reads", e.W, e.H, MaxSide).String()
}

// Size reads an image's width and height from its header, without
// decoding its pixels; it fails on a header that cannot be read.
func Size(b []byte) (w, h int, err error) {
	var cfg image.Config
	switch Format(b) {
	case "webp":
		cfg, err = webp.DecodeConfig(bytes.NewReader(b))
	case "":
		return 0, 0, errNotImage
	default:
		cfg, _, err = image.DecodeConfig(bytes.NewReader(b))
	}
	if err != nil {
		return 0, 0, errTruncated
	}
	return cfg.Width, cfg.Height, nil
}

var errNotImage = errors.New("not an image")

// Cache keeps the photos Clean had to encode again (turned by their
// orientation: 0.6 s for a phone photo, where dropping segments takes a
// few milliseconds), by a key made from their bytes.
type Cache = diskcache.Cache

// Clean returns b without its metadata, and what was found. A format it
// does not know is returned as it is. An image whose header cannot be
// read is an error, and one larger than MaxSide a *TooLargeError, before
// anything is decoded.
func Clean(b []byte) ([]byte, Found, error) { return CleanWith(b, nil) }

// CleanWith is Clean with a cache for turned photos; c may be nil.
func CleanWith(b []byte, c Cache) ([]byte, Found, error) {
	if Format(b) != "" {
		w, h, err := Size(b)
		if err != nil {
			return nil, Found{}, err
		}
		if max(w, h) > MaxSide {
			return nil, Found{}, &TooLargeError{w, h}
		}
	}
	switch Format(b) {
	case "jpeg":
		return cleanJPEG(b, c)
	case "png":
		return cleanPNG(b)
	case "webp":
		return cleanWebP(b)
	case "gif":
		return cleanGIF(b)
	}
	return b, Found{}, nil
}

var errTruncated = errors.New("the image is cut short or damaged")

// cleanJPEG keeps the segments that draw the picture (tables, frame,
// restart interval, each scan and its data), JFIF's APP0, ICC profiles
// (APP2 ICC_PROFILE) and Adobe's APP14 (colour transform); it drops every
// other application segment (EXIF and XMP in APP1, MPF and FlashPix in
// APP2, IPTC in APP13…), comments, and everything after the end of the
// image: a phone's motion-photo video, or the second picture of a
// multi-picture file with its own EXIF.
func cleanJPEG(b []byte, c Cache) ([]byte, Found, error) {
	var f Found
	out := make([]byte, 0, len(b))
	out = append(out, 0xff, 0xd8)
	var icc [][]byte
	orientation := 1
	i := 2
	for {
		if i+2 > len(b) || b[i] != 0xff {
			return nil, f, errTruncated
		}
		m := b[i+1]
		if m == 0xff { // fill byte
			i++
			continue
		}
		if m == 0xd9 { // the end of the image: nothing after it is kept
			out = append(out, 0xff, 0xd9)
			if rest := b[i+2:]; len(rest) > 0 {
				f.Kinds = append(f.Kinds, "data after the end of the image")
				if k := bytes.Index(rest, []byte("Exif\x00\x00")); k >= 0 {
					readEXIF(rest[k+6:], &f)
				}
			}
			break
		}
		if m >= 0xd0 && m <= 0xd7 || m == 0x01 { // markers without a length
			out = append(out, b[i:i+2]...)
			i += 2
			continue
		}
		if i+4 > len(b) {
			return nil, f, errTruncated
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return nil, f, errTruncated
		}
		seg, body := b[i:i+2+n], b[i+4:i+2+n]
		i += 2 + n
		keep := keepSegment(m, seg, body, &f, &icc, &orientation)
		if keep {
			out = append(out, seg...)
		}
		if m == 0xda {
			j := scanEnd(b, i)
			out = append(out, b[i:j]...)
			if i = j; i >= len(b) {
				break
			}
		}
	}
	if orientation < 2 || orientation > 8 {
		return out, f, nil
	}
	f.Rotated = true
	res, err := turn(out, orientation, icc, c)
	return res, f, err
}

// keepSegment tells whether the segment seg (marker m, body after its
// length) of a JPEG is kept, noting in f what a dropped one held, the
// colour profiles in icc and the EXIF orientation.
func keepSegment(m byte, seg, body []byte, f *Found, icc *[][]byte, orientation *int) bool {
	switch {
	case m == 0xe0:
		if !bytes.HasPrefix(body, []byte("JFIF\x00")) {
			f.Kinds = append(f.Kinds, "JFXX thumbnail")
			return false
		}
	case m == 0xe1:
		if bytes.HasPrefix(body, []byte("Exif\x00\x00")) {
			f.Kinds = append(f.Kinds, "EXIF")
			*orientation = readEXIF(body[6:], f)
		} else {
			f.Kinds = append(f.Kinds, "XMP")
		}
		return false
	case m == 0xe2 && bytes.HasPrefix(body, []byte("ICC_PROFILE\x00")):
		*icc = append(*icc, seg)
	case m == 0xee && bytes.HasPrefix(body, []byte("Adobe")):
	case m >= 0xe2 && m <= 0xef:
		f.Kinds = append(f.Kinds, fmt.Sprintf("APP%d", m-0xe0))
		return false
	case m == 0xfe:
		f.Kinds = append(f.Kinds, "comment")
		return false
	}
	return true
}

// scanEnd is where the scan's data starting at i ends: at the next
// marker. 0xFF is followed by 0x00 (a stuffed byte) or a restart marker
// inside it, and may be repeated as fill before a marker; data cut short
// is kept as it is, as decoders do.
func scanEnd(b []byte, i int) int {
	j := i
	for {
		k := bytes.IndexByte(b[j:], 0xff)
		if k < 0 || j+k+1 >= len(b) {
			return len(b)
		}
		j += k
		if n := b[j+1]; n == 0x00 || n >= 0xd0 && n <= 0xd7 || n == 0xff {
			j++
			continue
		}
		return j
	}
}

// turn draws the cleaned JPEG out upright (EXIF orientation 2 to 8),
// with its colour profiles put back; c keeps the result between builds.
func turn(out []byte, orientation int, icc [][]byte, c Cache) ([]byte, error) {
	sum := sha256.Sum256(out)
	key := fmt.Sprintf("%s-o%d-q92-v2", hex.EncodeToString(sum[:]), orientation) // v2: turned by orient
	if c != nil {
		if b, ok := c.Get(key); ok {
			return b, nil
		}
	}
	img, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		return nil, err
	}
	img = orient(img, orientation)
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, &jpeg.Options{Quality: 92}); err != nil {
		return nil, err
	}
	// The encoder writes no metadata: put the colour profile back after
	// its start.
	e := enc.Bytes()
	res := make([]byte, 0, len(e)+len(icc)*600)
	res = append(res, e[:2]...)
	for _, s := range icc {
		res = append(res, s...)
	}
	res = append(res, e[2:]...)
	if c != nil {
		c.Put(key, res)
	}
	return res, nil
}

// DirCache is a Cache in a folder (see package diskcache) that keeps
// only JPEG files.
type DirCache string

// Get reads the value of key.
func (d DirCache) Get(key string) ([]byte, bool) {
	b, ok := diskcache.Dir(d).Get(key + ".jpg")
	return b, ok && Format(b) == "jpeg"
}

// Put keeps b for key.
func (d DirCache) Put(key string, b []byte) { diskcache.Dir(d).Put(key+".jpg", b) }

// orient turns a picture as its EXIF orientation (2 to 8) says it must
// be shown: mirrored (2, 4), turned (3, 6, 8), or both (5, 7).
func orient(img image.Image, orientation int) image.Image {
	b := img.Bounds()
	src := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(src, src.Bounds(), img, b.Min, draw.Src)
	w, h := b.Dx(), b.Dy()
	// at is, for a pixel of the result, the pixel of src it shows.
	var at func(x, y int) (int, int)
	dw, dh := w, h
	switch orientation {
	case 2:
		at = func(x, y int) (int, int) { return w - 1 - x, y }
	case 3:
		at = func(x, y int) (int, int) { return w - 1 - x, h - 1 - y }
	case 4:
		at = func(x, y int) (int, int) { return x, h - 1 - y }
	case 5:
		at = func(x, y int) (int, int) { return y, x }
	case 6:
		at = func(x, y int) (int, int) { return y, h - 1 - x }
	case 7:
		at = func(x, y int) (int, int) { return w - 1 - y, h - 1 - x }
	case 8:
		at = func(x, y int) (int, int) { return w - 1 - y, x }
	default:
		return src
	}
	if orientation >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < dh; y++ {
		for x := 0; x < dw; x++ {
			sx, sy := at(x, y)
			copy(dst.Pix[y*dst.Stride+4*x:y*dst.Stride+4*x+4], src.Pix[sy*src.Stride+4*sx:sy*src.Stride+4*sx+4])
		}
	}
	return dst
}

// readEXIF reads a TIFF-structured EXIF block for what the site must know:
// the orientation, and what identifies a place, a camera or a person.
func readEXIF(t []byte, f *Found) (orientation int) {
	orientation = 1
	if len(t) < 8 {
		return
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return
	}
	type entry struct {
		tag, typ uint16
		count    uint32
		value    []byte // the 4 bytes of the value or offset
	}
	ifd := func(off uint32) []entry {
		if int(off)+2 > len(t) {
			return nil
		}
		n := int(bo.Uint16(t[off:]))
		var es []entry
		for k := range n {
			p := int(off) + 2 + 12*k
			if p+12 > len(t) {
				break
			}
			es = append(es, entry{bo.Uint16(t[p:]), bo.Uint16(t[p+2:]), bo.Uint32(t[p+4:]), t[p+8 : p+12]})
		}
		return es
	}
	text := func(e entry) string {
		if e.typ != 2 || e.count == 0 {
			return ""
		}
		var s []byte
		if e.count <= 4 {
			s = e.value[:e.count]
		} else if off := bo.Uint32(e.value); int(off)+int(e.count) <= len(t) {
			s = t[off : off+e.count]
		}
		return string(bytes.TrimRight(s, "\x00 "))
	}
	rationals := func(e entry) []float64 {
		off := bo.Uint32(e.value)
		if e.typ != 5 || int(off)+8*int(e.count) > len(t) || e.count > 3 {
			return nil
		}
		var out []float64
		for k := range int(e.count) {
			num, den := bo.Uint32(t[int(off)+8*k:]), bo.Uint32(t[int(off)+8*k+4:])
			if den == 0 {
				return nil
			}
			out = append(out, float64(num)/float64(den))
		}
		return out
	}
	deg := func(v []float64) float64 {
		if len(v) != 3 {
			return 0
		}
		return v[0] + v[1]/60 + v[2]/3600
	}
	var make_, model string
	owner := func(s string) {
		if s != "" && f.Owner == "" {
			f.Owner = s
		}
	}
	for _, e := range ifd(bo.Uint32(t[4:])) {
		switch e.tag {
		case 0x0112:
			if e.typ == 3 {
				orientation = int(bo.Uint16(e.value))
			}
		case 0x010f:
			make_ = text(e)
		case 0x0110:
			model = text(e)
		case 0x013b, 0x8298: // Artist, Copyright
			owner(text(e))
		case 0x8769: // the Exif IFD
			for _, x := range ifd(bo.Uint32(e.value)) {
				if x.tag == 0xa430 { // CameraOwnerName
					owner(text(x))
				}
			}
		case 0x8825: // the GPS IFD
			var lat, lon float64
			var latRef, lonRef string
			for _, g := range ifd(bo.Uint32(e.value)) {
				switch g.tag {
				case 1:
					latRef = text(g)
				case 2:
					lat = deg(rationals(g))
				case 3:
					lonRef = text(g)
				case 4:
					lon = deg(rationals(g))
				}
			}
			f.GPS = true
			if latRef == "S" {
				lat = -lat
			}
			if lonRef == "W" {
				lon = -lon
			}
			f.Lat, f.Lon = lat, lon
		}
	}
	switch {
	case make_ != "" && model != "":
		f.Camera = make_ + " " + model
	default:
		f.Camera = make_ + model
	}
	return orientation
}

// pngKeep are the PNG chunks that draw the picture or its colours.
var pngKeep = map[string]bool{"IHDR": true, "PLTE": true, "IDAT": true, "IEND": true, "tRNS": true, "gAMA": true,
	"cHRM": true, "sRGB": true, "iCCP": true, "sBIT": true, "bKGD": true, "pHYs": true, "hIST": true,
	"acTL": true, "fcTL": true, "fdAT": true, "cICP": true, "mDCv": true, "cLLi": true}

// cleanPNG drops every chunk but those of pngKeep: text (tEXt, zTXt,
// iTXt: author, software, comments), eXIf, tIME and private chunks.
func cleanPNG(b []byte) ([]byte, Found, error) {
	var f Found
	out := append(make([]byte, 0, len(b)), b[:8]...)
	for i := 8; i < len(b); {
		if i+12 > len(b) {
			return nil, f, errTruncated
		}
		n := int(binary.BigEndian.Uint32(b[i:]))
		if n < 0 || i+12+n > len(b) {
			return nil, f, errTruncated
		}
		typ := string(b[i+4 : i+8])
		chunk := b[i : i+12+n]
		i += 12 + n
		if pngKeep[typ] {
			out = append(out, chunk...)
		} else {
			f.Kinds = append(f.Kinds, typ)
			if typ == "tEXt" || typ == "iTXt" || typ == "zTXt" {
				key, _, _ := bytes.Cut(chunk[8:8+n], []byte{0})
				switch string(key) {
				case "Author", "Copyright", "Artist":
					if typ == "tEXt" {
						_, v, _ := bytes.Cut(chunk[8:8+n], []byte{0})
						f.Owner = string(v)
					} else {
						f.Owner = string(key)
					}
				}
			}
		}
		if typ == "IEND" {
			break
		}
	}
	return out, f, nil
}

// cleanWebP drops the EXIF and XMP chunks of a WebP file and their flags.
func cleanWebP(b []byte) ([]byte, Found, error) {
	var f Found
	out := append(make([]byte, 0, len(b)), b[:12]...)
	vp8x := -1
	// What follows the RIFF's declared size is not part of the image.
	end := len(b)
	if n := int64(binary.LittleEndian.Uint32(b[4:])) + 8; n < int64(end) {
		end = int(n)
		f.Kinds = append(f.Kinds, "data after the end of the image")
	}
	b = b[:end]
	for i := 12; i < len(b); {
		if i+8 > len(b) {
			return nil, f, errTruncated
		}
		n := int(binary.LittleEndian.Uint32(b[i+4:]))
		end := i + 8 + n + n%2
		if n < 0 || end > len(b) {
			return nil, f, errTruncated
		}
		typ := string(b[i : i+4])
		switch typ {
		case "EXIF", "XMP ":
			f.Kinds = append(f.Kinds, typ)
			if typ == "EXIF" {
				readEXIF(b[i+8:i+8+n], &f)
			}
		default:
			if typ == "VP8X" {
				vp8x = len(out)
			}
			out = append(out, b[i:end]...)
		}
		i = end
	}
	if vp8x >= 0 && vp8x+8 < len(out) {
		out[vp8x+8] &^= 0x08 | 0x04 // the EXIF and XMP flags
	}
	binary.LittleEndian.PutUint32(out[4:], uint32(len(out)-8))
	return out, f, nil
}

// cleanGIF drops comment extensions and application extensions other than
// the animation loop (NETSCAPE2.0, ANIMEXTS1.0): XMP is one.
func cleanGIF(b []byte) ([]byte, Found, error) {
	var f Found
	if len(b) < 13 {
		return nil, f, errTruncated
	}
	i := 13
	if b[10]&0x80 != 0 {
		i += 3 << (b[10]&0x07 + 1)
	}
	if i > len(b) {
		return nil, f, errTruncated
	}
	out := append(make([]byte, 0, len(b)), b[:i]...)
	// subBlocks returns the end of the sub-blocks starting at j.
	subBlocks := func(j int) (int, error) {
		for j < len(b) {
			n := int(b[j])
			j += 1 + n
			if n == 0 {
				return j, nil
			}
		}
		return 0, errTruncated
	}
	for i < len(b) {
		switch b[i] {
		case 0x3b:
			return append(out, 0x3b), f, nil
		case 0x21:
			if i+2 > len(b) {
				return nil, f, errTruncated
			}
			label := b[i+1]
			end, err := subBlocks(i + 2)
			if err != nil {
				return nil, f, err
			}
			keep := true
			switch label {
			case 0xfe:
				keep = false
				f.Kinds = append(f.Kinds, "comment")
			case 0xff:
				id := b[i+3 : min(i+14, len(b))]
				keep = bytes.HasPrefix(id, []byte("NETSCAPE2.0")) || bytes.HasPrefix(id, []byte("ANIMEXTS1.0"))
				if !keep {
					f.Kinds = append(f.Kinds, "application data")
				}
			}
			if keep {
				out = append(out, b[i:end]...)
			}
			i = end
		case 0x2c:
			j := i + 10
			if j > len(b) {
				return nil, f, errTruncated
			}
			if b[i+9]&0x80 != 0 {
				j += 3 << (b[i+9]&0x07 + 1)
			}
			end, err := subBlocks(j + 1)
			if err != nil {
				return nil, f, err
			}
			out = append(out, b[i:end]...)
			i = end
		default:
			return nil, f, errTruncated
		}
	}
	return nil, f, errTruncated
}
