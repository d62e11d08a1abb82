// Package picture makes the sizes an image is published at: the widths a
// page shows a photo at (for srcset), in its own format and in WebP, and
// what templates ask for (resize, fit, fill, as Hugo's images do).
//
// Decoding a phone photo takes about 0.2 s and encoding its sizes about a
// second, so results are kept in a Cache by the hash of the source and
// the operation: a warm build decodes nothing. The source is the image as
// relais publishes it (metadata removed, orientation applied), so no size
// carries what the original did.
//
// Libraries: the standard library decodes and encodes JPEG;
// resample.go makes smaller in two steps, a whole-factor average then
// Catmull-Rom in fixed point, a photo as its YCbCr planes (no RGB on
// the way: 0.7 s and 280 MB a photo's six sizes became 0.5 s and 44 MB,
// BenchmarkMakePhoto), from a JPEG decoded no larger than needed
// (package jpegscale: 30 MB); github.com/gen2brain/webp encodes WebP without a
// C compiler (libwebp compiled to WebAssembly, run by wazero, or the
// system's libwebp when there is one), given a photo's planes in the
// range VP8 expects. Measured on a 4032×3024 photo resized to 1600 px:
// 44 KB in WebP at quality 75 against 199 KB in JPEG at quality 80;
// HugoSmits86/nativewebp writes only lossless WebP, 1.8 MB for the same
// photo, which is no use for photographs.
package picture

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/gen2brain/webp"

	"relais/internal/diskcache"
	"relais/internal/i18n"
	"relais/internal/imagemeta"
	"relais/internal/jpegscale"
)

// Widths are the widths a shown image is published at, never wider than
// the original.
var Widths = []int{480, 960, 1600}

// MaxSide is the largest width or height relais reads (see imagemeta).
const MaxSide = imagemeta.MaxSide

// version changes the cache keys when the encoding changes.
const version = "6" // 2: resampled by resample.go, no longer Lanczos; 3: WebP at method 2; 4: photos scaled as YCbCr planes, in fixed point; 5: a WebP source read in its range; 6: a JPEG decoded at a half, a quarter or an eighth when that is enough

// Plan returns the widths an image width px wide is published at: those
// of Widths under it, and its own width when it is not wider than the
// largest.
func Plan(width int) []int {
	var out []int
	for _, w := range Widths {
		if w < width {
			out = append(out, w)
		}
	}
	if width <= Widths[len(Widths)-1] {
		out = append(out, width)
	}
	return out
}

// Op is one size of an image.
type Op struct {
	// Kind is "resize" (to W wide, or H high when W is 0, keeping the
	// ratio), "fit" (inside W×H, keeping the ratio) or "fill" (W×H
	// exactly, cropped around the centre).
	Kind string
	W, H int
	// Format is "jpeg", "png" or "webp".
	Format string
}

// Parse reads the size a template asks for: "480x" or "x300" for resize,
// "400x300" for fit and fill, each with an optional format after a space
// ("480x webp"); format is the source's, used without one.
func Parse(kind, size, format string) (Op, error) {
	// A format after the size: "480x webp".
	if sz, f, ok := strings.Cut(strings.TrimSpace(size), " "); ok {
		size, format = sz, strings.ToLower(strings.TrimSpace(f))
		if format == "jpg" {
			format = "jpeg"
		}
		if format != "jpeg" && format != "png" && format != "webp" {
			return Op{}, i18n.Errorf("%s %q: the format %q is not one relais writes: use jpeg, png or webp", kind, size, f)
		}
	}
	op := Op{Kind: kind, Format: format}
	ws, hs, ok := strings.Cut(strings.ToLower(strings.TrimSpace(size)), "x")
	var err1, err2 error
	if ws != "" {
		op.W, err1 = strconv.Atoi(ws)
	}
	if hs != "" {
		op.H, err2 = strconv.Atoi(hs)
	}
	if !ok || err1 != nil || err2 != nil || op.W < 0 || op.H < 0 || op.W > MaxSide || op.H > MaxSide {
		return Op{}, i18n.Errorf("%q is not a size: write it as width x height in pixels, such as \"480x\", \"x300\" or \"400x300\"", size)
	}
	switch kind {
	case "resize":
		if (op.W == 0) == (op.H == 0) {
			return Op{}, i18n.Errorf("resize %q: give a width or a height, not both (\"480x\" or \"x300\"); fit or fill take both", size)
		}
	case "fit", "fill":
		if op.W == 0 || op.H == 0 {
			return Op{}, i18n.Errorf("%s %q: give a width and a height, such as \"400x300\"", kind, size)
		}
	default:
		return Op{}, i18n.Errorf("unknown operation %q: use resize, fit or fill", kind)
	}
	return op, nil
}

