package imagemeta

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"image/jpeg"
	"image/png"
	"testing"

	"relais/internal/boundtest"
	"relais/internal/imagemeta/imagetest"
)

// segments lists the markers of a JPEG before its scan.
func segments(t *testing.T, b []byte) (markers []byte, bodies [][]byte) {
	for i := 2; i+4 <= len(b); {
		m := b[i+1]
		if m == 0xda {
			break
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		markers = append(markers, m)
		bodies = append(bodies, b[i+4:i+2+n])
		i += 2 + n
	}
	return
}

func TestJPEG(t *testing.T) {
	for _, tt := range []struct {
		orientation uint16
		w, h        int
	}{{1, 40, 30}, {6, 30, 40}, {8, 30, 40}, {3, 40, 30}} {
		in := imagetest.PhoneJPEG(t, tt.orientation)
		out, found, err := Clean(in)
		if err != nil {
			t.Fatal(err)
		}
		if !found.GPS || found.Camera != "Apple iPhone 13" || found.Owner != "Marie Dupont" {
			t.Errorf("found %+v", found)
		}
		if found.Lat < 45.757 || found.Lat > 45.758 || found.Lon < 4.831 || found.Lon > 4.833 {
			t.Errorf("position %f %f", found.Lat, found.Lon)
		}
		markers, bodies := segments(t, out)
		icc := false
		for i, m := range markers {
			switch {
			case m == 0xe1 || m == 0xed || m == 0xfe || (m >= 0xe3 && m <= 0xef && m != 0xee):
				t.Errorf("orientation %d: segment %x kept", tt.orientation, m)
			case m == 0xe2:
				icc = bytes.HasPrefix(bodies[i], []byte("ICC_PROFILE\x00"))
			}
		}
		if !icc {
			t.Errorf("orientation %d: the ICC profile was dropped", tt.orientation)
		}
		for _, secret := range []string{"Marie", "iPhone", "Apple"} {
			if bytes.Contains(out, []byte(secret)) {
				t.Errorf("orientation %d: %q is still in the file", tt.orientation, secret)
			}
		}
		img, err := jpeg.Decode(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != tt.w || b.Dy() != tt.h {
			t.Errorf("orientation %d: %dx%d, want %dx%d", tt.orientation, b.Dx(), b.Dy(), tt.w, tt.h)
		}
		if (tt.orientation != 1) != found.Rotated {
			t.Errorf("orientation %d: rotated %v", tt.orientation, found.Rotated)
		}
		if tt.orientation == 1 {
			// Nothing to turn: the compressed picture is the same bytes.
			scan := func(b []byte) []byte { return b[bytes.Index(b, []byte{0xff, 0xda}):] }
			if !bytes.Equal(scan(in), scan(out)) {
				t.Errorf("the picture was encoded again")
			}
		}
		// Cleaning again changes nothing.
		again, _, _ := Clean(out)
		if !bytes.Equal(again, out) {
			t.Errorf("orientation %d: cleaning twice differs", tt.orientation)
		}
	}
}

func TestPNG(t *testing.T) {
	out, found, err := Clean(imagetest.TextPNG(t))
	if err != nil {
		t.Fatal(err)
	}
	if found.Owner != "Marie Dupont" {
		t.Errorf("found %+v", found)
	}
	for _, s := range []string{"Marie", "tEXt", "iTXt", "eXIf", "tIME"} {
		if bytes.Contains(out, []byte(s)) {
			t.Errorf("%q is still in the file", s)
		}
	}
	if !bytes.Contains(out, []byte("iCCP")) {
		t.Errorf("the colour profile was dropped")
	}
	if _, err := png.Decode(bytes.NewReader(out)); err != nil {
		t.Errorf("the cleaned PNG does not decode: %v", err)
	}
}

func TestWebPAndGIF(t *testing.T) {
	// A WebP with VP8X (EXIF and XMP flags), a VP8L picture, EXIF and XMP.
	var body []byte
	vp8x := []byte{0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	add := func(typ string, data []byte) {
		body = append(body, typ...)
		body = binary.LittleEndian.AppendUint32(body, uint32(len(data)))
		body = append(body, data...)
		if len(data)%2 == 1 {
			body = append(body, 0)
		}
	}
	add("VP8X", vp8x)
	add("VP8L", []byte{0x2f, 0, 0, 0, 0})
	add("EXIF", imagetest.TIFF(1))
	add("XMP ", []byte("<x:xmpmeta>Marie Dupont</x:xmpmeta>"))
	webp := append([]byte("RIFF\x00\x00\x00\x00WEBP"), body...)
	binary.LittleEndian.PutUint32(webp[4:], uint32(len(webp)-8))
	out, found, err := Clean(webp)
	if err != nil {
		t.Fatal(err)
	}
	if !found.GPS || bytes.Contains(out, []byte("Marie")) || bytes.Contains(out, []byte("EXIF")) {
		t.Errorf("WebP: found %+v, cleaned %q", found, out)
	}
	if out[20+8]&0x0c != 0 || int(binary.LittleEndian.Uint32(out[4:])) != len(out)-8 {
		t.Errorf("WebP: flags or size wrong")
	}
	// A GIF with a comment and an XMP application extension.
	gif := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00")
	gif = append(gif, 0x21, 0xfe, 12)
	gif = append(gif, "Marie Dupont"...)
	gif = append(gif, 0, 0x21, 0xff, 11)
	gif = append(gif, "XMP DataXMP"...)
	gif = append(gif, 5, 'M', 'a', 'r', 'i', 'e', 0)
	gif = append(gif, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4c, 0x01, 0, 0x3b)
	out, _, err = Clean(gif)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("Marie")) || !bytes.HasSuffix(out, []byte{0x3b}) || !bytes.Contains(out, []byte{0x2c, 0, 0}) {
		t.Errorf("GIF: %q", out)
	}
}

// countingCache counts what reaches the folder.
type countingCache struct {
	DirCache
	gets, hits, puts int
}

func (c *countingCache) Get(key string) ([]byte, bool) {
	c.gets++
	b, ok := c.DirCache.Get(key)
	if ok {
		c.hits++
	}
	return b, ok
}

func (c *countingCache) Put(key string, b []byte) { c.puts++; c.DirCache.Put(key, b) }

// TestCache: a turned photo is encoded once, then read from the cache; a
// changed photo is encoded again.
func TestCache(t *testing.T) {
	c := &countingCache{DirCache: DirCache(t.TempDir())}
	photo := imagetest.PhoneJPEG(t, 6)
	first, _, err := CleanWith(photo, c)
	if err != nil {
		t.Fatal(err)
	}
	second, f, err := CleanWith(photo, c)
	if err != nil || !bytes.Equal(first, second) || !f.Rotated {
		t.Fatalf("cached result differs: %v", err)
	}
	if c.puts != 1 || c.hits != 1 {
		t.Errorf("puts %d, hits %d; want 1 and 1", c.puts, c.hits)
	}
	other := imagetest.PhoneJPEG(t, 8)
	if _, _, err := CleanWith(other, c); err != nil {
		t.Fatal(err)
	}
	if c.puts != 2 {
		t.Errorf("a changed photo was not encoded again")
	}
	// An upright photo needs no cache.
	if _, _, err := CleanWith(imagetest.PhoneJPEG(t, 1), c); err != nil || c.gets != 3 {
		t.Errorf("gets %d, want 3: %v", c.gets, err)
	}
}

// TestAfterTheEnd: what follows a JPEG's end-of-image marker (a phone's
// motion-photo video, the second picture of a multi-picture file, each
// with its own EXIF) is never kept; what it held is reported.
func TestAfterTheEnd(t *testing.T) {
	first := imagetest.Photo(t, 40, 30)
	tests := []struct {
		name    string
		trailer []byte
		gps     bool
	}{
		{"a second JPEG with GPS", imagetest.PhoneJPEG(t, 1), true},
		{"a motion photo's video", append([]byte("\x00\x00\x00\x18ftypmp42 video of Marie Dupont"), make([]byte, 300)...), false},
		{"EXIF alone after the end", append([]byte("Exif\x00\x00"), imagetest.TIFF(1)...), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append(append([]byte{}, first...), tt.trailer...)
			out, found, err := Clean(in)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, first) {
				t.Errorf("cleaned: %d bytes, want the first picture's %d", len(out), len(first))
			}
			if bytes.Contains(out, []byte("Marie")) || bytes.Contains(out, []byte("Exif")) {
				t.Errorf("the trailer's metadata is still in the file")
			}
			if found.GPS != tt.gps {
				t.Errorf("GPS found: %v, want %v", found.GPS, tt.gps)
			}
			if len(found.Kinds) == 0 {
				t.Errorf("nothing said of what was removed")
			}
		})
	}
	// A progressive JPEG has several scans, with tables between them:
	// all are kept, and only what follows the end goes.
	var prog bytes.Buffer
	prog.Write(first[:len(first)-2])
	prog.Write(imagetest.Segment(0xc4, []byte{0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5}))
	prog.Write(imagetest.Segment(0xda, []byte{1, 1, 0, 0, 63, 0}))
	prog.Write([]byte{0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xff, 0xd9})
	whole := prog.Bytes()
	out, _, err := Clean(append(append([]byte{}, whole...), "TRAILER"...))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, whole) {
		t.Errorf("progressive: %d bytes kept, want %d", len(out), len(whole))
	}
}

