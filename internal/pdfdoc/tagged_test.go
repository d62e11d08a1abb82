package pdfdoc

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"relais/internal/testsite"
)

// structure is the structure tree of a PDF as another reader (pdfcpu)
// finds it: each element's type, indented by depth, with its alt text
// and a header's scope; and whether any marked content is left out of
// it.
func structure(t *testing.T, b []byte) (string, model.Context) {
	t.Helper()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	ctx, err := api.ReadContext(bytes.NewReader(b), conf)
	if err != nil {
		t.Fatalf("pdfcpu cannot read the PDF: %v", err)
	}
	if err := api.ValidateContext(ctx); err != nil {
		t.Errorf("pdfcpu finds the PDF invalid (strictly): %v", err)
	}
	x := ctx.XRefTable
	root, err := x.DereferenceDict(ctx.RootDict["StructTreeRoot"])
	if err != nil || root == nil {
		t.Fatalf("no structure tree: %v", err)
	}
	var out strings.Builder
	var walk func(o types.Object, depth int)
	walk = func(o types.Object, depth int) {
		o, _ = x.Dereference(o)
		switch v := o.(type) {
		case types.Array:
			for _, k := range v {
				walk(k, depth)
			}
		case types.Dict:
			s := v.NameEntry("S")
			if s == nil {
				return // a marked content or object reference
			}
			out.WriteString(strings.Repeat("  ", depth) + *s)
			if alt, ok := v["Alt"]; ok {
				a, _ := x.DereferenceStringOrHexLiteral(alt, model.V10, nil)
				out.WriteString(" alt=" + a)
			}
			if a := v.DictEntry("A"); a != nil {
				if sc := a.NameEntry("Scope"); sc != nil {
					out.WriteString(" scope=" + *sc)
				}
			}
			out.WriteString("\n")
			walk(v["K"], depth+1)
		}
	}
	walk(root["K"], 0)
	return out.String(), *ctx
}

func pngBytes(t *testing.T) []byte {
	m := image.NewNRGBA(image.Rect(0, 0, 300, 200))
	for i := range m.Pix {
		m.Pix[i] = 200
	}
	m.Set(10, 10, color.NRGBA{255, 0, 0, 128})
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestTagged: a document is a tagged PDF (PDF/UA-1) as another reader
// finds it: its structure in reading order (headings, paragraphs, lists
// with their labels and bodies, a table with its column headers, a
// figure with its alt text, a decorative image left out, links, a quote,
// a footnote with its number, referred to in the text),
// the page numbers and footers out of it (artifacts: the text read is the
// document's only once), marked, its language, its title shown, XMP
// metadata saying PDF/UA-1; fonts embedded and subset; French spacing
// kept in the text (narrow no-break spaces, never a line starting with
// « ? »), task boxes printed as boxes.
func TestTagged(t *testing.T) {
	src := "## Avant la séance\n\nLire [le guide](https://example.org/guide) avant\u202f!\n\n" +
		"- premier point\n- second point\n\n" +
		"| Question | Réponse |\n|---|---|\n| Vrai\u202f? | Faux |\n\n" +
		"![Le groupe en cercle](photo.png)\n\n![](deco.png)\n\n> Une citation.\n\n" +
		"- [ ] à faire\n- [x] fait\n\nUne note[^1].\n\n[^1]: Son texte.\n"
	img := pngBytes(t)
	o := Options{Subject: "Un essai", Author: "L’intervenante sociale", Link: func(_, dest string) string { return dest },
		Image: func(_, dest string) ([]byte, string, bool) { return img, "png", true }}
	b := docWith(t, o, "Fiche d’essai", src)
	got, ctx := structure(t, b)
	want := `Document
  H1
  H2
  P
    Link
  L
    LI
      Lbl
      LBody
        P
    LI
      Lbl
      LBody
        P
  Table
    TR
      TH scope=Column
      TH scope=Column
    TR
      TD
      TD
  Figure alt=Le groupe en cercle
  BlockQuote
    P
  L
    LI
      Lbl
      LBody
        P
    LI
      Lbl
      LBody
        P
  P
  Note
    Lbl
    P
`
	if got != want {
		t.Errorf("structure:\n%s\nwant\n%s", got, want)
	}
	root := ctx.RootDict
	if mi := root.DictEntry("MarkInfo"); mi == nil || mi.BooleanEntry("Marked") == nil || !*mi.BooleanEntry("Marked") {
		t.Error("not marked")
	}
	if vp := root.DictEntry("ViewerPreferences"); vp == nil || vp.BooleanEntry("DisplayDocTitle") == nil || !*vp.BooleanEntry("DisplayDocTitle") {
		t.Error("the title is not shown in place of the file name")
	}
	if l := root.StringEntry("Lang"); l == nil || *l != "fr" {
		t.Errorf("language %v", l)
	}
	if !bytes.Contains(b, []byte("<pdfuaid:part>1</pdfuaid:part>")) || !bytes.Contains(b, []byte("<rdf:li xml:lang=\"x-default\">Fiche d’essai</rdf:li>")) {
		t.Error("the XMP metadata does not say PDF/UA-1 and the title")
	}

	dir := t.TempDir()
	f := filepath.Join(dir, "doc.pdf")
	os.WriteFile(f, b, 0o644)
	fonts, err := exec.Command(testsite.Poppler(t, "pdffonts"), f).Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(fonts)), "\n")[2:]
	if len(lines) == 0 {
		t.Fatal("no fonts")
	}
	for _, l := range lines {
		if fs := strings.Fields(l); len(fs) < 7 || !strings.Contains(fs[0], "+") || fs[len(fs)-5] != "yes" || fs[len(fs)-4] != "yes" {
			t.Errorf("a font is not embedded and subset: %s", l)
		}
	}
	text := strings.Join(testsite.PDFPages(t, b), "")
	for _, want := range []string{"☐ à faire", "☑ fait", "Une note[1].", "[1] Son texte."} {
		if !strings.Contains(text, want) {
			t.Errorf("the text lacks %q:\n%s", want, text)
		}
	}
	// Poppler writes every kind of space as a space: the text layer is
	// read through the fonts' maps instead.
	for _, want := range []string{"avant\u202f!", "Vrai\u202f?"} {
		if !strings.Contains(testsite.PDFText(b), want) {
			t.Errorf("the text layer lacks %q", want)
		}
	}
	if strings.Count(text, "Fiche d’essai") != 2 { // its heading and its footer
		t.Errorf("title %d times", strings.Count(text, "Fiche d’essai"))
	}
}

