package pdfdoc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"

	"relais/internal/pdf"
)

// TestFonts: every character relais promises to print is in each
// embedded font (code, in the monospaced one, is Latin letters only; the
// Arabic one has the Arabic letters and digits). With RELAIS_CUT_FONTS=1
// it first cuts the fonts again from Debian's fonts-dejavu-core
// (apt-get install fonts-dejavu-core).
func TestFonts(t *testing.T) {
	if os.Getenv("RELAIS_CUT_FONTS") == "1" {
		for key, name := range fontFile {
			src, runes, layout := name, printable(), false
			if key == "arabic" {
				var b strings.Builder
				for _, r := range arabicRanges {
					for c := r[0]; c <= r[1]; c++ {
						b.WriteRune(c)
					}
				}
				src, runes, layout = "DejaVuSans.ttf", b.String(), true
			}
			in, err := os.ReadFile(filepath.Join("/usr/share/fonts/truetype/dejavu", src))
			if err != nil {
				t.Fatal(err)
			}
			cut, err := pdf.CutFont(in, runes, layout)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join("fonts", name), cut, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, name := range fontFile {
		b, err := os.ReadFile(filepath.Join("fonts", name))
		if err != nil {
			t.Fatal(err)
		}
		f, err := sfnt.Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var buf sfnt.Buffer
		missing := 0
		chars := printable()
		if name == fontFile["arabic"] {
			chars = "ابتثجحخدذرسشصضطظعغفقكلمنهوي٠١٢٣٤٥٦٧٨٩ﻻ"
		}
		for _, r := range chars {
			if name == fontFile["mono"] && r >= 0x180 {
				continue // code: Latin letters, in the monospaced font
			}
			if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
				if missing < 40 { // the soft hyphen has no glyph of its own
					t.Errorf("%s has no glyph for %U", name, r)
				}
				missing++
			}
		}
	}
}
