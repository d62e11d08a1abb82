package jpegscale

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// planes are an image's planes: Y, Cb and Cr, or grey's one, each with
// its width, height and stride.
type plane struct {
	pix          []uint8
	w, h, stride int
}

func planes(m image.Image) []plane {
	switch m := m.(type) {
	case *image.Gray:
		return []plane{{m.Pix, m.Rect.Dx(), m.Rect.Dy(), m.Stride}}
	case *image.YCbCr:
		c := m.Bounds()
		ratio := map[image.YCbCrSubsampleRatio][2]int{image.YCbCrSubsampleRatio444: {1, 1}, image.YCbCrSubsampleRatio422: {2, 1},
			image.YCbCrSubsampleRatio420: {2, 2}, image.YCbCrSubsampleRatio440: {1, 2}, image.YCbCrSubsampleRatio411: {4, 1}, image.YCbCrSubsampleRatio410: {4, 2}}[m.SubsampleRatio]
		pw, ph := (c.Dx()+ratio[0]-1)/ratio[0], (c.Dy()+ratio[1]-1)/ratio[1]
		return []plane{{m.Y, c.Dx(), c.Dy(), m.YStride}, {m.Cb, pw, ph, m.CStride}, {m.Cr, pw, ph, m.CStride}}
	}
	return nil
}

// boxed is p made scale times smaller, each pixel the average of a
// scale×scale square: what a scaled decode stands for.
func boxed(p plane, scale int) plane {
	w, h := (p.w+scale-1)/scale, (p.h+scale-1)/scale
	out := plane{make([]uint8, w*h), w, h, w}
	for y := range h {
		for x := range w {
			var sum, n int
			for sy := y * scale; sy < min(y*scale+scale, p.h); sy++ {
				for sx := x * scale; sx < min(x*scale+scale, p.w); sx++ {
					sum += int(p.pix[sy*p.stride+sx])
					n++
				}
			}
			out.pix[y*w+x] = uint8((sum + n/2) / n)
		}
	}
	return out
}

// psnr compares two planes, in decibels, over what both cover (a plane's
// last pixel may stand for a part of a square only).
func psnr(a, b plane) float64 {
	var sum float64
	w, h := min(a.w, b.w), min(a.h, b.h)
	for y := range h {
		for x := range w {
			d := float64(a.pix[y*a.stride+x]) - float64(b.pix[y*b.stride+x])
			sum += d * d
		}
	}
	return 10 * math.Log10(255*255/(sum/float64(w*h)))
}

// TestDecodeScaled: every JPEG of Go's own test images (baseline and
// progressive, every subsampling, grey, restart intervals), decoded at 1
// is image/jpeg's decoding pixel for pixel, and at 2, 4 and 8 close to
// it averaged over the squares each pixel stands for, at the size said;
// CMYK and RGB ones are left to image/jpeg.
func TestDecodeScaled(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.jpeg")
	if len(files) < 20 {
		t.Fatalf("%d test images", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want, werr := jpeg.Decode(bytes.NewReader(data))
		for _, scale := range []int{1, 2, 4, 8} {
			got, err := DecodeScaled(bytes.NewReader(data), scale)
			name := filepath.Base(f)
			switch {
			case strings.Contains(name, "cmyk") || strings.Contains(name, "rgb"):
				var u UnsupportedError
				if !errors.As(err, &u) {
					t.Errorf("%s at %d: %v, want it left to image/jpeg", name, scale, err)
				}
				continue
			case werr != nil:
				if err == nil {
					t.Errorf("%s at %d: decoded, where image/jpeg says %v", name, scale, werr)
				}
				continue
			case err != nil:
				t.Errorf("%s at %d: %v", name, scale, err)
				continue
			}
			wb := want.Bounds()
			if sz := got.Bounds().Size(); sz != image.Pt((wb.Dx()+scale-1)/scale, (wb.Dy()+scale-1)/scale) {
				t.Errorf("%s at %d: %v, from %v", name, scale, sz, wb.Size())
				continue
			}
			// Each plane, pixel for pixel at 1; at 2, 4 and 8 each pixel
			// from its block's lowest frequencies, close to the average of
			// the pixels it stands for.
			gp, wp := planes(got), planes(want)
			if len(gp) != len(wp) || len(gp) == 0 {
				t.Errorf("%s at %d: a %T, where image/jpeg gives a %T", name, scale, got, want)
				continue
			}
			for i := range gp {
				p := psnr(gp[i], boxed(wp[i], scale))
				if scale == 1 && !math.IsInf(p, 1) || p < 32 {
					t.Errorf("%s at %d, plane %d: %.1f dB from image/jpeg's averaged", name, scale, i, p)
				}
			}
		}
	}
}

// FuzzDecodeScaled: no input makes it panic or hang; what image/jpeg
// decodes (grey or YCbCr) it decodes at every scale, at the size said,
// and at 1 pixel for pixel as image/jpeg does.
func FuzzDecodeScaled(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.jpeg")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if cfg, err := jpeg.DecodeConfig(bytes.NewReader(data)); err != nil || cfg.Width*cfg.Height > 1<<20 {
			return
		}
		want, werr := jpeg.Decode(bytes.NewReader(data))
		for _, scale := range []int{1, 2, 8} {
			got, err := DecodeScaled(bytes.NewReader(data), scale)
			if werr != nil || err != nil {
				continue // an error either way: relais falls back to image/jpeg, which says it
			}
			wb := want.Bounds()
			if got.Bounds().Size() != image.Pt((wb.Dx()+scale-1)/scale, (wb.Dy()+scale-1)/scale) {
				t.Fatalf("at %d: %v from %v", scale, got.Bounds(), wb)
			}
			if scale == 1 {
				for i, p := range planes(got) {
					if !math.IsInf(psnr(p, planes(want)[i]), 1) {
						t.Fatalf("at 1: not image/jpeg's pixels")
					}
				}
			}
		}
	})
}
