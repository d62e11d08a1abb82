package picture

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"slices"
	"strings"
	"testing"

	"github.com/gen2brain/webp"

	"relais/internal/diskcache"
	"relais/internal/imagemeta"
)

func TestPlan(t *testing.T) {
	for _, tc := range []struct {
		width int
		want  []int
	}{
		{4032, []int{480, 960, 1600}},
		{1600, []int{480, 960, 1600}},
		{1200, []int{480, 960, 1200}},
		{480, []int{480}},
		{300, []int{300}},
	} {
		if got := Plan(tc.width); !slices.Equal(got, tc.want) {
			t.Errorf("Plan(%d) = %v, want %v", tc.width, got, tc.want)
		}
	}
}

func TestParseAndSize(t *testing.T) {
	for _, tc := range []struct {
		kind, size   string
		srcW, srcH   int
		wantW, wantH int
		err          string
	}{
		{"resize", "480x", 4032, 3024, 480, 360, ""},
		{"resize", "x300", 4032, 3024, 400, 300, ""},
		{"resize", "5000x", 4032, 3024, 4032, 3024, ""}, // never larger
		{"fit", "400x400", 4032, 3024, 400, 300, ""},
		{"fit", "400x400", 3024, 4032, 300, 400, ""},
		{"fit", "400x400", 200, 100, 200, 100, ""},
		{"fill", "300x300", 4032, 3024, 300, 300, ""},
		{"fill", "400x200", 300, 300, 300, 150, ""}, // the ratio asked, not larger
		{"resize", "480x300", 0, 0, 0, 0, "give a width or a height, not both"},
		{"fill", "300x", 0, 0, 0, 0, "give a width and a height"},
		{"resize", "grand", 0, 0, 0, 0, `"grand" is not a size`},
		{"resize", "9000x", 0, 0, 0, 0, `"9000x" is not a size`},
		{"crop", "10x10", 0, 0, 0, 0, `unknown operation "crop"`},
		{"fit", "100x100 gif", 0, 0, 0, 0, `the format "gif" is not one relais writes`},
	} {
		op, err := Parse(tc.kind, tc.size, "jpeg")
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s %s: error %v, want %s", tc.kind, tc.size, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s %s: %v", tc.kind, tc.size, err)
		}
		if w, h := op.Size(tc.srcW, tc.srcH); w != tc.wantW || h != tc.wantH {
			t.Errorf("%s %s of %dx%d: %dx%d, want %dx%d", tc.kind, tc.size, tc.srcW, tc.srcH, w, h, tc.wantW, tc.wantH)
		}
	}
}

func photo(w, h int) []byte {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.SetNRGBA(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), 90, 255})
		}
	}
	var b bytes.Buffer
	_ = jpeg.Encode(&b, m, &jpeg.Options{Quality: 90})
	return b.Bytes()
}

// TestMake makes every kind of size, reads each back with its decoder and
// checks its dimensions; a second run with the cache decodes nothing (its
// source is not even an image any more), and another source misses.
func TestMake(t *testing.T) {
	src := photo(1200, 900)
	ops := []Op{{"resize", 480, 0, "jpeg"}, {"resize", 480, 0, "webp"}, {"resize", 1200, 0, "webp"},
		{"fit", 300, 300, "png"}, {"fill", 200, 200, "jpeg"}}
	want := [][2]int{{480, 360}, {480, 360}, {1200, 900}, {300, 225}, {200, 200}}
	c := diskcache.Dir(t.TempDir())
	out, err := Make(src, "abc", ops, c)
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range out {
		var cfg image.Config
		switch ops[i].Format {
		case "jpeg":
			cfg, err = jpeg.DecodeConfig(bytes.NewReader(b))
		case "png":
			cfg, err = png.DecodeConfig(bytes.NewReader(b))
		case "webp":
			cfg, err = webp.DecodeConfig(bytes.NewReader(b))
		}
		if err != nil || cfg.Width != want[i][0] || cfg.Height != want[i][1] {
			t.Errorf("%+v: %dx%d (%v), want %dx%d", ops[i], cfg.Width, cfg.Height, err, want[i][0], want[i][1])
		}
	}
	again, err := Make([]byte("not an image"), "abc", ops, c)
	if err != nil {
		t.Fatalf("a warm cache decoded the source: %v", err)
	}
	for i := range out {
		if !bytes.Equal(out[i], again[i]) {
			t.Errorf("%+v: the cache gave other bytes", ops[i])
		}
	}
	if _, err := Make([]byte("not an image"), "def", ops, c); err == nil {
		t.Errorf("another source was found in the cache")
	}
}

// TestMakeTooLarge: an image larger than relais reads is refused from its
// header, before its pixels are allocated (a JPEG that says 60,000 × 60,000
// pixels would ask for gigabytes).
func TestMakeTooLarge(t *testing.T) {
	src := photo(16, 16)
	// The frame header (SOF0) holds the height then the width.
	i := bytes.Index(src, []byte{0xff, 0xc0})
	src[i+5], src[i+6], src[i+7], src[i+8] = 0xea, 0x60, 0xea, 0x60
	_, err := Make(src, "big", []Op{{"resize", 480, 0, "jpeg"}, {"resize", 480, 0, "webp"}}, nil)
	var tl *imagemeta.TooLargeError
	if !errors.As(err, &tl) || tl.W != 60000 {
		t.Errorf("a 60000×60000 JPEG: %v, want it refused as too large", err)
	}
}