// TestTooLarge: an image whose header says it is larger than MaxSide is
// refused before its pixels are decoded (a 20,000-pixel JPEG turned by
// its orientation took 5.6 GB), whatever its format.
func TestTooLarge(t *testing.T) {
	patch := func(b []byte, w, h int) []byte {
		b = append([]byte{}, b...)
		i := bytes.Index(b, []byte{0xff, 0xc0}) // the frame: precision, height, width
		binary.BigEndian.PutUint16(b[i+5:], uint16(h))
		binary.BigEndian.PutUint16(b[i+7:], uint16(w))
		return b
	}
	big := patch(imagetest.PhoneJPEG(t, 6), 20000, 20000)
	ihdr := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, 30000), 20)
	bigPNG := append([]byte("\x89PNG\r\n\x1a\n"), imagetest.Chunk("IHDR", append(ihdr, 8, 2, 0, 0, 0))...)
	bigPNG = append(bigPNG, imagetest.Chunk("IEND", nil)...)
	for _, tt := range []struct {
		name string
		in   []byte
	}{{"JPEG turned", big}, {"JPEG upright", patch(imagetest.Photo(t, 40, 30), 9000, 10)}, {"PNG", bigPNG}} {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			boundtest.Alloc(t, 16<<20, "cleaning", func(context.Context) error {
				_, _, err = Clean(tt.in)
				return nil
			})
			var tl *TooLargeError
			if !errors.As(err, &tl) || max(tl.W, tl.H) <= MaxSide {
				t.Errorf("error %v, want a TooLargeError", err)
			}
		})
	}
}