// Size is the size of the result of op on an image of srcW×srcH. An image
// is never made larger than it is.
func (op Op) Size(srcW, srcH int) (int, int) {
	if srcW <= 0 || srcH <= 0 {
		return 0, 0
	}
	scale := func(n, num, den int) int { return max(1, (n*num+den/2)/den) }
	switch op.Kind {
	case "fill":
		w, h := min(op.W, srcW), min(op.H, srcH)
		// Keep the asked ratio when the image is smaller than asked.
		if w*op.H != h*op.W {
			if w*op.H < h*op.W {
				h = scale(w, op.H, op.W)
			} else {
				w = scale(h, op.W, op.H)
			}
		}
		return w, h
	case "fit":
		w, h := srcW, srcH
		if w > op.W {
			w, h = op.W, scale(h, op.W, w)
		}
		if h > op.H {
			w, h = scale(w, op.H, h), op.H
		}
		return w, h
	}
	if op.W > 0 {
		w := min(op.W, srcW)
		return w, scale(srcH, w, srcW)
	}
	h := min(op.H, srcH)
	return scale(srcW, h, srcH), h
}

// Ext is the file extension of the result.
func (op Op) Ext() string {
	if op.Format == "jpeg" {
		return ".jpg"
	}
	return "." + op.Format
}

// Suffix names the result after the source's name: "-480w" for a width
// of a shown image, "-fit-400x300" for what a template asked, with the
// extension.
func (op Op) Suffix() string {
	if op.Kind == "resize" && op.H == 0 {
		return "-" + strconv.Itoa(op.W) + "w" + op.Ext()
	}
	if op.Kind == "resize" {
		return "-" + strconv.Itoa(op.H) + "h" + op.Ext()
	}
	return fmt.Sprintf("-%s-%dx%d%s", op.Kind, op.W, op.H, op.Ext())
}

// Key is the cache key of op on the source whose SHA-256 is sum (hex).
func (op Op) Key(sum string) string {
	return sum + "-v" + version + op.Suffix()
}

// Cache keeps results between builds.
type Cache = diskcache.Cache

