package picture

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math"
	"testing"

	"github.com/gen2brain/webp"
	xdraw "golang.org/x/image/draw"
)

// decodedPhoto is a phone-sized photo as the JPEG decoder gives it.
func decodedPhoto(b testing.TB, w, h int) image.Image {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x ^ y) & 255), 255})
		}
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, m, &jpeg.Options{Quality: 85})
	img, err := jpeg.Decode(&buf)
	if err != nil {
		b.Fatal(err)
	}
	return img
}

// BenchmarkResize: a 12-megapixel photo to the largest size a page
// shows and to a small one. Side by side on the same machine (2 cores),
// disintegration/imaging's Lanczos took 173 and 127 ms a resize, 340 and
// 250 ms of CPU (it runs on every core); shrink and x/image/draw's
// Catmull-Rom on RGBA, 197 and 70 ms, 215 and 90 ms of CPU; the same in
// fixed point on the photo's planes, 26 and 8 ms.
func BenchmarkResize(b *testing.B) {
	img := decodedPhoto(b, 4000, 3000)
	for _, w := range []int{1600, 480} {
		b.Run(fmt.Sprint(w), func(b *testing.B) {
			for b.Loop() {
				resize(img, w, w*3/4)
			}
		})
	}
}

// BenchmarkMakePhoto makes the six sizes a page shows a 12-megapixel
// phone photo at (480, 960 and 1600 px, in JPEG and WebP), from its
// encoded bytes, as a cold build does for each photo.
func BenchmarkMakePhoto(b *testing.B) {
	img := decodedPhoto(b, 4032, 3024)
	var src bytes.Buffer
	if err := jpeg.Encode(&src, img, &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	var ops []Op
	for _, w := range Plan(4032) {
		ops = append(ops, Op{Kind: "resize", W: w, Format: "jpeg"}, Op{Kind: "resize", W: w, Format: "webp"})
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Make(src.Bytes(), "sum", ops, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// scene is a photo-like image: smooth gradients, a disc and thin lines,
// with the colours of TestColours' patches in no particular place.
func scene(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{uint8(40 + x*160/w), uint8(200 - y*150/h), uint8(90 + (x+y)%37), 255}
			if dx, dy := x-w/2, y-h/2; dx*dx+dy*dy < h*h/9 {
				c = color.RGBA{200, 60, 50, 255}
			}
			if x%97 < 2 || y%89 < 2 {
				c = color.RGBA{20, 20, 20, 255}
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

// psnr compares two images of one size in RGB, in decibels.
func psnr(a, b image.Image) float64 {
	var sum float64
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ar, ag, ab, _ := a.At(x, y).RGBA()
			br, bg, bb, _ := b.At(x, y).RGBA()
			for _, d := range []float64{float64(ar>>8) - float64(br>>8), float64(ag>>8) - float64(bg>>8), float64(ab>>8) - float64(bb>>8)} {
				sum += d * d
			}
		}
	}
	mse := sum / float64(3*r.Dx()*r.Dy())
	return 10 * math.Log10(255*255/mse)
}

// reference scales the part r of m to w×h as relais did before this
// package's fixed point, with golang.org/x/image/draw: an average of
// each k×k square when both sides shrink k times or more, then
// Catmull-Rom.
func reference(m *image.RGBA, r image.Rectangle, w, h int) *image.RGBA {
	src := m.SubImage(r).(*image.RGBA)
	if k := min(r.Dx()/w, r.Dy()/h); k >= 2 {
		box := image.NewRGBA(image.Rect(0, 0, (r.Dx()+k-1)/k, (r.Dy()+k-1)/k))
		for y := range box.Rect.Dy() {
			for x := range box.Rect.Dx() {
				var sum [4]int
				n := 0
				for sy := r.Min.Y + y*k; sy < min(r.Min.Y+y*k+k, r.Max.Y); sy++ {
					for sx := r.Min.X + x*k; sx < min(r.Min.X+x*k+k, r.Max.X); sx++ {
						c := m.RGBAAt(sx, sy)
						sum[0], sum[1], sum[2], sum[3] = sum[0]+int(c.R), sum[1]+int(c.G), sum[2]+int(c.B), sum[3]+int(c.A)
						n++
					}
				}
				box.SetRGBA(x, y, color.RGBA{uint8((sum[0] + n/2) / n), uint8((sum[1] + n/2) / n), uint8((sum[2] + n/2) / n), uint8((sum[3] + n/2) / n)})
			}
		}
		src = box
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), xdraw.Src, nil)
	return dst
}

// as420 is m in YCbCr 4:2:0, each chroma sample the average of a 2×2
// square, as the JPEG encoder (and WebP's) keep it.
func as420(m *image.RGBA) *image.YCbCr {
	r := m.Bounds()
	out := image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			var cb, cr, n int
			for dy := range 2 {
				for dx := range 2 {
					if x+dx >= r.Max.X || y+dy >= r.Max.Y {
						continue
					}
					c := m.RGBAAt(x+dx, y+dy)
					yy, b, rr := color.RGBToYCbCr(c.R, c.G, c.B)
					out.Y[out.YOffset(x+dx, y+dy)] = yy
					cb, cr, n = cb+int(b), cr+int(rr), n+1
				}
			}
			out.Cb[out.COffset(x, y)], out.Cr[out.COffset(x, y)] = uint8((cb+n/2)/n), uint8((cr+n/2)/n)
		}
	}
	return out
}

// TestScaleLikeReference: this package's scaling in fixed point, of a
// photo's YCbCr planes and of RGBA, against the same two steps in
// floating point by golang.org/x/image/draw on RGBA (what relais did
// before), at each size a page shows, for fill and whole factors. A
// photo's planes come out in 4:2:0, as JPEG and WebP keep them: they are
// compared with the reference in 4:2:0 too.
func TestScaleLikeReference(t *testing.T) {
	src := scene(1333, 1000)
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, src, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	photo, err := jpeg.Decode(&enc)
	if err != nil {
		t.Fatal(err)
	}
	asRGBA := image.NewRGBA(photo.Bounds())
	draw.Draw(asRGBA, asRGBA.Bounds(), photo, image.Point{}, draw.Src)
	for _, tc := range []struct {
		kind string
		w, h int
	}{{"resize", 960, 720}, {"resize", 480, 360}, {"resize", 1333, 1000}, {"resize", 333, 250}, {"fill", 300, 300}, {"fill", 1000, 200}} {
		for _, in := range []struct {
			name string
			img  image.Image
			min  float64
		}{{"YCbCr", photo, 38}, {"RGBA", asRGBA, 50}} {
			var got image.Image
			r := asRGBA.Bounds()
			if tc.kind == "fill" {
				got = fill(in.img, tc.w, tc.h)
				cw, ch := r.Dx(), r.Dx()*tc.h/tc.w
				if ch > r.Dy() {
					cw, ch = r.Dy()*tc.w/tc.h, r.Dy()
				}
				r = image.Rect((r.Dx()-cw)/2, (r.Dy()-ch)/2, (r.Dx()-cw)/2+cw, (r.Dy()-ch)/2+ch)
			} else {
				got = resize(in.img, tc.w, tc.h)
			}
			var want image.Image = reference(asRGBA, r, tc.w, tc.h)
			if in.name == "YCbCr" {
				want = as420(want.(*image.RGBA))
			}
			if got.Bounds() != want.Bounds() {
				t.Fatalf("%s %dx%d of %s: %v", tc.kind, tc.w, tc.h, in.name, got.Bounds())
			}
			p := psnr(got, want)
			t.Logf("%s %dx%d of %s: %.1f dB", tc.kind, tc.w, tc.h, in.name, p)
			if p < in.min {
				t.Errorf("%s %dx%d of %s: %.1f dB from the reference, want at least %.0f", tc.kind, tc.w, tc.h, in.name, p, in.min)
			}
		}
	}
}

// TestColours: a photo's colours come out of its sizes as they went
// in, in JPEG and in WebP, from a JPEG and from a WebP. The WebP encoder
// takes the planes in another range than JPEG's (given JPEG's as they
// are, a grey of 40 came back as 28 and one of 200 as 214), and
// golang.org/x/image/webp gives them in that range where Go reads
// JPEG's (a WebP's grey of 40 was published as 50).
func TestColours(t *testing.T) {
	colours := []color.RGBA{{0, 0, 0, 255}, {255, 255, 255, 255}, {40, 40, 40, 255}, {200, 200, 200, 255}, {200, 30, 30, 255}, {30, 90, 200, 255}, {240, 200, 60, 255}}
	src := image.NewRGBA(image.Rect(0, 0, 160*len(colours), 160))
	for i, c := range colours {
		draw.Draw(src, image.Rect(160*i, 0, 160*i+160, 160), image.NewUniform(c), image.Point{}, draw.Src)
	}
	var fromJPEG, fromWebP bytes.Buffer
	if err := jpeg.Encode(&fromJPEG, src, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	if err := webp.Encode(&fromWebP, src, webp.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	ops := []Op{{"resize", 480, 0, "jpeg"}, {"resize", 480, 0, "webp"}}
	for _, in := range []struct {
		name string
		data []byte
	}{{"JPEG", fromJPEG.Bytes()}, {"WebP", fromWebP.Bytes()}} {
		out, err := Make(in.data, "colours", ops, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, b := range out {
			var m image.Image
			if ops[i].Format == "webp" {
				m, err = webp.Decode(bytes.NewReader(b))
				if y, ok := m.(*image.NYCbCrA); ok {
					m = studio{y}
				}
			} else {
				m, err = jpeg.Decode(bytes.NewReader(b))
			}
			if err != nil {
				t.Fatal(err)
			}
			for j, c := range colours {
				// The middle of the patch, now 480/1120 as wide.
				x, y := (160*j+80)*480/len(colours)/160, 34
				r, g, bl, _ := m.At(x, y).RGBA()
				got := [3]int{int(r >> 8), int(g >> 8), int(bl >> 8)}
				for k, want := range []uint8{c.R, c.G, c.B} {
					if d := got[k] - int(want); d < -6 || d > 6 {
						t.Errorf("from %s to %s: %v came out as %v", in.name, ops[i].Format, c, got)
						break
					}
				}
			}
		}
	}
}

// studio reads the planes a WebP decoder gives as browsers do (libwebp's
// VP8YUVToR and the others: BT.601's studio range), where Go's YCbCr
// takes them for JPEG's full range.
type studio struct{ *image.NYCbCrA }

func (s studio) At(x, y int) color.Color {
	c := s.NYCbCrAAt(x, y)
	yy, cb, cr := 1.164*(float64(c.Y)-16), float64(c.Cb)-128, float64(c.Cr)-128
	ch := func(v float64) uint8 { return uint8(min(max(math.Round(v), 0), 255)) }
	return color.RGBA{ch(yy + 1.596*cr), ch(yy - 0.392*cb - 0.813*cr), ch(yy + 2.017*cb), 255}
}

// TestScaleOddShapes: every subsampling a JPEG can have, grey and RGBA,
// at odd and tiny sizes and from a part of the image that does not
// start at its origin: the right size, no panic, and a uniform image
// stays uniform.
func TestScaleOddShapes(t *testing.T) {
	ratios := []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410}
	for _, sz := range [][4]int{{1, 1, 1, 1}, {3, 1000, 1, 333}, {1000, 3, 333, 1}, {7, 5, 7, 5}, {7, 5, 3, 2}, {4032, 5, 1600, 2}, {17, 13, 16, 12}} {
		sw, sh, w, h := sz[0], sz[1], sz[2], sz[3]
		r := image.Rect(3, 2, 3+sw, 2+sh)
		var imgs []image.Image
		for _, ratio := range ratios {
			m := image.NewYCbCr(r, ratio)
			for i := range m.Y {
				m.Y[i] = 150
			}
			for i := range m.Cb {
				m.Cb[i], m.Cr[i] = 100, 170
			}
			imgs = append(imgs, m)
		}
		grey := image.NewGray(r)
		for i := range grey.Pix {
			grey.Pix[i] = 150
		}
		rgba := image.NewRGBA(r)
		draw.Draw(rgba, r, image.NewUniform(color.RGBA{150, 100, 170, 255}), image.Point{}, draw.Src)
		imgs = append(imgs, grey, rgba)
		for i, img := range imgs {
			for _, got := range []image.Image{resize(img, w, h), fill(img, w, h)} {
				if got.Bounds() != image.Rect(0, 0, w, h) {
					t.Fatalf("%dx%d to %dx%d (%d): %v", sw, sh, w, h, i, got.Bounds())
				}
				want := img.At(r.Min.X, r.Min.Y)
				for y := range h {
					for x := range w {
						if !sameColour(got.At(x, y), want) {
							t.Fatalf("%dx%d to %dx%d (%d): %v at %d,%d, want %v", sw, sh, w, h, i, got.At(x, y), x, y, want)
						}
					}
				}
			}
		}
	}
}

func sameColour(a, b color.Color) bool {
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	near := func(x, y uint32) bool { return x>>8 <= y>>8+1 && y>>8 <= x>>8+1 }
	return near(ar, br) && near(ag, bg) && near(ab, bb) && near(aa, ba)
}

// TestScaledDecode: a JPEG is decoded at the smallest scale that still
// covers every size asked (each fill as the part it shows), and its
// sizes made from it look as those made from the whole decoded photo;
// the sizes are those of the photo, not of what was decoded.
func TestScaledDecode(t *testing.T) {
	src := scene(2000, 1500)
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, src, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	full, err := jpeg.Decode(bytes.NewReader(enc.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		ops   []Op
		scale int // how much smaller it is decoded
	}{
		{[]Op{{"resize", 960, 0, "jpeg"}, {"resize", 480, 0, "webp"}}, 2},
		{[]Op{{"resize", 480, 0, "jpeg"}}, 4},
		{[]Op{{"resize", 240, 0, "jpeg"}}, 8},
		{[]Op{{"resize", 1600, 0, "jpeg"}}, 1},
		{[]Op{{"fill", 400, 400, "jpeg"}}, 2},  // the square of 1500 shown: 750 wide at a half
		{[]Op{{"fill", 1000, 200, "jpeg"}}, 2}, // the band 2000×400 shown: 1000×200 at a half
		{[]Op{{"fit", 500, 500, "jpeg"}}, 4},   // 500×375: the photo at a quarter
		{[]Op{{"resize", 0, 1000, "jpeg"}}, 1}, // 1000 high needs more than 750
		{[]Op{{"resize", 2000, 0, "webp"}}, 1}, // its own size
	} {
		missing := make([]int, len(tc.ops))
		for i := range missing {
			missing[i] = i
		}
		img, bounds, err := decode(enc.Bytes(), tc.ops, missing)
		if err != nil {
			t.Fatal(err)
		}
		if bounds != full.Bounds() || img.Bounds().Dx() != (2000+tc.scale-1)/tc.scale {
			t.Errorf("%v: decoded %v for %v, want %d times smaller", tc.ops, img.Bounds(), bounds, tc.scale)
			continue
		}
		for _, op := range tc.ops {
			w, h := op.Size(2000, 1500)
			got, want := apply(img, op, w, h), apply(full, op, w, h)
			if p := psnr(got, want); p < 32 {
				t.Errorf("%v of a photo decoded %d times smaller: %.1f dB from the same of the whole photo", op, tc.scale, p)
			}
		}
	}
}
