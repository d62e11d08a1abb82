package picture

import (
	"image"
	"image/draw"
	"runtime"
	"sync"

	xdraw "golang.org/x/image/draw"
)

// Images are made smaller in two steps, as libvips does: first by a
// whole factor, averaging each square of pixels (fast, and every pixel
// counts), then to the exact size with Catmull-Rom, a bicubic filter
// that is sharp without Lanczos's ringing. Both work on premultiplied
// RGBA, where averaging transparent pixels is right.

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

// scale draws the part r of img into a new w×h image.
func scale(img image.Image, r image.Rectangle, w, h int) image.Image {
	src := rgba(img, r)
	if k := min(r.Dx()/w, r.Dy()/h); k >= 2 {
		src = shrink(src, k)
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), xdraw.Src, nil)
	return dst
}

// rgba is the part r of img as premultiplied RGBA, from (0, 0).
func rgba(img image.Image, r image.Rectangle) *image.RGBA {
	if m, ok := img.(*image.RGBA); ok && r == m.Bounds() && r.Min == (image.Point{}) {
		return m
	}
	m := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	draw.Draw(m, m.Bounds(), img, r.Min, draw.Src)
	return m
}

// shrink makes src k times smaller, each pixel the average of a k×k
// square (of what there is of it at the right and bottom edges), in
// bands of rows on every core.
func shrink(src *image.RGBA, k int) *image.RGBA {
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	w, h := (sw+k-1)/k, (sh+k-1)/k
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	bands := min(runtime.GOMAXPROCS(0), h)
	var wg sync.WaitGroup
	for i := range bands {
		wg.Add(1)
		go func(y0, y1 int) {
			defer wg.Done()
			sums := make([]uint32, 4*w)
			counts := make([]uint32, w)
			for y := y0; y < y1; y++ {
				clear(sums)
				clear(counts)
				for sy := y * k; sy < min((y+1)*k, sh); sy++ {
					row := src.Pix[sy*src.Stride : sy*src.Stride+4*sw]
					for sx := 0; sx < sw; sx++ {
						x := sx / k
						p := row[4*sx : 4*sx+4 : 4*sx+4]
						s := sums[4*x : 4*x+4 : 4*x+4]
						s[0] += uint32(p[0])
						s[1] += uint32(p[1])
						s[2] += uint32(p[2])
						s[3] += uint32(p[3])
						counts[x]++
					}
				}
				out := dst.Pix[y*dst.Stride : y*dst.Stride+4*w]
				for x := 0; x < w; x++ {
					n := counts[x]
					for c := 0; c < 4; c++ {
						out[4*x+c] = uint8((sums[4*x+c] + n/2) / n)
					}
				}
			}
		}(h*i/bands, h*(i+1)/bands)
	}
	wg.Wait()
	return dst
}