// Make returns the results of ops on src, the encoded source whose
// SHA-256 is sum, in order. What the cache holds is not made again; the
// source is decoded only if something is missing, and once for all. c
// may be nil.
func Make(src []byte, sum string, ops []Op, c Cache) ([][]byte, error) {
	out := make([][]byte, len(ops))
	var missing []int
	for i, op := range ops {
		if c != nil {
			if b, ok := c.Get(op.Key(sum)); ok {
				out[i] = b
				continue
			}
		}
		missing = append(missing, i)
	}
	if len(missing) == 0 {
		return out, nil
	}
	img, b, err := decode(src, ops, missing)
	if err != nil {
		return nil, err
	}
	// Largest first: each resize is resampled from the smallest result
	// already made that is larger, which is faster than from the source
	// and looks the same.
	sort.SliceStable(missing, func(x, y int) bool {
		wx, hx := ops[missing[x]].Size(b.Dx(), b.Dy())
		wy, hy := ops[missing[y]].Size(b.Dx(), b.Dy())
		return wx*hx > wy*hy
	})
	type size struct {
		fill bool
		w, h int
	}
	made := map[size]image.Image{}
	defer func() {
		// The sizes made are encoded: their pixels can serve the next
		// photo's.
		for _, m := range made {
			release(m)
		}
	}()
	from := img
	for _, i := range missing {
		op := ops[i]
		w, h := op.Size(b.Dx(), b.Dy())
		k := size{op.Kind == "fill", w, h}
		m := made[k]
		if m == nil {
			if op.Kind == "fill" {
				m = apply(img, op, w, h)
			} else {
				m = apply(from, op, w, h)
				from = m
			}
			made[k] = m
		}
		var buf bytes.Buffer
		if err := Encode(&buf, m, op.Format); err != nil {
			return nil, err
		}
		out[i] = buf.Bytes()
		if c != nil {
			c.Put(op.Key(sum), out[i])
		}
	}
	return out, nil
}

// decode decodes src for the sizes ops[missing] ask, and returns it with
// the bounds of the source (the sizes are those of the source's, even
// when it is decoded smaller). A JPEG is decoded at the smallest scale (a
// half, a quarter or an eighth, from its DCT: package jpegscale) that is
// still at least as large as every size asked: a 12-megapixel photo's
// largest size, 1600 px, is made from 2016 px, decoded in a quarter of
// the memory and about half the time.
func decode(src []byte, ops []Op, missing []int) (image.Image, image.Rectangle, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(src))
	if err != nil {
		return nil, image.Rectangle{}, err
	}
	if max(cfg.Width, cfg.Height) > MaxSide {
		// Counted before anything is allocated for its pixels (what the
		// build publishes was counted already by imagemeta).
		return nil, image.Rectangle{}, &imagemeta.TooLargeError{W: cfg.Width, H: cfg.Height}
	}
	bounds := image.Rect(0, 0, cfg.Width, cfg.Height)
	if format == "jpeg" {
		if s := decodeScale(cfg.Width, cfg.Height, ops, missing); s > 1 {
			if img, err := jpegscale.DecodeScaled(bytes.NewReader(src), s); err == nil {
				return img, bounds, nil
			}
			// What it does not read (CMYK, RGB) or finds wrong is read by
			// image/jpeg, which says what is wrong, if anything is.
		}
	}
	img, format, err := image.Decode(bytes.NewReader(src))
	if err != nil {
		return nil, image.Rectangle{}, err
	}
	if format == "webp" {
		fullRange(img)
	}
	return img, img.Bounds(), nil
}

// decodeScale is the largest of 8, 4, 2 and 1 at which a w×h image is at
// least as large as each size ops[missing] makes of it (for fill, as
// the part of it that size shows).
func decodeScale(w, h int, ops []Op, missing []int) int {
	for _, s := range []int{8, 4, 2} {
		fits := true
		for _, i := range missing {
			op := ops[i]
			ow, oh := op.Size(w, h)
			cw, ch := w, h
			if op.Kind == "fill" {
				// The largest centred part with the ratio of ow×oh.
				cw, ch = w, w*oh/ow
				if ch > h {
					cw, ch = h*ow/oh, h
				}
			}
			if cw/s < ow || ch/s < oh {
				fits = false
				break
			}
		}
		if fits {
			return s
		}
	}
	return 1
}

// apply makes the w×h size of img that op asks for. The size of the
// image itself is made too: a copy of a photo in 4:2:0, which the WebP
// encoder takes as it is.
func apply(img image.Image, op Op, w, h int) image.Image {
	if op.Kind == "fill" {
		return fill(img, w, h)
	}
	return resize(img, w, h)
}

