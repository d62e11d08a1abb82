package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
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
	p := filepath.Join(os.Getenv("PDFOUT"), "a.pdf")
	os.WriteFile(p, buf.Bytes(), 0o644)
	for _, c := range [][]string{{"pdfinfo", p}, {"pdffonts", p}, {"pdftotext", p, "-"}} {
		out, err := exec.Command(c[0], c[1:]...).CombinedOutput()
		t.Logf("%s: %v\n%s", c[0], err, out)
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
