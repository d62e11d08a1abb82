package picture

import (
	"image"
	"image/draw"
	"math"
	"runtime"
	"sync"
)

// Images are made smaller in two steps, as libvips does: first by a
// whole factor, averaging each square of pixels (fast, and every pixel
// counts), then to the exact size with Catmull-Rom, a bicubic filter
// that is sharp without Lanczos's ringing, in fixed point, one axis
// after the other.
//
// A photo (what the JPEG decoder gives: Y, Cb and Cr planes) is scaled
// plane by plane, into a 4:2:0 image, and never turned into RGB: the
// JPEG encoder takes its planes as they are, and the WebP encoder too
// (as YUV 4:2:0, which it would otherwise convert RGB into). Other images
// are scaled as premultiplied RGBA, where averaging transparent pixels
// is right. golang.org/x/image/draw's Catmull-Rom, used before, computes
// in float64 through a buffer of 32 bytes a pixel: it took 0.19 s and
// 95 MB a photo for its three sizes (BenchmarkMakePhoto, benchmarks.md).

// resize scales img to w×h.
func resize(img image.Image, w, h int) image.Image {
	return scale(img, img.Bounds(), w, h)
}

// fill scales img to cover w×h, cropping what overflows, centred.
func fill(img image.Image, w, h int) image.Image {
	b := img.Bounds()
	sw, sh := b.Dx(), b.Dy()
	// The largest centred part of img with the aspect ratio of w×h.
	cw, ch := sw, sw*h/w
	if ch > sh {
		cw, ch = sh*w/h, sh
	}
	x0, y0 := b.Min.X+(sw-cw)/2, b.Min.Y+(sh-ch)/2
	return scale(img, image.Rect(x0, y0, x0+cw, y0+ch), w, h)
}

// scale draws the part r of img into a new w×h image: a YCbCr 4:2:0
// image for a photo, premultiplied RGBA otherwise.
func scale(img image.Image, r image.Rectangle, w, h int) image.Image {
	var ycc *image.YCbCr
	switch m := img.(type) {
	case *image.YCbCr:
		ycc = m
	case *image.NYCbCrA:
		if m.Opaque() {
			ycc = &m.YCbCr
		}
	}
	if ycc != nil {
		dst := newYCbCr420(w, h)
		resample(plane{dst.Y, w, h, dst.YStride, 1}, plane{ycc.Y[ycc.YOffset(r.Min.X, r.Min.Y):], r.Dx(), r.Dy(), ycc.YStride, 1})
		dc, sc := chroma(dst.SubsampleRatio, dst.Rect), chroma(ycc.SubsampleRatio, r)
		off := ycc.COffset(r.Min.X, r.Min.Y)
		resample(plane{dst.Cb, dc.Dx(), dc.Dy(), dst.CStride, 1}, plane{ycc.Cb[off:], sc.Dx(), sc.Dy(), ycc.CStride, 1})
		resample(plane{dst.Cr, dc.Dx(), dc.Dy(), dst.CStride, 1}, plane{ycc.Cr[off:], sc.Dx(), sc.Dy(), ycc.CStride, 1})
		return dst
	}
	src := rgba(img, r)
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	resample(plane{dst.Pix, w, h, dst.Stride, 4}, plane{src.Pix, r.Dx(), r.Dy(), src.Stride, 4})
	return dst
}

// chroma is the rectangle of the chroma planes that the part r of a
// YCbCr image with subsampling ratio covers, in the planes' own
// coordinates.
func chroma(ratio image.YCbCrSubsampleRatio, r image.Rectangle) image.Rectangle {
	dx, dy := 1, 1
	switch ratio {
	case image.YCbCrSubsampleRatio422:
		dx = 2
	case image.YCbCrSubsampleRatio420:
		dx, dy = 2, 2
	case image.YCbCrSubsampleRatio440:
		dy = 2
	case image.YCbCrSubsampleRatio411:
		dx = 4
	case image.YCbCrSubsampleRatio410:
		dx, dy = 4, 2
	}
	return image.Rect(floorDiv(r.Min.X, dx), floorDiv(r.Min.Y, dy), floorDiv(r.Max.X+dx-1, dx), floorDiv(r.Max.Y+dy-1, dy))
}

func floorDiv(a, b int) int {
	if a < 0 {
		return -((-a + b - 1) / b)
	}
	return a / b
}