// Encode writes m in format: JPEG at quality 80, PNG, or WebP (lossy at
// quality 75 for photos, that is for every image without transparency;
// at method 2 of 6, which makes a photo's three sizes 2.5 times faster
// than method 4 for 7 % more bytes: benchmarks.md, « Photos »).
func Encode(w io.Writer, m image.Image, format string) error {
	switch format {
	case "jpeg":
		return jpeg.Encode(w, m, &jpeg.Options{Quality: 80})
	case "png":
		return (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(w, m)
	case "webp":
		if y, ok := m.(*image.YCbCr); ok && y.SubsampleRatio == image.YCbCrSubsampleRatio420 && y.Rect.Min == (image.Point{}) {
			yw, yh := y.Rect.Dx(), y.Rect.Dy()
			buf := getBuf(2*yw*yh + 2*((yw+1)/2)*((yh+1)/2))
			defer putBuf(buf)
			m = studioRange(*buf, y)
		}
		return webp.Encode(w, m, webp.Options{Quality: 75, Method: 2, Lossless: !opaque(m)})
	}
	return i18n.Errorf("unknown image format %q", format)
}

// studioRange is a copy of a photo's planes (full range, as JPEG has
// them: black is Y 0, white 255) in the range VP8 expects (BT.601's
// studio range: Y from 16 to 235, Cb and Cr from 16 to 240), which the
// WebP encoder takes as they are, where it would otherwise convert RGB.
// The encoder takes an opaque NYCbCrA in 4:2:0 as planes following one
// another in memory, as image.NewNYCbCrA makes them: Y, Cb, Cr and
// alpha, made here in pix (whose length is that of the four) from m, a
// 4:2:0 image as scale makes it, from (0, 0).
func studioRange(pix []uint8, m *image.YCbCr) *image.NYCbCrA {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	cw := (w + 1) / 2
	out := &image.NYCbCrA{YCbCr: ycbcr420(pix, w, h), AStride: w}
	out.A = pix[w*h+2*len(out.Cb):]
	convert := func(dst, src []uint8, stride, rowLen int, table *[256]uint8) {
		for y := range len(dst) / rowLen {
			for x, v := range src[y*stride : y*stride+rowLen] {
				dst[y*rowLen+x] = table[v]
			}
		}
	}
	convert(out.Y, m.Y, m.YStride, w, &lumaStudio)
	convert(out.Cb, m.Cb, m.CStride, cw, &chromaStudio)
	convert(out.Cr, m.Cr, m.CStride, cw, &chromaStudio)
	for i := range out.A {
		out.A[i] = 0xff
	}
	return out
}

// fullRange puts the planes of a decoded WebP (golang.org/x/image/webp
// gives them as VP8 has them, in the studio range, where Go's YCbCr
// colours are JPEG's full range: its grey of 40 was read as 50) in the
// full range, in place.
func fullRange(img image.Image) {
	var y *image.YCbCr
	switch m := img.(type) {
	case *image.YCbCr:
		y = m
	case *image.NYCbCrA:
		y = &m.YCbCr
	default:
		return
	}
	for _, p := range []struct {
		pix   []uint8
		table *[256]uint8
	}{{y.Y, &lumaFull}, {y.Cb, &chromaFull}, {y.Cr, &chromaFull}} {
		for i, v := range p.pix {
			p.pix[i] = p.table[v]
		}
	}
}

// The tables from full to studio range and back.
var lumaStudio, chromaStudio, lumaFull, chromaFull [256]uint8

func init() {
	round := func(v float64) uint8 { return uint8(min(max(math.Round(v), 0), 255)) }
	for v := range 256 {
		lumaStudio[v] = round(16 + float64(v)*219/255)
		chromaStudio[v] = round(128 + float64(v-128)*224/255)
		lumaFull[v] = round(float64(v-16) * 255 / 219)
		chromaFull[v] = round(128 + float64(v-128)*255/224)
	}
}

// opaque reports an image without transparency.
func opaque(m image.Image) bool {
	if o, ok := m.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}