// TestNotAnImage: a file that starts as an image but whose header cannot
// be read (an 8-byte PNG) is refused, not published.
func TestNotAnImage(t *testing.T) {
	for _, in := range [][]byte{[]byte("\x89PNG\r\n\x1a\n"), {0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0}, []byte("GIF89a"), []byte("RIFF\x04\x00\x00\x00WEBP")} {
		if _, _, err := Clean(in); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

// FuzzClean cleans any bytes as an image: an error or a result, never a
// panic; a result holds no metadata left to remove, and cleaning it again
// changes nothing.
func FuzzClean(f *testing.F) {
	f.Add(imagetest.PhoneJPEG(f, 6))
	f.Add(append(imagetest.Photo(f, 8, 8), imagetest.PhoneJPEG(f, 1)...))
	f.Add(imagetest.TextPNG(f))
	f.Add([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00\x21\xfe\x01x\x00\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x4c\x01\x00\x3b"))
	f.Add([]byte("RIFF\x1a\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x0c\x00\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		out, _, err := Clean(b)
		if err != nil || Format(b) == "" {
			return
		}
		again, found, err := Clean(out)
		if err != nil {
			t.Fatalf("the cleaned image cannot be cleaned again: %v", err)
		}
		if len(found.Kinds) > 0 || found.Sensitive() {
			t.Errorf("the cleaned image still holds %+v", found)
		}
		if !bytes.Equal(again, out) {
			t.Errorf("cleaning twice differs")
		}
	})
}