// rgba is the part r of img as premultiplied RGBA, from its first pixel.
func rgba(img image.Image, r image.Rectangle) *image.RGBA {
	if m, ok := img.(*image.RGBA); ok {
		return m.SubImage(r).(*image.RGBA)
	}
	m := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	draw.Draw(m, m.Bounds(), img, r.Min, draw.Src)
	return m
}

// plane is pixels of ch interleaved 8-bit channels (1 for a plane of a
// YCbCr image, 4 for RGBA): w×h of them, rows stride bytes apart, from
// pix[0].
type plane struct {
	pix          []uint8
	w, h, stride int
	ch           int
}

func (p plane) row(y int) []uint8 { return p.pix[y*p.stride : y*p.stride+p.w*p.ch] }

// resample scales src into dst, whose size is set: first by the whole
// factor both sides allow, then with Catmull-Rom to the exact size.
func resample(dst, src plane) {
	if k := min(src.w/dst.w, src.h/dst.h); k >= 2 {
		buf := getBuf(((src.w + k - 1) / k) * ((src.h + k - 1) / k) * src.ch)
		defer putBuf(buf)
		src = shrink(*buf, src, k)
	}
	if src.w == dst.w && src.h == dst.h {
		for y := range dst.h {
			copy(dst.row(y), src.row(y))
		}
		return
	}
	xs, ys := newWeights(src.w, dst.w), newWeights(src.h, dst.h)
	// Across first, into a plane dst.w wide and src.h high.
	buf := getBuf(dst.w * src.h * src.ch)
	defer putBuf(buf)
	tmp := plane{*buf, dst.w, src.h, dst.w * src.ch, src.ch}
	bands(src.h, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			across(tmp.row(y), src.row(y), xs, src.ch)
		}
	})
	bands(dst.h, func(y0, y1 int) {
		acc := make([]int32, dst.w*dst.ch)
		for y := y0; y < y1; y++ {
			clear(acc)
			start := ys.start[y]
			for t, wt := range ys.w[y*ys.taps : (y+1)*ys.taps] {
				if wt == 0 {
					continue
				}
				for i, v := range tmp.row(start + t) {
					acc[i] += wt * int32(v)
				}
			}
			out := dst.row(y)
			for i, a := range acc {
				out[i] = clamp(a)
			}
		}
	})
}

// across scales one row of ch channels by the weights xs.
func across(out, in []uint8, xs *weights, ch int) {
	if ch == 1 {
		// A plane of a photo: the taps are next to each other.
		for x := range out {
			ws := xs.w[x*xs.taps : (x+1)*xs.taps]
			src := in[xs.start[x] : xs.start[x]+len(ws)]
			var a int32
			for t, wt := range ws {
				a += wt * int32(src[t])
			}
			out[x] = clamp(a)
		}
		return
	}
	for x := range len(out) / ch {
		ws := xs.w[x*xs.taps : (x+1)*xs.taps]
		base := xs.start[x] * ch
		for c := range ch {
			var a int32
			for t, wt := range ws {
				a += wt * int32(in[base+t*ch+c])
			}
			out[x*ch+c] = clamp(a)
		}
	}
}

// precision is the number of fractional bits of the weights.
const precision = 14

func clamp(a int32) uint8 {
	a = (a + 1<<(precision-1)) >> precision
	if a < 0 {
		return 0
	}
	if a > 255 {
		return 255
	}
	return uint8(a)
}

// weights are Catmull-Rom's weights from in pixels to out along one
// axis: the out pixel i is the sum over t < taps of w[i*taps+t] times the
// in pixel start[i]+t, in fixed point (the weights of a pixel add up to
// 1<<precision). Past the edges the edge pixel is repeated.
type weights struct {
	taps  int
	start []int
	w     []int32
}

func newWeights(in, out int) *weights {
	ratio := float64(in) / float64(out)
	f := max(ratio, 1) // the kernel is widened as much as the image shrinks
	taps := min(int(math.Ceil(2*f))*2+1, in)
	ws := &weights{taps: taps, start: make([]int, out), w: make([]int32, out*taps)}
	raw := make([]float64, taps)
	for i := range out {
		centre := (float64(i)+0.5)*ratio - 0.5
		lo, hi := int(math.Ceil(centre-2*f)), int(math.Floor(centre+2*f))
		start := min(max(lo, 0), in-taps)
		clear(raw)
		var sum float64
		for j := lo; j <= hi; j++ {
			k := catmullRom((float64(j) - centre) / f)
			sum += k
			raw[min(max(j, 0), in-1)-start] += k
		}
		var total int32
		big := 0
		w := ws.w[i*taps : (i+1)*taps]
		for t, k := range raw {
			w[t] = int32(math.Round(k / sum * (1 << precision)))
			total += w[t]
			if w[t] > w[big] {
				big = t
			}
		}
		w[big] += 1<<precision - total
		ws.start[i] = start
	}
	return ws
}

