package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"relais/internal/testsite"
)

func sysFont(t *testing.T, name, file string) *Font {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Skip(err)
	}
	f, err := ParseFont(name, b)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestSmoke: a page with a heading, French spacing, Arabic and a rule is
// a tagged PDF whose font is embedded and subset, and whose text Poppler
// reads.
func TestSmoke(t *testing.T) {
	f := sysFont(t, "DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
	w := New(Info{Title: "Essai", Lang: "fr", Creator: "relais", Date: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}, 210, 297)
	w.AddPage()
	w.Open("H1")
	w.Text(f, 18, 20, 30, "Titre d’essai", Black)
	w.Close()
	w.Open("P")
	w.Text(f, 11, 20, 40, "Une phrase\u202f? Oui\u00a0!", Black)
	w.Close()
	w.Open("P")
	w.Text(f, 11, 20, 50, "مرحبا بالعالم", Black)
	w.Close()
	w.Line(20, 60, 190, 60, 0.3, Black, []float64{0.5, 1})
	w.Bookmark("Titre", 0, 1, 25)
	var buf bytes.Buffer
	if err := w.Output(&buf); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "a.pdf")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(tool string, args ...string) string {
		out, err := exec.Command(testsite.Poppler(t, tool), args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", tool, err, out)
		}
		return string(out)
	}
	if info := run("pdfinfo", p); !strings.Contains(info, "Tagged:          yes") || !strings.Contains(info, "Title:           Essai") {
		t.Errorf("pdfinfo:\n%s", info)
	}
	if fonts := run("pdffonts", p); !regexp.MustCompile(`[A-Z]{6}\+DejaVuSans +CID TrueType +Identity-H +yes yes yes`).MatchString(fonts) {
		t.Errorf("the font is not embedded, subset and mapped to text:\n%s", fonts)
	}
	text := run("pdftotext", "-enc", "UTF-8", p, "-")
	for _, want := range []string{"Titre d’essai", "Une phrase", "مرحبا"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q:\n%s", want, text)
		}
	}
}

// TestShaped: Arabic letters take their joined forms (a beh alone, then
// at the start and the end of a word, the forms Unicode names), drawn
// from the left, and the text of each glyph is its letter.
func TestShaped(t *testing.T) {
	f := sysFont(t, "DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
	nominal := func(r rune) uint16 {
		r2 := f.shape(string(r))
		return r2.glyphs[0].id
	}
	r := f.shape("بب")
	if !r.rtl || len(r.glyphs) != 2 || r.glyphs[0].id != nominal('\uFE90') || r.glyphs[1].id != nominal('\uFE91') {
		t.Errorf("beh beh: %+v, want the final form %d then the initial %d", r.glyphs, nominal('\uFE90'), nominal('\uFE91'))
	}
	if r := f.shape("abc"); r.rtl || len(r.glyphs) != 3 || string(r.glyphs[0].text) != "a" {
		t.Errorf("Latin: %+v", r)
	}
}