// TestNoLineStartsWithPunctuation: in narrow table cells, where a line
// breaks after almost every word, and in a long paragraph, « ? », « ! »,
// « ; », « : » and « » » stay with the word before, whether a narrow
// no-break space or a plain space (a cell pasted) stands before them.
func TestNoLineStartsWithPunctuation(t *testing.T) {
	cell := "Vrai ? Faux ! Oui ; non : « peut-être » encore ?"
	d := New(Options{Lang: "fr", Title: "Essai"})
	d.NewPage()
	d.Table([]string{"a", "b", "c", "d", "e", "f"}, [][]string{{cell, cell, cell, cell, cell, cell}}, nil)
	d.Paragraph(strings.Repeat(cell+" ", 40))
	var buf bytes.Buffer
	if err := d.Close(&buf); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	for _, p := range testsite.PDFPages(t, b) {
		for _, l := range strings.Split(p, "\n") {
			// pdftotext -layout puts cells side by side, apart by two
			// spaces or more.
			for _, part := range strings.Split(l, "  ") {
				if part = strings.TrimSpace(part); part != "" && (strings.ContainsAny(part[:1], "?!;:") || strings.HasPrefix(part, "»")) {
					t.Errorf("a line starts with punctuation: %q (in %q)", part, l)
				}
			}
		}
	}
}

// TestPrintResolution: a phone's photo (4,000 pixels wide) is printed
// at 200 dots an inch of the width it takes on the page, not embedded
// whole; a small image is embedded as it is.
func TestPrintResolution(t *testing.T) {
	big := image.NewRGBA(image.Rect(0, 0, 4000, 3000))
	for i := range big.Pix {
		big.Pix[i] = uint8(i * 7)
	}
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, big, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	small := pngBytes(t)
	o := Options{Image: func(_, dest string) ([]byte, string, bool) {
		if dest == "grande.jpg" {
			return jb.Bytes(), "jpg", true
		}
		return small, "png", true
	}}
	b := docWith(t, o, "Photos", "![Une grande photo](grande.jpg)\n\n![Un petit schéma](petit.png)\n")
	f := filepath.Join(t.TempDir(), "doc.pdf")
	os.WriteFile(f, b, 0o644)
	out, err := exec.Command(testsite.Poppler(t, "pdfimages"), "-list", f).Output()
	if err != nil {
		t.Fatal(err)
	}
	var widths []string
	for _, l := range strings.Split(string(out), "\n")[2:] {
		if fs := strings.Fields(l); len(fs) > 4 && fs[2] == "image" {
			widths = append(widths, fs[3])
		}
	}
	// 170 mm at 200 dpi: 1,339 pixels; the photo is half a page high at
	// most, so narrower still.
	if len(widths) != 2 || widths[0] == "4000" || widths[1] != "300" {
		t.Errorf("image widths %v:\n%s", widths, out)
	}
	if len(b) > 1<<20 {
		t.Errorf("the PDF weighs %d KB", len(b)>>10)
	}
}

// TestArabic: Arabic text, which the Latin fonts lack, is written in the
// Arabic font, shaped (its letters joined: a beh between two letters is
// its medial form), its paragraph from the right; its text reads in
// logical order, in a French document (its paragraph says it is Arabic)
// and in an Arabic one.
func TestArabic(t *testing.T) {
	ar := fonts()["arabic"]
	if !ar.Has('ب') || fonts()["sans"].Has('ب') {
		t.Fatal("the Arabic font lacks Arabic, or the Latin one has it")
	}
	for _, lang := range []string{"fr", "ar"} {
		d := New(Options{Lang: lang, Title: "Essai"})
		d.NewPage()
		d.Paragraph("Texte en français.")
		d.Paragraph("مرحبا بالعالم، هذا دمج بالدمج 2026 الاجتماعية")
		var buf bytes.Buffer
		if err := d.Close(&buf); err != nil {
			t.Fatal(err)
		}
		b := buf.Bytes()
		if text := testsite.PDFText(b); !strings.Contains(text, "مرحبا") || !strings.Contains(text, "بالدمج") {
			t.Errorf("%s: the text does not read in logical order:\n%s", lang, text)
		}
		pages := strings.Join(testsite.PDFPages(t, b), "")
		// الاجتماعية has a ligature, lam-alef: its letters read in order.
		for _, w := range []string{"مرحبا", "بالعالم", "2026", "Texte en français.", "الاجتماعية"} {
			if !strings.Contains(pages, w) {
				t.Errorf("%s: pdftotext does not read %q:\n%s", lang, w, pages)
			}
		}
		got, _ := structure(t, b)
		if lang == "fr" && !bytes.Contains(b, []byte("/Lang (ar)")) {
			t.Errorf("the Arabic paragraph does not say its language:\n%s", got)
		}
	}
}