func catmullRom(x float64) float64 {
	x = math.Abs(x)
	switch {
	case x < 1:
		return (1.5*x-2.5)*x*x + 1
	case x < 2:
		return ((-0.5*x+2.5)*x-4)*x + 2
	}
	return 0
}

// shrink makes src k times smaller into pix, each pixel the average of
// a k×k square (of what there is of it at the right and bottom edges).
func shrink(pix []uint8, src plane, k int) plane {
	w, h, ch := (src.w+k-1)/k, (src.h+k-1)/k, src.ch
	dst := plane{pix[:w*h*ch], w, h, w * ch, ch}
	bands(h, func(y0, y1 int) {
		sums := make([]uint32, w*ch)
		counts := make([]uint32, w)
		for y := y0; y < y1; y++ {
			clear(sums)
			clear(counts)
			for sy := y * k; sy < min((y+1)*k, src.h); sy++ {
				row := src.row(sy)
				if ch == 1 && k == 2 && src.w%2 == 0 {
					// The common case: half a photo's plane.
					pairs := row[:2*w]
					for x := range sums {
						sums[x] += uint32(pairs[2*x]) + uint32(pairs[2*x+1])
					}
					continue
				}
				if ch == 1 {
					// A plane of a photo: k bytes a pixel.
					for x := range w {
						part := row[x*k : min(x*k+k, len(row))]
						var sum uint32
						for _, v := range part {
							sum += uint32(v)
						}
						sums[x] += sum
						counts[x] += uint32(len(part))
					}
					continue
				}
				for sx := range src.w {
					x := sx / k
					counts[x]++
					for c := range ch {
						sums[x*ch+c] += uint32(row[sx*ch+c])
					}
				}
			}
			out := dst.row(y)
			if ch == 1 && k == 2 && src.w%2 == 0 {
				n := uint32(2 * min(2, src.h-y*2))
				for x := range out {
					out[x] = uint8((sums[x] + n/2) / n)
				}
				continue
			}
			for x := range w {
				n := counts[x]
				for c := range ch {
					out[x*ch+c] = uint8((sums[x*ch+c] + n/2) / n)
				}
			}
		}
	})
	return dst
}

// bands runs f over h rows in a band of rows for each core.
func bands(h int, f func(y0, y1 int)) {
	n := min(runtime.GOMAXPROCS(0), h)
	if n <= 1 {
		f(0, h)
		return
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { f(h*i/n, h*(i+1)/n) })
	}
	wg.Wait()
}

// bufs keeps the buffers a photo's sizes are made in between photos: a
// build with photos allocated 280 MB a photo, most of it such buffers.
var bufs sync.Pool

// getBuf returns a buffer of n bytes, of any content.
func getBuf(n int) *[]uint8 {
	if b, ok := bufs.Get().(*[]uint8); ok && cap(*b) >= n {
		*b = (*b)[:n]
		return b
	}
	b := make([]uint8, n)
	return &b
}

func putBuf(b *[]uint8) { bufs.Put(b) }

// newYCbCr420 is a w×h YCbCr 4:2:0 image, as image.NewYCbCr makes it,
// in a buffer of the pool: release gives it back.
func newYCbCr420(w, h int) *image.YCbCr {
	cw, ch := (w+1)/2, (h+1)/2
	m := ycbcr420(*getBuf(w*h + 2*cw*ch), w, h)
	return &m
}

// ycbcr420 is a w×h YCbCr 4:2:0 image whose planes follow one another in
// pix from its start, Y then Cb then Cr, as image.NewYCbCr lays them out.
func ycbcr420(pix []uint8, w, h int) image.YCbCr {
	n, c := w*h, ((w+1)/2)*((h+1)/2)
	return image.YCbCr{Y: pix[:n], Cb: pix[n : n+c], Cr: pix[n+c : n+2*c],
		YStride: w, CStride: (w + 1) / 2, SubsampleRatio: image.YCbCrSubsampleRatio420, Rect: image.Rect(0, 0, w, h)}
}

// release gives the pixels of an image scale made back to the pool
// (its Y plane starts the buffer newYCbCr420 took); m must not be used
// after.
func release(m image.Image) {
	if y, ok := m.(*image.YCbCr); ok {
		b := y.Y[:cap(y.Y)]
		putBuf(&b)
	}
}
